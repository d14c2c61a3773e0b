"""A report whose files sit behind download servlets, crawled over loopback through the replica proxy: files
named only by Content-Disposition (raw GBK bytes, RFC 5987), one labelled `text/html` by a JSP servlet's
default while it sends a PDF, and a servlet answering an HTML error page.

The files are archived as the report page's attachments, the mislabelled PDF as the file it is, and the error
page is a soft 404 in the fetch log, never a document."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from nianbao.archive import Archive
from nianbao.replicas import ReplicaServer
from tests.crawler.crawling import document_id, rows, run_crawl
from tests.crawler.pages import hanweb_article
from tests.reliability.traps import REPORT_TITLE, Trap, allow_robots, fetch_log, fresh, portals_file, replica_server

pytestmark = pytest.mark.slow
NAME = f"某县民政局{REPORT_TITLE}.pdf"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + b"0" * 2000
#: path -> (body, content type, extra headers): as servers send them
SERVLETS: dict[str, tuple[bytes | str, str, dict[str, str]]] = {
    # a JSP servlet at its default content type, naming the file in raw GBK bytes (sent as they are: Latin-1)
    "xxgk/download.do?fileId=1": (PDF, "text/html;charset=GBK",
                                  {"Content-Disposition": f'attachment; filename="{NAME}"'.encode("gbk")
                                   .decode("latin-1")}),
    "attachment/download?id=2": (
        PDF, "application/octet-stream", {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(NAME)}"}
    ),
    # the file is gone: the servlet answers its error page
    "DownLoad.aspx?fileId=3": ("<html><body><p>文件不存在或已被删除</p></body></html>", "text/html; charset=utf-8", {}),
}


@pytest.fixture(scope="module")
def replicas() -> Iterator[ReplicaServer]:
    with replica_server() as server:
        yield server


@deferred_f_from_coro_f
async def test_files_behind_servlets_are_the_report_pages_attachments(replicas: ReplicaServer, tmp_path: Path) -> None:
    server = fresh(replicas)
    trap = Trap("servlets")
    allow_robots(server, trap)
    links = "".join(f'<p>附件{i}：<a href="/{path}">{REPORT_TITLE}</a></p>' for i, path in enumerate(SERVLETS, 1))
    body = f"<p>某县民政局{REPORT_TITLE}已经编制完成，现予以公开。</p>{links}"
    report = hanweb_article(f"某县民政局{REPORT_TITLE}", body)
    server.inject(trap.pattern("xxgk/detail.jsp?id=9") + "$", "serve", body=report)
    server.inject(trap.pattern() + "$", "serve",
                  body=f'<html><body><a href="/xxgk/detail.jsp?id=9">某县民政局{REPORT_TITLE}</a></body></html>')
    for path, (content, ctype, headers) in SERVLETS.items():
        server.inject("^" + trap.url(path).replace("?", r"\?") + "$", "serve", body=content, content_type=ctype,
                      headers=headers)
    database_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"

    stats = await run_crawl(database_url, server.proxy_url, extract=False, portals=[trap.name],
                            portals_file=str(portals_file(tmp_path, [trap])))

    with Archive.open(database_url) as archive:
        page = document_id(archive, trap.url("xxgk/detail.jsp?id=9"))
        assert page is not None
        docs = {r.url: r for r in rows(archive, "SELECT document_id, url, kind, parent_document_id FROM documents")}
        for path in ("xxgk/download.do?fileId=1", "attachment/download?id=2"):
            file = docs[trap.url(path)]
            assert (file.kind, file.parent_document_id) == ("attachment", page), path
            assert archive.body(archive.versions(file.document_id)[-1].version_id) == PDF
        assert trap.url("DownLoad.aspx?fileId=3") not in docs
        errors = {r.url: r.error for r in fetch_log(archive) if r.outcome == "error"}
    assert "soft 404" in (errors.get(trap.url("DownLoad.aspx?fileId=3")) or "")
    assert stats["nianbao/portal/servlets/reports"] == 1


@deferred_f_from_coro_f
async def test_a_servlet_file_whose_own_name_says_notice_is_not_archived(replicas: ReplicaServer,
                                                                         tmp_path: Path) -> None:
    """A report column whose rows carry only agencies' names, each linking a download servlet: the file named
    as a report is archived; the one whose Content-Disposition names a notice about reports is not."""
    server = fresh(replicas)
    trap = Trap("agencyrows")
    allow_robots(server, trap)
    rows_ = {"xxgk/download.do?fileId=11": ("某县民政局", f"某县民政局{REPORT_TITLE}.pdf"),
             "xxgk/download.do?fileId=12": ("某县财政局", "关于做好2025年政府信息公开工作年度报告编制工作的通知.pdf")}
    items = "".join(f'<li><a href="/{path}">{agency}</a><span>2026-01-20</span></li>'
                    for path, (agency, _) in rows_.items())
    server.inject(trap.pattern("xxgk/ndbg/index.html") + "$", "serve",
                  body=f"<html><head><title>政府信息公开年报</title></head><body><ul class='list'>{items}</ul>"
                       "</body></html>")
    server.inject(trap.pattern() + "$", "serve",
                  body='<html><body><a href="/xxgk/ndbg/index.html">政府信息公开年报</a></body></html>')
    for path, (_, name) in rows_.items():
        server.inject("^" + trap.url(path).replace("?", r"\?") + "$", "serve", body=PDF,
                      content_type="application/octet-stream",
                      headers={"Content-Disposition": f'attachment; filename="{name}"'.encode("gbk").decode("latin-1")})
    database_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"

    await run_crawl(database_url, server.proxy_url, extract=False, portals=[trap.name],
                    portals_file=str(portals_file(tmp_path, [trap])))

    asked = {r.url for r in server.requests()}
    assert {trap.url(p) for p in rows_} <= asked  # both were fetched as possible reports
    with Archive.open(database_url) as archive:
        assert document_id(archive, trap.url("xxgk/download.do?fileId=11")) is not None
        assert document_id(archive, trap.url("xxgk/download.do?fileId=12")) is None
