"""Archive pipeline: every fetched document body goes through the archive's ingest API, once.

It owns the crawl run (started when the spider opens, finished with the crawl's counts when it closes) and
never lets a failure of one item stop the crawl: a fetch that failed, or an ingest that raised, becomes an
error row in the fetch log and a count in the run. When the database cannot take even that error row (held
locked by another writer past every retry), the row is written when the spider closes, so the log still
says what was missed; the next run fetches it again, since nothing marks it done.

Items are stored in batches, one transaction each (group commit, `Archive.ingest_many`): a batch is written
when NIANBAO_INGEST_BATCH items wait, when the first of them has waited NIANBAO_INGEST_WAIT seconds, and
when the spider closes. Each item stays in this pipeline until its batch has committed, so what comes after
(the extraction pipeline, the counts) sees its ingest result as before. The writing runs in a thread, one
batch at a time (the reactor never waits on the database). A batch that fails is stored again item by item,
so one bad item costs only itself. A revisit carries the digest the spider's revisit policy read when the run
began (`Fetch.known_sha256`): the same body again is then one statement.

One failure does end the crawl: a full disk (`ArchiveFull`). Every further body would fail the same way, so
the spider closes with the reason `archive_full` and the command exits 1 with the message.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from nianbao.archive.errors import ArchiveError, ArchiveFull
from nianbao.crawl_session import archive_for
from nianbao.fetched import FetchedDocument, Outcome

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from nianbao.archive import Fetch, IngestResult

logger = logging.getLogger(__name__)


class ArchivePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.run_id: int | None = None
        #: Failures the archive could not log when they happened: (url, error, status, when).
        self.unlogged: list[tuple[str, str, int | None, datetime]] = []
        self.full: ArchiveFull | None = None
        self.closing: asyncio.Future[None] | None = None
        self.batch_size = max(1, crawler.settings.getint("NIANBAO_INGEST_BATCH", 50))
        self.batch_wait = max(0.0, crawler.settings.getfloat("NIANBAO_INGEST_WAIT", 0.5))
        #: Items waiting for their batch, each with the future its process_item awaits.
        self.waiting: list[tuple[FetchedDocument, asyncio.Future[None]]] = []
        self.timer: asyncio.TimerHandle | None = None
        self.batches: set[asyncio.Task[None]] = set()
        self.writing: asyncio.Lock | None = None  # made on the reactor's loop, at the first batch

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

    async def close_spider(self) -> None:
        self._flush()  # Scrapy closes pipelines once no item is in flight; this is for safety only
        while self.batches:
            await asyncio.gather(*self.batches)
        if self.run_id is not None:
            await asyncio.to_thread(self._finish_run)

    def _finish_run(self) -> None:
        assert self.run_id is not None
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
        stored: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiting.append((item, stored))
        if len(self.waiting) >= self.batch_size:
            self._flush()
        elif self.timer is None:
            self.timer = asyncio.get_running_loop().call_later(self.batch_wait, self._flush)
        await stored
        return item

    def _flush(self) -> None:
        """Send the waiting items to the archive as one batch (in a task: the caller does not wait)."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        batch, self.waiting = self.waiting, []
        if batch:
            task = asyncio.ensure_future(self._write(batch))
            self.batches.add(task)
            task.add_done_callback(self.batches.discard)

    async def _write(self, batch: list[tuple[FetchedDocument, asyncio.Future[None]]]) -> None:
        try:
            if self.writing is None:
                self.writing = asyncio.Lock()
            async with self.writing:  # one batch at a time: another would only wait for the write lock
                await self._store_batch([item for item, _ in batch])
        except Exception:  # not expected (every failure is handled per item): the items go on regardless
            logger.exception("storing a batch of %d items failed", len(batch))
        finally:
            for _, stored in batch:
                if not stored.done():
                    stored.set_result(None)

    async def _store_batch(self, items: Sequence[FetchedDocument]) -> None:
        try:
            results = await asyncio.to_thread(self._ingest_batch, items)
        except ArchiveFull as exc:
            for item in items:
                self._count(item, "errors")
                item.error = f"archive: {exc}"
            self._stop_when_full(exc)
            return
        except Exception as exc:
            if len(items) > 1:
                logger.warning("a batch of %d items was not stored (%s): storing each on its own", len(items), exc)
            for item in items:
                await self._store_alone(item)
            return
        for item, result in zip(items, results, strict=True):
            item.result = result
            if item.outcome is Outcome.GONE:
                self._count(item, "gone")
            self._count(item, result.outcome)

    def _ingest_batch(self, items: Sequence[FetchedDocument]) -> list[IngestResult]:
        archive = archive_for(self.crawler)
        for item in items:
            if item.outcome is Outcome.GONE:
                archive.mark_gone(item.url, item.fetched_at)
        return archive.ingest_many([self._fetch(item) for item in items])

    async def _store_alone(self, item: FetchedDocument) -> None:
        """One item in a transaction of its own; a failure is its error row (or a count), never the crawl's end."""
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
        item.result = archive.ingest(self._fetch(item))
        self._count(item, item.result.outcome)

    def _fetch(self, item: FetchedDocument) -> Fetch:
        """The item as the archive takes it, with the digest the revisit policy holds for its URL."""
        fetch = item.to_fetch(self.run_id)
        policy = getattr(self.crawler.spider, "policy", None)
        known = None if policy is None or fetch.body is None else policy.digest(item.url)
        return fetch if known is None else dataclasses.replace(fetch, known_sha256=known)

    def _count(self, item: FetchedDocument, what: str) -> None:
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value(f"nianbao/{what}")
            stats.inc_value(f"nianbao/portal/{item.portal}/{what}")
