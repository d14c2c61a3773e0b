"""Each replica against portals.md, with a plain HTTP client through the proxy (no browser)."""

from __future__ import annotations

import json
import re
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import html as lxml_html

from nianbao.replicas import ReplicaServer
from nianbao.replicas.web import SYNTHETIC_NOTE
from tests.replicas.client import fetch

CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)


def entries(server: ReplicaServer, portal: str, form: str | None = None) -> list:
    found = [e for e in server.manifest() if e.portal == portal and (form is None or e.form == form)]
    assert found, f"no {form or 'any'} report on {portal}"
    return found


# -- the manifest ---------------------------------------------------------------------------------------


def test_manifest_covers_five_portals_years_and_forms(server: ReplicaServer) -> None:
    manifest = server.manifest()
    assert len(manifest) >= 60
    per_portal = Counter(e.portal for e in manifest)
    assert set(per_portal) == {"wenshang", "yanzhou", "zzszq", "linqu", "xigong"}
    assert min(per_portal.values()) >= 10
    assert {e.year for e in manifest} >= set(range(2019, 2026))
    assert {"2019", "2021"} <= {e.template for e in manifest}
    assert {"html", "pdf", "doc", "docx", "wps"} <= {e.format for e in manifest}
    assert {"module", "images", "gbk", "page", "scan", "picture"} <= {e.form for e in manifest}
    assert len({e.agency for e in manifest}) >= 40
    assert sorted(e.seed for e in manifest if e.seed) == ["000", "001", "002", "003", "004"]
    assert len({e.report_id for e in manifest}) == len(manifest)
    json.dumps([e.to_json() for e in manifest], ensure_ascii=False)  # dumpable


def test_manifest_truths_obey_the_template(server: ReplicaServer) -> None:
    broken = [e for e in server.manifest() if e.facts.get("broken_rules")]
    assert 1 <= len(broken) <= 0.15 * len(server.manifest()), "mostly consistent, a few deliberately not"
    for e in server.manifest():
        if e.seed == "000":
            continue  # prose only
        t = e.truth
        assert t, e.report_id
        if not e.facts.get("broken_rules"):
            for col in ("natural_person", "total"):
                assert t[f"t3.new.{col}"] + t[f"t3.carried_over.{col}"] == (
                    t[f"t3.handled_total.{col}"] + t[f"t3.carried_forward.{col}"]
                ), e.report_id


def test_every_document_url_answers_and_says_synthetic(server: ReplicaServer) -> None:
    for e in server.manifest():
        if e.portal == "xigong" and "/zwgk/" in e.page_url:
            continue
        page = fetch(server.port, e.page_url)
        assert page.status == 200, e.page_url
        text = page.body.decode("gbk" if e.form == "gbk" else "utf-8")
        assert SYNTHETIC_NOTE in text, e.page_url
        doc = fetch(server.port, e.document_url)
        assert doc.status == 200, e.document_url
        if e.format == "html":
            assert e.title in text
        for alias in e.alias_urls:
            assert fetch(server.port, alias).body == doc.body


def test_unknown_host_is_a_502_and_https_is_refused(server: ReplicaServer) -> None:
    assert fetch(server.port, "http://www.example.com/").status == 502
    assert fetch(server.port, "www.wenshang.gov.cn:443", method="CONNECT").status == 405


def test_host_header_works_without_proxy_form(server: ReplicaServer) -> None:
    reply = fetch(server.port, "/col/col61950/index.html", headers={"Host": "www.wenshang.gov.cn"})
    assert reply.status == 200 and "datastore" in reply.text


