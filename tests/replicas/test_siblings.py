"""The sibling replicas (World(siblings=True)) differ from the bundled five the ways portals.md says siblings may,
and serving them changes nothing of the bundled five."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from nianbao.replicas import ReplicaServer
from nianbao.replicas.catalogue import PORTALS, SIBLINGS
from nianbao.replicas.site import ManifestEntry
from nianbao.replicas.world import World
from tests.replicas.client import fetch


@pytest.fixture(scope="module")
def server() -> Iterator[ReplicaServer]:
    with ReplicaServer(port=0, slow_seconds=0.0, siblings=True) as srv:
        yield srv


def _entries(server: ReplicaServer, portal: str) -> list[ManifestEntry]:
    return [m for m in server.manifest() if m.portal == portal]


def test_serving_siblings_leaves_the_bundled_replicas_byte_identical(server: ReplicaServer) -> None:
    alone = World(slow_seconds=0.0)
    assert set(server.world.sites) == set(alone.sites) | {p.host for p in SIBLINGS.values()}
    for host, site in alone.sites.items():
        with_siblings = server.world.sites[host].resources
        assert sorted(site.resources) == sorted(with_siblings), host
        for path, res in site.resources.items():
            other = with_siblings[path]
            assert (res.body, res.status, res.content_type, res.headers, res.last_modified) == (
                other.body, other.status, other.content_type, other.headers, other.last_modified
            ), f"{host}{path}"
    bundled = [m.to_json() for m in server.manifest() if m.portal in PORTALS]
    assert bundled == alone.manifest_json()


def test_the_hanweb_sibling_pages_its_column_by_get_only(server: ReplicaServer) -> None:
    column = fetch(server.port, "http://www.jiaxiang.gov.cn/col/col41052/index.html").text
    total = int(re.search(r"totalRecord:(\d+)", column).group(1))
    embedded = column.count("<record>")
    assert embedded == 5 < total  # one page embedded, the rest only through dataproxy.jsp
    proxy = "http://www.jiaxiang.gov.cn/module/web/jpage/dataproxy.jsp"
    refused = fetch(server.port, f"{proxy}?startrecord=6&endrecord=10&perpage=5", method="POST",
                    form={"columnid": "41052", "webid": "41", "unitid": "305114"})
    assert refused.status == 405 and refused.headers["allow"] == "GET"
    pages = [fetch(server.port, f"{proxy}?page={n}&webid=41&columnid=41052&unitid=305114").text
             for n in range(2, 5)]
    assert sum(p.count("<record>") for p in pages) == total - embedded
    later = "".join(pages)
    assert [m for m in _entries(server, "jiaxiang") if urlsplit(m.page_url).path in later]  # reports beyond page 1
    # no xxgk catalogue on this site, attachments without showname
    assert fetch(server.port, "http://www.jiaxiang.gov.cn/module/xxgk/search.jsp", method="POST").status == 404
    assert all("showname=" not in u for m in _entries(server, "jiaxiang") for u in m.attachment_urls)


def test_the_hanweb_siblings_old_pages_are_gbk_declaring_no_charset(server: ReplicaServer) -> None:
    old = [m for m in _entries(server, "jiaxiang") if m.form == "gbk"]
    replies = [fetch(server.port, m.page_url) for m in old]
    assert sorted(r.headers["content-type"] for r in replies) == ["text/html", "text/html;charset=ISO-8859-1"]
    for m, reply in zip(old, replies, strict=True):
        assert b"charset" not in reply.body.lower() and m.title in reply.body.decode("gbk")
        with pytest.raises(UnicodeDecodeError):
            reply.body.decode("utf-8")


def test_the_trs_sibling_uses_custom_unionstyle_variable_pagers_and_word_processor_files(
    server: ReplicaServer,
) -> None:
    entries = _entries(server, "ycq")
    pages = [fetch(server.port, m.page_url).text for m in entries]
    assert all('class="Custom_UnionStyle"' in p and "TRS_Editor" not in p for p in pages)
    assert {urlsplit(m.document_url).path.rsplit(".", 1)[-1] for m in entries} >= {"wps", "doc"}
    column = fetch(server.port, "http://www.ycq.gov.cn/zwgk/xxgknb/index.html").text
    year_links = re.findall(r'<a href="\./([^"/]+)/index\.html">([^<]+)</a>', column)
    assert year_links and not any("年报" in text for _, text in year_links)  # followed by folder, not by word
    on_later_page = [m for m in entries if _listed_only_later(server, m)]
    assert on_later_page, "some report must be listed only on an index_N.html page"
    first = fetch(server.port, on_later_page[0].listed_at[0]).text
    assert "createPageHTML(countPage, currentPage" in first and "var countPage = " in first


def _listed_only_later(server: ReplicaServer, entry: ManifestEntry) -> bool:
    """Whether the report is linked from a list's index_N.html page and not from its index.html."""
    name = urlsplit(entry.page_url).path.rsplit("/", 1)[-1]
    first = entry.listed_at[0]
    later = []
    for n in range(1, 10):
        reply = fetch(server.port, first.replace("index.html", f"index_{n}.html"))
        if reply.status != 200:
            break
        later.append(reply.text)
    return name not in fetch(server.port, first).text and any(name in page for page in later)


def test_the_generic_sibling_keeps_its_reports_under_an_ndbg_column_over_several_pages(
    server: ReplicaServer,
) -> None:
    entries = _entries(server, "laocheng")
    assert {urlsplit(m.listed_at[0]).path for m in entries} == {"/zwgk/ndbg/index.html"}
    second = fetch(server.port, "http://www.laocheng.gov.cn/zwgk/ndbg/index_2.html").text
    assert any(urlsplit(m.page_url).path in second for m in entries)


def test_the_weifang_sibling_pages_its_search_by_two_with_relative_long_id_urls(server: ReplicaServer) -> None:
    entries = _entries(server, "qingzhou")
    assert all(urlsplit(m.page_url).path.startswith("/detail/front/details/temp") for m in entries)
    search = "http://www.qingzhou.gov.cn/xxgk/els-service/search/new/{page}/20"
    body = json.dumps({"fwzt": 3, "isSearch": "1", "tab": "all", "subject": "年度报告"}).encode()
    answers = [fetch(server.port, search.format(page=n), method="POST", body=body) for n in (1, 2, 3, 4)]
    data = [json.loads(a.body)["data"] for a in answers]
    assert [len(d["resultDocs"]) for d in data] == [2, 2, 1, 0]  # 20 asked, 2 served: several pages
    assert data[0]["pages"] == 3 and data[0]["total"] == len(entries) == 5
    urls = [doc["url"] for d in data for doc in d["resultDocs"]]
    assert all(u.startswith("/detail/front/details/temp") for u in urls)  # site-relative, as the site writes them
    assert sorted(f"http://www.qingzhou.gov.cn{u}" for u in urls) == sorted(m.page_url for m in entries)
    assert "wzws_sessionid=" in answers[0].headers["set-cookie"]
    shell = fetch(server.port, "http://www.qingzhou.gov.cn/xxgk/").text
    assert "青州市政府信息公开" in shell and "临朐" not in shell
