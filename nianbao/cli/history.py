"""`nianbao history URL_OR_ID` and `nianbao diff URL_OR_ID [--from V --to V]`: a document over time."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from nianbao.archive.history import VersionDiff


def register(subparsers: argparse._SubParsersAction) -> None:
    history = subparsers.add_parser("history", help="the stored versions of one document")
    history.add_argument("document", metavar="URL_OR_ID", help="a document id, its URL, or one of its aliases")
    history.set_defaults(func=run_history)

    diff = subparsers.add_parser(
        "diff",
        help="what changed between two versions of a document (text and cells)",
        description="Compare two versions (default: the latest with the one before it). Versions are numbered "
        "as `nianbao history` lists them.",
    )
    diff.add_argument("document", metavar="URL_OR_ID")
    diff.add_argument("--from", dest="from_seq", type=int, metavar="V", help="older version (default: to - 1)")
    diff.add_argument("--to", dest="to_seq", type=int, metavar="V", help="newer version (default: the latest)")
    diff.set_defaults(func=run_diff)


def _console() -> Console:
    from rich.console import Console

    return Console(file=sys.stdout, width=None if sys.stdout.isatty() else 200, highlight=False)


def run_history(args: argparse.Namespace) -> int:
    import sqlalchemy as sa
    from rich.table import Table
    from rich.text import Text

    from nianbao.archive import Archive

    with Archive.open() as archive:
        document_id = archive.resolve(args.document)
        versions = archive.versions(document_id)
        with archive.engine.connect() as conn:
            url, gone = conn.execute(
                sa.text("SELECT url, gone_since FROM document WHERE id = :i"), {"i": document_id}
            ).one()
            checks = dict(
                conn.execute(
                    sa.text("SELECT version_id, SUM(CASE WHEN status = 'fail' THEN 1 ELSE 0 END) "
                            "FROM report_checks WHERE document_id = :i GROUP BY version_id"), {"i": document_id}
                ).all()
            )
            cells = dict(
                conn.execute(
                    sa.text("SELECT version_id, count(*) FROM report_cells WHERE document_id = :i "
                            "GROUP BY version_id"), {"i": document_id}
                ).all()
            )
    console = _console()
    console.print(Text(f"document {document_id}  {url}" + (f"  (gone since {gone})" if gone else "")))
    table = Table("version", "version_id", "sha256", "size", "content type", "first seen", "last seen",
                  "cells", "checks failed")
    for v in versions:
        table.add_row(*(Text(str(x)) for x in (
            v.seq, v.version_id, v.sha256[:16], v.size, v.content_type or "", f"{v.first_seen:%Y-%m-%d %H:%M}",
            f"{v.last_seen:%Y-%m-%d %H:%M}", cells.get(v.version_id, ""), checks.get(v.version_id, ""),
        )))
    console.print(table)
    return 0


def run_diff(args: argparse.Namespace) -> int:
    from nianbao.archive import Archive
    from nianbao.archive.history import diff_versions

    with Archive.open() as archive:
        document_id = archive.resolve(args.document)
        diff = diff_versions(archive, document_id, args.from_seq, args.to_seq)
    print_diff(diff)
    return 0


def print_diff(diff: VersionDiff) -> None:
    out = sys.stdout
    old, new = diff.old, diff.new
    out.write(f"document {diff.document_id}: version {old.seq} -> version {new.seq}\n")
    for label, v in (("from", old), ("to", new)):
        out.write(f"  {label} version {v.seq}: sha256 {v.sha256[:16]}, {v.size} bytes, "
                  f"first seen {v.first_seen:%Y-%m-%d %H:%M}\n")
    out.write("\ncells:\n")
    if not all(diff.extracted):
        missing = [str(v.seq) for v, done in zip((old, new), diff.extracted, strict=True) if not done]
        out.write(f"  not compared: no extraction of version {' and '.join(missing)}\n")
    elif not diff.cells:
        out.write("  no cell changed\n")
    for change in diff.cells:
        if change.old is None:
            out.write(f"  + {change.cell_key} = {change.new}\n")
        elif change.new is None:
            out.write(f"  - {change.cell_key} (was {change.old})\n")
        else:
            out.write(f"  ~ {change.cell_key}: {change.old} -> {change.new}\n")
    if diff.checks:
        out.write("\nchecks:\n")
        for check in diff.checks:
            out.write(f"  {check.rule}: {check.old or '(none)'} -> {check.new or '(none)'}\n")
    out.write("\ntext:\n")
    if diff.same_body:
        out.write("  the two versions have the same body\n")
    elif diff.text_diff is None:
        out.write(f"  not text ({new.content_type or 'unknown type'}): bodies differ "
                  f"({old.size} -> {new.size} bytes)\n")
    elif not diff.text_diff:
        out.write("  the visible text is the same (only markup changed)\n")
    else:
        if diff.text_source == "extraction":
            out.write(f"  (from the extracted sections: the bodies are {new.content_type or 'not text'})\n")
        for line in diff.text_diff:
            out.write(line + "\n")
