"""The archive's schema revision: create a new archive at head, refuse an old one, upgrade on request.

An existing archive is never upgraded implicitly: a user's data changes shape only when they run
`nianbao db upgrade` (after a backup, if they are careful).
"""

from __future__ import annotations

import ast
import functools
import logging
import re
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import inspect
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from nianbao.archive import readonly
from nianbao.archive.database import make_engine, reading
from nianbao.archive.errors import SchemaError, SchemaOutdated
from nianbao.migrations import SCRIPT_LOCATION, alembic_config

if TYPE_CHECKING:
    from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)

#: Serialises concurrent first uses and upgrades of one PostgreSQL database (SQLite's BEGIN IMMEDIATE does
#: the same there). Any constant works; this one spells "nianbao".
_PG_LOCK_KEY = 0x6E69616E62616F


#: Alembic's table of the applied revision (its default name; migrations/env.py keeps it).
VERSION_TABLE = "alembic_version"


@functools.cache
def script_directory() -> ScriptDirectory:
    """The migration scripts as Alembic reads them (imports Alembic, Mako and every script), once per process."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


@functools.cache
def head_revision() -> str:
    """The newest revision, from the scripts' `revision` and `down_revision` lines.

    Every command opens the archive and compares its revision with this one; reading the scripts through
    Alembic (`script_directory`) costs a third of a second of imports, so the common case reads the two
    assignments itself. Anything but one plain chain of revisions goes to Alembic, which knows branches and
    merges (tests/cli/test_startup.py holds the two readings equal).
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (SCRIPT_LOCATION / "versions").glob("*.py"):
        assigned = dict(_ASSIGNMENT.findall(path.read_text(encoding="utf-8")))
        if "revision" not in assigned:
            continue  # not a migration (Alembic skips such files too)
        try:
            revision = ast.literal_eval(assigned["revision"])
            down = ast.literal_eval(assigned.get("down_revision", "None"))
        except (ValueError, SyntaxError):
            return _alembic_head()
        if not isinstance(revision, str) or not (down is None or isinstance(down, str)):
            return _alembic_head()
        revisions.add(revision)
        parents.update([down] if down else [])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else _alembic_head()


#: `revision = "0005"` / `down_revision: str | None = "0004"` at the start of a line of a script.
_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+?)\s*(?:#.*)?$", re.MULTILINE)


def _alembic_head() -> str:
    head = script_directory().get_current_head()
    assert head is not None, "the migrations package has no revisions"
    return head


def current_revision(conn: Connection) -> str | None:
    """The archive's revision, None for a database without one; read with one query, as Alembic's
    MigrationContext.get_current_revision would (it is not imported for this: see `head_revision`)."""
    if not inspect(conn).has_table(VERSION_TABLE):
        return None
    found = conn.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    if len(found) > 1:
        raise SchemaError(f"the archive has several schema revisions ({', '.join(found)}): not a nianbao archive")
    return found[0] if found else None


def ensure_archive(url: str) -> None:
    """`ensure_current` for the archive at `url`, on an engine of its own: `Archive.open` without loading
    the rest of the archive package (for `nianbao sql`, which queries on a read-only connection of its own)."""
    engine = make_engine(url)
    try:
        ensure_current(engine)
    finally:
        engine.dispose()


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
    """Migrate to `revision` (and refresh the read-only role on PostgreSQL); returns (before, after).

    SQLite: with foreign keys not enforced during the migrations, and every one checked before the commit: a
    migration that rebuilds a referenced table (0009, `agency`) would otherwise delete or orphan the rows
    that reference it (SQLite's procedure for such changes; the pragma is a no-op inside a transaction)."""
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            conn.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        try:
            with conn.begin():
                _lock(conn)
                before = current_revision(conn)
                if before is not None and before != head_revision():
                    _check_known(before)
                _upgrade(conn, revision)
                after = current_revision(conn)
                if sqlite and (broken := conn.exec_driver_sql("PRAGMA foreign_key_check").first()):
                    raise SchemaError(f"the upgrade would leave a row of {broken[0]} without its {broken[2]} row")
        finally:
            if sqlite:
                conn.connection.driver_connection.execute("PRAGMA foreign_keys = ON")  # type: ignore[union-attr]
    return before, after


def _check_known(revision: str) -> None:
    try:
        script_directory().get_revision(revision)
    except Exception as err:
        raise SchemaError(f"the archive's schema revision {revision} is unknown to this nianbao") from err


def _upgrade(conn: Connection, revision: str) -> None:
    from alembic import command

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
