"""`nianbao export --format csv|jsonl|parquet [--wide] -o PATH`: reports and cells for pandas, R, Excel."""

from __future__ import annotations

import argparse
from pathlib import Path

from nianbao.archive import Archive
from nianbao.archive.export import FORMATS, export
from nianbao.errors import CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="reports and cells for pandas, R, Excel",
        description="Write the cells of every version's latest extraction: long (one row per cell: the "
        "report_cells columns and the report's fields) or --wide (one row per version, a column per cell key).",
    )
    parser.add_argument("--format", required=True, choices=FORMATS, help="csv, jsonl or parquet")
    parser.add_argument("--wide", action="store_true", help="one row per report version, a column per cell key")
    parser.add_argument("--bom", action="store_true",
                        help="CSV: start with a UTF-8 byte order mark, so Excel reads the Chinese right")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="PATH", help="the file to write")
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    if args.bom and args.format != "csv":
        from nianbao.cli import usage_error

        raise usage_error("--bom is for --format csv")
    with Archive.open() as archive:
        try:
            rows = export(archive, args.output, args.format, wide=args.wide, bom=args.bom)
        except OSError as err:
            raise CommandError(f"cannot write {args.output}: {err.strerror or err}") from err
    print(f"{rows} rows ({'wide' if args.wide else 'long'}) written to {args.output}")
    return 0
