"""One archive per crawl, shared by the spider, middlewares, extensions and pipelines of that crawl.

Here, below both crawler/ and pipelines/, because both need the same handle and neither may import the
other. Opened lazily from the crawler's settings (so a test crawl points at its own SQLite file) and closed
when the engine stops. The first use may come from a worker thread (the spider and the cache middleware read
the archive off the reactor thread), so opening it is done once, under a lock.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from scrapy import signals

from nianbao.archive import Archive

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

_ATTRIBUTE = "nianbao_archive"
_OPENING = threading.Lock()


def archive_for(crawler: Crawler) -> Archive:
    archive: Archive | None = getattr(crawler, _ATTRIBUTE, None)
    if archive is not None:
        return archive
    with _OPENING:
        archive = getattr(crawler, _ATTRIBUTE, None)
        if archive is None:
            archive = Archive.open(crawler.settings.get("NIANBAO_DATABASE_URL"))
            setattr(crawler, _ATTRIBUTE, archive)
            crawler.signals.connect(lambda: _close(crawler), signal=signals.engine_stopped, weak=False)
    return archive


def _close(crawler: Crawler) -> None:
    archive: Archive | None = getattr(crawler, _ATTRIBUTE, None)
    if archive is not None:
        archive.close()
        setattr(crawler, _ATTRIBUTE, None)
