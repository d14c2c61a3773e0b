"""The size cap: a response bigger than DOWNLOAD_MAXSIZE is cut off, logged as refused with its size, not
archived, and the crawl goes on (crawler/settings.py; the replicas' `huge` fault streams the body)."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.crawler import AsyncCrawlerRunner
from scrapy.settings import Settings
from scrapy.utils.defer import deferred_f_from_coro_f

from nianbao.archive import Archive
from nianbao.crawler.run import IMPOLITE, crawl_settings
from nianbao.crawler.spiders.portals import PortalSpider
from nianbao.replicas import ReplicaServer
from tests.crawler.crawling import document_id, run_crawl
from tests.reliability.traps import (
    Trap,
    allow_robots,
    page,
    portals_file,
    reasons,
    report_with,
    serve,
)

MIB = 1024 * 1024


def test_the_crawl_runs_with_the_cap_its_settings_name() -> None:
    """200 MiB, far under Scrapy's own 1 GiB; the fast settings of tests and benches leave it alone."""
    for settings in (crawl_settings(), crawl_settings(overrides=IMPOLITE)):
        crawler = AsyncCrawlerRunner(settings).create_crawler(PortalSpider)
        assert crawler.settings.getint("DOWNLOAD_MAXSIZE") == 200 * MIB
        assert crawler.settings.getint("DOWNLOAD_WARNSIZE") == 64 * MIB
        assert crawler.settings.getint("DOWNLOAD_MAXSIZE") < Settings().getint("DOWNLOAD_MAXSIZE")
        # a size cap that ends in a retry would download the monster four times
        retried = {str(e) for e in crawler.settings.getlist("RETRY_EXCEPTIONS")}
        assert not any("Cancelled" in e for e in retried)


@pytest.mark.slow
@deferred_f_from_coro_f
async def test_responses_over_the_cap_are_refused_with_their_size_and_the_crawl_goes_on(
    trap_server: ReplicaServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trap = Trap("huge")
    allow_robots(trap_server, trap)
    # several hundred MB, one announced by Content-Length and one that only stops when the client hangs up
    trap_server.inject(trap.pattern("announced.pdf"), "huge", size=700 * MIB)
    trap_server.inject(trap.pattern("unannounced.pdf"), "huge", size=700 * MIB, declare_size=False)
    serve(trap_server, trap, "small.docx", "a small attachment, under the cap", content_type="application/octet-stream")
    serve(trap_server, trap, "report.html", report_with(trap, "announced.pdf", "unannounced.pdf", "small.docx"))
    serve(trap_server, trap, "", page("政府信息公开年报", [("/report.html", "某局2025年政府信息公开工作年度报告")]))
    # the cap lowered so the test is fast: the mechanism is the one the 200 MiB default uses
    monkeypatch.setattr(
        "tests.crawler.crawling.IMPOLITE", {**IMPOLITE, "DOWNLOAD_MAXSIZE": 2 * MIB, "DOWNLOAD_WARNSIZE": MIB}
    )
    database_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    stats = await run_crawl(
        database_url,
        trap_server.proxy_url,
        extract=False,
        portals=[trap.name],
        portals_file=str(portals_file(tmp_path, [trap])),
    )

    with Archive.open(database_url) as archive:
        refused = reasons(archive)
        announced, unannounced = refused[trap.url("announced.pdf")], refused[trap.url("unannounced.pdf")]
        assert "DownloadCancelledError" in announced and f"{700 * MIB} bytes" in announced, announced
        assert "larger than download max size (2097152)" in announced
        assert "more than the size cap of 2097152 bytes" in unannounced, unannounced
        for url in (trap.url("announced.pdf"), trap.url("unannounced.pdf")):
            assert document_id(archive, url) is None, f"{url} over the cap was archived"
        # the crawl went on: the report page and its small attachment are in the archive
        assert document_id(archive, trap.url("report.html")) is not None
        assert document_id(archive, trap.url("small.docx")) is not None
        assert not reasons(archive, "error")
    # asked once each (never retried), and cut off long before the end
    big = [r for r in trap_server.requests() if r.url.endswith(".pdf")]
    assert sorted(r.url for r in big) == [trap.url("announced.pdf"), trap.url("unannounced.pdf")]
    assert all(r.size < 100 * MIB for r in big), [(r.url, r.size) for r in big]
    assert stats.get("nianbao/refused") == 2