# -- Hanweb JCMS ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "column", "unitid", "per_page", "group"),
    [("www.wenshang.gov.cn", 61950, 282374, 18, 3), ("www.yanzhou.gov.cn", 36660, 193521, 15, 2)],
)
def test_hanweb_column_and_both_paging_protocols(
    server: ReplicaServer, host: str, column: int, unitid: int, per_page: int, group: int
) -> None:
    page = fetch(server.port, f"http://{host}/col/col{column}/index.html")
    doc = lxml_html.fromstring(page.text)
    assert doc.xpath("//meta[@name='pagetype']/@content") == ["2"]
    assert doc.xpath("//meta[@name='i_columnid']/@content") == [str(column)]
    assert doc.xpath("//div[@class='currentpath']/a[@class='bt_link']")
    script = doc.xpath(f"//div[@id='{unitid}']/script[@type='text/xml']/text()")
    assert script, "the jpage datastore sits in a text/xml script"
    records = [r for r in CDATA.findall(page.text) if r.startswith("<li>")]
    assert len(records) == per_page * group
    total = int(re.search(r"totalRecord:(\d+)", page.text).group(1))
    assert f"perPage:{per_page}" in page.text and f"groupSize:{group}" in page.text
    assert total > per_page * group, "the column must need the data proxy"
    cut = [r for r in records if "...</a>" in r]
    assert cut and all("title='" in r for r in cut)

    start = per_page * group + 1
    post = fetch(
        server.port,
        f"http://{host}/module/web/jpage/dataproxy.jsp?startrecord={start}&endrecord={start + per_page * group - 1}"
        f"&perpage={per_page}",
        "POST",
        form={"col": "1", "appid": "1", "webid": "1", "path": "/", "columnid": str(column),
              "sourceContentType": "1", "unitid": str(unitid), "webname": "x", "permissiontype": "0"},
    )
    assert post.status == 200 and post.text.lstrip().startswith("<?xml")
    assert f"<totalrecord>{total}</totalrecord>" in post.text
    rest = CDATA.findall(post.text)
    assert len(rest) == min(per_page * group, total - start + 1)
    assert not set(rest) & set(records)

    # GET ?page=N pages through the same list, perPage at a time
    seen: list[str] = []
    pages = -(-total // per_page)
    for n in range(1, pages + 1):
        got = fetch(server.port, f"http://{host}/module/web/jpage/dataproxy.jsp?page={n}&columnid={column}"
                                 f"&unitid={unitid}&webid=1&permissiontype=0")
        assert f"<totalpage>{pages}</totalpage>" in got.text
        seen += CDATA.findall(got.text)
    assert len(seen) == total and seen[: len(records)] == records and seen[len(records):][: len(rest)] == rest

    hrefs = {re.search(r"href='([^']+)'", r).group(1).replace("&amp;", "&") for r in seen}
    for e in entries(server, host.split(".")[1]):
        if e.form != "gbk":
            assert urlsplit(e.page_url)._replace(scheme="", netloc="").geturl() in hrefs, e.page_url


def test_hanweb_xxgk_catalogue_is_a_shell_filled_by_search_jsp(server: ReplicaServer) -> None:
    shell = fetch(server.port, "http://www.wenshang.gov.cn/col/col61940/index.html?vc_xxgkarea=11370830004335350N&number=WSA0312&jh=263")
    assert "/module/xxgk/script/dynamic.js" in shell.text and "tr_main_value" not in shell.text
    js = fetch(server.port, "http://www.wenshang.gov.cn/module/xxgk/script/dynamic.js")
    assert js.status == 200 and "/module/xxgk/search.jsp" in js.text
    titles: list[str] = []
    page, pages = 1, None
    while pages is None or page <= pages:
        reply = fetch(server.port, "http://www.wenshang.gov.cn/module/xxgk/search.jsp", "POST", form={
            "infotypeId": "WSA0312", "area": "11370830004335350N", "divid": "div282374", "currpage": str(page),
            "fbtime": "", "sortfield": "compaltedate:0"})
        doc = lxml_html.fromstring(reply.text)
        rows = doc.xpath("//tr[contains(@class,'tr_main_value_odd') or contains(@class,'tr_main_value_even')]")
        assert rows
        for row in rows:
            a = row.xpath(".//td/a[@title][@href]")[0]
            titles.append(a.get("title"))
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row.xpath("./td[last()]/text()")[0])
        pages = int(re.search(r"共(\d+)页", reply.text).group(1))
        page += 1
    assert pages >= 2
    assert {e.title for e in entries(server, "wenshang")} <= set(titles)


