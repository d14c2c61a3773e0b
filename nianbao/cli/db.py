"""`nianbao db upgrade` / `nianbao db status`: the archive's schema, changed only when the user asks."""

from __future__ import annotations

import argparse

from nianbao.errors import CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("db", help="the archive's schema: upgrade it, or show its revision")
    actions = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = actions.add_parser(
        "upgrade",
        help="bring the archive's schema up to date (and, on PostgreSQL, the read-only role of `nianbao sql`)",
    )
    upgrade.set_defaults(func=run_upgrade)
    status = actions.add_parser("status", help="the archive's schema revision and the one this nianbao needs")
    status.set_defaults(func=run_status)


def shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def run_upgrade(args: argparse.Namespace) -> int:
    from nianbao.archive import schema
    from nianbao.archive.database import make_engine
    from nianbao.settings import database_url

    url = database_url()
    engine = make_engine(url)
    try:
        before, after = schema.upgrade(engine)
    finally:
        engine.dispose()
    if before == after:
        print(f"{shown(url)}: schema already at revision {after}")
    else:
        print(f"{shown(url)}: schema upgraded from {before or 'nothing'} to {after}")
    return 0


def run_status(args: argparse.Namespace) -> int:
    from nianbao.archive import schema
    from nianbao.archive.database import make_engine
    from nianbao.settings import database_url

    url = database_url()
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            current = schema.current_revision(conn)
    finally:
        engine.dispose()
    head = schema.head_revision()
    print(f"archive:  {shown(url)}\nrevision: {current or 'none (new archive)'}\nneeded:   {head}")
    if current not in (None, head):
        raise CommandError("the schema is outdated: run `nianbao db upgrade`")
    return 0
