"""Extract pipeline: each newly stored version of a report page or file is extracted and the report saved.

Extraction is CPU work (OCR takes seconds a page), so it runs in a small pool of worker processes while the
crawl goes on. The workers come from a forkserver, not from forking the crawl: the extractor caps each
parse's address space (RLIMIT_AS) in a forked child, and a child forked from a crawl process that holds a
browser driver, thread stacks and OCR models starts above any sensible cap — every parse then fails with
"failed to map segment". A fresh, small worker forks small children.

A failure to extract is a warning on that document, never the end of the crawl: the body is archived
already, and `nianbao reextract` can try again with a better extractor.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import NotConfigured

from extractor.bundle import Bundle
from pipelines.items import FetchedDocument
from pipelines.session import archive_for

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

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

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

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

    def _count(self, item: FetchedDocument, what: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"nianbao/{what}")
            self.crawler.stats.inc_value(f"nianbao/portal/{item.portal}/{what}")
