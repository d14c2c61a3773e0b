import json

import pytest

from nianbao.crawler.platforms import load_platform
from nianbao.crawler.platforms.base import Lead, Role
from nianbao.crawler.portals import load_portals, parse_portals, select
from tests.crawler.pages import REPORT_BODY, response, text_response

PORTALS = {p.name: p for p in load_portals()}
Z = "http://www.zzszq.gov.cn"


def _list(platform: str, portal: str, url: str, html: str, title: str = "") -> list[Lead]:
    return load_platform(platform).parse_list(response(url, html), Lead(url, Role.LIST, title=title), PORTALS[portal])


def test_trs_year_folders_are_found_by_following_links_not_by_formula():
    html = """<html><head><title>信息公开年报</title></head><body>
    <div>您现在的位置:首页 > 政府信息公开 > 信息公开年报</div>
    <a href="./2025nbxknb/">2025年信息公开年报</a><a href="2023nxxkgnb/index.html">2023年</a>
    <a href="/zw/zcwj/">政策文件</a><a href="/">首页</a></body></html>"""
    leads = _list("trs", "zzszq", f"{Z}/zw/gknb/index.html", html)
    assert {x.url for x in leads if x.role is Role.LIST} == {
        f"{Z}/zw/gknb/2025nbxknb/",
        f"{Z}/zw/gknb/2023nxxkgnb/index.html",
    }


def test_trs_list_reads_articles_and_announces_index_pages():
    html = """<html><head><title>部门镇街信息公开年报</title></head><body>
    <div>您现在的位置:首页 > 政府信息公开 > 信息公开年报 > 2025年信息公开年报 > 部门镇街信息公开年报</div><ul>
    <li><a href="./202601/t20260119_2233443.html">市中区矿区街道办事处2025年政府信息公开工作年度报告</a></li>
    <li><a href="./202601/t20260119_2233444.html">市中区发改局2025年政府信息公开工作年度报告</a></li></ul>
    <script>createPageHTML(3, 0, "index", "html");</script></body></html>"""
    url = f"{Z}/zw/gknb/2025nbxknb/2025bmzjxxgknb/index.html"
    leads = _list("trs", "zzszq", url, html)
    assert [x.url for x in leads if x.role is Role.CANDIDATE] == [
        f"{Z}/zw/gknb/2025nbxknb/2025bmzjxxgknb/202601/t20260119_2233443.html",
        f"{Z}/zw/gknb/2025nbxknb/2025bmzjxxgknb/202601/t20260119_2233444.html",
    ]
    assert [x.url for x in leads if x.role is Role.LIST] == [
        f"{Z}/zw/gknb/2025nbxknb/2025bmzjxxgknb/index_1.html",
        f"{Z}/zw/gknb/2025nbxknb/2025bmzjxxgknb/index_2.html",
    ]
    # a later page does not announce the pages again
    leads = _list("trs", "zzszq", url.replace("index", "index_1"), html.replace("(3, 0,", "(3, 1,"))
    assert not [x for x in leads if x.role is Role.LIST]


def test_trs_report_page_attachments_in_the_dated_folder():
    html = f"""<html><head><title>市中区矿区街道办事处2024年政府信息公开工作年度报告</title></head><body>
    <div class="TRS_Editor">{REPORT_BODY}<img src="./W020240408368267365571.png" width="640"></div>
    <a href="./P020240408368267365571.doc">市中区矿区街道办事处2024年政府信息公开工作年度报告.doc</a>
    <a href="./P020240408368267365572.wps">附件2</a></body></html>"""
    url = f"{Z}/zw/gknb/2025nbxknb/2025bmzjxxgknb/202601/t20260119_2233443.html"
    trs = load_platform("trs")
    page = response(url, html)
    assert trs.recognize(page).is_report
    leads = trs.parse_report(page, Lead(url, Role.CANDIDATE), PORTALS["zzszq"])
    base = url.rsplit("/", 1)[0]
    assert [(x.role, x.url) for x in leads] == [
        (Role.ATTACHMENT, f"{base}/P020240408368267365571.doc"),
        (Role.ATTACHMENT, f"{base}/P020240408368267365572.wps"),
        (Role.IMAGE, f"{base}/W020240408368267365571.png"),
    ]


