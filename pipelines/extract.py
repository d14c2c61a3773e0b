"""Extract pipeline: each newly stored version of a report page or file is extracted and the report saved.

Extraction is CPU work (OCR takes seconds a page), so it runs in a worker thread, a bounded number at a
time, while the crawl goes on. A failure to extract is a warning on that document, never the end of the
crawl: the body is archived already, and `nianbao reextract` can try again with a better extractor.
"""

from __future__ import annotations

import asyncio
import logging
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


class ExtractPipeline:
    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("NIANBAO_EXTRACT", True):
            raise NotConfigured
        self.crawler = crawler
        self.slots = asyncio.Semaphore(max(1, crawler.settings.getint("NIANBAO_EXTRACT_THREADS", 1)))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        return cls(crawler)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedDocument) or item.kind not in EXTRACTED_KINDS:
            return item
        result = item.result
        if result is None or not result.stored or result.version_id is None or item.body is None:
            return item
        bundle = Bundle(body=item.body, content_type=item.content_type, url=item.url,
                        headers=dict(item.headers), resources=item.resources)
        async with self.slots:
            try:
                await asyncio.to_thread(self._extract, result.version_id, bundle)
            except Exception as exc:  # recorded, never fatal: the body is safe in the archive
                logger.warning("extraction of %s (version %s) failed: %s", item.url, result.version_id, exc,
                               exc_info=True)
                self._count(item, "extraction_failed")
                return item
        self._count(item, "extracted")
        return item

    def _extract(self, version_id: int, bundle: Bundle) -> None:
        from extractor import extract  # on first use: the readers (OCR models) are heavy to load

        report = extract(bundle)
        archive_for(self.crawler).save_extraction(version_id, report.to_json())

    def _count(self, item: FetchedDocument, what: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"nianbao/{what}")
            self.crawler.stats.inc_value(f"nianbao/portal/{item.portal}/{what}")
