"""The portal locks of archive.locks, taken inside a Scrapy crawl: what keeps two Scrapyd jobs off one portal.

A job is started by Scrapyd, not by `nianbao crawl`, so nothing wraps it in `portal_locks`: this extension
does, when the spider opens (after the archive pipeline has started the crawl run, before `start()` yields a
request). Portals another live run holds are dropped from the spider and counted (`nianbao/locked_portals`);
a job left with no portal closes at once with the reason `portal_locked`. The locks are let go when the
spider closes, and a heartbeat thread refreshes them meanwhile. Should another run take a lock over (this
job's heartbeats stopped for longer than the timeout, e.g. the database was out of reach), the job closes
(`portal_lock_lost`) rather than crawl a portal alongside it.
"""

from __future__ import annotations

import logging
from contextlib import ExitStack
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import CloseSpider, NotConfigured
from scrapy.utils.defer import deferred_from_coro

from nianbao.archive.locks import HEARTBEAT_EVERY, STALE_AFTER, HeldLocks, portal_locks
from nianbao.crawl_session import archive_for

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

LOCKED_REASON = "portal_locked"
LOST_REASON = "portal_lock_lost"


class PortalLockExtension:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.stale_after = timedelta(seconds=settings.getfloat("NIANBAO_LOCK_STALE_AFTER",
                                                               STALE_AFTER.total_seconds()))
        self.heartbeat_every = timedelta(seconds=settings.getfloat("NIANBAO_LOCK_HEARTBEAT",
                                                                   HEARTBEAT_EVERY.total_seconds()))
        self.held: HeldLocks | None = None
        self._stack = ExitStack()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PortalLockExtension:
        if not crawler.settings.getbool("NIANBAO_PORTAL_LOCKS", True):
            raise NotConfigured("NIANBAO_PORTAL_LOCKS is off")
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Any) -> None:
        portals: dict[str, Any] = getattr(spider, "portals", {})
        self.held = self._stack.enter_context(portal_locks(
            archive_for(self.crawler), list(portals), getattr(spider, "run_id", None), skip_locked=True,
            stale_after=self.stale_after, heartbeat_every=self.heartbeat_every, on_lost=self._lost))
        for portal, holder in self.held.skipped.items():
            logger.warning("portal %s skipped: it is being crawled by another run (%s)", portal, holder)
            portals.pop(portal, None)
            getattr(spider, "adapters", {}).pop(portal, None)
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("nianbao/locked_portals")
        if not portals:
            raise CloseSpider(LOCKED_REASON)
        logger.info("portal locks held: %s", " ".join(self.held.portals))

    def _lost(self, portals: set[str]) -> None:
        """Heartbeat thread: hand the closing to the reactor's thread, where Scrapy's engine lives."""
        from twisted.internet import reactor

        logger.error("portal locks taken over by another run: %s; closing this job", " ".join(sorted(portals)))
        reactor.callFromThread(self._close, LOST_REASON)  # type: ignore[attr-defined]

    def _close(self, reason: str) -> None:
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason=reason))

    def spider_closed(self, spider: Any, reason: str) -> None:
        self._stack.close()  # stops the heartbeat and releases the locks
