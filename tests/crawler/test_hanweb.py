from urllib.parse import parse_qs, urlsplit

from nianbao.crawler.platforms import load_platform
from nianbao.crawler.platforms.base import Lead, Role
from nianbao.crawler.platforms.hanweb import attachment_urls
from nianbao.crawler.portals import load_portals, select
from tests.crawler.pages import hanweb_article, hanweb_column, response, text_response

HOST = "http://www.wenshang.gov.cn"
HEX = "0123456789abcdef0123456789abcdef"
PORTAL = select(load_portals(), ["wenshang"])[0]
hanweb = load_platform("hanweb")


def _titles(n: int) -> list[tuple[str, str]]:
    return [
        (f"/art/2026/1/{i}/art_61999_{1000 + i}.html", f"第{i}街道办事处2024年政府信息公开工作年度报告")
        for i in range(1, n + 1)
    ]


def test_column_records_come_out_of_the_datastore_with_full_titles():
    page = response(f"{HOST}/col/col61999/index.html", hanweb_column(_titles(5), total=5))
    leads = hanweb.parse_list(page, Lead(page.url, Role.LIST), PORTAL)
    candidates = [x for x in leads if x.role is Role.CANDIDATE]
    assert [x.url for x in candidates] == [f"{HOST}{h}" for h, _ in _titles(5)]
    assert candidates[0].title == "第1街道办事处2024年政府信息公开工作年度报告"  # from @title, not "…..."
    assert not [x for x in leads if x.shape == "jpage-proxy"]  # all records embedded: no paging


def test_later_pages_are_posted_to_dataproxy_with_the_form_and_a_get_fallback():
    page = response(f"{HOST}/col/col61999/index.html", hanweb_column(_titles(54), total=130))
    leads = hanweb.parse_list(page, Lead(page.url, Role.LIST), PORTAL)
    posts = [x for x in leads if x.shape == "jpage-proxy"]
    assert [parse_qs(urlsplit(x.url).query)["startrecord"][0] for x in posts] == ["55", "109"]
    assert [parse_qs(urlsplit(x.url).query)["endrecord"][0] for x in posts] == ["108", "130"]
    first = posts[0]
    assert first.method == "POST" and urlsplit(first.url).path == "/module/web/jpage/dataproxy.jsp"
    form = {k: v[0] for k, v in parse_qs(first.body.decode(), keep_blank_values=True).items()}
    assert form["columnid"] == "61999" and form["unitid"] == "3013277" and form["webid"] == "1"
    assert set(form) >= {
        "col",
        "appid",
        "webid",
        "path",
        "columnid",
        "sourceContentType",
        "unitid",
        "webname",
        "permissiontype",
    }
    assert form["webname"] == "中国·汶上"
    fallback = first.fallback
    assert fallback is not None and fallback.method == "GET"
    assert parse_qs(urlsplit(fallback.url).query)["page"] == ["4"]
    assert fallback.data["then"].url.endswith("page=5") or "page=5" in fallback.data["then"].url


def test_a_news_column_is_not_paged():
    page = response(f"{HOST}/col/col1/index.html", hanweb_column(_titles(54), total=500, column_name="工作动态"))
    leads = hanweb.parse_list(page, Lead(page.url, Role.LIST), PORTAL)
    assert not [x for x in leads if x.shape == "jpage-proxy"]
    assert len([x for x in leads if x.role is Role.CANDIDATE]) == 54  # report titles still count


def test_dataproxy_answer_gives_records_and_nonsense_gives_the_fallback():
    recs = "".join(
        f"<record><![CDATA[<li><a href='/art/2026/1/1/art_61999_{i}.html' title='X{i}街道2024年政府信息"
        f"公开工作年度报告'>X...</a></li>]]></record>"
        for i in range(3)
    )
    xml = f"<datastore><totalrecord>57</totalrecord><totalpage>4</totalpage><recordset>{recs}</recordset></datastore>"
    lead = Lead(
        f"{HOST}/module/web/jpage/dataproxy.jsp?startrecord=55&endrecord=108&perpage=18",
        Role.LIST,
        method="POST",
        shape="jpage-proxy",
        fallback=Lead(f"{HOST}/module/web/jpage/dataproxy.jsp?page=4", Role.LIST, shape="jpage-proxy"),
    )
    leads = hanweb.parse_list(text_response(lead.url, xml), lead, PORTAL)
    assert len(leads) == 3 and all(x.role is Role.CANDIDATE for x in leads)
    # what a POST answer links is fetched with a plain GET
    assert all(x.method == "GET" and x.body is None and x.fallback is None for x in leads)
    leads = hanweb.parse_list(text_response(lead.url, "<html><body>系统繁忙</body></html>"), lead, PORTAL)
    assert leads == [lead.fallback]


