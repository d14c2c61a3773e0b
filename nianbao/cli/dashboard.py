"""`nianbao dashboard --out DIR`: the annual reports as a static site — charts per county and year, a table
of reports linking each one's archived original, copied into the folder. Opens from disk, offline."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "dashboard",
        help="write a static dashboard of the annual reports (charts, tables, originals) into a folder",
        description="Write DIR/index.html: per county and year the applications received, their outcomes, "
        "reports on time and rules failed, and a table of the reports linking each one's archived original "
        "(copied into DIR/originals). No server needed: open the file in a browser, offline. Rebuilding into "
        "the same folder replaces it.",
    )
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="DIR",
        help="the folder to write (new, empty, or an earlier dashboard)",
    )
    parser.add_argument("--region", help="only this county, city or province (e.g. 汶上县)")
    parser.add_argument("--year", type=int, help="only this year reported on")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from nianbao.archive import Archive
    from nianbao.dashboard import build_site

    with Archive.open() as archive:
        summary = build_site(archive, args.out, args.region, args.year)
    print(
        f"dashboard: {summary.counties} counties, {summary.reports} annual reports, {summary.originals} originals "
        f"({summary.original_bytes / 1e6:.1f} MB) in {summary.out}"
    )
    print(f"open {(summary.out / 'index.html').resolve().as_uri()}")
    return 0
