"""Archive pipeline: every fetched document body goes through the archive's ingest API, once.

It owns the crawl run (started when the spider opens, finished with the crawl's counts when it closes) and
never lets a failure of one item stop the crawl: a fetch that failed, or an ingest that raised, becomes an
error row in the fetch log and a count in the run. When the database cannot take even that error row (held
locked by another writer past every retry), the row is written when the spider closes, so the log still
says what was missed; the next run fetches it again, since nothing marks it done.

One failure does end the crawl: a full disk (`ArchiveFull`). Every further body would fail the same way, so
the spider closes with the reason `archive_full` and the command exits 1 with the message.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from nianbao.archive.errors import ArchiveError, ArchiveFull
from nianbao.crawl_session import archive_for
from nianbao.fetched import FetchedDocument, Outcome

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class ArchivePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.run_id: int | None = None
        #: Failures the archive could not log when they happened: (url, error, status, when).
        self.unlogged: list[tuple[str, str, int | None, datetime]] = []
        self.full: ArchiveFull | None = None
        self.closing: asyncio.Future[None] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        portals = list(getattr(spider, "portals", {}) or [])
        self.run_id = archive_for(self.crawler).start_run(portals)
        if spider is not None:
            spider.run_id = self.run_id
        logger.info("crawl run %s started for %s", self.run_id, " ".join(portals))

    def close_spider(self) -> None:
        if self.run_id is None:
            return
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        counts = {
            k.removeprefix("nianbao/"): v
            for k, v in stats.items()
            if k.startswith("nianbao/") and isinstance(v, int | float)
        }
        counts["finish_reason"] = str(stats.get("finish_reason", ""))
        archive = archive_for(self.crawler)
        for url, error, status, when in self.unlogged:
            try:
                archive.record_fetch_error(url, self.run_id, error, status, fetched_at=when)
            except Exception:
                logger.exception("could not log the failure of %s even at the end of the crawl", url)
        try:
            archive.finish_run(self.run_id, **counts)
        except ArchiveError as exc:  # full, or gone for good: the run stays open, as a killed one does
            logger.error("crawl run %s could not be closed: %s", self.run_id, exc)
            return
        logger.info("crawl run %s finished", self.run_id)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedDocument):
            return item
        try:
            await asyncio.to_thread(self._store, item)
        except ArchiveFull as exc:
            self._count(item, "errors")
            item.error = f"archive: {exc}"
            self._stop_when_full(exc)
        except Exception as exc:  # the archive refusing one body must not end the crawl
            logger.exception("archiving %s failed", item.url)
            self._count(item, "errors")
            item.error = f"archive: {exc}"
            try:
                await asyncio.to_thread(
                    archive_for(self.crawler).record_fetch_error,
                    item.url,
                    self.run_id,
                    item.error,
                    item.status,
                    fetched_at=item.fetched_at,
                )
            except Exception as again:
                logger.error("could not log the failure of %s now (%s): logged when the crawl ends", item.url, again)
                self.unlogged.append((item.url, item.error, item.status, item.fetched_at))
        return item

    def _stop_when_full(self, exc: ArchiveFull) -> None:
        """The first full-disk error closes the spider; the bodies in flight are refetched by the next run."""
        if self.full is not None:
            return
        self.full = exc
        logger.error("%s: stopping the crawl", exc)
        engine = self.crawler.engine
        if engine is not None:
            self.closing = asyncio.ensure_future(engine.close_spider_async(reason="archive_full"))

    def _store(self, item: FetchedDocument) -> None:
        archive = archive_for(self.crawler)
        if item.outcome is Outcome.GONE:
            archive.mark_gone(item.url, item.fetched_at)
            self._count(item, "gone")
        item.result = archive.ingest(item.to_fetch(self.run_id))
        self._count(item, item.result.outcome)

    def _count(self, item: FetchedDocument, what: str) -> None:
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value(f"nianbao/{what}")
            stats.inc_value(f"nianbao/portal/{item.portal}/{what}")
