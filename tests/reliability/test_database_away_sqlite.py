"""Another process holding SQLite's write lock in the middle of a crawl.

Briefly held (well inside the busy timeout): the crawl waits and loses nothing. Held past every retry: the
bodies fetched meanwhile fail, are logged as errors, are never marked done, the crawl goes on and closes its
run, and the next run stores what was missed.

The crawls do not extract: extraction's writes take the same retrying path as ingest (the PostgreSQL test
covers them), and OCR would only make these tests slower.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from nianbao.archive import Archive
from nianbao.archive.database import BUSY_TIMEOUT_ENV
from nianbao.replicas.server import ReplicaServer
from tests.crawler.crawling import rows, run_crawl
from tests.reliability.dbfaults import ONE_AT_A_TIME, PORTAL, assert_archive_equals_manifest, missing, portal_manifest

pytestmark = [pytest.mark.slow]

#: Waits until the crawl has logged a few fetches, then holds the write lock (BEGIN IMMEDIATE) for argv[2]
#: seconds; prints whether the crawl's run was still open when the lock was taken and when it was let go.
LOCKER = textwrap.dedent("""
    import sqlite3, sys, time
    path, hold = sys.argv[1], float(sys.argv[2])
    db = sqlite3.connect(path, timeout=60, isolation_level=None)
    deadline = time.monotonic() + 300
    while db.execute("SELECT count(*) FROM fetch_record").fetchone()[0] < 3:
        assert time.monotonic() < deadline, "the crawl never started"
        time.sleep(0.05)
    db.execute("BEGIN IMMEDIATE")
    open_runs = db.execute("SELECT count(*) FROM crawl_run WHERE finished IS NULL").fetchone()[0]
    time.sleep(hold)
    still_open = db.execute("SELECT count(*) FROM crawl_run WHERE finished IS NULL").fetchone()[0]
    db.execute("COMMIT")
    print(open_runs, still_open, flush=True)
""")


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "archive.sqlite"
    path.write_bytes(sqlite_template.read_bytes())
    return f"sqlite:///{path}"


async def crawl_while_locked(url: str, proxy: str, hold: float) -> tuple[int, int]:
    """(runs open when the lock was taken, runs open when it was released) around one crawl."""
    locker = subprocess.Popen(
        [sys.executable, "-c", LOCKER, url.removeprefix("sqlite:///"), str(hold)], stdout=subprocess.PIPE, text=True
    )
    try:
        await run_crawl(url, proxy, extract=False, settings=ONE_AT_A_TIME, portals=[PORTAL])
        out, _ = locker.communicate(timeout=120)
    finally:
        locker.kill()
    assert locker.returncode == 0
    opened, still_open = map(int, out.split())
    return opened, still_open


@deferred_f_from_coro_f
async def test_a_writer_holding_the_lock_for_seconds_makes_the_crawl_wait_not_fail(
    trap_server: ReplicaServer, sqlite_url: str
) -> None:
    opened, still_open = await crawl_while_locked(sqlite_url, trap_server.proxy_url, hold=4)
    assert opened == 1 and still_open == 1, "the lock was not taken in the middle of the crawl"
    with Archive.open(sqlite_url) as archive:
        assert_archive_equals_manifest(archive, portal_manifest(trap_server), extracted=False)
        [run] = rows(archive, "SELECT * FROM crawl_runs")
        assert run.finished is not None and run.errors == 0


@deferred_f_from_coro_f
async def test_a_lock_held_past_every_retry_fails_those_items_cleanly_and_the_next_run_stores_them(
    trap_server: ReplicaServer, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(BUSY_TIMEOUT_ENV, "0.2")  # a writer gives up after 8 attempts of 0.2 s: ~2 s
    opened, still_open = await crawl_while_locked(sqlite_url, trap_server.proxy_url, hold=8)
    assert opened == 1 and still_open == 1, "the lock was not taken in the middle of the crawl"
    entries = portal_manifest(trap_server)
    with Archive.open(sqlite_url) as archive:
        assert missing(archive, entries), "nothing was missed: the lock did not bite"
        [run] = rows(archive, "SELECT * FROM crawl_runs")
        assert run.finished is not None and run.errors > 0  # the crawl went on and closed its run
        logged = rows(archive, "SELECT url, error FROM fetch_record WHERE outcome = 'error'")
        assert logged and all("locked" in r.error for r in logged), logged
        assert rows(archive, "SELECT url FROM documents WHERE versions > 1") == []
        assert rows(archive, "PRAGMA integrity_check") == [("ok",)]

    monkeypatch.delenv(BUSY_TIMEOUT_ENV)
    await run_crawl(sqlite_url, trap_server.proxy_url, extract=False, portals=[PORTAL], revisit_after=0)
    with Archive.open(sqlite_url) as archive:
        assert_archive_equals_manifest(archive, entries, extracted=False)
        second = rows(archive, "SELECT * FROM crawl_runs ORDER BY run_id")[1]
        assert second.errors == 0