def test_xxgk_shell_is_replayed_as_a_search_post_and_rows_are_read():
    shell = """<html><head><title>政府信息公开年报</title></head><body><div id="xxgk_list"></div>
    <script src="/module/xxgk/script/dynamic.js"></script>
    <script>loadList({infotypeId:'JNS0711', area:'11370830004335350N', divid:'xxgk_list'});</script></body></html>"""
    page = response(f"{HOST}/col/col61940/index.html?vc_xxgkarea=11370830004335350N&number=A01&jh=263", shell)
    [search] = [x for x in hanweb.parse_list(page, Lead(page.url, Role.LIST), PORTAL) if x.shape == "xxgk-search"]
    form = {k: v[0] for k, v in parse_qs(search.body.decode(), keep_blank_values=True).items()}
    assert search.method == "POST" and search.url == f"{HOST}/module/xxgk/search.jsp"
    assert form["infotypeId"] == "JNS0711" and form["area"] == "11370830004335350N" and form["currpage"] == "1"
    rows = "".join(
        f"""<tr class="tr_main_value_{"odd" if i % 2 else "even"}"><td><a href="/art/2026/1/22/art_1_{i}.html"
        title="第{i}镇2024年政府信息公开工作年度报告">第{i}镇...</a></td><td>2026-01-22</td></tr>"""
        for i in range(1, 4)
    )
    answer = f"<table>{rows}</table><div>共3页 当前第1页</div>"
    leads = hanweb.parse_list(response(search.url, answer), search, PORTAL)
    assert next(x.title for x in leads if x.role is Role.CANDIDATE) == "第1镇2024年政府信息公开工作年度报告"
    assert all(x.method == "GET" and not x.body for x in leads if x.role is Role.CANDIDATE)
    more = [x for x in leads if x.shape == "xxgk-search"]
    assert [parse_qs(x.body.decode())["currpage"][0] for x in more] == ["2", "3"]
    assert all(parse_qs(x.body.decode())["infotypeId"][0] == "JNS0711" for x in more)


def test_annual_report_module_links_are_candidates():
    html = """<html><head><title>年报</title></head><body><table><tr><td>
    <a href="/module/xxgk/xxgkAnnualReport.jsp?area=11370830004335350N&fbtime=2026">汶上街道办事处</a></td></tr>
    </table></body></html>"""
    page = response(f"{HOST}/col/col99/index.html", html)
    leads = hanweb.parse_list(page, Lead(page.url, Role.LIST), PORTAL)
    assert [(x.role, x.url) for x in leads] == [
        (Role.CANDIDATE, f"{HOST}/module/xxgk/xxgkAnnualReport.jsp?area=11370830004335350N&fbtime=2026")
    ]


def test_attachment_linked_twice_is_one_document_with_an_alias():
    down = f"/module/download/downfile.jsp?classid=0&showname=%E5%B9%B4%E6%8A%A5.pdf&filename={HEX}.pdf"
    extra = f'<div>附件：<a href="{down}">年报.pdf</a> <a href="/attach/0/{HEX}.pdf">下载</a></div>'
    body = '<p>详见附件</p><p><img src="/picture/0/fedcba9876543210.jpg" width="600"></p>'
    page = response(
        f"{HOST}/art/2026/1/22/art_61999_1.html",
        hanweb_article("汶上街道办事处2024年政府信息公开工作年度报告", body, extra),
    )
    assert hanweb.recognize(page).is_report
    leads = hanweb.parse_report(page, Lead(page.url, Role.CANDIDATE), PORTAL)
    [att] = [x for x in leads if x.role is Role.ATTACHMENT]
    assert att.url == f"{HOST}/attach/0/{HEX}.pdf" and att.aliases == (f"{HOST}{down}",)
    assert att.fallback is not None and att.fallback.url == f"{HOST}{down}"
    assert [x.url for x in leads if x.role is Role.IMAGE] == [f"{HOST}/picture/0/fedcba9876543210.jpg"]


def test_attachment_urls():
    assert attachment_urls(f"{HOST}/module/download/downfile.jsp?classid=0&filename={HEX}.doc") == (
        f"{HOST}/attach/0/{HEX}.doc",
        f"{HOST}/module/download/downfile.jsp?classid=0&filename={HEX}.doc",
    )
    assert attachment_urls(f"{HOST}/attach/0/{HEX}.pdf") == (f"{HOST}/attach/0/{HEX}.pdf", None)


def test_catalogue_shell_with_a_report_category_link_is_replayed_for_that_category():
    shell = """<html><head><title>政府信息公开目录</title></head><body>
    <div class="xxgk_nav"><a href="javascript:void(0)" onclick="xxgkType('')">全部</a>
    <a href="javascript:void(0)" onclick="xxgkType('JNS0799')">政府信息公开年报</a></div>
    <div id="div3013277"></div><script>var xxgkConfig={infotypeId:'',area:'A01',divid:'div3013277',
    sortfield:'compaltedate:0',fbtime:''};</script>
    <script type="text/javascript" src="/module/xxgk/script/dynamic.js"></script></body></html>"""
    page = response(f"{HOST}/col/col61940/index.html?vc_xxgkarea=A01&number=A01&jh=263", shell)
    [search] = [x for x in hanweb.parse_list(page, Lead(page.url, Role.LIST), PORTAL) if x.shape == "xxgk-search"]
    form = {k: v[0] for k, v in parse_qs(search.body.decode(), keep_blank_values=True).items()}
    assert form["infotypeId"] == "JNS0799" and form["area"] == "A01" and form["sortfield"] == "compaltedate:0"
