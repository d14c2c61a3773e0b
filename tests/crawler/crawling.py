"""Running real crawls in-process against the replicas, and reading what they left in the archive."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from scrapy.crawler import AsyncCrawlerRunner

from nianbao.archive import Archive, NotFound
from nianbao.crawler.run import IMPOLITE, crawl_settings
from nianbao.crawler.spiders.portals import PortalSpider


async def run_crawl(
    database_url: str, proxy: str, extract: bool = True, settings: dict[str, Any] | None = None, **spider_args: Any
) -> dict[str, Any]:
    """One crawl through the replica proxy, politeness off (and `settings` on top); returns the crawl's stats."""
    os.environ["http_proxy"] = proxy
    overrides = {**IMPOLITE, "NIANBAO_EXTRACT": extract, "LOG_LEVEL": "WARNING", **(settings or {})}
    runner = AsyncCrawlerRunner(crawl_settings(database_url, overrides=overrides))
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


def unarchived(archive: Archive, entries: Iterable[dict[str, Any]]) -> list[str]:
    """The reports' pages, documents, attachments and images of which the archive holds no version."""
    missing = []
    for m in entries:
        for url in (m["page_url"], m["document_url"], *m["attachment_urls"], *m["image_urls"]):
            found = document_id(archive, url)
            if found is None or not archive.versions(found):
                missing.append(f"{m['report_id']}: {url}")
    return missing


def rows(archive: Archive, sql: str, **params: Any) -> list[Any]:
    with archive.engine.connect() as conn:
        return list(conn.execute(sa.text(sql), params).all())
