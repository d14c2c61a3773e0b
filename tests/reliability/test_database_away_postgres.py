"""PostgreSQL connections terminated again and again during a crawl: the crawl retries and loses nothing.
A COMMIT that landed but whose answer was lost with the connection is not written twice. A command whose
server is not there at all says so and exits 1.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa
from scrapy.utils.defer import deferred_f_from_coro_f

from nianbao.archive import Archive, Fetch
from nianbao.cli import main
from nianbao.replicas.server import ReplicaServer
from tests.conftest import PostgresServer
from tests.crawler.crawling import rows, run_crawl
from tests.reliability.dbfaults import PORTAL, assert_archive_equals_manifest, portal_manifest

pytestmark = [pytest.mark.db]


class Terminator:
    """A second client that kills every other session of one database every `every` seconds."""

    def __init__(self, server: PostgresServer, database: str, every: float) -> None:
        self.engine = sa.create_engine(server.url("postgres"), isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
        self.database = database
        self.every = every
        self.killed = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pg-terminator", daemon=True)

    def _run(self) -> None:
        query = sa.text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = :db AND pid <> pg_backend_pid()"
        )
        with self.engine.connect() as conn:
            while not self._stop.wait(self.every):
                self.killed += conn.execute(query, {"db": self.database}).scalar_one()

    def __enter__(self) -> Terminator:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.engine.dispose()


@pytest.fixture
def pg_database(postgres_server: PostgresServer) -> Iterator[tuple[str, str]]:
    name = postgres_server.new_database(at_head=True)
    yield name, postgres_server.url(name)
    postgres_server.drop_database(name)


@pytest.mark.slow
@deferred_f_from_coro_f
async def test_crawl_survives_pg_terminate_backend_every_few_hundred_ms(
    postgres_server: PostgresServer, pg_database: tuple[str, str], trap_server: ReplicaServer
) -> None:
    name, url = pg_database
    with Terminator(postgres_server, name, every=0.3) as terminator:
        stats = await run_crawl(url, trap_server.proxy_url, portals=[PORTAL])
    assert terminator.killed >= 5, "the test did not kill the crawl's connections: it proves nothing"
    with Archive.open(url) as archive:
        assert_archive_equals_manifest(archive, portal_manifest(trap_server))
        [run] = rows(archive, "SELECT * FROM crawl_runs")
        assert run.finished is not None and run.errors == 0, run
    assert stats.get("nianbao/errors", 0) == 0


def test_a_command_whose_database_server_is_not_there_exits_1_saying_so(
    monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    with socket.socket() as sock:  # a port nothing listens on once the socket is closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("NIANBAO_DATABASE_URL", f"postgresql+psycopg://postgres@127.0.0.1:{port}/archive")
    assert main(["verify"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("nianbao: the archive's database is unreachable (connection failed: ")
    assert "Traceback" not in err


class LoseCommitAnswers:
    """The network failing at the worst moment: COMMITs land on the server, then the connection drops
    before the client hears so (the driver's connection closed, the error psycopg raises for a lost server)."""

    def __init__(self, archive: Archive, commits: set[int]) -> None:
        self.dialect = archive.engine.dialect
        self.commit = self.dialect.do_commit
        self.commits = commits
        self.seen = 0
        self.dialect.do_commit = self  # type: ignore[method-assign]

    def __call__(self, dbapi_connection: Any) -> None:
        self.commit(dbapi_connection)
        self.seen += 1
        if self.seen in self.commits:
            dbapi_connection.driver_connection.close()  # the driver's connection, under the pool's proxy
            raise psycopg.OperationalError("server closed the connection unexpectedly (cut after COMMIT)")


def test_an_ingest_whose_commit_answer_was_lost_is_not_stored_twice(pg_database: tuple[str, str]) -> None:
    _, url = pg_database
    fetch = Fetch(
        url="http://www.example.gov.cn/art/2026/1/9/report.html",
        status=200,
        headers={},
        body="<p>2025年度报告</p>".encode(),
        fetched_at=datetime.now(UTC),
        portal="testportal",
        run_id=None,
    )
    with Archive.open(url) as archive:
        cut = LoseCommitAnswers(archive, commits={2})  # 1: the read that checks for the blob; 2: the ingest
        result = archive.ingest(fetch)
        assert cut.seen >= 2, "the ingest's commit was never cut: nothing proven"
        assert (result.outcome, result.version_id is not None) == ("new_document", True)  # the pipeline extracts
        again = archive.ingest(fetch)  # a genuine second fetch of the same body, later: unchanged
        assert again.outcome == "unchanged" and again.version_id == result.version_id
        assert rows(archive, "SELECT count(*) FROM fetch_record")[0][0] == 2
        assert rows(archive, "SELECT count(*) FROM version")[0][0] == 1
