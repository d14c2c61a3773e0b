"""Progress of a crawl, per portal: a live table on a terminal, plain parseable log lines otherwise.

A Scrapy extension (switched on by `NIANBAO_PROGRESS`, as `nianbao crawl` does) that reads only the crawl's
stats — the `nianbao/portal/<name>/<counter>` values the spider and pipelines keep — so it knows nothing of
how they are counted, and a crawl without it behaves the same.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.live import Live
from rich.table import Table
from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: Column -> the counters summed into it.
COLUMNS: dict[str, tuple[str, ...]] = {
    "pages": ("fetched_list", "fetched_candidate", "fetched_attachment", "fetched_image"),
    "reports": ("reports",),
    "new": ("new_document",),
    "new versions": ("new_version",),
    "unchanged": ("unchanged", "not_modified"),
    "errors": ("fetch_errors", "errors"),
}


def columns(counters: Mapping[str, float]) -> dict[str, int]:
    """One portal's counters (`reports`, `new_version`, …) summed into the columns people read."""
    return {col: int(sum(counters.get(name, 0) for name in names)) for col, names in COLUMNS.items()}


def portal_rows(stats: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    """{portal: {column: count}} from a crawl's stats."""
    counters: dict[str, dict[str, float]] = {}
    for key, value in stats.items():
        if key.startswith("nianbao/portal/") and isinstance(value, int | float):
            _, _, portal, what = key.split("/", 3)
            counters.setdefault(portal, {})[what] = value
    return {portal: columns(c) for portal, c in sorted(counters.items())}


def plain_line(portal: str, row: Mapping[str, int]) -> str:
    return f"portal={portal} " + " ".join(f"{col.replace(' ', '_')}={n}" for col, n in row.items())


class PortalProgress:
    def __init__(self, crawler: Crawler, interval: float, live: bool) -> None:
        self.crawler = crawler
        self.interval = interval
        self.live: Live | None = Live(console=Console(stderr=True), auto_refresh=False) if live else None
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PortalProgress:
        if not crawler.settings.getbool("NIANBAO_PROGRESS"):
            raise NotConfigured
        on_terminal = sys.stderr.isatty()
        interval = 1.0 if on_terminal else crawler.settings.getfloat("NIANBAO_PROGRESS_INTERVAL", 30.0)
        ext = cls(crawler, interval, live=on_terminal)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Any) -> None:
        if self.live is not None:
            self.live.start()
        self.loop = task.LoopingCall(self.show)
        self.loop.start(self.interval, now=False)

    def spider_closed(self, spider: Any) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.show()
        if self.live is not None:
            self.live.stop()

    def show(self) -> None:
        rows = portal_rows(self.crawler.stats.get_stats() if self.crawler.stats else {})
        if self.live is None:
            for portal, row in rows.items():
                logger.info(plain_line(portal, row))
            return
        table = Table("portal", *COLUMNS, title="crawling", title_justify="left")
        for portal, row in rows.items():
            table.add_row(portal, *(str(n) for n in row.values()))
        self.live.update(table, refresh=True)
