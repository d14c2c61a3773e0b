"""`nianbao db upgrade` / `nianbao db status`: the archive's schema, changed only when the user asks;
`nianbao db rebuild`: every annual report, its indicators and the search index recomputed from the documents
(the refresh after each crawl only redoes what changed)."""

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
    rebuild = actions.add_parser(
        "rebuild",
        help="recompute every annual report, agency grouping, indicator and the search index from the documents",
    )
    rebuild.set_defaults(func=run_rebuild)


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
        _refresh(url)
    return 0


def _refresh(url: str) -> None:
    """An upgrade is a write like any other: it ends with the refresh of what it queued (migration 0005
    queues every document once, so readers find the annual reports and the search index current)."""
    from nianbao.archive import Archive
    from nianbao.archive.refresh import pending, refresh
    from nianbao.regions import portal_regions

    with Archive.open(url) as archive:
        if pending(archive):
            summary = refresh(archive, portal_regions())
            print(f"regrouped: {summary.annual_reports} annual reports from {summary.documents} documents")


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


def run_rebuild(args: argparse.Namespace) -> int:
    from nianbao.archive import Archive
    from nianbao.archive.refresh import rebuild

    with Archive.open() as archive:
        summary = rebuild(archive)
    print(
        f"rebuilt {summary.annual_reports} annual reports from {summary.documents} documents of "
        f"{summary.agencies} agencies ({summary.changed.reindexed} re-indexed, {summary.batches} transactions, "
        f"longest {summary.longest_write:.2f} s)"
    )
    return 0
