"""`nianbao crawl`: usage errors, the lock's exit code 3, and a real crawl through the replica proxy."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
import sqlalchemy as sa

from nianbao.archive import Archive
from nianbao.archive.locks import portal_locks
from nianbao.cli import main
from nianbao.crawler.progress import plain_line, portal_rows
from nianbao.replicas import ReplicaServer
from tests.archive.helpers import only_sqlite


def test_unknown_portal_is_a_usage_error(database_url: str, capsys: Any) -> None:
    assert main(["crawl", "--portal", "no-such-portal"]) == 2
    assert "no-such-portal" in capsys.readouterr().err


def test_a_portal_held_by_another_run_exits_3_having_fetched_nothing(archive: Archive, capsys: Any) -> None:
    with portal_locks(archive, ["wenshang"]):  # another live run (this process, another holder token)
        assert main(["crawl", "--portal", "wenshang"]) == 3
    assert "being crawled by another run" in capsys.readouterr().err
    with archive.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM fetch_record")).scalar() == 0
        assert conn.execute(sa.text("SELECT count(*) FROM portal_lock")).scalar() == 0  # released


@pytest.mark.slow
@only_sqlite  # the crawler's own tests crawl into PostgreSQL; this one is about the command
def test_crawl_command_archives_a_portal_and_prints_its_summary(database_url: str, replica_extractions: None) -> None:
    """The console entry point end to end, in its own process (Twisted runs one CrawlerProcess per process)."""
    with ReplicaServer(port=0) as server:
        expected = {m.page_url for m in server.manifest() if m.portal == "yanzhou"}
        env = {**os.environ, "http_proxy": server.proxy_url, "NIANBAO_DATABASE_URL": database_url}
        # Politeness stays on (robots.txt, delays): only the replica's own loopback speed differs from a real run.
        result = subprocess.run(
            [sys.executable, "-m", "nianbao", "crawl", "--portal", "yanzhou"],
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "portal=yanzhou pages=" in result.stderr  # not on a terminal: plain, parseable progress lines
    header, *rows = result.stdout.splitlines()
    assert rows[-1].startswith("nianbao crawl: run 1, portals yanzhou: ") and rows[-1].endswith("(exit 0)")
    assert header.split()[:3] == ["portal", "pages", "reports"]
    yanzhou = next(r for r in rows if r.startswith("yanzhou")).split()
    assert int(yanzhou[2]) >= len(expected) > 0
    with Archive.open(database_url) as archive, archive.engine.connect() as conn:
        urls = set(conn.execute(sa.text("SELECT url FROM documents WHERE portal = 'yanzhou'")).scalars())
        runs = conn.execute(sa.text("SELECT count(*) FROM crawl_runs")).scalar()
        annual = conn.execute(sa.text("SELECT count(*) FROM annual_reports")).scalar()
    assert expected <= urls
    assert runs == 1 and annual >= len(expected)


def test_progress_rows_sum_the_spiders_counters_per_portal() -> None:
    stats = {
        "nianbao/portal/wenshang/fetched_list": 3,
        "nianbao/portal/wenshang/fetched_candidate": 4,
        "nianbao/portal/wenshang/reports": 2,
        "nianbao/portal/wenshang/new_document": 2,
        "nianbao/portal/wenshang/not_modified": 5,
        "nianbao/portal/wenshang/unchanged": 1,
        "nianbao/portal/linqu/fetch_errors": 1,
        "nianbao/portal/linqu/errors": 2,
        "nianbao/reports": 2,
        "downloader/request_count": 9,
    }
    rows = portal_rows(stats)
    assert list(rows) == ["linqu", "wenshang"]
    assert rows["wenshang"] == {"pages": 7, "reports": 2, "new": 2, "new versions": 0, "unchanged": 6, "errors": 0}
    assert rows["linqu"]["errors"] == 3
    assert plain_line("linqu", rows["linqu"]).endswith("unchanged=0 errors=3")


def test_set_passes_scrapy_settings_to_the_crawl(monkeypatch: pytest.MonkeyPatch) -> None:
    import nianbao.crawl_job as job
    from nianbao.crawler.portals import PortalConfigError

    asked: dict[str, Any] = {}

    def run_job(**kwargs: Any) -> Any:
        asked.update(kwargs)
        raise PortalConfigError("stop here")

    monkeypatch.setattr(job, "run_job", run_job)  # the command imports it when it runs
    assert main(["crawl", "--set", "DOWNLOAD_DELAY=2", "--set", "NIANBAO_REVISIT_AFTER=0", "--set", "X=a=b"]) == 2
    assert {"DOWNLOAD_DELAY": "2", "NIANBAO_REVISIT_AFTER": "0", "X": "a=b"}.items() <= asked["overrides"].items()


@pytest.mark.parametrize("bad", ["DOWNLOAD_DELAY", "=2"])
def test_set_without_a_name_and_a_value_is_a_usage_error(bad: str, capsys: Any) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["crawl", "--set", bad])
    assert exit_.value.code == 2
    assert "expected NAME=VALUE" in capsys.readouterr().err
