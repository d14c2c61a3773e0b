"""End to end: the real spider, through the replica proxy, into a real archive (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from archive import Archive
from replicas.server import ReplicaServer
from tests.crawler.crawling import document_id, expected_urls, manifest, rows, run_crawl

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture
def server() -> Iterator[ReplicaServer]:
    with ReplicaServer(port=0) as srv:
        yield srv


@deferred_f_from_coro_f
async def test_every_report_archived_and_extracted_then_a_second_crawl_is_mostly_304(
    server: ReplicaServer, archive: Archive, database_url: str
) -> None:
    stats = await run_crawl(database_url, server.proxy_url, revisit_after=0)
    entries = manifest(server)
    assert {m["portal"] for m in entries} == {"wenshang", "yanzhou", "zzszq", "linqu", "xigong"}

    # recall 100 %: every report's page and document, with every attachment, alias and image
    for m in entries:
        for url in (m["page_url"], m["document_url"], *m["attachment_urls"], *m["image_urls"]):
            found = document_id(archive, url)
            assert found is not None and archive.versions(found), f"{m['report_id']}: {url} not archived"
        for alias in m["alias_urls"]:  # the doubly linked attachment is one document
            assert document_id(archive, alias) == document_id(archive, m["document_url"]), m["report_id"]
    # nothing else archived
    expected = {document_id(archive, u) for u in expected_urls(entries)}
    documents = rows(archive, "SELECT document_id, url, kind FROM documents")
    assert [d for d in documents if d.document_id not in expected] == []
    # one document per attachment however many URLs link it, one version each
    assert all(r.versions == 1 for r in rows(archive, "SELECT versions FROM documents"))
    # every report page and file extracted (images are read with their page)
    unextracted = rows(archive, """SELECT d.url FROM documents d WHERE d.kind IN ('page', 'attachment')
                                   AND d.extractor_version IS NULL""")
    assert unextracted == []
    # the JavaScript list (linqu) went through Chromium, and so did the 瑞数 challenge, once
    assert stats.get("playwright/page_count", 0) >= 2
    assert stats.get("nianbao/challenges", 0) >= 1
    assert stats.get("nianbao/fetch_errors", 0) == 0
    [run] = rows(archive, "SELECT * FROM crawl_runs")
    assert run.finished is not None and run.documents_new == len(documents) and run.errors == 0

    # second crawl of unchanged replicas: nothing new, answered mostly by 304
    stats2 = await run_crawl(database_url, server.proxy_url, revisit_after=0)
    second = rows(archive, "SELECT * FROM crawl_runs ORDER BY run_id")[1]
    assert (second.documents_new, second.versions_new, second.errors) == (0, 0, 0)
    # every page and file confirmed (images of an unchanged page are not asked again)
    assert second.unchanged == second.pages_fetched >= len([d for d in documents if d.kind != "image"])
    not_modified = stats2.get("downloader/response_status_count/304", 0)
    assert not_modified >= 0.8 * second.pages_fetched, (not_modified, second.pages_fetched)
    assert all(r.versions == 1 for r in rows(archive, "SELECT versions FROM documents"))
