"""`nianbao sql "SELECT …" [--format table|csv|json]`: a read-only query against the archive."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nianbao.archive.readonly import QueryResult


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sql",
        help="a read-only query against the archive",
        description="Run one SELECT against the archive's views (documents, document_versions, report_cells, "
        "report_checks, crawl_runs) or tables. Writes, ATTACH, writing PRAGMAs and several statements are "
        "refused by the database itself.",
    )
    parser.add_argument("query", metavar="SQL", help="one SQL statement")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from nianbao.archive.readonly import run_query
    from nianbao.archive.schema import ensure_archive
    from nianbao.settings import database_url

    url = database_url()
    ensure_archive(url)  # creates a new archive, refuses an outdated one
    result = run_query(url, args.query)
    {"table": print_table, "csv": print_csv, "json": print_json}[args.format](result)
    return 0


def print_table(result: QueryResult) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from nianbao.archive.readonly import format_rows

    console = Console(file=sys.stdout, width=None if sys.stdout.isatty() else 10_000, highlight=False)
    table = Table()
    for column in result.columns:
        table.add_column(Text(column))
    for row in format_rows(result.rows):
        table.add_row(*(Text("" if v is None else _text(v)) for v in row))  # Text: data is never markup
    console.print(table)
    console.print(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")


def print_csv(result: QueryResult) -> None:
    from nianbao.archive.readonly import format_rows

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(result.columns)
    for row in format_rows(result.rows):
        writer.writerow(["" if v is None else _text(v) for v in row])


def print_json(result: QueryResult) -> None:
    from nianbao.archive.readonly import format_rows

    records = [dict(zip(result.columns, row, strict=True)) for row in format_rows(result.rows)]
    json.dump(records, sys.stdout, ensure_ascii=False, indent=1, default=str)
    sys.stdout.write("\n")


def _text(value: Any) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
