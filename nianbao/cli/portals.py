"""`nianbao portals list|check`: the portals nianbao knows (a portal file and the registry) and what a check saw.

`list` is offline: every configured portal and every registry unit of a region, with its home page, where the
address came from, and whether a check or crawl on this machine has reached it. `check` crawls each chosen
portal a little — a bounded discovery crawl into a throwaway archive, nothing extracted — and reads what the
spider recorded: did the portal answer, which platform it runs, which columns discovery took as report columns
(and why), how many reports it found. Both print one whitespace-separated row per portal (a missing value is
`-`), or JSON with `--json`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from nianbao.cli import usage_error
from nianbao.cli.options import setting

if TYPE_CHECKING:
    from nianbao.crawler.portals import PortalConfig
    from nianbao.regions import KnownPortal

#: The check's budget per portal: list pages read by discovery (NIANBAO_MAX_PAGES), and the whole check's time.
CHECK_MAX_PAGES = 60
CHECK_TIMEOUT = 600


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "portals",
        help="list the known portals (portal file and registry), or check that they answer and what they hold",
        description="The portals nianbao knows: those of the portal file (the bundled one or --portals FILE) and "
        "the registry of county-level governments (docs/portals.md). A region is a province, city or county name "
        "(山东省, 济宁市, 汶上县) or a prefix of the 6-digit code (37, 3708).",
    )
    commands = parser.add_subparsers(dest="portals_command", metavar="ACTION", required=True)

    listing = commands.add_parser("list", help="the portals and registry units of a region, with their home pages")
    listing.add_argument("--region", metavar="R", help="only this province, city, county or code prefix")
    _common(listing)
    listing.set_defaults(func=run_list)

    check = commands.add_parser(
        "check",
        help="crawl each portal a little: reachable? platform? report columns? how many reports?",
        description="A bounded discovery crawl of each chosen portal into a temporary archive (nothing is kept "
        "but the record, in the user's state directory, that the portal answered). Politeness settings apply "
        "as in a crawl; pass --set to change them.",
    )
    check.add_argument("names", nargs="*", metavar="NAME", help="portal names (see `nianbao portals list`)")
    check.add_argument("--region", metavar="R", help="every portal with a home page in this region")
    check.add_argument(
        "--max-pages",
        type=int,
        default=CHECK_MAX_PAGES,
        metavar="N",
        help=f"list pages discovery may read per portal (default {CHECK_MAX_PAGES})",
    )
    check.add_argument(
        "--timeout",
        type=float,
        default=CHECK_TIMEOUT,
        metavar="SECONDS",
        help=f"stop the whole check after this long (default {CHECK_TIMEOUT})",
    )
    check.add_argument(
        "--set",
        action="append",
        default=[],
        type=setting,
        metavar="NAME=VALUE",
        dest="settings",
        help="a Scrapy setting for the check's crawl (repeatable), as `nianbao crawl --set`",
    )
    _common(check)
    check.set_defaults(func=run_check)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--portals", metavar="FILE", help="a portals TOML file instead of the bundled one")
    parser.add_argument("--json", action="store_true", help="one JSON array instead of the table")


# --- list ------------------------------------------------------------------------------------------------


def run_list(args: argparse.Namespace) -> int:
    from nianbao.registry.verified import load_seen

    chosen = _known(args)
    seen = load_seen()
    rows = [_listed(k, seen.get(k.domain)) for k in chosen]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    columns = ["name", "level", "adcode", "region", "platform", "source", "verified", "home_page"]
    print(format_table(columns, [[r[c] for c in columns] for r in rows]))
    return 0


def _known(args: argparse.Namespace) -> list[KnownPortal]:
    from nianbao.crawler.portals import PortalConfigError
    from nianbao.regions import in_region, known_portals

    try:
        return in_region(known_portals(args.portals), args.region)
    except PortalConfigError as err:
        raise usage_error(str(err)) from None


def _listed(known: KnownPortal, seen: Any) -> dict[str, Any]:
    config, unit = known.config, known.unit
    place = [unit.province, unit.city, unit.county] if unit else [config.province, config.city, config.county]  # type: ignore[union-attr]
    return {
        "name": known.name or None,
        "level": unit.level if unit else None,
        "adcode": unit.adcode if unit else None,
        "region": "/".join(p for p in place if p) or None,
        "platform": config.platform if config else None,
        "source": known.source,
        "verified": seen.reached if seen is not None and seen.reached else None,
        "home_page": known.home_page or None,
        "home_page_source": (unit.home_page_source if unit and known.source == "registry" else None) or None,
        "unit_source": unit.unit_source if unit else None,
        "note": (unit.note if unit else "") or None,
    }


# --- check -----------------------------------------------------------------------------------------------


@dataclass
class Checked:
    """What a check crawl saw of one portal (the row of `nianbao portals check`)."""

    portal: str
    home_page: str
    domain: str
    region: str
    reachable: bool
    platform: str
    reports: int
    pages: int
    errors: int
    columns: list[dict[str, Any]] = field(default_factory=list)
    #: other government hosts discovery entered by the portal's own navigation -> the page that led there
    hosts: dict[str, str] = field(default_factory=dict)


def run_check(args: argparse.Namespace) -> int:
    portals = _chosen(args)
    overrides = {
        **({"LOG_LEVEL": "WARNING"} if sys.stderr.isatty() else {}),
        "NIANBAO_PROGRESS": True,
        "NIANBAO_EXTRACT": False,
        "NIANBAO_MAX_PAGES": args.max_pages,
        "CLOSESPIDER_TIMEOUT": args.timeout,
        **dict(args.settings),
    }
    stats = check_crawl(portals, overrides)
    results = [checked(p, stats) for p in portals]
    remember(results)
    if args.json:
        print(json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=1))
    else:
        print(format_checks(results))
    return 0


def _chosen(args: argparse.Namespace) -> list[PortalConfig]:
    if bool(args.names) == bool(args.region):
        raise usage_error("give portal NAMEs or --region R (one of the two)")
    known = _known(args)
    if args.region:  # each portal once: one government may be two units (东莞市, a city and its own county)
        return list({k.config.name: k.config for k in known if k.config is not None}.values())
    by_name = {k.name: k.config for k in known if k.config is not None}
    missing = [n for n in args.names if n not in by_name]
    if missing:
        raise usage_error(f"unknown portal(s) {missing}; see `nianbao portals list`")
    return [by_name[n] for n in dict.fromkeys(args.names)]


def check_crawl(portals: Sequence[PortalConfig], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Crawl `portals` once into a temporary archive; the crawl's stats (the spider's per-portal records)."""
    from scrapy.crawler import CrawlerProcess

    from nianbao.crawler.run import crawl_settings
    from nianbao.crawler.spiders.portals import PortalSpider

    with tempfile.TemporaryDirectory(prefix="nianbao-check-") as tmp:
        process = CrawlerProcess(crawl_settings(f"sqlite:///{tmp}/check.sqlite", overrides=overrides))
        crawler = process.create_crawler(PortalSpider)
        process.crawl(crawler, portals=list(portals))
        process.start()
        return crawler.stats.get_stats() if crawler.stats else {}


