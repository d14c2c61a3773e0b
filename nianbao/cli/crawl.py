"""`nianbao crawl [--portal NAME ... | --region R] [--portals FILE] [--set NAME=VALUE ...] [--json]`: the main job."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from nianbao.cli import usage_error
from nianbao.cli.options import setting

if TYPE_CHECKING:
    from nianbao.crawl_job import JobResult


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
    parser.add_argument("--region", metavar="R",
                        help="crawl every portal of this region that has a home page: the portal file's and the "
                             "registry's (a province, city or county name, or a code prefix: 37, 3708)")
    parser.add_argument("--set", action="append", default=[], type=setting, metavar="NAME=VALUE", dest="settings",
                        help="a Scrapy setting for this crawl, as `scrapy crawl -s` takes it (repeatable), e.g. "
                             "--set NIANBAO_REVISIT_AFTER=0 --set DOWNLOAD_DELAY=2")
    parser.add_argument("--json", action="store_true",
                        help="print the run as one JSON object instead of the table: per portal its counts and what "
                             "discovery understood (platform, report columns with score and why, other hosts)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from nianbao.archive.errors import ArchiveFull
    from nianbao.crawl_job import format_summary, run_job, summary_json
    from nianbao.crawler.portals import PortalConfigError

    try:
        # On a terminal the live per-portal table replaces Scrapy's INFO log; elsewhere the log is the record.
        overrides = {**({"LOG_LEVEL": "WARNING"} if sys.stderr.isatty() else {}), **dict(args.settings)}
        with _portal_file(args) as portals_file:
            result = run_job(portals=args.portal or None, portals_file=portals_file, overrides=overrides)
            _remember(result, portals_file)
    except PortalConfigError as err:
        raise usage_error(str(err)) from None
    if args.json:
        print(json.dumps(summary_json(result), ensure_ascii=False, indent=1))
    else:
        print(format_summary(result))
    if result.archive_full:
        raise ArchiveFull(
            "the archive's disk is full: the crawl stopped early; what it fetched after that is not "
            "marked done and is fetched again by the next run once there is space"
        )
    return result.exit_code


@contextlib.contextmanager
def _portal_file(args: argparse.Namespace) -> Iterator[str | None]:
    """The portal file to crawl: --portals (or the bundled one), or, for --region, a temporary file of the
    region's portals — those of the portal file and the registry's (nianbao.regions.region_portals)."""
    if not args.region:
        yield args.portals
        return
    if args.portal:
        raise usage_error("give --portal NAME or --region R, not both")
    from nianbao.crawler.portals import portals_toml
    from nianbao.regions import region_portals

    with tempfile.TemporaryDirectory(prefix="nianbao-region-") as tmp:
        path = Path(tmp) / "portals.toml"
        path.write_text(portals_toml(region_portals(args.region, args.portals)), encoding="utf-8")
        yield str(path)


def _remember(result: JobResult, portals_file: str | None) -> None:
    """Mark the crawled portals that answered as verified (registry.verified), as `nianbao portals check` does."""
    from nianbao.cli.portals import checked, remember
    from nianbao.crawler.portals import load_portals

    by_portal = result.outcome.by_portal if result.outcome else {}
    configs = {p.name: p for p in load_portals(portals_file)}
    stats = {f"nianbao/portal/{name}/{key}": n for name, counts in by_portal.items() for key, n in counts.items()}
    remember([checked(configs[name], stats) for name in result.crawled if name in configs], by="crawl")
