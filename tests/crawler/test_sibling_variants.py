"""Focused checks of what sibling portals do differently from the bundled five (portals.md), one reader each."""

from __future__ import annotations

from crawler.platforms.base import static_pages
from tests.crawler.pages import response

Y = "http://www.ycq.gov.cn/zwgk/xxgknb/2021nxxgk/2021bmxxgknb/"


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
