"""Which links are files, and what a download servlet calls its file (crawler.platforms.base): download-servlet
URLs read as attachments, Content-Disposition names as real servers send them (RFC 6266/5987, raw and
percent-encoded GBK), and crawler.middlewares.AttachmentNameMiddleware on real Scrapy responses."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from scrapy.http import Headers, HtmlResponse, Request, Response, TextResponse
from scrapy.responsetypes import responsetypes

from nianbao.crawler.middlewares import AttachmentNameMiddleware
from nianbao.crawler.platforms.base import (
    ATTACHMENT_NAME,
    Lead,
    Role,
    attachment_name,
    is_attachment_url,
    is_error_page,
    names_another_document,
)
from nianbao.crawler.platforms.generic import Generic
from tests.crawler.pages import response

NAME = "2024年某县民政局政府信息公开工作年度报告.pdf"
GBK = NAME.encode("gbk")

SERVLETS = [
    "http://www.a.gov.cn/module/download/downfile.jsp?classid=0&filename=1a2b3c.pdf",
    "http://www.a.gov.cn/attachment/download?id=123",
    "http://www.a.gov.cn/DownLoad.aspx?fileId=77",
    "http://www.a.gov.cn/xxgk/download.do?fileId=9",
    "http://www.a.gov.cn/xxgk/infoList.do?method=download&id=7",
    "http://www.a.gov.cn/servlet/FileDownloadServlet?fid=9",
    "http://www.a.gov.cn/fileserver/download?id=4&type=docx",
    "http://www.a.gov.cn/370102/download?fileId=5",
    "http://www.a.gov.cn/common/downloadFile.action?attachId=88",
    "http://www.a.gov.cn/fjxz.jsp?fjid=3",
    "http://www.a.gov.cn/index.php?m=content&c=down&a=download&id=5",
    "http://www.a.gov.cn/fileserver/download/5f3a9c2e",
    "http://www.a.gov.cn/uploadfile/2024/0118/a.PDF",
]
PAGES = [
    "http://www.a.gov.cn/download/index.html",  # a 下载中心 column
    "http://www.a.gov.cn/download/",
    "http://www.a.gov.cn/downloadCenter.jsp?cat=2",
    "http://www.a.gov.cn/download/2023",  # a year folder, not a file id
    "http://www.a.gov.cn/xxgk/infoList.do?catId=3",
    "http://www.a.gov.cn/xxgk/infoDetail.do?id=12",
    "http://www.a.gov.cn/download.html?id=3",  # an .html page is never a servlet
    "http://www.a.gov.cn/col/col1/index.html",
]


@pytest.mark.parametrize("url", SERVLETS)
def test_download_servlets_are_attachments(url: str) -> None:
    assert is_attachment_url(url)


@pytest.mark.parametrize("url", PAGES)
def test_pages_named_download_are_not(url: str) -> None:
    assert not is_attachment_url(url)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # RFC 6266: filename* wins over the ASCII fallback, whichever comes first
        (f"attachment; filename=\"report.pdf\"; filename*=UTF-8''{quote(NAME)}", NAME),
        (f"attachment; filename*=utf-8'zh-cn'{quote(NAME)}; filename=\"report.pdf\"", NAME),
        (f"attachment; filename*=GBK''{quote(GBK)}", NAME),
        # RFC 2231 continuations
        (f"attachment; filename*0*=UTF-8''{quote(NAME[:6])}; filename*1*={quote(NAME[6:])}", NAME),
        # raw bytes, as Chinese servers write them (read as Latin-1 by the HTTP stack)
        (b'attachment; filename="' + GBK + b'"', NAME),
        (b'attachment; filename="' + NAME.encode() + b'"', NAME),
        (b"attachment;filename=" + GBK, NAME),  # unquoted
        (('attachment; filename="' + NAME + '"').encode("gbk").decode("latin-1"), NAME),
        # percent-encoded in a plain filename, in UTF-8 or GBK
        (f"attachment; filename={quote(NAME)}", NAME),
        (f"attachment; filename={quote(GBK)}", NAME),
        # an RFC 2047 word (Java mail-style servers)
        ('attachment; filename="=?UTF-8?B?5bm05oqlLnBkZg==?="', "年报.pdf"),
        # directories and control characters are not part of a name
        ('attachment; filename="../../../../tmp/evil-cd.pdf"', "evil-cd.pdf"),
        ("attachment; filename*=UTF-8''..%2F..%2Fevil%00.pdf", "evil.pdf"),
        ('attachment; filename="C:\\\\docs\\\\a.doc"', "a.doc"),
        ("inline", None),
        ('attachment; filename=""', None),
    ],
)
def test_content_disposition_names(value: str | bytes, expected: str | None) -> None:
    assert attachment_name({"Content-Disposition": value}) == expected
    # Scrapy's Headers keep the bytes as they came
    raw = value if isinstance(value, bytes) else value.encode("latin-1", "strict") if value.isascii() else None
    if raw is not None:
        assert attachment_name(Headers({b"Content-Disposition": raw})) == expected


def test_no_content_disposition_no_name() -> None:
    assert attachment_name({"Content-Type": "application/pdf"}) is None
    assert attachment_name(Headers({})) is None


def _through_middleware(url: str, headers: dict[str, bytes], body: bytes) -> tuple[Request, Response]:
    """A response as Scrapy's downloader makes it (class from headers, URL and body), then the middleware."""
    request = Request(url)
    cls = responsetypes.from_args(headers=Headers(headers), url=url, body=body)
    made = cls(url=url, headers=headers, body=body, request=request)
    return request, AttachmentNameMiddleware().process_response(request, made)