def test_hanweb_annual_report_module(server: ReplicaServer) -> None:
    for e in entries(server, "wenshang", "module") + entries(server, "yanzhou", "module"):
        q = parse_qs(urlsplit(e.page_url).query)
        assert len(q["area"][0]) == 18 and int(q["fbtime"][0]) == e.year + 1
        text = fetch(server.port, e.page_url).text
        assert f"{e.agency}{e.year}年政府信息公开工作年度报告" in text
        assert re.search(r"发布时间:\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", text)
        assert "点击收听年报语音朗读" in text and "<table" in text
    empty = fetch(server.port, "http://www.wenshang.gov.cn/module/xxgk/xxgkAnnualReport.jsp?area=X&fbtime=1999")
    assert empty.status == 404 and "暂无数据" in empty.text


def test_hanweb_article_shape_and_attachment_under_two_urls(server: ReplicaServer) -> None:
    e = next(e for e in entries(server, "wenshang") if e.format == "pdf")
    assert re.search(r"/art/\d{4}/\d{1,2}/\d{1,2}/art_61950_\d+\.html$", e.page_url)
    doc = lxml_html.fromstring(fetch(server.port, e.page_url).text)
    for name in ("ArticleTitle", "pubdate", "contentSource", "url"):
        assert doc.xpath(f"//meta[@name='{name}']/@content"), name
    assert doc.xpath("//div[@class='article']/div[@class='title']")
    assert "发布日期：" in doc.xpath("string(//div[@class='font'])")
    zoom = lxml_html.tostring(doc.xpath("//div[@id='zoom']")[0], encoding="unicode")
    assert '<meta name="ContentStart">' in zoom and '<meta name="ContentEnd">' in zoom
    assert "索引号" in doc.text_content() and "发布单位" in doc.text_content()
    link = doc.xpath("//a[contains(@href,'downfile.jsp')]/@href")[0]
    filename = parse_qs(urlsplit(link).query)["filename"][0]
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", filename)
    by_downfile = fetch(server.port, "http://www.wenshang.gov.cn" + link)
    by_attach = fetch(server.port, f"http://www.wenshang.gov.cn/attach/0/{filename}")
    assert by_downfile.body == by_attach.body and by_attach.body.startswith(b"%PDF")
    assert e.document_url.endswith(link.split("/module")[-1]) and e.alias_urls == [by_attach_url(filename)]
    # some sites omit showname
    bare = fetch(server.port, f"http://www.wenshang.gov.cn/module/download/downfile.jsp?classid=0&filename={filename}")
    assert bare.body == by_attach.body


def test_hanweb_showname_varies_by_site(server: ReplicaServer) -> None:
    for portal, with_showname in (("wenshang", True), ("yanzhou", False)):
        for e in entries(server, portal):
            for url in e.attachment_urls:
                q = parse_qs(urlsplit(url).query)
                assert ("showname" in q) is with_showname and q["classid"] == ["0"]
                assert fetch(server.port, url).body == fetch(server.port, e.alias_urls[0]).body


def by_attach_url(filename: str) -> str:
    return f"http://www.wenshang.gov.cn/attach/0/{filename}"


def test_report_with_tables_as_images(server: ReplicaServer) -> None:
    for e in [x for x in server.manifest() if x.form == "images"]:
        page = fetch(server.port, e.page_url).text
        assert "<table" not in page.split("ContentStart")[1]
        assert e.image_urls
        for url in e.image_urls:
            assert re.search(r"/picture/0/[0-9a-f]+\.jpg$", url) and urlsplit(url).path in page
            img = fetch(server.port, url)
            assert img.headers["content-type"] == "image/jpeg" and img.body[:3] == b"\xff\xd8\xff"


