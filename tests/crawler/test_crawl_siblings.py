"""A new portal on a known platform is a config entry: the real spider crawls sibling replicas it was never
tuned on (other column ids and folders, GET-only Hanweb paging, old GBK pages declaring no charset or served as
ISO-8859-1, TRS bodies in .Custom_UnionStyle under a variable-driven pager, WPS and DOC attachments, a portal of
no known platform with an `ndbg` column, a 潍坊 search service that pages by 2 whatever size is asked and answers
site-relative long-id detail URLs) from the entries of `siblings.toml` alone, with recall 100 % and every
report's numbers extracted right."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from nianbao.archive import Archive
from nianbao.crawler.portals import load_portals
from nianbao.replicas.catalogue import SIBLINGS
from nianbao.replicas.server import ReplicaServer
from tests.crawler.crawling import document_id, expected_urls, manifest, rows, run_crawl, unarchived

pytestmark = pytest.mark.slow
PORTALS_FILE = Path(__file__).with_name("siblings.toml")


@pytest.fixture(scope="module")
def server() -> Iterator[ReplicaServer]:
    with ReplicaServer(port=0, siblings=True) as srv:
        yield srv


def test_the_sibling_entries_name_every_sibling_replica() -> None:
    assert {p.name for p in load_portals(PORTALS_FILE)} == set(SIBLINGS)


@deferred_f_from_coro_f
async def test_sibling_portals_are_crawled_with_full_recall_from_their_entries_alone(
    server: ReplicaServer, tmp_path: Path
) -> None:
    database_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    entries = [m for m in manifest(server) if m["portal"] in SIBLINGS]
    assert {m["portal"] for m in entries} == set(SIBLINGS)
    server.clear_log()
    stats = await run_crawl(database_url, server.proxy_url, portals_file=str(PORTALS_FILE), revisit_after=0)
    archive = Archive.open(database_url)

    # recall 100 %: every report's page and document, with every attachment and image ...
    assert unarchived(archive, entries) == []
    for m in entries:
        for alias in m["alias_urls"]:  # the doubly linked attachment is one document
            assert document_id(archive, alias) == document_id(archive, m["document_url"]), m["report_id"]
    # ... and nothing else archived as a report (or at all)
    expected = {document_id(archive, u) for u in expected_urls(entries)}
    documents = rows(archive, "SELECT document_id, url, kind FROM documents")
    assert [d.url for d in documents if d.document_id not in expected] == []
    # every report page and file extracted, the GBK page read as GBK
    unextracted = rows(archive, """SELECT url FROM documents WHERE kind IN ('page', 'attachment')
                                   AND extractor_version IS NULL""")
    assert unextracted == []
    cells = "SELECT cell_key, value FROM report_cells WHERE document_id = :d"
    misread = {}
    for m in entries:
        found = {r.cell_key: r.value for r in rows(archive, cells, d=document_id(archive, m["document_url"]))}
        wrong = sorted(k for k, v in m["truth"].items() if found.get(k) != pytest.approx(v))
        if wrong:
            misread[m["report_id"]] = (m["form"], len(wrong), len(m["truth"]), wrong[:5])
    assert misread == {}
    assert stats.get("nianbao/fetch_errors", 0) == 0

    # the sibling quirks were really met: the refused POST paging was replaced by GET ?page=N
    asked = server.requests()
    proxy = [r for r in asked if urlsplit(r.url).path.endswith("/dataproxy.jsp") and "jiaxiang" in r.url]
    assert {(r.method, r.status) for r in proxy} == {("POST", 405), ("GET", 200)}
    assert any(urlsplit(r.url).path.endswith("/index_1.html") and "ycq" in r.url for r in asked)
    assert any(urlsplit(r.url).path == "/zwgk/ndbg/index_3.html" and "laocheng" in r.url for r in asked)
    search = [r for r in asked if "qingzhou" in r.url and "/els-service/search/new/" in r.url]
    assert {(r.method, r.status) for r in search} == {("POST", 200)}
    assert {urlsplit(r.url).path.rsplit("/", 2)[-2] for r in search} == {"1", "2", "3"}  # 5 reports, 2 a page
    archive.close()
