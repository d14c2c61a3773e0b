"""`nianbao sql` against the tricks tests/archive/test_sql_readonly.py does not try: writes hidden in CTEs and
SELECT INTO, functions with side effects, temporary objects, transactions, ATTACH spellings, and queries that
would run forever (bounded by a timeout) — on the database each trick applies to."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from nianbao.archive import Archive
from nianbao.archive.readonly import QueryRefused, run_query
from tests.archive.helpers import count, nianbao, only_postgresql, only_sqlite
from tests.archive.test_sql_readonly import URL, _refused

FOREVER = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r"

BOTH = [
    "WITH gone AS (DELETE FROM document RETURNING id) SELECT count(*) FROM gone",
    "WITH x AS (SELECT 1) UPDATE document SET url = 'x'",
    "CREATE TEMP TABLE t AS SELECT * FROM document",
    "CREATE TEMPORARY VIEW v AS SELECT 1",
    "INSERT INTO document SELECT * FROM document",
    "REINDEX document",
    "ALTER TABLE document ADD COLUMN x INTEGER",
    "CREATE INDEX ix_evil ON document (url)",
    "CREATE TRIGGER evil AFTER INSERT ON document BEGIN DELETE FROM document; END",
]
SQLITE_ONLY = [
    "PRAGMA main.writable_schema = 1",
    "PRAGMA user_version = 99",
    "PRAGMA main.query_only = 0",
    "PRAGMA wal_checkpoint(TRUNCATE)",
    "PRAGMA optimize",
    "PRAGMA incremental_vacuum",
    "PRAGMA temp_store_directory = '/tmp'",
    "ATTACH ':memory:' AS m",
    "ATTACH 'file:evil.sqlite?mode=rwc' AS e",
    "ATTACH DATABASE (SELECT '/tmp/evil-' || 1) AS e",
    "DETACH main",
    "SELECT load_extension('/tmp/evil.so', 'sqlite3_evil_init')",
    "SELECT * FROM pragma_journal_mode('delete')",
    "REPLACE INTO document (id, url, kind, first_seen, last_seen) VALUES (1, 'x', 'page', '', '')",
    "BEGIN EXCLUSIVE",
    "BEGIN",
    "SAVEPOINT s",
    "ANALYZE",
]
POSTGRESQL_ONLY = [
    "SELECT * INTO stolen FROM document",
    "SELECT nextval(pg_get_serial_sequence('document', 'id'))",
    "SELECT setval(pg_get_serial_sequence('document', 'id'), 1)",
    "SELECT lo_import('/etc/passwd')",
    "SELECT pg_read_file('/etc/passwd')",
    "SELECT pg_read_binary_file('/etc/hostname')",
    "SELECT pg_ls_dir('.')",
    "SELECT pg_stat_file('postgresql.conf')",
    "SELECT set_config('role', 'postgres', false)",
    "SELECT set_config('session_authorization', 'postgres', false)",
    "SELECT dblink_exec('dbname=postgres', 'DROP DATABASE x')",
    "CREATE EXTENSION dblink",
    "SELECT pg_reload_conf()",
    "SELECT pg_rotate_logfile()",
    "SELECT pg_create_restore_point('x')",
    "SELECT pg_switch_wal()",
    "COPY document FROM '/etc/passwd'",
    "COPY (SELECT 1) TO '/tmp/nianbao-evil'",
    "LOCK TABLE document IN ACCESS EXCLUSIVE MODE",
    "CALL evil()",
    "DO $$ BEGIN DELETE FROM document; END $$",
    "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'DELETE FROM document RETURNING 1'",
    "SET SESSION AUTHORIZATION postgres",
    "ALTER ROLE CURRENT_USER SET default_transaction_read_only = off",
    "GRANT ALL ON document TO PUBLIC",
]

#: Allowed to run, but rolled back with the reader's transaction: nothing of them outlives the query.
POSTGRESQL_ROLLED_BACK = [
    "SELECT lo_from_bytea(0, 'x'::bytea)",
    "SELECT lo_create(0)",
    "SELECT txid_current()",
    "NOTIFY evil",
    "BEGIN",
    "SAVEPOINT s",
    "ANALYZE",
    "SELECT set_config('default_transaction_read_only', 'off', false)",
]


def _all_refused(capsysbinary: Any, queries: list[str]) -> None:
    """Every query refused; one archive for the whole list (a PostgreSQL database per query costs seconds)."""
    let_through = [q for q in queries if nianbao(capsysbinary, "sql", q)[0] != 1]
    assert let_through == []


def _unchanged(archive: Archive) -> None:
    assert count(archive, "document") == 1
    assert count(archive, "version") == 1


def test_hidden_writes_temporary_objects_and_transactions_are_refused(filled: Archive, capsysbinary: Any) -> None:
    _all_refused(capsysbinary, BOTH)
    _unchanged(filled)


@only_sqlite
def test_sqlite_pragmas_attach_spellings_and_extensions_are_refused(
    filled: Archive, capsysbinary: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)  # a relative ATTACH would land here
    _all_refused(capsysbinary, SQLITE_ONLY)
    _unchanged(filled)
    assert list(work.iterdir()) == []
    with filled.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA user_version").scalar() != 99
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


@only_postgresql
def test_postgresql_functions_with_side_effects_are_refused(filled: Archive, capsysbinary: Any) -> None:
    _all_refused(capsysbinary, POSTGRESQL_ONLY)
    _unchanged(filled)
    with filled.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT to_regclass('stolen')").scalar() is None


@only_postgresql
def test_postgresql_what_the_reader_may_run_leaves_nothing_behind(filled: Archive, capsysbinary: Any) -> None:
    for query in POSTGRESQL_ROLLED_BACK:
        nianbao(capsysbinary, "sql", query)
    _unchanged(filled)
    with filled.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM pg_largeobject_metadata").scalar() == 0
    _refused(capsysbinary, "DELETE FROM document")  # and the next query is as read-only as ever


@only_postgresql
def test_postgresql_reader_cannot_end_other_sessions(filled: Archive, capsysbinary: Any) -> None:
    with filled.engine.connect() as owner:
        pid = owner.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        _refused(capsysbinary, f"SELECT pg_terminate_backend({pid})")
        _refused(capsysbinary, f"SELECT pg_cancel_backend({pid})")
        _refused(capsysbinary, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()")
        assert owner.exec_driver_sql("SELECT 1").scalar() == 1  # the owner's session lives


def test_a_query_that_would_run_forever_is_stopped_by_the_timeout(filled: Archive, database_url: str) -> None:
    started = time.monotonic()
    with pytest.raises(QueryRefused, match=r"timeout|interrupted|cancel"):
        run_query(database_url, FOREVER, timeout=2)
    assert time.monotonic() - started < 15
    assert run_query(database_url, "SELECT count(*) FROM documents", timeout=2).rows == [(1,)]


@only_postgresql
def test_postgresql_timeout_holds_when_the_query_tries_to_lift_it(filled: Archive, database_url: str) -> None:
    started = time.monotonic()
    with pytest.raises(QueryRefused):
        run_query(database_url, f"SELECT set_config('statement_timeout', '0', false), ({FOREVER})", timeout=2)
    assert time.monotonic() - started < 15


def test_the_command_has_a_default_timeout(filled: Archive) -> None:
    import inspect

    assert 0 < inspect.signature(run_query).parameters["timeout"].default <= 600


def test_selects_still_work(filled: Archive, capsysbinary: Any) -> None:
    code, out, err = nianbao(
        capsysbinary, "sql", "WITH d AS (SELECT url FROM documents) SELECT url FROM d", "--format", "csv"
    )
    assert (code, out) == (0, f"url\n{URL}\n".encode()), err
    with filled.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM document")).scalar() == 1
