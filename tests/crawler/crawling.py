"""Running real crawls in-process against the replicas, and reading what they left in the archive."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from scrapy.crawler import AsyncCrawlerRunner
from scrapy.settings import Settings

from archive import Archive, NotFound
from crawler.spiders.portals import PortalSpider


def crawl_settings(database_url: str, extract: bool = True, **overrides: Any) -> Settings:
    """The project's settings with politeness off (loopback replicas) and the archive at `database_url`."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.setdict({
        "NIANBAO_DATABASE_URL": database_url,
        "NIANBAO_EXTRACT": extract,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        "RETRY_BACKOFF_BASE": 0.05,
        "LOG_LEVEL": "WARNING",
        **overrides,
    }, priority="cmdline")
    return settings


async def run_crawl(database_url: str, proxy: str, extract: bool = True, **spider_args: Any) -> dict[str, Any]:
    """One crawl through the replica proxy; returns the crawl's stats."""
    os.environ["http_proxy"] = proxy
    runner = AsyncCrawlerRunner(crawl_settings(database_url, extract))
    crawler = runner.create_crawler(PortalSpider)
    await crawler.crawl_async(**spider_args)
    assert crawler.stats is not None
    return crawler.stats.get_stats()


def manifest(server: Any) -> list[dict[str, Any]]:
    return [m if isinstance(m, dict) else m.__dict__ for m in server.manifest()]


def document_id(archive: Archive, url: str) -> int | None:
    try:
        return archive.resolve(url)
    except NotFound:
        return None


def expected_urls(entries: Iterable[dict[str, Any]]) -> set[str]:
    urls: set[str] = set()
    for m in entries:
        urls |= {m["page_url"], m["document_url"], *m["alias_urls"], *m["attachment_urls"], *m["image_urls"]}
    return urls


def rows(archive: Archive, sql: str, **params: Any) -> list[Any]:
    with archive.engine.connect() as conn:
        return list(conn.execute(sa.text(sql), params).all())
