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
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from scrapy.exceptions import NotConfigured

from archive import NotFound
from extractor.bundle import Bundle, Resource
from pipelines.items import FetchedDocument
from pipelines.session import archive_for

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from archive import Archive

logger = logging.getLogger(__name__)

#: Kinds extracted on their own: images are read as part of the page that embeds them.
EXTRACTED_KINDS = ("page", "attachment")


def extract_report(bundle: Bundle) -> dict[str, Any]:
    """Runs in a worker process: the `nianbao extract --json` object of one document version."""
    from extractor import extract

    return extract(bundle).to_json()


class ExtractPipeline:
    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("NIANBAO_EXTRACT", True):
            raise NotConfigured
        self.crawler = crawler
        self.workers = max(1, crawler.settings.getint("NIANBAO_EXTRACT_WORKERS", 1))
        self.pool: ProcessPoolExecutor | None = None

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
                bundle = await asyncio.to_thread(stored_bundle, archive, document_id, url)
                report = await asyncio.get_running_loop().run_in_executor(self.pool, extract_report, bundle)
                await asyncio.to_thread(archive.save_extraction, archive.version_id(document_id), report)
            except Exception as exc:
                logger.warning("catch-up extraction of %s failed: %s", url, exc)
                self._count_named("extraction_failed")
                continue
            self._count_named("extracted_catch_up")

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedDocument) or item.kind not in EXTRACTED_KINDS:
            return item
        result = item.result
        if result is None or not result.stored or result.version_id is None or item.body is None:
            return item
        assert self.pool is not None, "open_spider was not called"
        bundle = Bundle(body=item.body, content_type=item.content_type, url=item.url,
                        headers=dict(item.headers), resources=item.resources)
        loop = asyncio.get_running_loop()
        try:
            report = await loop.run_in_executor(self.pool, extract_report, bundle)
            await asyncio.to_thread(archive_for(self.crawler).save_extraction, result.version_id, report)
        except Exception as exc:  # recorded, never fatal: the body is safe in the archive
            logger.warning("extraction of %s (version %s) failed: %s", item.url, result.version_id, exc)
            self._count(item, "extraction_failed")
            return item
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


def stored_bundle(archive: Archive, document_id: int, url: str) -> Bundle:
    """The extractor's input rebuilt from the archive: the latest body, its headers, its stored images."""
    version = archive.version_id(document_id)
    headers = archive.version_headers(version)
    query = sa.text("SELECT document_id, url FROM documents WHERE parent_document_id = :d AND kind = 'image'")
    with archive.engine.connect() as conn:
        images = list(conn.execute(query, {"d": document_id}))
    resources = []
    for image in images:
        try:
            image_version = archive.version_id(image.document_id)
        except NotFound:  # an image whose fetch failed: the page is read without it
            continue
        resources.append(Resource(image.url, archive.body(image_version),
                                  archive.version_headers(image_version).get("content-type")))
    return Bundle(body=archive.body(version), content_type=headers.get("content-type"), url=url,
                  headers=headers, resources=tuple(resources))
