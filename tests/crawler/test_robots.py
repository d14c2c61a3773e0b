"""robots.txt is obeyed: the 市中区 replica disallows a drafts folder its report column links, and the crawl
never asks for it while still finding every report."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse
from scrapy.utils.defer import deferred_f_from_coro_f

from nianbao.archive import Archive
from nianbao.crawler.platforms import load_platform
from nianbao.crawler.platforms.base import Lead, Role
from nianbao.crawler.portals import load_portals
from nianbao.replicas.portals.trs import DRAFTS
from nianbao.replicas.server import ReplicaServer
from tests.crawler.crawling import document_id, expected_urls, manifest, rows, run_crawl
from tests.replicas.client import fetch

PORTAL = "zzszq"
COLUMN = "http://www.zzszq.gov.cn/zw/gknb/index.html"


@pytest.fixture(scope="module")
def server() -> Iterator[ReplicaServer]:
    with ReplicaServer(port=0) as srv:
        yield srv


def test_the_disallowed_folder_is_linked_and_the_adapter_would_walk_into_it(server: ReplicaServer) -> None:
    """Without robots.txt the crawl would go there: the column links it and the adapter follows the link."""
    robots = fetch(server.port, "http://www.zzszq.gov.cn/robots.txt")
    assert robots.status == 200 and f"Disallow: {DRAFTS}" in robots.text
    column = fetch(server.port, COLUMN)
    assert fetch(server.port, f"http://www.zzszq.gov.cn{DRAFTS}index.html").status == 200
    [portal] = [p for p in load_portals() if p.name == PORTAL]
    response = HtmlResponse(COLUMN, body=column.body, encoding="utf-8")
    leads = load_platform(portal.platform).parse_list(response, Lead(COLUMN, Role.LIST), portal)
    assert any(DRAFTS in lead.url and lead.role is Role.LIST for lead in leads)


@pytest.mark.slow
@deferred_f_from_coro_f
async def test_the_crawl_obeys_robots_txt_and_still_finds_every_report(server: ReplicaServer, tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    server.clear_log()
    await run_crawl(database_url, server.proxy_url, extract=False, portals=PORTAL)

    asked = [r.url for r in server.requests()]
    assert "http://www.zzszq.gov.cn/robots.txt" in asked
    assert [url for url in asked if DRAFTS in url] == []
    archive = Archive.open(database_url)
    # the fetch log says why the linked folder was left alone; it is no error of the portal
    refusals = rows(archive, "SELECT url, outcome, error FROM fetch_record WHERE url LIKE :d", d=f"%{DRAFTS}%")
    assert refusals and all(r.outcome == "refused" and "robots.txt" in r.error for r in refusals)
    [run] = rows(archive, "SELECT errors FROM crawl_runs")
    assert run.errors == 0

    entries = [m for m in manifest(server) if m["portal"] == PORTAL]
    for m in entries:  # recall 100 %
        for url in (m["page_url"], m["document_url"], *m["attachment_urls"], *m["image_urls"]):
            found = document_id(archive, url)
            assert found is not None and archive.versions(found), f"{m['report_id']}: {url} not archived"
    expected = {document_id(archive, u) for u in expected_urls(entries)}
    documents = rows(archive, "SELECT document_id, url FROM documents")
    assert [d.url for d in documents if d.document_id not in expected] == []  # nothing else, no draft
    archive.close()


@pytest.mark.slow
@deferred_f_from_coro_f
async def test_a_portal_entered_with_https_it_refuses_is_crawled_over_http_under_the_http_robots_txt(
    server: ReplicaServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entry says https (as a user would write it today); the portal refuses HTTPS (the replica proxy
    tunnels nothing), so the crawl goes over plain HTTP — and obeys the http robots.txt, which a robots.txt
    cache per host would have skipped once the https one failed."""
    bundled = (Path(__file__).parents[2] / "crawler" / "portals.toml").read_text(encoding="utf-8")
    entry = "[[portal]]" + next(e for e in bundled.split("[[portal]]") if f'name = "{PORTAL}"' in e)
    portals_file = tmp_path / "portals.toml"
    portals_file.write_text(entry.replace("http://", "https://"), encoding="utf-8")
    assert "http://" not in portals_file.read_text(encoding="utf-8")
    database_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    monkeypatch.setenv("https_proxy", server.proxy_url)  # HTTPS goes to the proxy too, which refuses CONNECT
    server.clear_log()
    stats = await run_crawl(database_url, server.proxy_url, extract=False, portals=PORTAL,
                            portals_file=str(portals_file))

    asked = server.requests()
    assert any(r.method == "CONNECT" for r in asked)  # HTTPS was tried first
    assert "http://www.zzszq.gov.cn/robots.txt" in [r.url for r in asked]
    assert [r.url for r in asked if DRAFTS in r.url] == []
    archive = Archive.open(database_url)
    entries = [m for m in manifest(server) if m["portal"] == PORTAL]
    missing = [u for u in expected_urls(entries) if document_id(archive, u) is None]
    assert missing == []  # recall 100 %
    assert stats.get("nianbao/fetch_errors", 0) == 0
    archive.close()
