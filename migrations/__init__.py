"""Alembic migrations of the archive, configured in code so they run from an installed package.

There is no alembic.ini: `alembic_config()` points Alembic at this package's directory, wherever pip put it.
New revisions: `alembic_config(url=...)` with `alembic.command.revision(..., autogenerate=True)`, then edit.

For whoever writes the next migration: on SQLite, a batch operation that rebuilds a table (most ALTERs)
renames tables, which SQLite refuses while a view refers to them. Drop the views first and create them again
afterwards with their new SQL (each revision keeps the view SQL of its time, as 0001 does). After an upgrade
`archive.schema` re-grants SELECT on every table and view to PostgreSQL's read-only role.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection

SCRIPT_LOCATION = Path(__file__).resolve().parent


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """An Alembic Config for this package; `connection` (preferred) or `url` says which database."""
    from alembic.config import Config  # Alembic loads only when a migration runs (archive.schema)

    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config
