"""Discovery from home pages alone on the replicas: the bundled five and the sibling portals entered with only
a name and a home page (`home_pages.toml`: no platform, no column URL, no domains) are crawled with recall
100 %, nothing but reports archived, and what discovery understood recorded in the stats — the report columns
taken, with score and why, and the platform fingerprinted (crawler.discovery, docs/discovery.md)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from nianbao.archive import Archive
from nianbao.crawler.portals import load_portals
from nianbao.replicas.server import ReplicaServer
from tests.crawler.crawling import document_id, expected_urls, manifest, rows, run_crawl, unarchived

pytestmark = [pytest.mark.slow, pytest.mark.browser]
PORTALS_FILE = Path(__file__).with_name("home_pages.toml")
#: What the pages show: the adapters' platforms, found without being named (laocheng is a 洛阳-style site).
PLATFORMS = {
    "wenshang": "hanweb",
    "yanzhou": "hanweb",
    "jiaxiang": "hanweb",
    "zzszq": "trs",
    "ycq": "trs",
    "linqu": "weifang",
    "qingzhou": "weifang",
    "xigong": "luoyang",
    "laocheng": "luoyang",
}


@pytest.fixture(scope="module")
def server() -> Iterator[ReplicaServer]:
    with ReplicaServer(port=0, siblings=True) as srv:
        yield srv


def test_the_entries_are_home_pages_alone() -> None:
    portals = load_portals(PORTALS_FILE)
    assert {p.name for p in portals} == set(PLATFORMS)
    assert all(
        p.platform == "generic" and len(p.start_urls) == 1 and p.start_urls[0].endswith(".gov.cn/") for p in portals
    )


@deferred_f_from_coro_f
async def test_every_report_found_from_the_home_page_alone(server: ReplicaServer, tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    entries = manifest(server)
    assert {m["portal"] for m in entries} == set(PLATFORMS)
    stats = await run_crawl(
        database_url, server.proxy_url, extract=False, portals_file=str(PORTALS_FILE), revisit_after=0
    )
    archive = Archive.open(database_url)
    # recall 100 %: every report's page and document, with every attachment and image ...
    assert unarchived(archive, entries) == []
    for m in entries:
        for alias in m["alias_urls"]:  # the doubly linked Hanweb attachment is still one document
            assert document_id(archive, alias) == document_id(archive, m["document_url"]), m["report_id"]
    # ... and nothing else archived (no notice about reports, no list page, no news)
    expected = {document_id(archive, u) for u in expected_urls(entries)}
    documents = rows(archive, "SELECT document_id, url FROM documents")
    assert [d.url for d in documents if d.document_id not in expected] == []
    assert stats.get("nianbao/fetch_errors", 0) == 0
    # what discovery understood, per portal: the platform its pages show, the columns taken and why
    for name, platform in PLATFORMS.items():
        assert stats[f"nianbao/discovery/{name}/platform"] == platform, name
        columns = stats[f"nianbao/discovery/{name}/columns"]
        assert all({"url", "title", "score", "why"} <= set(c) and c["why"] for c in columns), name
    assert stats["nianbao/discovery/laocheng/columns"][0]["url"] == "http://www.laocheng.gov.cn/zwgk/ndbg/"
    archive.close()
