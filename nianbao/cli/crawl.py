"""`nianbao crawl [--portal NAME ...] [--portals FILE] [--set NAME=VALUE ...]`: the main job."""

from __future__ import annotations

import argparse
import sys

from nianbao.archive.errors import ArchiveFull
from nianbao.cli import usage_error
from nianbao.cli.options import setting
from nianbao.crawl_job import format_summary, run_job
from nianbao.crawler.portals import PortalConfigError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "crawl",
        help="crawl the configured portals, archive what is new or changed, extract it",
        description="Crawl the configured portals into the archive (NIANBAO_DATABASE_URL). A page that fails "
                    "is counted, never fatal; exit 3 when another run holds a portal's lock.",
    )
    parser.add_argument("--portal", action="append", default=[], metavar="NAME",
                        help="crawl only this portal (repeatable); default: every configured portal")
    parser.add_argument("--portals", metavar="FILE", help="a portals TOML file instead of the bundled one")
    parser.add_argument("--set", action="append", default=[], type=setting, metavar="NAME=VALUE", dest="settings",
                        help="a Scrapy setting for this crawl, as `scrapy crawl -s` takes it (repeatable), e.g. "
                             "--set NIANBAO_REVISIT_AFTER=0 --set DOWNLOAD_DELAY=2")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        # On a terminal the live per-portal table replaces Scrapy's INFO log; elsewhere the log is the record.
        overrides = {**({"LOG_LEVEL": "WARNING"} if sys.stderr.isatty() else {}), **dict(args.settings)}
        result = run_job(portals=args.portal or None, portals_file=args.portals, overrides=overrides)
    except PortalConfigError as err:
        raise usage_error(str(err)) from None
    print(format_summary(result))
    if result.archive_full:
        raise ArchiveFull(
            "the archive's disk is full: the crawl stopped early; what it fetched after that is not "
            "marked done and is fetched again by the next run once there is space"
        )
    return result.exit_code