def test_gbk_page_declares_the_wrong_charset(server: ReplicaServer) -> None:
    e = entries(server, "yanzhou", "gbk")[0]
    assert "/XXGK/jcms_files/jcms1/web1/site/art/" in e.page_url
    body = fetch(server.port, e.page_url).body
    assert b"charset=utf-8" in body
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert e.title in body.decode("gbk")
    listing = fetch(server.port, "http://www.yanzhou.gov.cn/XXGK/index.html").text
    assert urlsplit(e.page_url).path in listing


# -- TRS static -----------------------------------------------------------------------------------------


def test_trs_year_folders_lists_and_pages(server: ReplicaServer) -> None:
    port = server.port
    root = fetch(port, "http://www.zzszq.gov.cn/zw/gknb/index.html").text
    folders = re.findall(r'href="\./([^/"]+)/index.html"', root)
    assert len(folders) >= 5 and len({re.sub(r"\d", "", f) for f in folders}) >= 3, "folder names must be irregular"
    found: set[str] = set()
    multi_page = False
    for folder in folders:
        year_page = fetch(port, f"http://www.zzszq.gov.cn/zw/gknb/{folder}/index.html").text
        for sub in re.findall(r'href="\./([^/"]+)/index.html"', year_page):
            base = f"http://www.zzszq.gov.cn/zw/gknb/{folder}/{sub}/"
            first = fetch(port, base + "index.html").text
            m = re.search(r'createPageHTML\((\d+), (\d+), "index", "html"\)', first)
            assert m and m.group(2) == "0"
            pages = int(m.group(1))
            multi_page |= pages > 1
            for n in range(pages):
                text = first if n == 0 else fetch(port, base + f"index_{n}.html").text
                assert f'createPageHTML({pages}, {n}, "index", "html")' in text
                assert "您现在的位置:" in text
                for href in re.findall(r'href="\./(\d{6}/t\d{8}_\d+\.html)"', text):
                    found.add(base + href)
    assert multi_page, "at least one list must page through index_1.html"
    for e in entries(server, "zzszq"):
        assert e.page_url in found, e.page_url
        assert re.search(r"/zw/gknb/[^/]+/\d{4}(bmzj|qzf)xxgknb/\d{6}/t\d{8}_\d+\.html$", e.page_url)
        text = fetch(port, e.page_url).text
        assert "您现在的位置:" in text and "信息公开年报" in text
        assert re.search(r"作者: 更新时间:\d{4}-\d\d-\d\d \d\d:\d\d", text)
        assert 'class="TRS_Editor"' in text or 'class="Custom_UnionStyle"' in text
        if e.attachment_urls:
            url = e.attachment_urls[0]
            assert url.rsplit("/", 1)[0] == e.page_url.rsplit("/", 1)[0], "attachments sit in the dated folder"
            assert re.search(r"/P0\d+\.(doc|docx|pdf|wps|png)$", url)
            assert "./" + url.rsplit("/", 1)[1] in text
    assert {e.format for e in entries(server, "zzszq")} >= {"html", "doc", "docx", "pdf", "wps", "image"}
    picture = entries(server, "zzszq", "picture")[0]
    png = fetch(port, picture.document_url)
    assert png.headers["content-type"] == "image/png" and png.body.startswith(b"\x89PNG")
    assert "图片版" in fetch(port, picture.page_url).text


# -- 潍坊 xxgk ------------------------------------------------------------------------------------------


