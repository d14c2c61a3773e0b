"""Engines for the archive: SQLite tuned for one-file concurrent use, PostgreSQL as is."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, make_url

#: Milliseconds a SQLite writer waits for another's lock before giving up (crawler, re-extraction and a
#: user's `nianbao sql` may all hold the file at once).
SQLITE_BUSY_TIMEOUT_MS = 30_000


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
    engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, json_serializer=_json)

    @sa.event.listens_for(engine, "connect")
    def _configure(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below emit BEGIN itself instead of pysqlite's implicit one.
        dbapi_connection.isolation_level = None
        for pragma in (
            "journal_mode=WAL",  # readers never block the writer, nor it them
            f"busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
            "foreign_keys=ON",
            "synchronous=NORMAL",  # durable across application crashes; WAL keeps the file consistent
        ):
            dbapi_connection.execute(f"PRAGMA {pragma}")

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # A deferred transaction that reads and then writes fails with SQLITE_BUSY (no waiting) when another
        # writer committed in between; taking the write lock up front makes writers queue on busy_timeout.
        # Pure reads ask for DEFERRED through the execution option.
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def reading(conn: Connection) -> Connection:
    """Mark a connection as read-only work, so SQLite does not take the write lock for it."""
    return conn.execution_options(sqlite_begin="DEFERRED")
