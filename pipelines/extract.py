"""Extract pipeline: each newly stored version of a report page or file is extracted and the report saved.

Extraction is CPU work (OCR takes seconds a page), so it runs in a small pool of worker processes while the
crawl goes on. The workers come from a forkserver, not from forking the crawl: the extractor caps each
parse's address space (RLIMIT_AS) in a forked child, and a child forked from a crawl process that holds a
browser driver, thread stacks and OCR models starts above any sensible cap — every parse then fails with
"failed to map segment". A fresh, small worker forks small children.

Like every spawn/forkserver pool, the workers import the main module: a script that runs a crawl needs the
usual `if __name__ == "__main__":` guard (`nianbao` and `scrapy` have theirs).

A failure to extract is a warning on that document, never the end of the crawl: the body is archived
already, and `nianbao reextract` can try again with a better extractor.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from scrapy.exceptions import NotConfigured

from nianbao.archive.database import reading
from nianbao.archive.reextract import stored_bundle as archived_bundle
from nianbao.crawl_session import archive_for
from nianbao.extraction_memo import memoised_report_json
from nianbao.extractor import unreadable_reason
from nianbao.extractor.bundle import Bundle, Resource
from nianbao.fetched import FetchedDocument
from nianbao.settings import from_environment

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from nianbao.archive import Archive

logger = logging.getLogger(__name__)

#: Kinds extracted on their own: images are read as part of the page that embeds them.
EXTRACTED_KINDS = ("page", "attachment")


class ExtractPipeline:
    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("NIANBAO_EXTRACT", True):
            raise NotConfigured
        self.crawler = crawler
        self.workers = max(1, crawler.settings.getint("NIANBAO_EXTRACT_WORKERS", 1))
        self.memo: str | None = from_environment("NIANBAO_EXTRACTION_CACHE")  # none: every version read afresh
        self.pool: ProcessPoolExecutor | None = None
        # Documents this run extracts from what it fetched; the catch-up, which reads the archive alone (an
        # incomplete page without the images fetched since), must not save over them. The lock makes "not
        # claimed, so save" one step against a claim.
        self.claimed: set[int] = set()
        self.claim_lock = asyncio.Lock()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("forkserver"))
        portals = list(getattr(self.crawler.spider, "portals", {}) or [])
        self.catch_up = asyncio.ensure_future(self._catch_up(portals))

    async def close_spider(self) -> None:
        try:
            await self.catch_up
        finally:
            if self.pool is not None:
                self.pool.shutdown(wait=True, cancel_futures=True)
                self.pool = None

    async def _catch_up(self, portals: list[str]) -> None:
        """Extract stored versions that never were: a crawl killed between storing and extracting.

        Such a document is unchanged on the next visit (or not visited at all for a week), so nothing else
        would ever extract it. Runs beside the crawl, from the archive alone.
        """
        archive = archive_for(self.crawler)
        for document_id, url in await asyncio.to_thread(unextracted, archive, portals):
            try:
                if document_id in self.claimed:
                    continue
                version_id, bundle = await asyncio.to_thread(latest_bundle, archive, document_id)
                report = await asyncio.get_running_loop().run_in_executor(
                    self.pool, memoised_report_json, bundle, self.memo
                )
                async with self.claim_lock:
                    if document_id in self.claimed:
                        continue
                    await asyncio.to_thread(archive.save_extraction, version_id, report)
            except Exception as exc:
                logger.warning("catch-up extraction of %s failed: %s", url, exc)
                self._count_named("extraction_failed")
                continue
            if reason := unreadable_reason(report):
                logger.warning("catch-up extraction of %s failed: %s", url, reason)
                self._count_named("extraction_failed")
            else:
                self._count_named("extracted_catch_up")

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedDocument) or item.kind not in EXTRACTED_KINDS:
            return item
        result = item.result
        if result is None or result.document_id is None:
            return item
        if result.stored and result.version_id is not None and item.body is not None:
            version_id, bundle = result.version_id, item.to_bundle()
        elif item.reextract:  # an unchanged page with images new to the archive: its stored body, read with them
            archive = archive_for(self.crawler)
            version_id, bundle = await asyncio.to_thread(latest_bundle, archive, result.document_id, item.resources)
        else:
            return item
        assert self.pool is not None, "open_spider was not called"
        async with self.claim_lock:
            self.claimed.add(result.document_id)
        loop = asyncio.get_running_loop()
        try:
            report = await loop.run_in_executor(self.pool, memoised_report_json, bundle, self.memo)
            await asyncio.to_thread(archive_for(self.crawler).save_extraction, version_id, report)
        except Exception as exc:  # recorded, never fatal: the body is safe in the archive
            logger.warning("extraction of %s (version %s) failed: %s", item.url, result.version_id, exc)
            self._count(item, "extraction_failed")
            return item
        if reason := unreadable_reason(report):  # stored with its reason: the version says why it has no numbers
            logger.warning("extraction of %s (version %s) failed: %s", item.url, result.version_id, reason)
            self._count(item, "extraction_failed")
        else:
            self._count(item, "extracted")
        return item

    def _count_named(self, what: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"nianbao/{what}")

    def _count(self, item: FetchedDocument, what: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"nianbao/{what}")
            self.crawler.stats.inc_value(f"nianbao/portal/{item.portal}/{what}")


def unextracted(archive: Archive, portals: list[str]) -> list[tuple[int, str]]:
    """(document id, URL) of the portals' report pages and files whose latest version has no extraction."""
    if not portals:
        return []
    query = sa.text(
        "SELECT document_id, url FROM documents WHERE kind IN ('page', 'attachment') AND versions > 0 "
        "AND extractor_version IS NULL AND portal IN :portals ORDER BY document_id"
    ).bindparams(sa.bindparam("portals", expanding=True))
    with archive.engine.connect() as conn:
        return [(r.document_id, r.url) for r in conn.execute(query, {"portals": portals})]


def latest_bundle(
    archive: Archive, document_id: int, resources: tuple[Resource, ...] | None = None
) -> tuple[int, Bundle]:
    """The document's latest version and the extractor's input rebuilt from the archive (its stored images),
    or, for a page whose images the crawl fetched just now, with those `resources` instead."""
    version_id = archive.version_id(document_id)
    with archive.engine.connect() as conn:
        stored = archived_bundle(reading(conn), version_id)
    return version_id, stored if resources is None else dataclasses.replace(stored, resources=resources)
