"""One crawl job as `nianbao crawl` and `nianbao demo` run it: lock the portals, crawl, regroup, summarise.

The order matters. The portal locks are taken before Scrapy starts, so a second run for a portal being
crawled exits with code 3 having fetched nothing. Annual reports are regrouped after the crawl, once, so
the `annual_reports` views answer for what this run archived.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from nianbao.archive import Archive
from nianbao.archive.annual import RefreshSummary, refresh
from nianbao.archive.locks import PortalLocked, portal_locks
from nianbao.crawler.progress import COLUMNS, columns
from nianbao.crawler.run import CrawlOutcome, configured_portals, crawl
from nianbao.errors import EXIT_CANNOT_RUN, EXIT_LOCKED, EXIT_OK
from nianbao.regions import regions_of

logger = logging.getLogger(__name__)


@dataclass
class JobResult:
    crawled: list[str]
    skipped: dict[str, str] = field(default_factory=dict)  # portal -> holder of its lock
    outcome: CrawlOutcome | None = None
    annual: RefreshSummary | None = None

    @property
    def archive_full(self) -> bool:
        """The archive pipeline stopped the crawl: the disk (or SQLite's size cap) is full."""
        return self.outcome is not None and self.outcome.finish_reason == "archive_full"

    @property
    def exit_code(self) -> int:
        if self.archive_full:
            return EXIT_CANNOT_RUN
        # Some portal was not crawled because another run holds it: say so, even if others were crawled.
        return EXIT_LOCKED if self.skipped else EXIT_OK

    def rows(self) -> list[tuple[str, list[int]]]:
        """One summary row per crawled portal, then the total."""
        by_portal = self.outcome.by_portal if self.outcome else {}
        rows = [(name, list(columns(by_portal.get(name, {})).values())) for name in self.crawled]
        totals = [sum(values[i] for _, values in rows) for i in range(len(COLUMNS))]
        return [*rows, ("total", totals)]


def run_job(
    portals: Sequence[str] | None = None,
    portals_file: str | None = None,
    database_url: str | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> JobResult:
    """Crawl `portals` (all configured ones when None) into the archive.

    Portals named explicitly are all-or-nothing: if another run holds one, `PortalLocked` (exit 3) is raised
    before anything is fetched. A run over all portals skips the held ones and crawls the rest.
    """
    # read once, here: the crawl gets these very configs (PortalConfigError on unknown names)
    chosen = configured_portals(list(portals) if portals else None, portals_file, overrides)
    names = [p.name for p in chosen]
    with Archive.open(database_url) as archive, portal_locks(archive, names, skip_locked=not portals) as held:
        result = JobResult(crawled=list(held.portals), skipped=dict(held.skipped))
        if not held.portals:
            raise PortalLocked(*next(iter(held.skipped.items())))
        result.outcome = crawl(
            portals=[p for p in chosen if p.name in held.portals],
            portals_file=portals_file,
            database_url=archive.url,
            overrides={"NIANBAO_PROGRESS": True, **(overrides or {})},
            on_run=held.attach_run,
        )
        if not result.archive_full:  # nothing more can be written: the next run regroups
            result.annual = refresh(archive, regions_of(chosen))
    return result


def format_summary(result: JobResult) -> str:
    """The run summary as an aligned plain-text table (parseable: one row per portal, `total` last)."""
    header = ["portal", *(name.replace(" ", "_") for name in COLUMNS)]
    body = [[name, *map(str, values)] for name, values in result.rows()]
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
    lines = [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in [header, *body]
    ]
    lines += discovery_lines(result)
    for portal, holder in result.skipped.items():
        lines.append(f"skipped {portal}: being crawled by {holder}")
    if result.annual is not None:
        a = result.annual
        lines.append(
            f"annual reports: {a.annual_reports} from {a.documents} documents of {a.agencies} agencies"
            f" ({a.disagreeing_copies} disagreeing copies)"
        )
    lines.append(one_line(result))
    return "\n".join(lines)


def discovery_of(result: JobResult, portal: str) -> dict[str, Any]:
    """What discovery understood of one crawled portal (crawler.run.CrawlOutcome.discovery, docs/crawl.md):
    the platform its pages were read as (None when no page of it was read), the report columns taken — url,
    title, score, why — best first, and the other government hosts its navigation led to, each with the page
    that led there."""
    recorded = result.outcome.discovery.get(portal, {}) if result.outcome else {}
    return {
        "platform": recorded.get("platform") or None,
        "columns": [dict(c) for c in recorded.get("columns") or []],
        "hosts": dict(recorded.get("hosts") or {}),
    }


def discovery_lines(result: JobResult) -> list[str]:
    """The discovery record under the table, two spaces in, so the table keeps one parseable row per portal:
    `  <portal>: platform P, N report columns`, then a line per column (`column URL (title): score S, why`) and
    per other host (`host H via PAGE`)."""
    lines: list[str] = []
    for portal in result.crawled:
        found = discovery_of(result, portal)
        columns = found["columns"]
        lines.append(f"  {portal}: platform {found['platform'] or '-'}, {len(columns)} report columns")
        lines += [
            f"  {portal}: column {c.get('url')} ({c.get('title', '')}): score {c.get('score')}, {c.get('why', '')}"
            for c in columns
        ]
        lines += [f"  {portal}: host {host} via {page}" for host, page in found["hosts"].items()]
    return lines


def summary_json(result: JobResult) -> dict[str, Any]:
    """The run as one JSON object (`nianbao crawl --json`, docs/crawl.md): per portal the summary's columns
    (spaces as `_`), the spider's raw counters and the discovery record; then the totals, skipped portals, the
    annual-report regrouping and the exit code."""
    keys = [name.replace(" ", "_") for name in COLUMNS]
    rows = result.rows()
    by_portal = result.outcome.by_portal if result.outcome else {}
    annual = result.annual
    return {
        "run": result.outcome.run_id if result.outcome else None,
        "finish_reason": result.outcome.finish_reason if result.outcome else None,
        "portals": [
            {
                "portal": name,
                **dict(zip(keys, values, strict=True)),
                "counters": dict(sorted(by_portal.get(name, {}).items())),
                "discovery": discovery_of(result, name),
            }
            for name, values in rows[:-1]
        ],
        "total": dict(zip(keys, rows[-1][1], strict=True)),
        "skipped": dict(result.skipped),
        "annual": None if annual is None else {
            "annual_reports": annual.annual_reports,
            "documents": annual.documents,
            "agencies": annual.agencies,
            "disagreeing_copies": annual.disagreeing_copies,
        },
        "exit": result.exit_code,
    }


def one_line(result: JobResult) -> str:
    """The run in one line, for the nightly log (journal or cron log): grep `^nianbao crawl:`."""
    totals = dict(zip(COLUMNS, result.rows()[-1][1], strict=True))
    run = result.outcome.run_id if result.outcome else None
    counts = ", ".join(f"{n} {name}" for name, n in totals.items())
    skipped = f", skipped {','.join(result.skipped)}" if result.skipped else ""
    return f"nianbao crawl: run {run}, portals {','.join(result.crawled)}: {counts}{skipped} (exit {result.exit_code})"
