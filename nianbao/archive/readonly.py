"""Read-only SQL against the archive, enforced by the database rather than by inspecting the query.

SQLite: the file is opened with `mode=ro`, `PRAGMA query_only` is set, and an authorizer allows only reading
(no ATTACH, no PRAGMA that writes, no load_extension). PostgreSQL: the query runs on a separate connection
*as* a role that holds SELECT and nothing else (created by `nianbao db upgrade`); `SET TRANSACTION READ ONLY`
or `SET ROLE` alone would not hold, since the user's own SQL can undo them. Both drivers refuse several
statements in one string (sqlite3's `execute`, and PostgreSQL's extended protocol, which `prepare=True` forces).
On PostgreSQL the transaction is rolled back whatever the query did, so a function that slips past the role
(lo_from_bytea, NOTIFY) leaves nothing behind.

Read-only is not harmless by itself: a recursive CTE without an end runs until the disk holding temporary
files is full, so every query has a time limit (`timeout`), enforced by the database: SQLite's progress
handler interrupts it, and PostgreSQL's statement_timeout is set when the connection is made, before the
query could change it (a `set_config` inside the query comes too late for the statement already running).
"""

from __future__ import annotations

import re
import secrets
import sqlite3
import time as clock
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from sqlalchemy.engine import Connection, make_url

from nianbao.archive.database import is_sqlite, sqlite_path
from nianbao.archive.errors import QueryRefused, ReaderUnavailable

#: PRAGMAs that only read the schema; every other PRAGMA (and any with `= value`) is denied.
_READ_PRAGMAS = frozenset(
    {
        "table_info",
        "table_xinfo",
        "table_list",
        "index_list",
        "index_info",
        "index_xinfo",
        "foreign_key_list",
        "collation_list",
        "function_list",
    }
)
_ALLOWED_ACTIONS = frozenset({sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_RECURSIVE})
_DENIED_FUNCTIONS = frozenset({"load_extension", "readfile", "writefile", "edit", "fts3_tokenizer"})
#: Seconds a query may run: long enough for any question about a large archive, short of a runaway.
QUERY_TIMEOUT = 600.0


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def run_query(url: str, sql: str, timeout: float = QUERY_TIMEOUT) -> QueryResult:
    """Run one read-only statement against the archive at `url` (whose schema the caller has checked),
    stopped after `timeout` seconds."""
    if not sql.strip():
        raise QueryRefused("empty query")
    if is_sqlite(url):
        return _sqlite_query(url, sql, timeout)
    return _postgresql_query(url, sql, timeout)


# --- SQLite -------------------------------------------------------------------------------------------


def _authorize(action: int, arg1: str | None, arg2: str | None, _db: str | None, _trigger: str | None) -> int:
    if action in _ALLOWED_ACTIONS:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_FUNCTION:
        return sqlite3.SQLITE_DENY if (arg2 or "").lower() in _DENIED_FUNCTIONS else sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA and (arg1 or "").lower() in _READ_PRAGMAS:
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def _sqlite_query(url: str, sql: str, timeout: float) -> QueryResult:
    path = sqlite_path(url).resolve()
    conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, timeout=30, isolation_level=None)
    try:
        conn.execute("PRAGMA query_only = ON")
        conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)  # a second lock on ATTACH besides the authorizer
        conn.set_authorizer(_authorize)
        deadline = clock.monotonic() + timeout
        conn.set_progress_handler(lambda: int(clock.monotonic() > deadline), 10_000)
        try:
            cursor = conn.execute(sql)
            rows = cursor.fetchall()
        except (sqlite3.DatabaseError, sqlite3.ProgrammingError, sqlite3.Warning) as err:
            if clock.monotonic() > deadline:
                raise QueryRefused(f"query refused: interrupted at the timeout of {timeout:g} s") from err
            raise QueryRefused(f"query refused: {_sqlite_message(err)}") from err
        columns = [d[0] for d in cursor.description or ()]
        return QueryResult(columns, rows)
    finally:
        conn.close()


def _sqlite_message(err: Exception) -> str:
    message = str(err)
    if message in ("not authorized", "authorization denied"):
        return "not authorized (the archive is read-only here: only SELECT and reading PRAGMAs are allowed)"
    return message


# --- PostgreSQL ---------------------------------------------------------------------------------------


