"""`nianbao import FILE.warc[.gz]|FILE.wacz ... [--portal NAME] [--portals FILE]`: captures made by any web
archiving tool, stored as a crawl of them would have stored them (docs/warc.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from nianbao.errors import CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="store the reports captured in WARC or WACZ files",
        description="Read WARC/WACZ files (wget, Browsertrix, Heritrix, pywb, nianbao export ...): captures on a "
        "configured portal's hosts that a crawl would store - report pages, their attachments and images - become "
        "documents and versions (same dedupe rules, fetched at their WARC-Date), then are extracted. Everything "
        "else is counted and skipped with its reason. Importing a file again stores nothing.",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help=".warc, .warc.gz or .wacz")
    parser.add_argument("--portal", metavar="NAME", help="assign every capture to this configured portal")
    parser.add_argument("--portals", metavar="FILE", help="a portals TOML file instead of the bundled one")
    parser.add_argument("--no-extract", action="store_true", help="store only; `nianbao reextract` later")
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from nianbao.archive import Archive
    from nianbao.cli import usage_error
    from nianbao.crawler.portals import PortalConfigError
    from nianbao.crawler.run import configured_portals
    from nianbao.crawler.warc_import import import_files

    missing = [str(f) for f in args.files if not f.is_file()]
    if missing:
        raise usage_error(f"no such file: {', '.join(missing)}")
    try:
        portals = configured_portals([args.portal] if args.portal else None, args.portals)
    except (PortalConfigError, KeyError, ValueError) as err:
        raise usage_error(str(err)) from err
    forced = portals[0] if args.portal else None
    with Archive.open() as archive:
        try:
            report = import_files(archive, args.files, portals, forced, extract=not args.no_extract)
        except OSError as err:
            raise CommandError(f"cannot read: {err.strerror or err}") from err
    stored = ", ".join(f"{n} {outcome}" for outcome, n in sorted(report.outcomes.items())) or "nothing"
    print(
        f"run {report.run_id}: {report.versions_new} new versions ({stored}); "
        f"{report.extracted} extracted, {report.extraction_failed} not readable"
    )
    for reason, n in sorted(report.skipped.items(), key=lambda item: -item[1]):
        print(f"  skipped {n}: {reason}")
    return 0