def test_weifang_starts_with_the_rendered_catalogue_and_the_search_replay():
    leads = load_platform("weifang").start(PORTALS["linqu"])
    [page] = [x for x in leads if x.shape == ""]
    [search] = [x for x in leads if x.shape == "els-search"]
    assert page.browser and page.url == "http://www.linqu.gov.cn/xxgk/"
    assert search.method == "POST" and search.url == "http://www.linqu.gov.cn/xxgk/els-service/search/new/1/20"
    assert json.loads(search.body)["subject"] == "年度报告" and search.headers["Content-Type"].startswith(
        "application/json"
    )


def test_weifang_search_answer_gives_candidates_and_the_next_page():
    weifang = load_platform("weifang")
    [search] = [x for x in weifang.start(PORTALS["linqu"]) if x.shape == "els-search"]
    docs = [
        {
            "subject": f"临朐县第{i}街道办事处2024年政府信息公开工作年度报告",
            "fwdate": 1736467200000,
            "url": f"/21/21/{1000 + i}.html",
            "xxid": str(1000 + i),
        }
        for i in range(20)
    ]
    docs.append({"subject": "临朐县2025年部门预算", "url": "/21/21/9.html"})
    answer = json.dumps({"data": {"resultDocs": docs}}, ensure_ascii=False)
    leads = weifang.parse_list(text_response(search.url, answer), search, PORTALS["linqu"])
    cands = [x for x in leads if x.role is Role.CANDIDATE]
    assert len(cands) == 20 and cands[0].url == "http://www.linqu.gov.cn/21/21/1000.html" and cands[0].method == "GET"
    [nxt] = [x for x in leads if x.shape == "els-search"]
    assert nxt.url.endswith("/search/new/2/20")
    short = json.dumps({"data": {"resultDocs": docs[:3]}}, ensure_ascii=False)
    assert not [
        x for x in weifang.parse_list(text_response(nxt.url, short), nxt, PORTALS["linqu"]) if x.shape == "els-search"
    ]
    with pytest.raises(ValueError, match="no result list"):
        weifang.parse_list(text_response(nxt.url, "<html>wzws</html>"), nxt, PORTALS["linqu"])


def test_weifang_rendered_list_links_are_candidates():
    html = """<html><head><title>临朐县政府信息公开</title></head><body><ul id="list">
    <li><a href="/21/21/2001.html">临朐县冶源街道办事处2024年政府信息公开工作年度报告</a></li>
    <li><a href="/detail/front/details/temp12345678901.html">临朐县城关街道2024年政府信息公开工作年度报告</a></li>
    <li><a href="/21/21/2003.html">临朐县召开安全生产会议</a></li></ul></body></html>"""
    leads = _list("weifang", "linqu", "http://www.linqu.gov.cn/xxgk/", html)
    assert [x.url for x in leads if x.role is Role.CANDIDATE] == [
        "http://www.linqu.gov.cn/21/21/2001.html",
        "http://www.linqu.gov.cn/detail/front/details/temp12345678901.html",
    ]


