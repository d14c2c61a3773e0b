"""`nianbao search WORDS [--region R] [--year Y] [--agency A]`: the sentences of annual reports that say WORDS.

Reads the search index that every writing command (crawl, reextract) brings up to date before it ends, and
prints each matching sentence with its agency, year and region; every word must occur in the sentence.
How words are looked up per database, and why one- and two-character words are a scan: `archive.search`.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from nianbao.cli import usage_error
from nianbao.cli.scorecard import add_filter_arguments, selected_agencies
from nianbao.cli.sql import print_csv, print_json

if TYPE_CHECKING:
    from nianbao.archive.search import SearchResult

DEFAULT_LIMIT = 100


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "search",
        help="the sentences of annual reports that contain words",
        description="Search the prose of every annual report (its canonical copy) for sentences containing "
        "all the WORDS — Chinese words of any length, 1 and 2 characters included — and print each with its "
        "agency, year and region, newest year first.",
    )
    parser.add_argument("words", nargs="+", metavar="WORD", help="a word or phrase; several must all occur")
    add_filter_arguments(parser)
    parser.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_LIMIT,
        help=f"print at most this many sentences (default {DEFAULT_LIMIT}; 0: all)",
    )
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from nianbao.archive import Archive
    from nianbao.archive.readonly import QueryResult
    from nianbao.archive.search import COLUMNS, normalise, search

    if not all(normalise(w) for w in args.words):
        raise usage_error("a search word is blank")
    if args.limit < 0:
        raise usage_error("--limit must be 0 (all) or more")
    with Archive.open() as archive, archive.engine.connect() as conn:
        result = search(
            conn, args.words, args.region, args.year, selected_agencies(conn, args), limit=args.limit or None
        )
    if result.backend.note:
        print(f"nianbao search: {result.backend.note}", file=sys.stderr)
    if args.format == "table":
        _table(result, [normalise(w) for w in args.words])
    else:
        rows = QueryResult(list(COLUMNS), [tuple(getattr(h, c) for c in COLUMNS) for h in result.hits])
        (print_csv if args.format == "csv" else print_json)(rows)
    if result.truncated and args.format != "table":  # the table says so itself
        print(f"nianbao search: only the first {args.limit} sentences are shown (--limit 0: all)", file=sys.stderr)
    return 0


def _table(result: SearchResult, words: list[str]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=sys.stdout, width=None if sys.stdout.isatty() else 10_000, highlight=False)
    table = Table()
    for column in ("agency", "year", "region", "sentence"):
        table.add_column(column)
    for hit in result.hits:
        sentence = Text(hit.sentence)  # Text: report text is never markup
        sentence.highlight_words(words, style="bold reverse", case_sensitive=False)
        table.add_row(Text(hit.agency), Text(str(hit.year)), Text(hit.region), sentence)
    console.print(table)
    reports = len({h.annual_report_id for h in result.hits})
    found = f"{_count(len(result.hits), 'sentence')} in {_count(reports, 'annual report')}"
    console.print(f"(the first {found}; --limit 0: all)" if result.truncated else f"({found})")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")
