"""The archive's schema revision: create a new archive at head, refuse an old one, upgrade on request.

An existing archive is never upgraded implicitly: a user's data changes shape only when they run
`nianbao db upgrade` (after a backup, if they are careful).
"""

from __future__ import annotations

import functools
import logging

from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from nianbao.archive import readonly
from nianbao.archive.database import reading
from nianbao.archive.errors import SchemaError, SchemaOutdated
from nianbao.migrations import alembic_config

log = logging.getLogger(__name__)

#: Serialises concurrent first uses and upgrades of one PostgreSQL database (SQLite's BEGIN IMMEDIATE does
#: the same there). Any constant works; this one spells "nianbao".
_PG_LOCK_KEY = 0x6E69616E62616F


@functools.cache
def script_directory() -> ScriptDirectory:
    """The migration scripts, read once per process (every Archive.open consults them)."""
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None, "the migrations package has no revisions"
    return head


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def ensure_current(engine: Engine) -> None:
    """Create a new (empty) database at head; return if at head; raise SchemaOutdated if older."""
    with engine.connect() as conn:
        current = current_revision(reading(conn))
    if current is None:
        with engine.begin() as conn:
            _lock(conn)
            current = current_revision(conn)  # another process may have created it while we waited
            if current is None:
                tables = inspect(conn).get_table_names()
                if tables:
                    raise SchemaError(
                        f"the database has tables ({', '.join(sorted(tables)[:5])} ...) but no nianbao schema "
                        "revision: it is not a nianbao archive"
                    )
                _upgrade(conn, "head")
                return
    _check(current)


def _check(current: str) -> None:
    head = head_revision()
    if current == head:
        return
    try:
        script_directory().get_revision(current)
    except Exception as err:
        raise SchemaError(
            f"the archive's schema revision {current} is unknown to this nianbao (made by a newer version?)"
        ) from err
    raise SchemaOutdated(current, head)


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str | None]:
    """Migrate to `revision` (and refresh the read-only role on PostgreSQL); returns (before, after)."""
    with engine.begin() as conn:
        _lock(conn)
        before = current_revision(conn)
        if before is not None and before != head_revision():
            _check_known(before)
        _upgrade(conn, revision)
        after = current_revision(conn)
    return before, after


def _check_known(revision: str) -> None:
    try:
        script_directory().get_revision(revision)
    except Exception as err:
        raise SchemaError(f"the archive's schema revision {revision} is unknown to this nianbao") from err


def _upgrade(conn: Connection, revision: str) -> None:
    command.upgrade(alembic_config(connection=conn), revision)
    if conn.dialect.name == "postgresql":
        # In a savepoint: an owner without CREATEROLE still gets a working archive; `nianbao sql` then
        # says the role is missing, and `nianbao db upgrade` by an administrator creates it.
        try:
            with conn.begin_nested():
                readonly.ensure_reader_role(conn)
        except DBAPIError as err:
            log.warning("could not create the read-only role for `nianbao sql`: %s", str(err.orig).strip())


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})")
