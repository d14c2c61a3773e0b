"""Database fixtures for the whole suite: every test that touches the archive runs on SQLite and PostgreSQL.

- `database_url`: a fresh archive at the head schema (also exported as NIANBAO_DATABASE_URL for CLI calls),
  one per test, parametrized `sqlite` / `postgresql` and marked `db`.
- `archive`: `Archive.open(database_url)`, closed afterwards.
- `empty_database_url`: a fresh database with nothing in it (for schema creation and upgrade tests).

PostgreSQL comes from NIANBAO_TEST_DATABASE_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/nianbao_test).
Unset: the PostgreSQL runs are skipped with that reason. Set but unreachable: they fail, loudly. Each test
gets its own database, copied from a template migrated once per session, and dropped afterwards.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from nianbao.archive import Archive
from nianbao.archive.readonly import reader_role_name
from tests.archive.helpers import ONE_PAGE_URL, page
from tests.once import once_per_run

PG_ENV = "NIANBAO_TEST_DATABASE_URL"
DATABASE_KINDS = [pytest.param("sqlite", marks=pytest.mark.db), pytest.param("postgresql", marks=pytest.mark.db)]


class PostgresServer:
    """Creates and drops throwaway databases on the test server."""

    def __init__(self, url: str) -> None:
        self.base: URL = make_url(url)
        self.prefix = (self.base.database or "nianbao_test").lower()
        self._admin = sa.create_engine(
            self.base.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool
        )
        self._template: str | None = None
        self._template_role: str | None = None

    def check(self) -> None:
        """Reachable, and the base database exists (created if missing)."""
        with self._admin.connect() as conn:
            if not conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": self.prefix}).first():
                conn.exec_driver_sql(f'CREATE DATABASE "{self.prefix}"')

    def url(self, database: str) -> str:
        return self.base.set(database=database).render_as_string(hide_password=False)

    def new_database(self, at_head: bool) -> str:
        name = f"{self.prefix}_{uuid.uuid4().hex[:12]}"
        template = self._head_template() if at_head else "template0"
        with self._admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return name

    def execute(self, sql: str) -> None:
        """Run one statement on the server's maintenance database (roles, databases)."""
        with self._admin.connect() as conn:
            conn.exec_driver_sql(sql)

    def drop_database(self, name: str) -> None:
        """Drop a test database, and the read-only role an archive created in it (roles are server-wide)."""
        with self._admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            with contextlib.suppress(sa.exc.DBAPIError):
                conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{reader_role_name(name)}"')

    def _head_template(self) -> str:
        if self._template is None:
            name = f"{self.prefix}_tpl_{uuid.uuid4().hex[:8]}"
            with self._admin.connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE template0')
            archive = Archive.open(self.url(name))  # creates the schema and the read-only role
            with archive.engine.connect() as conn:
                self._template_role = conn.exec_driver_sql("SELECT role FROM sql_reader").scalar()
            archive.close()
            self._template = name
        return self._template

    def close(self) -> None:
        if self._template is not None:
            self.drop_database(self._template)
            # Fails only if a test left a database granting to it behind: harmless, the role is per session.
            with self._admin.connect() as conn, contextlib.suppress(sa.exc.DBAPIError):
                conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{self._template_role}"')
        self._admin.dispose()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set: the PostgreSQL runs of database tests are skipped")
    server = PostgresServer(url)
    try:
        server.check()
    except sa.exc.OperationalError as err:
        pytest.fail(f"{PG_ENV} is set but PostgreSQL is unreachable: {err}", pytrace=False)
    yield server
    server.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite archive at head, made once; tests get copies (a migration run costs more than a copy)."""
    path = tmp_path_factory.mktemp("template") / "archive.sqlite"
    Archive.open(f"sqlite:///{path}").close()
    return path


@pytest.fixture(params=DATABASE_KINDS)
def database_kind(request: pytest.FixtureRequest) -> str:
    return request.param


def _fresh_database(request: pytest.FixtureRequest, kind: str, tmp_path: Path, at_head: bool) -> str:
    if kind == "sqlite":
        path = tmp_path / "archive.sqlite"
        if at_head:
            shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.new_database(at_head)
    request.addfinalizer(lambda: server.drop_database(name))
    return server.url(name)


@pytest.fixture
def database_url(
    request: pytest.FixtureRequest, database_kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    """A fresh archive at the head schema; NIANBAO_DATABASE_URL points at it for the test's duration."""
    url = _fresh_database(request, database_kind, tmp_path, at_head=True)
    monkeypatch.setenv("NIANBAO_DATABASE_URL", url)
    return url