def test_linqu_list_is_javascript_over_a_json_api(server: ReplicaServer) -> None:
    shell = fetch(server.port, "http://www.linqu.gov.cn/xxgk/")
    assert "wzws_sessionid=" in shell.headers.get("set-cookie", "")
    assert "年度报告2" not in shell.text and "/detail/" not in shell.text and "/21/21/" not in shell.text
    urls: set[str] = set()
    page = 1
    while True:
        reply = fetch(server.port, f"http://www.linqu.gov.cn/xxgk/els-service/search/new/{page}/10", "POST",
                      body=json.dumps({"fwzt": 3, "isSearch": "1", "tab": "all", "subject": "年度报告"}).encode(),
                      headers={"Content-Type": "application/json"})
        docs = reply.json()["data"]["resultDocs"]
        if not docs:
            break
        for d in docs:
            assert set(d) >= {"subject", "fwdate", "url", "xxid"} and isinstance(d["fwdate"], int)
            assert d["fwdate"] > 1_500_000_000_000
            urls.add(d["url"])
        page += 1
    assert page > 2
    for e in entries(server, "linqu"):
        assert e.page_url in urls
        assert re.search(r"/21/21/[0-9a-f]{32}\.html$|/detail/front/details/temp\d+\.html$", e.page_url)
    everything = fetch(server.port, "http://www.linqu.gov.cn/xxgk/els-service/search/new/1/100", "POST", body=b"{}")
    assert everything.json()["data"]["total"] > len(urls), "news shares the search index"
    api = "http://www.linqu.gov.cn/xxgk/els-service/search/new/1/10"
    assert fetch(server.port, api, "POST", body=b"{").status == 400
    assert fetch(server.port, api).status == 405


# -- 洛阳 CMS and the challenge -------------------------------------------------------------------------


def test_xigong_articles_and_pdf_attachments(server: ReplicaServer) -> None:
    pdfs = 0
    for e in entries(server, "xigong"):
        assert re.search(r"http://www\.xigong\.gov\.cn/\d{4}/\d{2}-\d{2}/\d+\.html$", e.page_url)
        if e.format == "pdf":
            pdfs += 1
            assert fetch(server.port, e.document_url).body.startswith(b"%PDF")
            page = fetch(server.port, e.page_url).text
            assert e.document_url in {"http://www.xigong.gov.cn" + h for h in re.findall(r'href="([^"]+\.pdf)"', page)}
    assert pdfs >= 8


def test_xigong_holds_a_scanned_pdf_without_text_layer(server: ReplicaServer) -> None:
    import pypdfium2

    scans = entries(server, "xigong", "scan")
    for e in scans:
        pdf = pypdfium2.PdfDocument(fetch(server.port, e.document_url).body)
        assert len(pdf) >= 3
        assert all(not pdf[i].get_textpage().get_text_range().strip() for i in range(len(pdf)))
        pdf.close()
    text_pdf = next(e for e in entries(server, "xigong", "pdf") if not e.seed)
    pdf = pypdfium2.PdfDocument(fetch(server.port, text_pdf.document_url).body)
    assert "合成测试数据" in pdf[0].get_textpage().get_text_range()
    pdf.close()


def test_every_attachment_says_it_is_synthetic(server: ReplicaServer, tmp_path) -> None:
    import io
    import shutil
    import subprocess
    import zipfile

    import pypdfium2

    marks = ("合成测试数据", SYNTHETIC_NOTE)
    for e in server.manifest():
        if not e.attachment_urls or e.form in ("scan", "picture"):  # their note is in the picture
            continue
        body = fetch(server.port, e.attachment_urls[0]).body
        if e.format == "pdf":
            pdf = pypdfium2.PdfDocument(body)
            text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
            pdf.close()
        elif e.format == "docx":
            text = zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml").decode()
        else:
            assert body.startswith(b"\xd0\xcf\x11\xe0"), "DOC and WPS are OLE compound files"
            if not shutil.which("antiword"):
                continue
            path = tmp_path / "a.doc"
            path.write_bytes(body)
            text = subprocess.run(["antiword", "-w", "0", str(path)], capture_output=True, check=True).stdout.decode()
        assert any(m in re.sub(r"\s+", "", text) for m in marks), e.report_id


