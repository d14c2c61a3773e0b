"""The crawl's own WARC, written as it goes, when NIANBAO_WARC_DIR is set (issue 19).

For users who keep WARC as their primary copy: every response the crawl gets — list pages, reports, files,
images, robots.txt, errors — becomes a `response` record and its `request`, the moment Scrapy hands it over
(`response_received`), in one file per crawl, `nianbao-<time>-<pid>.warc.gz`, each record its own gzip member
so a crawl killed half way leaves every record before it readable. A 304 that the archive answered with its
stored body is written as what it was: a `revisit` (server-not-modified) with the 304's headers. Answers from
the archive alone (a stored page re-read for its links) were never fetched and are not written.

Records are built by the same code as `nianbao export --format warc` (archive.warc_records), so both carry
bodies as Scrapy gives them (decoded) with headers made consistent with them.
"""

from __future__ import annotations

import itertools
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from warcio.warcwriter import WARCWriter

from nianbao.archive.warc_records import (
    StoredFetch,
    payload_digest,
    response_records,
    revisit_records,
    warcinfo_record,
)
from nianbao.crawler.archive_cache import NOT_MODIFIED, REVALIDATED, STORED_ONLY
from nianbao.crawler.exchange import exchange_of

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response

logger = logging.getLogger(__name__)


class WarcWriterExtension:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.path: Path | None = None
        self.out: IO[bytes] | None = None
        self.writer: WARCWriter | None = None
        self.ids = itertools.count(1)
        self.records = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcWriterExtension:
        directory = crawler.settings.get("NIANBAO_WARC_DIR")
        if not directory:
            raise NotConfigured
        extension = cls(Path(directory))
        crawler.signals.connect(extension.open, signal=signals.spider_opened)
        crawler.signals.connect(extension.close, signal=signals.spider_closed)
        crawler.signals.connect(extension.received, signal=signals.response_received)
        return extension

    def open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        self.path = self.directory / f"nianbao-{stamp}-{os.getpid()}.warc.gz"
        self.out = open(self.path, "ab")  # noqa: SIM115 - open for the whole crawl, closed in close()
        self.writer = WARCWriter(self.out, gzip=True, warc_version="1.1")
        self.writer.write_record(warcinfo_record(self.path.name, {"software": "nianbao crawl", "format": "WARC 1.1"}))
        logger.info("writing the crawl's WARC to %s", self.path)

    def close(self) -> None:
        if self.out is not None:
            self.out.close()
            logger.info("%d WARC records written to %s", self.records, self.path)
            self.out = self.writer = None

    def received(self, response: Response, request: Request) -> None:
        if self.writer is None or request.meta.get(STORED_ONLY):
            return
        try:
            for record in self._records(response, request):
                self.writer.write_record(record)
                self.records += 1
            self.out.flush()  # type: ignore[union-attr]
        except Exception:  # the WARC is a copy: a record it cannot take must not stop the crawl
            logger.exception("could not write %s to the crawl's WARC", response.url)

    def _records(self, response: Response, request: Request) -> Any:
        not_modified = NOT_MODIFIED in response.flags
        exchange = exchange_of(response, 304, request.meta.get(REVALIDATED)) if not_modified else exchange_of(response)
        fetch = StoredFetch(
            id=next(self.ids),
            url=response.url,
            outcome="not_modified" if not_modified else "fetched",
            status=304 if not_modified else response.status,
            fetched_at=datetime.now(UTC),
            headers=None,
            status_line=exchange.status_line,
            response_headers=exchange.response_headers,
            request_method=exchange.request_method,
            request_url=exchange.request_url,
            request_headers=exchange.request_headers,
        )
        if not_modified:
            return revisit_records(fetch, payload_digest(response.body), response.url, None, None)
        return response_records(fetch, response.body)
