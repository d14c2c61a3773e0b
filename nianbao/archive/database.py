"""Engines for the archive: SQLite tuned for one-file concurrent use, PostgreSQL as is."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, make_url

from nianbao.settings import from_environment

#: How long a SQLite writer waits for another's lock (crawler, re-extraction and a user's `nianbao sql` may all
#: hold the file at once), in seconds; longer where a backup or a big re-extraction holds the file a while.
BUSY_TIMEOUT_ENV = "NIANBAO_SQLITE_BUSY_TIMEOUT"
#: A cap on a SQLite archive's size in bytes (a quota on a shared disk). Writing past it fails exactly as a
#: full disk does ("database or disk is full"): the transaction is rolled back and the command says so.
MAX_BYTES_ENV = "NIANBAO_SQLITE_MAX_BYTES"


def is_sqlite(url_or_engine: str | Engine | Connection) -> bool:
    if isinstance(url_or_engine, str):
        return make_url(url_or_engine).get_backend_name() == "sqlite"
    return url_or_engine.dialect.name == "sqlite"


def sqlite_path(url: str) -> Path:
    """The file of a SQLite URL; in-memory databases are refused (an archive must outlive the process)."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise ValueError(f"{url!r}: the archive must be a SQLite file")
    return Path(database)


def _json(value: Any) -> str:
    # Chinese as itself, not \uXXXX: JSON columns stay readable in plain SQL.
    return json.dumps(value, ensure_ascii=False)


def make_engine(url: str) -> Engine:
    if is_sqlite(url):
        return _sqlite_engine(url)
    return sa.create_engine(url, pool_pre_ping=True, json_serializer=_json)


def _sqlite_engine(url: str) -> Engine:
    sqlite_path(url).parent.mkdir(parents=True, exist_ok=True)
    busy_ms = int(from_environment(BUSY_TIMEOUT_ENV) * 1000)
    max_bytes = from_environment(MAX_BYTES_ENV)
    engine = sa.create_engine(url, connect_args={"timeout": busy_ms / 1000}, json_serializer=_json)

    @sa.event.listens_for(engine, "connect")
    def _configure(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below emit BEGIN itself instead of pysqlite's implicit one.
        dbapi_connection.isolation_level = None
        _use_wal(dbapi_connection, busy_ms / 1000)
        for pragma in (
            f"busy_timeout={busy_ms}",
            "foreign_keys=ON",
            "synchronous=NORMAL",  # durable across application crashes; WAL keeps the file consistent
        ):
            dbapi_connection.execute(f"PRAGMA {pragma}")
        if max_bytes is not None:
            page_size = dbapi_connection.execute("PRAGMA page_size").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count={max(1, int(max_bytes) // page_size)}")

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # A deferred transaction that reads and then writes fails with SQLITE_BUSY (no waiting) when another
        # writer committed in between; taking the write lock up front makes writers queue on busy_timeout.
        # Pure reads ask for DEFERRED through the execution option.
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _use_wal(dbapi_connection: sqlite3.Connection, timeout_s: float) -> None:
    """Switch the file to WAL, so readers never block the writer, nor it them.

    WAL is a property of the file: once set, every later connection finds it and needs no lock. Setting it
    needs an exclusive lock, and SQLite answers "database is locked" at once, without its busy handler,
    when two first connections race for it (it would deadlock otherwise); so the switch is retried here
    within the busy timeout.
    """
    deadline = time.monotonic() + timeout_s
    pause = 0.005
    while True:
        try:
            mode = dbapi_connection.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                dbapi_connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() >= deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.2)


def reading(conn: Connection) -> Connection:
    """Mark a connection as read-only work, so SQLite does not take the write lock for it."""
    return conn.execution_options(sqlite_begin="DEFERRED")
