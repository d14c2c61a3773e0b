"""The archive as the crawl's HTTP cache: validators in, a 304 out as the stored body, reads off the reactor."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Request, Response
from scrapy.utils.defer import deferred_f_from_coro_f
from scrapy.utils.test import get_crawler

from nianbao.archive import Archive, Fetch
from nianbao.crawler.archive_cache import (
    CONDITIONAL,
    NOT_MODIFIED,
    REVALIDATED,
    STORED_ONLY,
    ArchiveCacheMiddleware,
    ArchiveCacheStorage,
)
from nianbao.crawler.spiders.portals import PortalSpider

URL = "http://www.wenshang.gov.cn/art/2025/1/20/art_61950_1.html"
BODY = "<html><head><title>年度报告</title></head><body>报告</body></html>".encode()
VALIDATORS = {"ETag": '"abc"', "Last-Modified": "Sat, 07 Mar 2020 04:53:00 GMT"}

pytestmark = pytest.mark.db


class ThreadNoting(ArchiveCacheStorage):
    """The storage, noting the thread of every read."""

    threads: list[int]

    def retrieve_response(self, request: Request) -> Response | None:
        self.threads.append(threading.get_ident())
        return super().retrieve_response(request)

    def validators(self, request: Request) -> dict[bytes, bytes]:
        self.threads.append(threading.get_ident())
        return super().validators(request)


@pytest.fixture
def middleware(archive: Archive, database_url: str) -> Any:
    archive.ingest(Fetch(URL, 200, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip",
                                    **VALIDATORS}, BODY, datetime.now(UTC), portal="wenshang", kind="page"))
    crawler = get_crawler(PortalSpider, {"NIANBAO_DATABASE_URL": database_url})
    mw = ArchiveCacheMiddleware.from_crawler(crawler)
    storage = ThreadNoting(archive)
    storage.threads = []
    mw._storage = storage
    yield mw
    if getattr(crawler, "nianbao_archive", None) is not None:
        crawler.nianbao_archive.close()


@deferred_f_from_coro_f
async def test_document_requests_carry_the_validators_of_the_stored_body(middleware: Any) -> None:
    known = Request(URL, meta={CONDITIONAL: True})
    assert await middleware.process_request(known) is None
    assert known.headers[b"If-None-Match"] == b'"abc"'
    assert known.headers[b"If-Modified-Since"] == b"Sat, 07 Mar 2020 04:53:00 GMT"
    assert known.headers[b"Cache-Control"] == b"max-age=0"
    listing = Request(URL)  # list pages are always read whole
    await middleware.process_request(listing)
    assert b"If-None-Match" not in listing.headers
    unknown = Request(URL + "?x=1", meta={CONDITIONAL: True})
    await middleware.process_request(unknown)
    assert b"If-None-Match" not in unknown.headers and b"Cache-Control" not in unknown.headers


@deferred_f_from_coro_f
async def test_a_304_is_answered_with_the_stored_body_flagged_not_modified(middleware: Any) -> None:
    request = Request(URL, meta={CONDITIONAL: True})
    await middleware.process_request(request)
    answer = await middleware.process_response(request, Response(URL, status=304, headers={"ETag": '"abc"'}))
    assert isinstance(answer, HtmlResponse) and answer.status == 200 and answer.body == BODY
    assert NOT_MODIFIED in answer.flags and answer.request is request
    assert b"Content-Encoding" not in answer.headers  # the archive keeps bodies decoded
    assert request.meta[REVALIDATED][b"ETag"] == b'"abc"'  # the 304's own headers, for the fetch log
    fresh = HtmlResponse(URL, status=200, body=b"<html>new</html>", request=request)
    assert await middleware.process_response(request, fresh) is fresh


@deferred_f_from_coro_f
async def test_a_304_for_a_body_the_archive_lacks_is_asked_again_whole(middleware: Any) -> None:
    request = Request(URL + "?gone=1", meta={CONDITIONAL: True}, headers={"If-None-Match": '"old"'})
    again = await middleware.process_response(request, Response(request.url, status=304))
    assert isinstance(again, Request) and again.dont_filter and not again.meta[CONDITIONAL]
    assert b"If-None-Match" not in again.headers
    # asked whole and answered 304 all the same: nothing to answer it with, the spider's errback logs it
    bare = await middleware.process_response(again, Response(request.url, status=304))
    assert isinstance(bare, Response) and bare.status == 304


@deferred_f_from_coro_f
async def test_a_stored_only_request_is_answered_from_the_archive_or_not_at_all(middleware: Any) -> None:
    stored = await middleware.process_request(Request(URL, meta={STORED_ONLY: True}))
    assert isinstance(stored, HtmlResponse) and stored.body == BODY and NOT_MODIFIED not in stored.flags
    with pytest.raises(IgnoreRequest):
        await middleware.process_request(Request(URL + "?x=2", meta={STORED_ONLY: True}))


@deferred_f_from_coro_f
async def test_every_archive_read_runs_off_the_reactor_thread(middleware: Any) -> None:
    request = Request(URL, meta={CONDITIONAL: True})
    await middleware.process_request(request)
    await middleware.process_response(request, Response(URL, status=304))
    await middleware.process_request(Request(URL, meta={STORED_ONLY: True}))
    reads = middleware._storage.threads
    assert len(reads) == 3 and threading.get_ident() not in reads
