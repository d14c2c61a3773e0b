"""Scrapy settings of a Scrapyd node: the crawl's own settings, with the portal lock extension switched on.

Scrapyd runs it through the `[settings]` section of its configuration (`nianbao = nianbao.crawler.scaleout.settings`),
so a node needs nianbao installed, no egg deployed (docs/scale-out.md).
"""

from nianbao.crawler import settings as _crawl
from nianbao.crawler.settings import *  # noqa: F403 (a settings module extends another by star import, as Scrapy's do)

EXTENSIONS = {**getattr(_crawl, "EXTENSIONS", {}), "nianbao.crawler.scaleout.locking.PortalLockExtension": 100}