@pytest.fixture
def empty_database_url(
    request: pytest.FixtureRequest, database_kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    """A fresh database without any schema; NIANBAO_DATABASE_URL points at it."""
    url = _fresh_database(request, database_kind, tmp_path, at_head=False)
    monkeypatch.setenv("NIANBAO_DATABASE_URL", url)
    return url


@pytest.fixture
def archive(database_url: str) -> Iterator[Archive]:
    opened = Archive.open(database_url)
    yield opened
    opened.close()


@pytest.fixture
def filled(archive: Archive) -> Archive:
    """An archive holding one document of one version (at ONE_PAGE_URL), whose count must never change."""
    archive.ingest(page(ONE_PAGE_URL, b"<p>A</p>"))
    return archive


@pytest.fixture(autouse=True)
def _private_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's archive, state or config.

    The default archive lives in the user's data directory; a test that runs a command without asking for a
    `database_url` gets a private, empty home for it instead. Fixtures that set NIANBAO_DATABASE_URL run
    after this one and win.
    """
    home = tmp_path_factory.mktemp("home")
    # XDG_CACHE_HOME stays: the replicas' rendered documents are cached there, shared by every test.
    for name in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.delenv("NIANBAO_DATABASE_URL", raising=False)


MEMO_ENV = "NIANBAO_EXTRACTION_CACHE"


def _memo_directory(config: pytest.Config) -> Path:
    run = getattr(config, "workerinput", {}).get("testrunuid") or os.environ.setdefault(
        "NIANBAO_TEST_RUN", uuid.uuid4().hex
    )
    return Path(tempfile.gettempdir()) / f"nianbao-test-extractions-{run}"


def pytest_configure(config: pytest.Config) -> None:
    """One extraction memo for the whole run, shared by the xdist workers (nianbao.extraction_memo): a replica
    crawled by many tests is read by the real extractor once per body, not once per crawl. A user's own
    NIANBAO_EXTRACTION_CACHE wins; `NIANBAO_EXTRACTION_CACHE=` (empty) turns it off for the run."""
    if MEMO_ENV not in os.environ:
        os.environ[MEMO_ENV] = str(_memo_directory(config))


@pytest.fixture(scope="session")
def replica_extractions(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The five replicas' reports in the run's extraction memo before any test crawls them.

    Without it, the first crawl on each xdist worker extracted the same bodies at the same time, each with one
    extraction process: minutes of the suite spent twice. One crawl of the bundled portals with two extraction
    processes fills the memo once for the run (its keys are the crawl's own, so every later crawl of the same
    bodies hits them); the other worker waits for it. A failed warm-up costs time, never a result: the tests
    crawl and extract for themselves, and fail with their own messages.
    """
    if os.environ.get(MEMO_ENV):
        once_per_run(tmp_path_factory, "replica-extractions", _crawl_replicas_extracting)


def _crawl_replicas_extracting(home: Path) -> None:
    from nianbao.replicas.server import ReplicaServer

    with ReplicaServer(port=0) as server:
        env = {
            **os.environ,
            "http_proxy": server.proxy_url,
            "NIANBAO_DATABASE_URL": f"sqlite:///{home / 'warm.sqlite'}",
            **{name: str(home / name.lower()) for name in ("XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME")},
        }
        settings = (
            "NIANBAO_EXTRACT_WORKERS=2",
            "DOWNLOAD_DELAY=0",
            "AUTOTHROTTLE_ENABLED=False",
            "CONCURRENT_REQUESTS_PER_DOMAIN=8",
            "RETRY_BACKOFF_BASE=0.05",
            "LOG_LEVEL=WARNING",
        )
        command = [str(Path(sys.executable).parent / "nianbao"), "crawl", *(a for s in settings for a in ("--set", s))]
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        warnings.warn(
            f"warming the extraction memo failed (exit {done.returncode}): {done.stderr[-1500:]}", stacklevel=1
        )


def pytest_unconfigure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput") and os.environ.get(MEMO_ENV) == str(_memo_directory(config)):
        shutil.rmtree(os.environ[MEMO_ENV], ignore_errors=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Each core's share of the slow tests first. `.ci/run` spreads the suite over the cores with xdist's
    worksteal, which hands each worker an equal run of the collected order and lets an idle one steal from the
    end of another's; so each run starts with every N-th slow test, and no core ends the suite alone in a
    multi-minute crawl while the other idles."""
    workers = int(getattr(config, "workerinput", {}).get("workercount", 1))
    slow = [item for item in items if item.get_closest_marker("slow")]
    fast = [item for item in items if not item.get_closest_marker("slow")]
    items[:] = [item for worker in range(workers) for item in slow[worker::workers] + fast[worker::workers]]
