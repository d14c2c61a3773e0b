"""PortalLockExtension inside a real crawl: a portal another run holds is skipped, the rest is crawled."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from scrapy.crawler import AsyncCrawlerRunner
from scrapy.settings import Settings
from scrapy.utils.defer import deferred_f_from_coro_f

from nianbao.archive import Archive
from nianbao.archive.locks import locks, portal_locks
from nianbao.crawler.run import IMPOLITE
from nianbao.crawler.spiders.portals import PortalSpider
from nianbao.models import PortalLock
from nianbao.replicas.server import ReplicaServer
from tests.crawler.crawling import rows

pytestmark = [pytest.mark.slow]


@pytest.fixture
def server() -> Iterator[ReplicaServer]:
    with ReplicaServer(port=0) as srv:
        yield srv


async def node_crawl(database_url: str, proxy: str, portals: list[str]) -> dict[str, Any]:
    """A crawl as a Scrapyd node runs it: the crawler.scaleout.settings module, politeness off."""
    os.environ["http_proxy"] = proxy
    settings = Settings()
    settings.setmodule("nianbao.crawler.scaleout.settings", priority="project")
    settings.setdict({**IMPOLITE, "NIANBAO_DATABASE_URL": database_url, "NIANBAO_EXTRACT": False,
                      "LOG_LEVEL": "WARNING", "NIANBAO_LOCK_HEARTBEAT": 0.2}, priority="cmdline")
    crawler = AsyncCrawlerRunner(settings).create_crawler(PortalSpider)
    await crawler.crawl_async(portals=portals, revisit_after=0)
    assert crawler.stats is not None
    return crawler.stats.get_stats()


@deferred_f_from_coro_f
async def test_a_held_portal_is_skipped_and_the_others_crawled(server: ReplicaServer, archive: Archive,
                                                               database_url: str) -> None:
    with portal_locks(archive, ["wenshang"]) as other_run:
        stats = await node_crawl(database_url, server.proxy_url, ["wenshang", "zzszq"])
        # while it ran, the crawl held zzszq; now only the other run's lock is left
        assert [(row.portal, row.holder) for row in locks(archive.engine)] == [("wenshang", str(other_run.holder))]
    assert stats["nianbao/locked_portals"] == 1
    assert stats.get("nianbao/portal/zzszq/reports", 0) >= 13
    portals = {r.portal for r in rows(archive, "SELECT DISTINCT portal FROM documents")}
    assert portals == {"zzszq"}  # nothing of wenshang fetched
    [run] = rows(archive, "SELECT run_id, finished FROM crawl_runs")
    assert run.finished is not None


@deferred_f_from_coro_f
async def test_a_job_whose_every_portal_is_held_closes_at_once(server: ReplicaServer, archive: Archive,
                                                               database_url: str) -> None:
    with portal_locks(archive, ["xigong"]):
        stats = await node_crawl(database_url, server.proxy_url, ["xigong"])
    assert stats["finish_reason"] == "portal_locked"
    assert stats.get("downloader/request_count", 0) == 0
    assert rows(archive, "SELECT url FROM documents") == []


@deferred_f_from_coro_f
async def test_a_job_whose_lock_is_taken_over_stops(server: ReplicaServer, archive: Archive,
                                                    database_url: str) -> None:
    table = PortalLock.__table__

    def take_over() -> None:  # another run deciding this job's lock is stale, while the job crawls
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with archive.engine.begin() as conn:
                if conn.execute(table.update().where(table.c.portal == "zzszq")
                                .values(holder="elsewhere.example:1:usurper")).rowcount:
                    return
            time.sleep(0.05)

    usurper = threading.Thread(target=take_over)
    usurper.start()
    stats = await node_crawl(database_url, server.proxy_url, ["zzszq"])
    usurper.join()
    assert stats["finish_reason"] == "portal_lock_lost"
    assert [row.holder for row in locks(archive.engine)] == ["elsewhere.example:1:usurper"]  # not released
