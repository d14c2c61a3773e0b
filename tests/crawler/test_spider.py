"""The spider's judgement on single responses, with a real SQLite archive and no network."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy.http import Headers, HtmlResponse, Request, Response
from scrapy.utils.test import get_crawler

from nianbao.archive import Archive, Fetch
from nianbao.crawler.archive_cache import NOT_MODIFIED, REVALIDATED
from nianbao.crawler.platforms.base import Lead, Role
from nianbao.crawler.revisits import RevisitPolicy
from nianbao.crawler.spiders.portals import PortalSpider
from nianbao.fetched import FetchedDocument, Outcome
from tests.crawler.pages import REPORT_BODY, hanweb_article

PAGE = "http://www.wenshang.gov.cn/art/2025/1/20/art_61950_1.html"
PDF = "http://www.wenshang.gov.cn/attach/0/0123456789abcdef0123456789abcdef.pdf"
TITLE = "汶上街道办事处2024年政府信息公开工作年度报告"
ERROR_PAGE = "<html><head><title>页面不存在</title></head><body>您访问的页面不存在</body></html>"

pytestmark = pytest.mark.db


@pytest.fixture
def spider(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    with Archive.open(url) as archive:
        now = datetime.now(UTC)
        archive.ingest(Fetch(PAGE, 200, {"Content-Type": "text/html"}, hanweb_article(TITLE).encode(), now,
                             portal="wenshang", kind="page"))
        archive.ingest(Fetch(PDF, 200, {"Content-Type": "application/pdf"}, b"%PDF-1.7 report", now,
                             portal="wenshang", kind="attachment", parent_url=PAGE))
        crawler = get_crawler(PortalSpider, {"NIANBAO_DATABASE_URL": url})
        spider = PortalSpider.from_crawler(crawler, portals="wenshang")
        spider.policy = RevisitPolicy.load(archive, ["wenshang"], spider.revisit_after)  # as start() does
    crawler.spider = spider
    yield spider
    if getattr(crawler, "nianbao_archive", None) is not None:
        crawler.nianbao_archive.close()


def _answer(spider: PortalSpider, lead: Lead, status: int, body: str | bytes, html: bool = True,
            flags: list[str] | None = None, parent: str = PAGE) -> list:
    request = Request(lead.url, meta={"lead": lead, "portal": "wenshang", "parent_url": parent,
                                      REVALIDATED: Headers({"ETag": '"v1"'})})
    cls = HtmlResponse if html else Response
    data = body.encode() if isinstance(body, str) else body
    headers = {"Content-Type": "text/html; charset=utf-8" if html else "application/pdf"}
    response = cls(lead.url, status=status, body=data, headers=headers, request=request, flags=flags)
    return list(spider.parse_lead(response))


def test_a_known_report_page_now_serving_something_else_is_gone(spider):
    [item] = _answer(spider, Lead(PAGE, Role.CANDIDATE), 200, ERROR_PAGE)
    assert isinstance(item, FetchedDocument) and item.outcome is Outcome.GONE and item.body is None


def test_a_known_report_page_answering_404_is_gone(spider):
    [item] = _answer(spider, Lead(PAGE, Role.CANDIDATE), 404, ERROR_PAGE)
    assert item.outcome is Outcome.GONE and item.status == 404


def test_an_html_error_page_where_a_known_file_was_is_gone_not_a_new_version(spider):
    [item] = _answer(spider, Lead(PDF, Role.ATTACHMENT), 200, ERROR_PAGE)
    assert item.outcome is Outcome.GONE and item.kind == "attachment"


def test_an_html_error_page_where_an_unknown_file_was_linked_is_an_error(spider):
    url = PDF.replace("0123", "9999")
    [item] = _answer(spider, Lead(url, Role.ATTACHMENT), 200, ERROR_PAGE)
    assert item.error and "soft 404" in item.error and item.outcome is Outcome.FAILED


def test_a_report_page_is_archived_with_its_attachment_requested_and_the_page_as_parent(spider):
    url = "http://www.wenshang.gov.cn/art/2026/1/20/art_61950_2.html"
    extra = '<a href="/module/download/downfile.jsp?classid=0&filename=fedcba9876543210fedcba9876543210.pdf">附件</a>'
    out = _answer(spider, Lead(url, Role.CANDIDATE), 200, hanweb_article(TITLE, extra=extra))
    [page] = [x for x in out if isinstance(x, FetchedDocument)]
    [request] = [x for x in out if isinstance(x, Request)]
    assert page.kind == "page" and page.url == url and page.body
    assert request.url.endswith("/attach/0/fedcba9876543210fedcba9876543210.pdf")
    assert request.meta["parent_url"] == url and request.meta["lead"].aliases


def test_a_file_answer_is_archived_as_it_came(spider):
    url = PDF.replace("0123", "7777")
    [item] = _answer(spider, Lead(url, Role.ATTACHMENT), 200, b"%PDF-1.7 other", html=False)
    assert item.kind == "attachment" and item.body == b"%PDF-1.7 other" and item.parent_url == PAGE


def test_a_304_answered_from_the_archive_is_a_not_modified_item_with_the_304s_headers(spider):
    [item] = _answer(spider, Lead(PDF, Role.ATTACHMENT), 200, b"%PDF-1.7 report", html=False, flags=[NOT_MODIFIED])
    assert item.outcome is Outcome.NOT_MODIFIED and item.status == 304 and item.body is None
    assert item.headers == {"Etag": '"v1"'}
    fetch = item.to_fetch(run_id=None)
    assert fetch.outcome == "not_modified" and fetch.status == 304 and fetch.body is None


def test_an_unchanged_report_page_is_not_judged_again_and_its_pictures_are_asked_for(spider):
    page = hanweb_article(TITLE, body=REPORT_BODY + '<img src="/picture/t3.png" width="600">')
    out = _answer(spider, Lead(PAGE, Role.CANDIDATE), 200, page, flags=[NOT_MODIFIED])
    [image] = [x for x in out if isinstance(x, Request)]
    assert image.url.endswith("/picture/t3.png") and PAGE in spider.pending
    assert spider.pending[PAGE].page.outcome is Outcome.NOT_MODIFIED


@pytest.mark.parametrize(("body", "changed"), [(b"\x89PNG stored", False), (b"\x89PNG replaced", True)])
def test_a_picture_is_new_when_its_digest_differs_from_the_stored_one(tmp_path: Path, body: bytes, changed: bool):
    url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    picture = "http://www.wenshang.gov.cn/picture/t3.png"
    page = hanweb_article(TITLE, body=REPORT_BODY + f'<img src="{picture}" width="600">')
    with Archive.open(url) as archive:
        now = datetime.now(UTC)
        archive.ingest(Fetch(PAGE, 200, {"Content-Type": "text/html"}, page.encode(), now, portal="wenshang"))
        archive.ingest(Fetch(picture, 200, {"Content-Type": "image/png"}, b"\x89PNG stored", now,
                             portal="wenshang", kind="image", parent_url=PAGE))
        crawler = get_crawler(PortalSpider, {"NIANBAO_DATABASE_URL": url})
        spider = PortalSpider.from_crawler(crawler, portals="wenshang")
        spider.policy = RevisitPolicy.load(archive, ["wenshang"], spider.revisit_after)
    _answer(spider, Lead(PAGE, Role.CANDIDATE), 200, page, flags=[NOT_MODIFIED])
    out = _answer(spider, Lead(picture, Role.IMAGE), 200, body, html=False, parent=PAGE)
    [page_item, image_item] = out
    assert page_item.kind == "page" and page_item.reextract is changed
    assert [r.body for r in page_item.resources] == [body] and image_item.body == body
