"""Alembic environment: runs on the connection handed over by archive.schema, or on a URL for ad-hoc use."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from nianbao.models import metadata
from nianbao.models.search import include_object

config = context.config


def run_on(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things: batch mode rebuilds the table (needs the naming convention).
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,  # the search index's one-database structures
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as conn:
        run_on(conn)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported: the views differ per database")
run_migrations_online()