def test_a_pdf_labelled_text_html_by_a_jsp_servlet_is_a_file() -> None:
    url = "http://www.a.gov.cn/xxgk/download.do?fileId=9"
    headers = {b"Content-Type": b"text/html;charset=GBK",
               b"Content-Disposition": b'attachment; filename="' + GBK + b'"'}
    request, answered = _through_middleware(url, headers, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    assert type(answered) is Response  # not an HtmlResponse: archived as the file, never read as a list
    assert request.meta[ATTACHMENT_NAME] == NAME
    assert not is_error_page(answered, url)


def test_an_html_error_page_from_a_servlet_stays_a_page_and_is_a_soft_404() -> None:
    url = "http://www.a.gov.cn/xxgk/download.do?fileId=404"
    headers = {b"Content-Type": b"text/html; charset=utf-8", b"Content-Disposition": b'attachment; filename="a.pdf"'}
    _, answered = _through_middleware(url, headers, "<html><body>文件不存在</body></html>".encode())
    assert isinstance(answered, HtmlResponse)
    assert is_error_page(answered, url)
    # without any name, an HTML answer to a servlet is no file either
    plain = response(url, "<html><body>请登录</body></html>")
    assert is_error_page(plain, url)


def test_an_html_file_named_so_is_no_error_page() -> None:
    url = "http://www.a.gov.cn/module/download/downfile.jsp?classid=0&filename=abc.html"
    headers = {b"Content-Type": b"text/html", b"Content-Disposition": b"attachment; filename*=UTF-8''%E5%B9%B4.html"}
    _, answered = _through_middleware(url, headers, "<html><body>报告</body></html>".encode())
    assert isinstance(answered, TextResponse)
    assert not is_error_page(answered, url)
    # a page link is never a soft 404, whatever it answers
    assert not is_error_page(response("http://www.a.gov.cn/col/col1/index.html", "<html></html>"),
                             "http://www.a.gov.cn/col/col1/index.html")


def test_a_report_page_with_its_report_behind_a_servlet_is_a_report_with_that_attachment() -> None:
    """A report published as a file: the page says little and links `download.do?fileId=`; the servlet is the
    page's attachment (so the page is a report and the file its child), not a link to another report."""
    title = "2024年某县民政局政府信息公开工作年度报告"
    html = (f"<html><head><title>{title}</title></head><body><h1>{title}</h1><div id='zoom'>"
            f"<p>{title}已经编制完成，现予以公开。</p><p>附件：<a href='/xxgk/download.do?fileId=9'>{title}.pdf</a>"
            "</p></div></body></html>")
    page = response("http://www.a.gov.cn/xxgk/infoDetail.do?id=12", html)
    adapter = Generic()
    assert adapter.recognize(page).is_report
    files = [a.url for a in adapter.attachments(page, Lead(page.url, Role.CANDIDATE))]
    assert files == ["http://www.a.gov.cn/xxgk/download.do?fileId=9"]


@pytest.mark.parametrize(
    ("name", "title", "other"),
    [
        ("关于做好2025年政府信息公开工作年度报告编制工作的通知.doc", "某县财政局", True),
        ("2024年政务公开工作要点.pdf", "下载", True),
        ("某县2024年政府信息公开工作年度报告解读.pdf", "附件", True),
        ("某县民政局2024年政府信息公开工作年度报告.pdf", "某县民政局", False),
        ("附件1.pdf", "某县民政局", False),  # a name that says nothing decides nothing
        (None, "某县民政局", False),
        # the column listed it as a report by name: the link's words stand
        ("关于做好2025年政府信息公开工作年度报告编制工作的通知.doc", "2024年某县政府信息公开工作年度报告", False),
    ],
)
def test_a_file_named_as_another_document(name: str | None, title: str, other: bool) -> None:
    assert names_another_document(name, title) is other
