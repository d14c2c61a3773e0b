"""`nianbao scorecard [--region R] [--year Y]`: annual reports and their transparency indicators.

Regroups the archive's documents into annual reports first (`archive.annual.refresh`, with the regions of
the configured portals), then prints the `county_indicators`, `report_indicators` and `missing_reports`
views — the same numbers users get from `nianbao sql`.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nianbao.errors import CommandError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from nianbao.archive import Archive
    from nianbao.archive.indicators import Scorecard


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "scorecard",
        help="annual reports per agency and year, with their indicators",
        description="One annual report per agency and year (a page and its PDF, copies on several portals "
        "and corrected re-uploads counted once), with on time (31 January; 31 March for a county-or-higher "
        "government's own report), tables complete, rules failed, text reused from the previous report and "
        "missing reports, per county and year and per report.",
    )
    add_filter_arguments(parser)
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    parser.add_argument("--by", choices=("county", "report"), default=None,
                        help="csv: which rows (default: report); table: only this part")
    add_regroup_arguments(parser)
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


def add_regroup_arguments(parser: argparse.ArgumentParser) -> None:
    """--portals and --no-refresh, for every command that reads the annual reports (see `regroup`)."""
    parser.add_argument("--portals", type=Path, metavar="FILE",
                        help="portal configuration giving each portal's region (default: the bundled one)")
    parser.add_argument("--no-refresh", action="store_true",
                        help="use the annual reports as last grouped, without regrouping first")


def regroup(archive: Archive, args: argparse.Namespace) -> None:
    """Regroup documents into annual reports with the configured portals' regions, unless --no-refresh."""
    from nianbao.archive.annual import refresh
    from nianbao.regions import portal_regions

    if not args.no_refresh:
        refresh(archive, portal_regions(args.portals))


def main(args: argparse.Namespace) -> int:
    from nianbao.archive import Archive
    from nianbao.archive.indicators import scorecard

    with Archive.open() as archive:
        regroup(archive, args)
        with archive.engine.connect() as conn:
            card = scorecard(conn, args.region, args.year, selected_agencies(conn, args))
    if args.format == "json":
        json.dump(asdict(card), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif args.format == "csv":
        rows = card.counties if args.by == "county" else card.reports
        _csv(rows)
    else:
        _tables(card, args.by)
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


def _tables(card: Scorecard, only: str | None) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from nianbao.archive.agencies import KIND_LABELS
    from nianbao.archive.indicators import REUSE_THRESHOLD

    console = Console(file=sys.stdout, width=None if sys.stdout.isatty() else 10_000, highlight=False)
    if only in (None, "county") and card.counties:
        table = Table(title="Per county and year")
        for column in ("region", "year", "reports", "on time", "late", "date ?", "tables complete",
                       "failing rules", f"reused ≥{REUSE_THRESHOLD:.0%}", "missing"):
            table.add_column(column)
        for r in card.counties:
            table.add_row(*(Text(str(v)) for v in (
                r["region"], r["year"], r["reports"], r["on_time"], r["late"], r["published_unknown"],
                _pct(r["tables_complete"]), r["reports_failing_rules"], r["reports_reused"], r["missing"])))
        console.print(table)
    if only in (None, "report"):
        table = Table(title="Per annual report")
        for column in ("region", "agency", "kind", "year", "published", "deadline", "on time", "tables",
                       "rules failed", "reuse", "disagreeing copies"):
            table.add_column(column)
        for r in card.reports:
            table.add_row(*(Text(str(v)) for v in (
                r["region"], r["agency"], KIND_LABELS.get(r["agency_kind"], r["agency_kind"]), r["year"],
                r["published"] or "?", r["deadline"], _on_time(r["on_time"]),
                f"{r['cells_found']}/{r['cells_expected']}", r["rules_failed"], _pct(r["text_reuse"]),
                r["disagreeing_copies"])))
        console.print(table)
    if only is None and card.missing:
        table = Table(title="Missing reports (reported the year before, not this year)")
        for column in ("region", "agency", "year"):
            table.add_column(column)
        for r in card.missing:
            table.add_row(Text(r["region"]), Text(r["agency"]), Text(str(r["year"])))
        console.print(table)
    console.print(f"({len(card.reports)} annual reports, {len(card.missing)} missing)")
