"""Sharding portals for Scrapyd jobs: hosts kept whole, shards balanced and stable; `nianbao dispatch` usage."""

from __future__ import annotations

import pytest

from nianbao.cli import main
from nianbao.crawler.portals import PortalConfig, load_portals
from nianbao.crawler.scaleout.shards import host_groups, shard


def portal(name: str, *domains: str) -> PortalConfig:
    return PortalConfig(name=name, province="山东省", platform="generic", start_urls=(f"http://{domains[0]}/",),
                  allowed_domains=domains)


def test_portals_sharing_a_host_or_its_subdomain_are_one_group() -> None:
    portals = [
        portal("city", "jining.gov.cn"),
        portal("county-on-city-platform", "xxgk.jining.gov.cn"),  # a subdomain of the city's portal
        portal("department", "www.jining.gov.cn"),  # the same host written with www.
        portal("wenshang", "wenshang.gov.cn"),
        portal("wenshang-towns", "towns.example.cn", "WENSHANG.gov.cn."),  # shares a host, spelled otherwise
        portal("alone", "linqu.gov.cn"),
    ]
    groups = [[p.name for p in g] for g in host_groups(portals)]
    assert sorted(groups) == [["alone"], ["city", "county-on-city-platform", "department"],
                              ["wenshang", "wenshang-towns"]]


def test_a_shared_public_suffix_joins_nothing() -> None:
    # every portal sits under gov.cn; that alone must not put them in one shard
    groups = host_groups([portal("a", "a.gov.cn"), portal("b", "b.gov.cn"), portal("c", "c.b2.gov.cn")])
    assert len(groups) == 3


def test_shards_balance_portal_counts_and_keep_groups_whole() -> None:
    portals = [portal(f"p{i:02d}", f"p{i:02d}.gov.cn") for i in range(10)]
    portals += [portal(f"shared{i}", "shared.gov.cn") for i in range(4)]
    shards = shard(portals, 3)
    assert sorted(len(s) for s in shards) == [4, 5, 5]
    assert any({f"shared{i}" for i in range(4)} <= set(s) for s in shards)  # the shared host in one shard
    assert sorted(n for s in shards for n in s) == sorted(p.name for p in portals)  # each portal once
    assert shard(list(reversed(portals)), 3) == shards  # the same portals give the same shards


def test_more_shards_than_groups_leaves_no_empty_job() -> None:
    assert shard(load_portals(), 50) == [[name] for name in sorted(p.name for p in load_portals())]
    with pytest.raises(ValueError):
        shard(load_portals(), 0)


def test_dispatch_usage_errors_and_an_unreachable_node(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dispatch", "--node", "http://127.0.0.1:9", "--shards", "0"]) == 2
    assert main(["dispatch", "--node", "http://127.0.0.1:9", "--portal", "nosuchportal"]) == 2
    assert main(["dispatch", "--node", "http://127.0.0.1:9", "--set", "NOVALUE"]) == 2
    assert main(["dispatch", "--node", "http://127.0.0.1:9", "--portal", "wenshang"]) == 1
    assert "scheduling on Scrapyd failed" in capsys.readouterr().err


def test_without_the_scaleout_extra_dispatch_says_how_to_get_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name.startswith("scrapyd_client") else real(name, *a))
    assert main(["dispatch", "--node", "http://127.0.0.1:9", "--portal", "wenshang"]) == 1
    assert "pip install 'nianbao[scaleout]'" in capsys.readouterr().err


def test_every_command_but_dispatch_runs_without_scrapyd_installed(tmp_path: object) -> None:
    """The console script imports every command's module to build its parser: none may need the extra."""
    import subprocess
    import sys

    blocker = (
        "import sys, importlib.abc\n"
        "class Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('scrapyd', 'scrapyd_client'):\n"
        "            raise ModuleNotFoundError(name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from nianbao.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    result = subprocess.run([sys.executable, "-c", blocker, "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "dispatch" in result.stdout, result.stderr
