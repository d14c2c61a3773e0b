"""`nianbao export --format csv|jsonl|parquet [--wide] -o PATH`: reports and cells for pandas, R, Excel;
`--format warc|wacz [--portal P] [--since DATE]`: every stored fetch for the web archives' tools (docs/warc.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from nianbao.cli.dates import since as since_date
from nianbao.errors import CommandError

#: archive.export.FORMATS, spelled out: importing that module loads pyarrow and the models, and the parser
#: is built for every command (tests/cli/test_startup.py holds the two equal).
FORMATS = ("csv", "jsonl", "parquet")
ARCHIVE_FORMATS = ("warc", "wacz")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="reports and cells for pandas, R, Excel; or every capture as WARC/WACZ",
        description="Write the cells of every version's latest extraction: long (one row per cell: the "
        "report_cells columns and the report's fields) or --wide (one row per version, a column per cell key). "
        "--format warc or wacz writes every stored fetch instead, for pywb, ReplayWeb.page and other tools.",
    )
    parser.add_argument(
        "--format",
        required=True,
        choices=(*FORMATS, *ARCHIVE_FORMATS),
        help="csv, jsonl or parquet (cells); warc or wacz (captures)",
    )
    parser.add_argument("--wide", action="store_true", help="one row per report version, a column per cell key")
    parser.add_argument(
        "--bom", action="store_true", help="CSV: start with a UTF-8 byte order mark, so Excel reads the Chinese right"
    )
    parser.add_argument("--portal", metavar="P", help="warc/wacz: only this portal's documents")
    parser.add_argument(
        "--since",
        type=since_date,
        metavar="DATE",
        help="warc/wacz: only fetches made at or after DATE (YYYY-MM-DD or an ISO date-time, UTC)",
    )
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="PATH", help="the file to write")
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from nianbao.archive import Archive
    from nianbao.archive.export import export
    from nianbao.cli import usage_error

    if args.bom and args.format != "csv":
        raise usage_error("--bom is for --format csv")
    if args.format in ARCHIVE_FORMATS:
        if args.wide:
            raise usage_error("--wide is for the cell formats (csv, jsonl, parquet)")
        return _archive_format(args)
    if args.portal or args.since:
        raise usage_error("--portal and --since are for --format warc or wacz")

    with Archive.open() as archive:
        try:
            rows = export(archive, args.output, args.format, wide=args.wide, bom=args.bom)
        except OSError as err:
            raise CommandError(f"cannot write {args.output}: {err.strerror or err}") from err
    print(f"{rows} rows ({'wide' if args.wide else 'long'}) written to {args.output}")
    return 0


def _archive_format(args: argparse.Namespace) -> int:
    from nianbao.archive import Archive

    if args.format == "warc":
        from nianbao.archive.warc_export import export_warc as write
    else:
        from nianbao.archive.wacz_export import export_wacz as write
    with Archive.open() as archive:
        try:
            counts = write(archive, args.output, portal=args.portal, since=args.since)
        except OSError as err:
            raise CommandError(f"cannot write {args.output}: {err.strerror or err}") from err
    skipped = "".join(f", {n} skipped ({why})" for why, n in counts.skipped.items())
    print(
        f"{counts.records} WARC records ({counts.responses} responses, {counts.revisits} revisits, "
        f"{counts.metadata} metadata{skipped}) written to {args.output}"
    )
    return 0