def _postgresql_query(url: str, sql: str, timeout: float) -> QueryResult:
    import psycopg  # here, not at the top: `nianbao sql` on SQLite need not load PostgreSQL's driver

    args = reader_connect_args(url)
    args["options"] = f"{args.get('options', '')} -c statement_timeout={max(1, int(timeout * 1000))}".strip()
    try:
        conn = psycopg.connect(**args)
    except psycopg.OperationalError as err:
        raise ReaderUnavailable(
            f"cannot connect as the archive's read-only role ({err}); run `nianbao db upgrade` to (re)create it"
        ) from err
    try:
        with conn.cursor() as cur:
            try:
                # prepare=True: the extended protocol, which refuses several commands in one string.
                cur.execute(sql, prepare=True)  # no params: psycopg leaves % alone
                rows = cur.fetchall() if cur.description else []
            except psycopg.Error as err:
                raise QueryRefused(f"query refused: {str(err).strip()}") from err
            columns = [d.name for d in cur.description or ()]
        return QueryResult(columns, [tuple(r) for r in rows])
    finally:
        conn.rollback()
        conn.close()


def reader_connect_args(url: str) -> dict[str, Any]:
    """psycopg.connect() arguments for the read-only role of the PostgreSQL archive at `url`."""
    import psycopg

    parsed = make_url(url)
    owner = psycopg.connect(**_connect_args(parsed))
    try:
        with owner.cursor() as cur:
            cur.execute("SELECT role, password FROM sql_reader ORDER BY role LIMIT 1")
            row = cur.fetchone()
    finally:
        owner.close()
    if row is None:
        raise ReaderUnavailable("the archive has no read-only role: run `nianbao db upgrade`")
    args = _connect_args(parsed)
    args.update(user=row[0], password=row[1])
    return args


def _connect_args(parsed: Any) -> dict[str, Any]:
    args: dict[str, Any] = parsed.translate_connect_args(username="user", database="dbname")
    args.update({k: v for k, v in parsed.query.items() if isinstance(v, str)})
    args.setdefault("connect_timeout", 10)
    return args


def reader_role_name(database: str) -> str:
    return (re.sub(r"[^a-z0-9_]", "_", database.lower()) + "_reader")[:63]


def ensure_reader_role(conn: Connection) -> str:
    """Create (or refresh) the SELECT-only role of this PostgreSQL database; returns its name."""
    row = conn.exec_driver_sql("SELECT role, password FROM sql_reader ORDER BY role LIMIT 1").first()
    if row is None:
        database = conn.exec_driver_sql("SELECT current_database()").scalar_one()
        role, password = reader_role_name(database), secrets.token_urlsafe(24)
        conn.exec_driver_sql(
            "INSERT INTO sql_reader (role, password) VALUES (%(r)s, %(p)s)", {"r": role, "p": password}
        )
    else:
        role, password = row
    flags = conn.exec_driver_sql(
        "SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls "
        "FROM pg_roles WHERE rolname = %(r)s",
        {"r": role},
    ).first()
    if flags is not None and flags[0]:
        raise ReaderUnavailable(f"the role {role} can do more than read: refusing to use it for `nianbao sql`")
    quoted = conn.dialect.identifier_preparer.quote(role)
    literal = "'" + password.replace("'", "''") + "'"
    verb = "CREATE" if flags is None else "ALTER"
    conn.exec_driver_sql(f"{verb} ROLE {quoted} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD {literal}")
    conn.exec_driver_sql(f"ALTER ROLE {quoted} SET default_transaction_read_only = on")
    database = conn.dialect.identifier_preparer.quote(conn.exec_driver_sql("SELECT current_database()").scalar_one())
    schema = conn.dialect.identifier_preparer.quote(conn.exec_driver_sql("SELECT current_schema()").scalar_one())
    conn.exec_driver_sql(f"GRANT CONNECT ON DATABASE {database} TO {quoted}")
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA {schema} TO {quoted}")
    conn.exec_driver_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {quoted}")
    conn.exec_driver_sql(f"REVOKE ALL ON sql_reader FROM PUBLIC, {quoted}")
    return role


def format_value(value: Any) -> Any:
    """A query value as plain JSON-able data (numbers stay numbers; bytes become hex)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return value


def format_rows(rows: Sequence[tuple[Any, ...]]) -> list[list[Any]]:
    return [[format_value(v) for v in row] for row in rows]