def test_xigong_column_is_behind_the_challenge(server: ReplicaServer) -> None:
    reply = fetch(server.port, "http://www.xigong.gov.cn/zwgk/zfxxgk/zfxxgknb/index.html")
    assert reply.status == 412 and "$_ts" in reply.text and "年度报告" not in reply.text
    assert re.search(r'document\.cookie="\w+S=', reply.text)
    soft = fetch(server.port, "http://www.xigong.gov.cn/zwgk/zfxxgk/zfxxgkml/index.html")
    assert soft.status == 200 and "$_ts" in soft.text
    forged = fetch(server.port, "http://www.xigong.gov.cn/zwgk/zfxxgk/zfxxgknb/index.html",
                   headers={"Cookie": "nbRs8kQ2vS=0123456789abcdef0123456789ab.zz"})
    assert forged.status == 412
    assert fetch(server.port, "http://www.xigong.gov.cn/").status == 200  # the home page is open


# -- noise -----------------------------------------------------------------------------------------------


def test_noise_soft_404_redirect_offsite_and_query_variants(server: ReplicaServer) -> None:
    port = server.port
    soft = fetch(port, "http://www.wenshang.gov.cn/art/2019/5/5/art_61950_1.html")
    assert soft.status == 200 and "页面不存在" in soft.text
    assert fetch(port, "http://www.wenshang.gov.cn/art/2019/5/5/art_61950_2.html").status == 404
    moved = fetch(port, "http://www.wenshang.gov.cn/index.jsp")
    assert moved.status == 302 and moved.headers["location"] == "/index.html"
    assert fetch(port, "http://www.zzszq.gov.cn/zw/gknb").status == 301
    to_home = fetch(port, "http://www.zzszq.gov.cn/zw/gknb/2018nxxgknb/index.html")
    assert to_home.status == 302 and to_home.headers["location"] == "/"
    assert "2018nxxgknb" in fetch(port, "http://www.zzszq.gov.cn/zw/gknb/index.html").text
    home = fetch(port, "http://www.wenshang.gov.cn/").text
    assert "http://www.gov.cn/" in home
    plain = fetch(port, "http://www.wenshang.gov.cn/col/col61950/index.html")
    variant = fetch(port, "http://www.wenshang.gov.cn/col/col61950/index.html?uid=282374&pageNum=1")
    assert plain.body == variant.body and "col61950/index.html?uid=" in home
    column = fetch(port, "http://www.wenshang.gov.cn/col/col61950/index.html").text
    assert "年度报告编制发布工作的通知" in column, "confusable notices share the report column"


@pytest.mark.parametrize(
    ("host", "cookie"),
    [("www.linqu.gov.cn", "wzws_sessionid"), ("www.yanzhou.gov.cn", "__jsluid_h"), ("www.zzszq.gov.cn", "acw_tc")],
)
def test_waf_session_cookies(server: ReplicaServer, host: str, cookie: str) -> None:
    first = fetch(server.port, f"http://{host}/")
    assert first.status == 200 and first.headers["set-cookie"].startswith(f"{cookie}=")
    again = fetch(server.port, f"http://{host}/", headers={"Cookie": first.headers["set-cookie"].split(";")[0]})
    assert "set-cookie" not in again.headers and again.body == first.body


def test_slow_page(server: ReplicaServer) -> None:
    import time

    slow = [p for p, d in server.world.portal_sites["wenshang"].delays.items() if d > 0]
    assert slow
    started = time.monotonic()
    assert fetch(server.port, "http://www.wenshang.gov.cn" + slow[0]).status == 200
    assert time.monotonic() - started >= 1.4


# -- validators ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("portal", ["wenshang", "yanzhou", "zzszq", "linqu", "xigong"])
def test_etag_last_modified_and_304(server: ReplicaServer, portal: str) -> None:
    e = entries(server, portal)[0]
    for url in {e.page_url, e.document_url}:
        first = fetch(server.port, url)
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        assert fetch(server.port, url, headers={"If-None-Match": etag}).status == 304
        assert fetch(server.port, url, headers={"If-Modified-Since": modified}).status == 304
        both = {"If-None-Match": '"other"', "If-Modified-Since": modified}
        assert fetch(server.port, url, headers=both).status == 200, "If-None-Match wins over If-Modified-Since"
        assert fetch(server.port, url, headers={"If-Modified-Since": "Mon, 01 Jan 2018 00:00:00 GMT"}).status == 200
