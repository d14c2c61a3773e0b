"""The archive as the crawl's HTTP cache, in the shape of Scrapy's `HttpCacheMiddleware`.

Scrapy's cache would keep a second copy of every body, one that could disagree with the archive after a
crash; here the storage *is* the archive. The middleware adds the validators that came with a document's
latest stored body (If-None-Match / If-Modified-Since) to the spider's document requests, and answers a 304
with that stored body: a 200 flagged `not-modified`, so the spider reads a 304 like any other answer and never
touches the archive itself. A request marked STORED_ONLY is answered from the archive without asking the
server at all (a known page's links, read again without a visit). Storing is the archive pipeline's work.

Every archive read runs in a worker thread: the reactor thread keeps downloading while the database answers.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Request, Response

from nianbao.crawl_session import archive_for
from nianbao.crawler.recognition import ATTACHMENT_EXTENSIONS, IMAGE_EXTENSIONS, extension

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from nianbao.archive import Archive

logger = logging.getLogger(__name__)

#: Request meta: ask the archive for validators (set by the spider on document requests only — list pages
#: must be read whole every run, since a 304 on a list page would hide the links it holds).
CONDITIONAL = "nianbao_conditional"
#: Request meta: answer from the archive only; nothing is sent (IgnoreRequest when the archive lacks it).
STORED_ONLY = "nianbao_stored_only"
#: Response flag of an answer the archive gave for a 304: the stored body still stands.
NOT_MODIFIED = "not-modified"
#: Request meta, with NOT_MODIFIED: the 304's own headers (what the fetch log keeps of that answer).
REVALIDATED = "nianbao_revalidated"
#: Response flag of an answer from the archive (Scrapy's HttpCacheMiddleware flags its answers so too).
CACHED = "cached"

_VALIDATORS = (b"If-None-Match", b"If-Modified-Since")
#: Not replayed: the archive keeps bodies decoded and whole, and a cookie of an old visit is no cookie now.
_NOT_REPLAYED = ("content-encoding", "content-length", "set-cookie")


class ArchiveCacheStorage:
    """Scrapy's cache-storage role over the archive: the stored response and its validators for a request.

    Blocking (database reads): the middleware calls it from a worker thread.
    """

    def __init__(self, archive: Archive) -> None:
        self.archive = archive

    def retrieve_response(self, request: Request) -> Response | None:
        """The URL's latest stored body as a 200 response to `request`, or None when none is stored."""
        cached = self.archive.cached_response(request.url)
        if cached is None:
            return None
        headers = {k: v for k, v in cached.headers.items() if k.lower() not in _NOT_REPLAYED}
        html = "html" in headers.get("content-type", "") or _looks_html(request.url, cached.body)
        cls = HtmlResponse if html else Response
        return cls(url=request.url, status=200, headers=headers, body=cached.body, request=request, flags=[CACHED])

    def validators(self, request: Request) -> dict[bytes, bytes]:
        """The conditional headers for `request`: those of the URL's latest stored body, if it had any."""
        found = self.archive.validators(request.url)
        if found is None:
            return {}
        etag, last_modified = found
        headers = {b"If-None-Match": etag, b"If-Modified-Since": last_modified}
        return {name: value.encode("latin-1") for name, value in headers.items() if value}


class ArchiveCacheMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._storage: ArchiveCacheStorage | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveCacheMiddleware:
        return cls(crawler)

    def storage(self) -> ArchiveCacheStorage:
        """Opened on first use (in a worker thread), like the rest of the crawl's archive."""
        if self._storage is None:
            self._storage = ArchiveCacheStorage(archive_for(self.crawler))
        return self._storage

    async def _stored(self, request: Request) -> Response | None:
        return await asyncio.to_thread(lambda: self.storage().retrieve_response(request))

    async def process_request(self, request: Request) -> Response | None:
        if request.meta.get(STORED_ONLY):
            stored = await self._stored(request)
            if stored is None:
                raise IgnoreRequest(f"{request.url}: no stored body to read")
            return stored
        if not request.meta.get(CONDITIONAL) or request.meta.get("playwright"):
            return None
        if any(name in request.headers for name in _VALIDATORS):
            return None
        validators = await asyncio.to_thread(lambda: self.storage().validators(request))
        if validators:
            request.headers.update(validators)
            # A server (or proxy) answering from its own cache must still revalidate with the origin.
            request.headers.setdefault(b"Cache-Control", b"max-age=0")
        return None

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status != 304 or not request.meta.get(CONDITIONAL):
            return response
        stored = await self._stored(request)
        if stored is not None:
            request.meta[REVALIDATED] = response.headers
            stored.flags.append(NOT_MODIFIED)
            return stored
        if not any(name in request.headers for name in _VALIDATORS):
            return response  # a 304 to a request that named no version: nothing to answer it with
        # the archive no longer holds the body the validators named: ask for it whole, once
        logger.info("304 for %s, whose body the archive lacks: asked again unconditionally", request.url)
        headers = {k: v for k, v in request.headers.items() if k not in _VALIDATORS}
        return request.replace(meta={**request.meta, CONDITIONAL: False}, headers=headers, dont_filter=True)


def _looks_html(url: str, body: bytes) -> bool:
    ext = extension(url)
    if ext in ATTACHMENT_EXTENSIONS or ext in IMAGE_EXTENSIONS:
        return False
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head or b"<head" in head