def test_luoyang_column_and_pdf_report_article():
    x = "http://www.xigong.gov.cn"
    html = """<html><head><title>政府信息公开年报</title></head><body><ul>
    <li><a href="/2025/01-20/1076754.html">西工街道办事处2024年政府信息公开工作年度报告</a></li>
    <li><a href="/2025/01-21/1076755.html">道北路街道2024年度报告</a></li>
    <li><a href="/2025/01-21/1076756.html">西工区开展消防演练</a></li></ul>
    <a href="/zwgk/zfxxgk/zfxxgknb/index_1.html">下一页</a><a href="http://www.baidu.com/">外链</a></body></html>"""
    leads = _list("luoyang", "xigong", f"{x}/zwgk/zfxxgk/zfxxgknb/", html)
    assert [y.url for y in leads if y.role is Role.CANDIDATE] == [
        f"{x}/2025/01-20/1076754.html",
        f"{x}/2025/01-21/1076755.html",
    ]
    assert [y.url for y in leads if y.role is Role.LIST] == [f"{x}/zwgk/zfxxgk/zfxxgknb/index_1.html"]
    article = """<html><head><title>西工街道办事处2024年政府信息公开工作年度报告</title></head><body>
    <div class="content"><p>西工街道办事处2024年政府信息公开工作年度报告</p>
    <p><a href="/uploadfile/2025/0120/report.pdf">点击下载</a></p></div></body></html>"""
    luoyang = load_platform("luoyang")
    page = response(f"{x}/2025/01-20/1076754.html", article)
    assert luoyang.recognize(page).is_report
    [att] = luoyang.parse_report(page, Lead(page.url, Role.CANDIDATE), PORTALS["xigong"])
    assert att.role is Role.ATTACHMENT and att.url == f"{x}/uploadfile/2025/0120/report.pdf"


def test_generic_discovery_follows_the_words():
    [portal] = parse_portals("""[[portal]]
name = "somewhere"
province = "河北省"
platform = "generic"
start_urls = ["http://www.somewhere.gov.cn/"]
allowed_domains = ["somewhere.gov.cn"]
""")
    html = """<html><head><title>某县人民政府</title></head><body>
    <a href="/xxgk/">信息公开</a><a href="/col/ndbg/">政府信息公开年报</a><a href="/zfxxgknb/list.html">更多</a>
    <a href="/art/1.html">某县2024年政府信息公开工作年度报告</a><a href="/art/2.html">某县召开常务会议</a>
    <a href="/news/">新闻</a><a href="2">2</a><a href="http://other.gov.cn/xxgknb/">外站年报</a></body></html>"""
    leads = load_platform("generic").parse_list(
        response("http://www.somewhere.gov.cn/", html), Lead("http://www.somewhere.gov.cn/", Role.LIST), portal
    )
    got = {(x.role, x.url.removeprefix("http://www.somewhere.gov.cn")) for x in leads}
    # the report columns, the disclosure area on the way (scored lower), the report; not news, nor other sites
    assert got == {(Role.LIST, "/col/ndbg/"), (Role.LIST, "/zfxxgknb/list.html"), (Role.CANDIDATE, "/art/1.html"),
                   (Role.LIST, "/xxgk/")}
    assert all(x.depth == 1 for x in leads)


def test_select_keeps_unknown_names_out():
    assert [p.name for p in select(list(PORTALS.values()), ["linqu"])] == ["linqu"]


def test_report_published_as_a_linked_picture_is_a_report_with_the_picture_as_attachment():
    html = """<html><head><title>市中区孟庄镇人民政府2023年政府信息公开工作年度报告</title></head><body>
    <a href="/"><img src="/images/logo.png"></a><a href="/images/banner.jpg">横幅</a>
    <div class="TRS_Editor"><p>本报告以图片版发布，请点击附件查看。</p>
    <p>附件：<a href="./P020240111858029681791.png">年度报告.png</a></p></div></body></html>"""
    url = f"{Z}/zw/gknb/2023nxxkgnb/2023bmzjxxgknb/202401/t20240111_8580296.html"
    trs = load_platform("trs")
    page = response(url, html)
    assert trs.recognize(page).is_report
    leads = trs.parse_report(page, Lead(url, Role.CANDIDATE), PORTALS["zzszq"])
    assert [(x.role, x.url) for x in leads] == [
        (Role.ATTACHMENT, url.rsplit("/", 1)[0] + "/P020240111858029681791.png")
    ]
