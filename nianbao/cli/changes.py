"""`nianbao changes --since DATE [--atom FILE]`: new documents and versions, with the cells that changed."""

from __future__ import annotations

import argparse
from pathlib import Path

from nianbao.cli.dates import since


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "changes",
        help="new documents and versions since DATE, with the cells that changed",
        description="List the report pages and files first stored since DATE (new documents, and new versions "
        "of known ones) with the cells each changed against the document's previous version.",
    )
    parser.add_argument("--since", type=since, required=True, metavar="DATE", help="YYYY-MM-DD or ISO date-time")
    parser.add_argument("--atom", type=Path, metavar="FILE", help="also write an Atom 1.0 feed to FILE")
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from nianbao.archive import Archive
    from nianbao.archive.changes import atom_feed, changes_since, feed_id, text_report
    from nianbao.files import write_atomically

    with Archive.open() as archive:
        changes = changes_since(archive, args.since)
        if args.atom is not None:
            write_atomically(args.atom, atom_feed(changes, args.since, feed_id(archive)))
    print(text_report(changes, args.since))
    return 0
