"""robots.txt kept per scheme and host, where Scrapy keeps one per host.

Some portals refuse HTTPS while plain HTTP works (portals.md), and the spider then asks the same host over
HTTP (PortalSpider.failed). Scrapy's RobotsTxtMiddleware caches one parser per host name: the https
robots.txt fails, Scrapy remembers "no robots.txt, everything allowed" for the host, and the plain-HTTP
crawl would walk into every folder the real http robots.txt forbids. Keyed by scheme and host, the HTTP
requests fetch and obey the HTTP robots.txt.
"""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Request
from scrapy.http.request import NO_CALLBACK
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)


class SchemeRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware with `scheme://host` as the cache key.

    Scrapy has no hook for the key, so `robot_parser` is restated from Scrapy 2.19 with that one change;
    parsing, error handling and stats stay Scrapy's (they take the key as an opaque name).
    """

    async def robot_parser(self, request: Request) -> RobotParser | None:
        url = urlparse_cached(request)
        key = f"{url.scheme}://{url.netloc}"
        if key not in self._parsers:
            self._parsers[key] = Deferred()
            robots_request = Request(
                f"{key}/robots.txt",
                priority=self.DOWNLOAD_PRIORITY,
                meta={"dont_obey_robotstxt": True},
                callback=NO_CALLBACK,
            )
            try:
                response = await self.crawler.engine.download_async(robots_request)
                await self._parse_robots(response, key, request)
            except Exception as error:  # Scrapy's own rule: any failure means "no robots.txt"
                logger.info("no robots.txt at %s (%s: %s)", key, type(error).__name__, error)
                self._robots_error(error, key)
            self._stats.inc_value("robotstxt/request_count")
        parser = self._parsers[key]
        if isinstance(parser, Deferred):
            return await maybe_deferred_to_future(parser)
        return parser
