"""A private PostgreSQL cluster, stopped in the middle of a crawl and started again.

Down for seconds: the crawl's transactions and reads wait for it with growing pauses (archive.retries), and
the crawl completes as if nothing happened. Down for longer than the retries wait: what was fetched meanwhile
fails (the pipeline's writes, the spider's reads), is never marked done, the crawl goes on; the next run
stores it. Needs the server binaries (initdb,
pg_ctl); run as root they run as `postgres`.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from scrapy.utils.defer import deferred_f_from_coro_f

from nianbao.archive import Archive
from nianbao.replicas.server import ReplicaServer
from tests.crawler.crawling import rows, run_crawl
from tests.reliability.dbfaults import (
    ONE_AT_A_TIME,
    PORTAL,
    assert_archive_equals_manifest,
    inconsistencies,
    portal_manifest,
)

pytestmark = [pytest.mark.slow, pytest.mark.db]

#: Seconds the server stays down: well inside the retries' 6–12 s, and well past them.
SHORT_OUTAGE = 3.0
LONG_OUTAGE = 25.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateCluster:
    """initdb, pg_ctl start and stop on a throwaway data directory and port."""

    def __init__(self, bindir: Path, root: Path) -> None:
        self.bindir = bindir
        self.data = root / "data"
        self.log = root / "server.log"
        self.port = _free_port()
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_postgres:
            shutil.chown(root, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")

    def _run(self, program: str, *args: str) -> None:
        subprocess.run(
            [*self.as_postgres, str(self.bindir / program), *args], check=True, capture_output=True, timeout=120
        )

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data} -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"


@pytest.fixture
def cluster() -> Iterator[PrivateCluster]:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found and not shutil.which("initdb"):
        pytest.skip("no initdb: the PostgreSQL server binaries are not installed")
    bindir = Path(found[-1] if found else shutil.which("initdb")).parent  # type: ignore[arg-type]
    root = Path(tempfile.mkdtemp(prefix="dbfault-cluster-", dir="/tmp"))
    try:
        server = PrivateCluster(bindir, root)
        server.start()
        try:
            yield server
        finally:
            server.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)


class Outage(threading.Thread):
    """Once the crawl has logged a few fetches: the server down for `seconds`, then up again."""

    def __init__(self, cluster: PrivateCluster, url: str, seconds: float) -> None:
        super().__init__(name="pg-outage", daemon=True)
        self.cluster = cluster
        self.url = url
        self.seconds = seconds
        self.fetches_before = 0
        self.back_at = 0.0
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            engine = sa.create_engine(self.url, poolclass=sa.pool.NullPool)
            deadline = time.monotonic() + 300
            while self.fetches_before < 5 and time.monotonic() < deadline:
                time.sleep(0.05)
                with engine.connect() as conn:
                    self.fetches_before = conn.execute(sa.text("SELECT count(*) FROM fetch_record")).scalar_one()
            engine.dispose()
            self.cluster.stop()
            time.sleep(self.seconds)
            self.cluster.start()
            self.back_at = time.time()
        except BaseException as err:  # reported by the test, not lost in the thread
            self.error = err


def new_archive(cluster: PrivateCluster) -> str:
    admin = sa.create_engine(cluster.url("postgres"), isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql("CREATE DATABASE dbfault_archive")
    admin.dispose()
    url = cluster.url("dbfault_archive")
    Archive.open(url).close()  # the schema, before the clock starts
    return url


async def crawl_through_outage(
    cluster: PrivateCluster, url: str, proxy: str, seconds: float
) -> tuple[Outage, dict[str, Any]]:
    """(the outage, the crawl's stats)"""
    outage = Outage(cluster, url, seconds)
    outage.start()
    stats = await run_crawl(url, proxy, extract=False, settings=ONE_AT_A_TIME, portals=[PORTAL])
    outage.join(timeout=120)
    assert outage.error is None, outage.error
    assert outage.back_at, "the server was never stopped"
    return outage, stats


@deferred_f_from_coro_f
async def test_crawl_waits_for_a_server_that_is_down_for_seconds_and_loses_nothing(
    cluster: PrivateCluster, trap_server: ReplicaServer
) -> None:
    url = new_archive(cluster)
    outage, _ = await crawl_through_outage(cluster, url, trap_server.proxy_url, SHORT_OUTAGE)
    with Archive.open(url) as archive:
        assert_archive_equals_manifest(archive, portal_manifest(trap_server), extracted=False)
        [run] = rows(archive, "SELECT * FROM crawl_runs")
        assert run.errors == 0
        assert run.finished.timestamp() > outage.back_at, "the crawl ended before the outage did: nothing proven"
        assert rows(archive, "SELECT count(*) FROM fetch_record")[0][0] > outage.fetches_before


@deferred_f_from_coro_f
async def test_a_server_down_past_the_retries_fails_what_was_fetched_meanwhile_and_the_next_run_stores_it(
    cluster: PrivateCluster, trap_server: ReplicaServer
) -> None:
    url = new_archive(cluster)
    _, stats = await crawl_through_outage(cluster, url, trap_server.proxy_url, LONG_OUTAGE)
    # The spider's reads and the pipeline's writes gave up: pages and bodies of this run were lost, not
    # half-stored (the spider's reads block the crawl while they wait, so few give up).
    failures = stats.get("spider_exceptions/ArchiveUnavailable", 0) + stats.get("nianbao/errors", 0)
    assert failures > 0, "nothing failed: the outage did not bite"
    entries = portal_manifest(trap_server)
    with Archive.open(url) as archive:
        assert inconsistencies(archive) == {}
        assert rows(archive, "SELECT url FROM documents WHERE versions > 1") == []

    await run_crawl(url, trap_server.proxy_url, extract=False, portals=[PORTAL], revisit_after=0)
    with Archive.open(url) as archive:
        assert_archive_equals_manifest(archive, entries, extracted=False)
        assert inconsistencies(archive) == {}
        last = rows(archive, "SELECT * FROM crawl_runs ORDER BY run_id")[-1]
        assert last.finished is not None and last.errors == 0
