"""`nianbao sql` is read-only in a way the user's own SQL cannot undo, on the database each attack applies to."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa

from nianbao.archive import Archive
from nianbao.archive.readonly import reader_connect_args
from tests.archive.helpers import ONE_PAGE_URL, count, nianbao, only_postgresql, only_sqlite, page

URL = ONE_PAGE_URL

BOTH = [
    "DELETE FROM document",
    "UPDATE document SET url = 'x'",
    "DROP VIEW documents",
    "CREATE TABLE t (x INTEGER)",
    "SELECT 1; DELETE FROM document",
    "SELECT 1; SELECT 2",
]
SQLITE_ONLY = [
    "PRAGMA writable_schema = ON",
    "PRAGMA query_only = OFF",
    "PRAGMA journal_mode = DELETE",
    "VACUUM",
    "SELECT load_extension('mod_spatialite')",
    "INSERT INTO document (url, kind, first_seen, last_seen) VALUES ('x', 'page', '', '')",
]


def _refused(capsysbinary: Any, query: str) -> str:
    code, out, err = nianbao(capsysbinary, "sql", query)
    assert code == 1, (query, out)
    assert "refused" in err, err
    return err


@pytest.mark.parametrize("query", BOTH)
def test_writes_and_several_statements_are_refused(filled: Archive, capsysbinary: Any, query: str) -> None:
    _refused(capsysbinary, query)
    assert count(filled, "document") == 1
    assert nianbao(capsysbinary, "sql", "SELECT count(*) FROM documents")[0] == 0


@only_sqlite
def test_sqlite_attach_and_writing_pragmas_are_refused(filled: Archive, capsysbinary: Any, tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    _refused(capsysbinary, f"ATTACH DATABASE '{other}' AS other")
    _refused(capsysbinary, f"VACUUM INTO '{tmp_path / 'copy.sqlite'}'")
    assert not other.exists() and not (tmp_path / "copy.sqlite").exists()
    for query in SQLITE_ONLY:
        _refused(capsysbinary, query)
    code, out, _ = nianbao(capsysbinary, "sql", "PRAGMA writable_schema")
    assert code == 1
    with filled.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    code, out, _ = nianbao(capsysbinary, "sql", "PRAGMA table_info(document)", "--format", "csv")
    assert code == 0 and b"url" in out  # reading the schema is fine


@only_postgresql
def test_postgresql_copy_to_program_is_refused(filled: Archive, capsysbinary: Any, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    _refused(capsysbinary, f"COPY (SELECT 1) TO PROGRAM 'touch {marker}'")
    _refused(capsysbinary, "SELECT * FROM sql_reader")  # the reader's own password is not readable
    _refused(capsysbinary, "SET ROLE postgres")
    assert not marker.exists()


@only_postgresql
def test_postgresql_role_holds_even_when_read_only_mode_is_undone(filled: Archive) -> None:
    """SET TRANSACTION READ ONLY is the user's to undo; the role's missing privileges are not."""
    with psycopg.connect(**reader_connect_args(filled.url), autocommit=True) as conn:
        conn.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE")
        conn.execute("RESET ROLE")
        for statement in ("DELETE FROM document", "INSERT INTO portal (name, first_seen) VALUES ('x', now())",
                          "DROP VIEW documents"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
    assert count(filled, "document") == 1


def test_select_works_and_percent_signs_are_data(filled: Archive, capsysbinary: Any) -> None:
    code, out, err = nianbao(capsysbinary, "sql", "SELECT url FROM documents WHERE url LIKE '%art_3%'",
                             "--format", "csv")
    assert (code, out) == (0, f"url\n{URL}\n".encode()), err


@pytest.mark.db
def test_an_owner_who_cannot_create_roles_gets_an_archive_and_a_clear_sql_error(
    postgres_server: Any, capsysbinary: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uuid

    owner = f"nianbao_owner_{uuid.uuid4().hex[:8]}"
    name = postgres_server.new_database(at_head=False)
    postgres_server.execute(f'CREATE ROLE "{owner}" LOGIN NOCREATEROLE')
    try:
        postgres_server.execute(f'ALTER DATABASE "{name}" OWNER TO "{owner}"')
        admin = sa.create_engine(postgres_server.url(name), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'ALTER SCHEMA public OWNER TO "{owner}"')
        admin.dispose()
        url = sa.engine.make_url(postgres_server.url(name)).set(username=owner, password=None)
        url_text = url.render_as_string(hide_password=False)
        monkeypatch.setenv("NIANBAO_DATABASE_URL", url_text)
        with Archive.open(url_text) as archive:  # created, without the role
            archive.ingest(page(URL, b"A"))
        code, _, err = nianbao(capsysbinary, "sql", "SELECT 1")
        assert code == 1 and "no read-only role" in err and "nianbao db upgrade" in err
    finally:
        postgres_server.drop_database(name)
        postgres_server.execute(f'DROP ROLE IF EXISTS "{owner}"')