def checked(portal: PortalConfig, stats: Mapping[str, Any]) -> Checked:
    """One portal's row from a crawl's stats: the spider's `nianbao/portal/<name>/…` counters and, where
    discovery recorded them, `nianbao/discovery/<name>/columns`, `…/platform` and `…/hosts`."""
    prefix = f"nianbao/portal/{portal.name}/"
    counters = {k.removeprefix(prefix): v for k, v in stats.items() if k.startswith(prefix)}
    pages = int(sum(v for k, v in counters.items() if k.startswith("fetched_")))
    platform = stats.get(f"nianbao/discovery/{portal.name}/platform") or (
        portal.platform if portal.platform != "generic" else ""
    )
    columns = stats.get(f"nianbao/discovery/{portal.name}/columns") or []
    return Checked(
        portal=portal.name,
        home_page=portal.start_urls[0],
        domain=portal.domain,
        region="/".join(p for p in (portal.province, portal.city, portal.county) if p),
        reachable=pages > 0,
        platform=str(platform),
        reports=int(counters.get("reports", 0)),
        pages=pages,
        errors=int(counters.get("fetch_errors", 0)),
        columns=[dict(c) for c in columns],
        hosts=dict(stats.get(f"nianbao/discovery/{portal.name}/hosts") or {}),
    )


def remember(results: Sequence[Checked], by: str = "check") -> None:
    """Record in the state file what was seen of each portal (a portal that answered is verified). A state
    file that cannot be written is said on stderr: the check or crawl itself stands."""
    from nianbao.errors import CommandError
    from nianbao.registry.verified import Seen, record

    now = datetime.now(UTC).isoformat(timespec="seconds")
    seen = {
        r.domain: Seen(
            portal=r.portal,
            checked=now,
            reachable=r.reachable,
            reached=now if r.reachable else None,
            platform=r.platform,
            reports=r.reports,
            pages=r.pages,
            by=by,
        )
        for r in results
        if r.domain
    }
    try:
        record(seen)
    except CommandError as err:
        print(f"nianbao: the portals' verified marks are not saved: {err}", file=sys.stderr)


def format_checks(results: Sequence[Checked]) -> str:
    columns = ["portal", "reachable", "platform", "columns", "reports", "pages", "errors", "region", "home_page"]
    rows = [
        [
            r.portal,
            "yes" if r.reachable else "no",
            r.platform,
            len(r.columns),
            r.reports,
            r.pages,
            r.errors,
            r.region,
            r.home_page,
        ]
        for r in results
    ]
    lines = [format_table(columns, rows)]
    for r in results:  # what discovery took as report columns, and why: below the table, never inside a row
        lines += [f"  {r.portal}: column {c.get('url')} ({c.get('title', '')}): {c.get('why', '')}" for c in r.columns]
        lines += [f"  {r.portal}: host {host} via {page}" for host, page in r.hosts.items()]
    return "\n".join(lines)


def format_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """An aligned table, one whitespace-separated row per line; a missing value is `-` and a value's own
    spaces become `_`, so `split()` gives the columns back. Widths count a CJK character as two cells."""
    from rich.cells import cell_len

    cells = [list(header)] + [["-" if v is None or v == "" else str(v).replace(" ", "_") for v in row] for row in rows]
    widths = [max(cell_len(row[i]) for row in cells) for i in range(len(header))]
    return "\n".join(
        "  ".join(c + " " * (w - cell_len(c)) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    )
