"""`nianbao scorecard [--region R] [--year Y]`: annual reports and their transparency indicators.

Prints the `county_indicators`, `report_indicators` and `missing_reports` views — the same numbers users get
from `nianbao sql`. It only reads: every command that writes (crawl, reextract) regroups what it changed
before it ends (archive.refresh), so the views are current. A table shows the first `--limit` rows of each
part (a national archive has 100,000 reports); csv and json print every row. Tables show each county's city:
several cities have a county of the same name (鼓楼区 of 南京市 and of 福州市), and the views keep them apart.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from nianbao.errors import CommandError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from nianbao.archive.indicators import Scorecard


#: Rows per part of the table output: a terminal shows a county's reports, not a country's.
DEFAULT_LIMIT = 50


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "scorecard",
        help="annual reports per agency and year, with their indicators",
        description="One annual report per agency and year (a page and its PDF, copies on several portals "
        "and corrected re-uploads counted once), with on time (31 January; 31 March for a county-or-higher "
        "government's own report and for every report before 2019, under the 2008 条例), tables complete (never "
        "incomplete for a report written before the national tables), rules failed, text reused from the previous "
        "report and missing reports, per county and year and per report.",
    )
    add_filter_arguments(parser)
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    parser.add_argument("--by", choices=("county", "report"), default=None,
                        help="csv: which rows (default: report); table: only this part")
    parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT,
                        help=f"table: at most this many rows per part (default {DEFAULT_LIMIT}; 0: all)")
    parser.set_defaults(func=main)


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """--region, --year and --agency, for every command that selects annual reports (see `selected_agencies`)."""
    parser.add_argument("--region", help="a county, city or province (e.g. 汶上县)")
    parser.add_argument("--year", type=int, help="the year reported on (e.g. 2024 for reports of early 2025)")
    parser.add_argument("--agency", metavar="NAME",
                        help="one agency across the years, under any of its names (e.g. 汶上街道)")


def selected_agencies(conn: Connection, args: argparse.Namespace) -> list[int] | None:
    """The agency ids --agency names (within --region); None without --agency; an unknown name is an error."""
    from nianbao.archive.agencies import find_agencies

    if not args.agency:
        return None
    agency_ids = find_agencies(conn, args.agency, args.region)
    if not agency_ids:
        raise CommandError(f"no agency called {args.agency!r}"
                           + (f" in {args.region}" if args.region else "") + " in the archive")
    return agency_ids


def main(args: argparse.Namespace) -> int:
    from nianbao.archive import Archive
    from nianbao.archive.indicators import PARTS, count, scorecard

    if args.limit < 0:
        from nianbao.cli import usage_error

        raise usage_error("--limit must be 0 (all) or more")
    limit = args.limit or None if args.format == "table" else None
    with Archive.open() as archive, archive.engine.connect() as conn:
        agencies = selected_agencies(conn, args)
        card = scorecard(conn, args.region, args.year, agencies, limit=limit)
        totals = {part: len(getattr(card, part)) for part in PARTS}
        for part, shown in totals.items():
            if limit is not None and shown >= limit:  # cut: count what the table leaves out
                totals[part] = count(conn, part, args.region, args.year, agencies)
    if args.format == "json":
        json.dump(asdict(card), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif args.format == "csv":
        rows = card.counties if args.by == "county" else card.reports
        _csv(rows)
    else:
        _tables(card, args, totals)
    return 0


def _csv(rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in rows)


def _pct(value: Any) -> str:
    return "" if value is None else f"{100 * float(value):.0f}%"


def _on_time(value: bool | None) -> str:
    return "?" if value is None else ("yes" if value else "LATE")


def _tables(card: Scorecard, args: argparse.Namespace, totals: dict[str, int]) -> None:
    """The parts as tables, each followed by how many rows it left out (`totals`: rows without a limit)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from nianbao.archive.agencies import KIND_LABELS
    from nianbao.archive.indicators import REUSE_THRESHOLD

    only = args.by
    console = Console(file=sys.stdout, width=None if sys.stdout.isatty() else 10_000, highlight=False)

    def more(part: str) -> None:
        hidden = totals[part] - len(getattr(card, part))
        if hidden > 0:
            console.print(f"… and {hidden} more rows (--limit 0: all; --format csv or json: every row)")

    if only in (None, "county") and card.counties:
        table = Table(title="Per county and year")
        for column in ("city", "region", "year", "reports", "on time", "late", "date ?", "tables complete",
                       "failing rules", f"reused ≥{REUSE_THRESHOLD:.0%}", "missing"):
            table.add_column(column)
        for r in card.counties:
            table.add_row(*(Text(str(v)) for v in (
                r["city"] or "", r["region"], r["year"], r["reports"], r["on_time"], r["late"], r["published_unknown"],
                _pct(r["tables_complete"]), r["reports_failing_rules"], r["reports_reused"], r["missing"])))
        console.print(table)
        more("counties")
    if only in (None, "report"):
        table = Table(title="Per annual report")
        for column in ("city", "region", "agency", "kind", "year", "published", "deadline", "on time", "tables",
                       "rules failed", "reuse", "disagreeing copies"):
            table.add_column(column)
        for r in card.reports:
            table.add_row(*(Text(str(v)) for v in (
                r["city"] or "", r["region"], r["agency"], KIND_LABELS.get(r["agency_kind"], r["agency_kind"]),
                r["year"],
                r["published"] or "?", r["deadline"], _on_time(r["on_time"]),
                f"{r['cells_found']}/{r['cells_expected']}", r["rules_failed"], _pct(r["text_reuse"]),
                r["disagreeing_copies"])))
        console.print(table)
        more("reports")
    if only is None and card.missing:
        table = Table(title="Missing reports (reported the year before, not this year)")
        for column in ("city", "region", "agency", "year"):
            table.add_column(column)
        for r in card.missing:
            table.add_row(Text(r["city"] or ""), Text(r["region"]), Text(r["agency"]), Text(str(r["year"])))
        console.print(table)
        more("missing")
    console.print(f"({totals['reports']} annual reports, {totals['missing']} missing)")
