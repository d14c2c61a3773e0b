"""`nianbao portals list|check` and `nianbao crawl --region`: against the registry, and over the replicas.

One module fixture runs the two crawls (a check, then a region crawl) through one replica server, each in its
own process as a user runs them (Twisted runs one crawl per process); the tests read what they printed and
the state file they left.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from nianbao.cli import main
from nianbao.cli.portals import Checked, format_checks, format_table
from nianbao.crawler.run import IMPOLITE
from nianbao.regions import region_portals
from nianbao.registry.counties import in_region
from nianbao.registry.verified import load_seen
from nianbao.replicas import ReplicaServer

#: the replicas answer fast; the politeness of a real crawl would only slow the test
FAST = [arg for name, value in IMPOLITE.items() for arg in ("--set", f"{name}={value}")]


def _rows(text: str) -> list[list[str]]:
    header, *rows = text.strip().splitlines()
    width = len(header.split())
    parsed = [row.split() for row in rows if not row.startswith("  ")]  # indented lines explain, below the table
    assert all(len(r) == width for r in parsed), text
    return parsed


# --- offline: the registry and the portal file ----------------------------------------------------------


def test_list_shows_every_unit_of_a_region_one_parseable_row_each(capsys: Any) -> None:
    assert main(["portals", "list", "--region", "3708"]) == 0
    rows = _rows(capsys.readouterr().out)
    assert sorted(r[2] for r in rows) == sorted(u.adcode for u in in_region("3708"))
    by_code = {r[2]: r for r in rows}
    assert by_code["370830"][0] == "wenshang" and by_code["370830"][5] == "config"  # the portal file's entry wins
    assert by_code["370829"][0] == "jiaxiang" and by_code["370829"][5] == "registry"
    assert by_code["370829"][6] == "-"  # nothing has reached it on this machine: unverified
    assert by_code["370871"][0] == "-" and by_code["370871"][-1] == "-"  # a zone without a home page: listed


def test_one_government_listed_as_two_units_is_one_portal(capsys: Any) -> None:
    assert main(["portals", "list", "--region", "东莞市"]) == 0
    rows = _rows(capsys.readouterr().out)
    assert [(r[0], r[1]) for r in rows] == [("dg", "city"), ("dg", "county")]  # every unit listed, one portal
    assert [p.name for p in region_portals("东莞市")] == ["dg"]


def test_list_json_says_where_each_address_came_from(capsys: Any) -> None:
    assert main(["portals", "list", "--json", "--region", "青岛市"]) == 0
    rows = {r["adcode"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["370202"]["home_page"] is None and "gov.cnn16" in rows["370202"]["note"]  # never guessed
    assert rows["370212"]["home_page"] and rows["370212"]["home_page_source"].startswith("DiamonWoo/Laosheng.top@")
    assert all(r["unit_source"].startswith("modood/Administrative-divisions-of-China@") for r in rows.values())


def test_a_users_one_line_portal_is_listed_with_the_registry_region(tmp_path: Path, capsys: Any) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text('home_pages = ["http://www.qufu.gov.cn/"]\n', encoding="utf-8")
    assert main(["portals", "list", "--portals", str(mine), "--region", "曲阜市", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["name"], row["source"], row["region"], row["platform"]) == (
        "qufu",
        "config",
        "山东省/济宁市/曲阜市",
        "generic",
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["portals", "list", "--region", "火星"],
        ["portals", "check"],  # neither names nor a region
        ["portals", "check", "wenshang", "--region", "济宁市"],
        ["portals", "check", "no-such-portal"],
        ["crawl", "--region", "火星"],
        ["crawl", "--region", "济宁市", "--portal", "wenshang"],
    ],
)
def test_bad_usage_exits_2_with_a_message(argv: list[str], capsys: Any) -> None:
    assert main(argv) == 2
    assert capsys.readouterr().err.startswith("nianbao: ")


def test_the_check_table_keeps_one_row_per_portal_and_explains_columns_below_it() -> None:
    column = {"url": "http://www.a.gov.cn/col/col1/", "title": "政府信息 公开年报", "score": 9, "why": "link text"}
    results = [
        Checked("a", "http://www.a.gov.cn/", "a.gov.cn", "山东省/济宁市/汶上县", True, "hanweb", 3, 10, 0, [column]),
        Checked("b", "http://www.b.gov.cn/", "b.gov.cn", "", False, "", 0, 0, 1),
    ]
    text = format_checks(results)
    assert [r[:7] for r in _rows(text)] == [
        ["a", "yes", "hanweb", "1", "3", "10", "0"],
        ["b", "no", "-", "0", "0", "0", "1"],
    ]
    assert "  a: column http://www.a.gov.cn/col/col1/ (政府信息 公开年报): link text" in text
    assert format_table(["x", "y"], [["汶上", None]]).splitlines() == ["x     y", "汶上  -"]  # CJK is two cells wide


# --- over the replicas -----------------------------------------------------------------------------------


@dataclass
class Runs:
    check: list[dict[str, Any]]
    crawl: subprocess.CompletedProcess[str]
    listed: list[dict[str, Any]]
    state: Path
    database_url: str
    expected: set[str]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, replica_extractions: None) -> Iterator[Runs]:
    home = tmp_path_factory.mktemp("portals-home")
    database_url = f"sqlite:///{home / 'archive.sqlite'}"
    with ReplicaServer(port=0) as server:
        env = {
            **os.environ,
            "http_proxy": server.proxy_url,
            "XDG_STATE_HOME": str(home / "state"),
            "XDG_DATA_HOME": str(home / "data"),
            "NIANBAO_DATABASE_URL": database_url,
        }

        def nianbao(*argv: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [sys.executable, "-m", "nianbao", *argv], env=env, capture_output=True, text=True, timeout=600
            )

        # yanzhou is served by the replicas; jiaxiang (a registry portal) is not: the proxy answers 502
        check = nianbao("portals", "check", "yanzhou", "jiaxiang", "--json", *FAST)
        assert check.returncode == 0, check.stderr[-3000:]
        crawl = nianbao("crawl", "--region", "兖州区", "--set", "NIANBAO_EXTRACT=False", *FAST)
        listed = nianbao("portals", "list", "--region", "370812", "--json")
        assert listed.returncode == 0, listed.stderr[-3000:]
        expected = {m.page_url for m in server.manifest() if m.portal == "yanzhou"}
    state = home / "state" / "nianbao" / "portals-verified.json"
    yield Runs(json.loads(check.stdout), crawl, json.loads(listed.stdout), state, database_url, expected)


@pytest.mark.slow
def test_check_reports_what_the_crawl_saw_of_each_portal(runs: Runs) -> None:
    yanzhou, jiaxiang = runs.check
    assert (yanzhou["portal"], yanzhou["reachable"], yanzhou["platform"]) == ("yanzhou", True, "hanweb")
    assert yanzhou["reports"] >= len(runs.expected) > 0 and yanzhou["pages"] > yanzhou["reports"]
    assert yanzhou["region"] == "山东省/济宁市/兖州区"
    # what discovery took as report columns, and why (empty until the spider records any)
    assert all(set(c) >= {"url", "title", "score", "why"} for c in yanzhou["columns"])
    assert (jiaxiang["portal"], jiaxiang["reachable"], jiaxiang["reports"], jiaxiang["pages"]) == (
        "jiaxiang",
        False,
        0,
        0,
    )
    assert jiaxiang["errors"] >= 1 and jiaxiang["home_page"] == "http://www.jiaxiang.gov.cn"


@pytest.mark.slow
def test_crawl_region_crawls_the_regions_portals_into_the_archive(runs: Runs) -> None:
    assert runs.crawl.returncode == 0, runs.crawl.stderr[-3000:]
    rows = {r[0]: r for r in _rows(runs.crawl.stdout.split("\nannual reports:")[0])}
    assert set(rows) == {"yanzhou", "total"}  # 兖州区: the configured yanzhou only
    assert int(rows["yanzhou"][2]) >= len(runs.expected)
    engine = sa.create_engine(runs.database_url)
    with engine.connect() as conn:
        urls = set(conn.execute(sa.text("SELECT url FROM documents WHERE portal = 'yanzhou'")).scalars())
    engine.dispose()
    assert runs.expected <= urls


@pytest.mark.slow
def test_checks_and_crawls_mark_what_they_reached_as_verified(runs: Runs) -> None:
    seen = load_seen(runs.state)
    assert seen["yanzhou.gov.cn"].reached and seen["yanzhou.gov.cn"].by == "crawl"  # the crawl came last
    assert seen["jiaxiang.gov.cn"].reached is None and not seen["jiaxiang.gov.cn"].reachable
    [listed] = runs.listed
    assert listed["name"] == "yanzhou" and listed["verified"] == seen["yanzhou.gov.cn"].reached
