"""Focused checks of what sibling portals do differently from the bundled five (portals.md), one reader each."""

from __future__ import annotations

import json
from pathlib import Path

from scrapy.http import HtmlResponse

from nianbao.crawler.encoding import readable
from nianbao.crawler.platforms import load_platform
from nianbao.crawler.platforms.base import static_pages
from nianbao.crawler.portals import load_portals
from nianbao.extractor.formats.charset import decode_html
from tests.crawler.pages import REPORT_BODY, response, text_response

Y = "http://www.ycq.gov.cn/zwgk/xxgknb/2021nxxgk/2021bmxxgknb/"
OLD = "http://www.jiaxiang.gov.cn/XXGK/jcms_files/jcms1/web1/site/art/2023/1/19/art_2201_1.html"
TITLE = "嘉祥县嘉祥街道办事处2022年政府信息公开工作年度报告"
OLD_PAGE = f"<html><head><title>{TITLE}</title></head><body><table><tr><td>{REPORT_BODY}</td></tr></table></body>"


def _pager(script: str) -> str:
    return f"""<html><head><title>部门单位年报</title></head><body><ul class="list"></ul>
    <div class="page"><script type="text/javascript">{script}</script></div></body></html>"""


def test_a_trs_pager_that_passes_variables_is_read_like_one_that_passes_numbers() -> None:
    template = """var currentPage = {current};//所在页从0开始
    var prevPage = currentPage-1//上一页
    var nextPage = currentPage+1//下一页
    var countPage = 3//共多少页
    createPageHTML(countPage, currentPage, "index", "html");"""
    first = response(f"{Y}index.html", _pager(template.format(current=0)))
    assert static_pages(first) == [f"{Y}index_1.html", f"{Y}index_2.html"]
    later = response(f"{Y}index_1.html", _pager(template.format(current=1)))
    assert static_pages(later) == []  # only the first page announces the others


def test_a_pager_variable_is_the_value_assigned_before_the_call() -> None:
    script = 'var countPage = 2; var currentPage = 0; createPageHTML(countPage, currentPage, "index", "shtml");'
    script += " countPage = 9;"  # reassigned afterwards: not what the call saw
    assert static_pages(response(f"{Y}index.shtml", _pager(script))) == [f"{Y}index_1.shtml"]


def test_a_pager_whose_variables_cannot_be_read_announces_nothing() -> None:
    script = 'createPageHTML(window.pages, currentPage, "index", "html");'
    assert static_pages(response(f"{Y}index.html", _pager(script))) == []


def test_a_gbk_page_served_as_iso_8859_1_is_read_as_gb18030() -> None:
    """Old JSP servers answer `charset=ISO-8859-1` whatever the page is in; Latin decodes every byte, so the
    mojibake has no replacement character to give it away."""
    wrong = HtmlResponse(OLD, body=OLD_PAGE.encode("gbk"), headers={"Content-Type": "text/html;charset=ISO-8859-1"})
    assert wrong.encoding == "cp1252" and "\ufffd" not in wrong.text and TITLE not in wrong.text
    fixed = readable(wrong)
    assert fixed.encoding == "gb18030" and TITLE in fixed.text and fixed.body == wrong.body
    assert load_platform("hanweb").recognize(fixed).is_report


def test_a_gbk_page_declaring_nothing_is_read_as_gbk() -> None:
    page = HtmlResponse(OLD, body=OLD_PAGE.encode("gbk"), headers={"Content-Type": "text/html"})
    assert TITLE in readable(page).text


def test_a_latin_page_is_left_alone() -> None:
    text = "<html><head><title>Café</title></head><body><p>Déjà vu, naïve résumé, São Paulo.</p></body></html>"
    page = HtmlResponse(OLD, body=text.encode("cp1252"), headers={"Content-Type": "text/html;charset=ISO-8859-1"})
    assert readable(page) is page


def test_the_extractor_reads_a_gbk_or_utf8_page_served_as_iso_8859_1_in_its_real_encoding() -> None:
    for real, codec in (("gbk", "gb18030"), ("utf-8", "utf-8")):
        text, used, warnings = decode_html(OLD_PAGE.encode(real), "text/html;charset=ISO-8859-1")
        assert (used, TITLE in text) == (codec, True), real
        assert any("does not fit" in w for w in warnings)
    latin = "<p>Déjà vu, naïve résumé</p>"
    assert decode_html(latin.encode("cp1252"), "text/html;charset=ISO-8859-1")[:2] == (latin, "iso8859-1")


def _search_answer(names: list[str], **counts: int) -> str:
    docs = [{"subject": f"青州市{n}2024年政府信息公开工作年度报告", "url": f"/detail/front/details/temp{i}.html"}
            for i, n in enumerate(names)]
    return json.dumps({"code": 200, "data": {"resultDocs": docs, **counts}}, ensure_ascii=False)


def test_a_search_service_that_pages_by_fewer_than_asked_is_followed_by_its_page_count_or_total() -> None:
    [qingzhou] = [p for p in load_portals(Path(__file__).with_name("siblings.toml")) if p.name == "qingzhou"]
    weifang = load_platform("weifang")
    [search] = [x for x in weifang.start(qingzhou) if x.shape == "els-search"]
    assert search.url == "http://www.qingzhou.gov.cn/xxgk/els-service/search/new/1/20"

    def following(answer: str) -> list[str]:
        leads = weifang.parse_list(text_response(search.url, answer), search, qingzhou)
        return [x.url for x in leads if x.shape == "els-search"]

    nxt = ["http://www.qingzhou.gov.cn/xxgk/els-service/search/new/2/20"]
    assert following(_search_answer(["王府街道", "益都街道"], pages=3, total=5)) == nxt  # 2 served, 20 asked
    assert following(_search_answer(["王府街道", "益都街道"], total=5)) == nxt
    assert following(_search_answer(["王府街道", "益都街道"], pages=1, total=2)) == []
    assert following(_search_answer(["王府街道", "益都街道"])) == []  # says nothing: a short page is the last
    assert following(_search_answer([], pages=3)) == []  # an empty page ends the list whatever it claims
