"""Discovery from the home page on hand-written pages: the scorer, the way through the disclosure area, every
list shape (plain, numbered and script pagers, onclick rows, agency-only rows under a year tab, script-drawn
lists and their JSON call), platform fingerprints, and recognition of pre-2019 reports and of what is not one."""

from __future__ import annotations

import json

import pytest

from nianbao.crawler.discovery import COLUMN, is_row_text, is_sub_column, score_link, score_page
from nianbao.crawler.discovery_fingerprints import fingerprint
from nianbao.crawler.discovery_json import JSON_SHAPE, script_calls
from nianbao.crawler.platforms import load_platform
from nianbao.crawler.platforms.base import Lead, Role
from nianbao.crawler.portals import parse_portals
from tests.crawler.pages import response, text_response

H = "http://www.somewhere.gov.cn"
[PORTAL] = parse_portals(f'[[portal]]\nname = "somewhere"\nstart_urls = ["{H}/"]\n')


def _page(title: str, body: str, crumbs: str = "") -> str:
    crumb = f'<div class="location">当前位置：{crumbs}</div>' if crumbs else ""
    return f"<html><head><title>{title}_某县人民政府</title></head><body>{crumb}{body}</body></html>"


def _walk(url: str, html: str, lead: Lead | None = None, platform: str = "generic") -> tuple[Lead, list[Lead]]:
    adapter = load_platform(platform)
    page = response(url, html)
    entered = adapter.enter(page, lead or Lead(url, Role.LIST, depth=1))
    return entered, adapter.parse_list(page, entered, PORTAL)


def _urls(leads: list[Lead], role: Role) -> list[str]:
    return [x.url.removeprefix(H) for x in leads if x.role is role]


# --- the scorer ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("政府信息公开年报", "/col/col1/index.html"),
        ("政府信息公开工作年度报告", "/a/b/"),
        ("年度报告", "/x/"),
        ("年报", "/y/"),
        ("", "/zwgk/zfxxgknb/"),
        ("更多", "/xxgk/ndbg/index.shtml"),
        ("2023年", "/gk/nb2023/"),
    ],
)
def test_report_columns_score_as_columns(text: str, url: str) -> None:
    assert score_link(text, H + url).value >= COLUMN


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("政府信息公开", "/zfxxgk/"),  # the area, however many of its signs agree
        ("法定主动公开内容", "/fdzdgknr/"),
        ("政务公开", "/zwgk/index.html"),
        ("新闻动态", "/xwdt/ndbgxw/"),  # news whose slug happens to say ndbg
        ("关于做好2024年政府信息公开工作年度报告编制工作的通知", "/tzgg/1.html"),
        ("某县2023年政府信息公开工作年度报告", "/art/1.html"),  # a report: a candidate, not a column
    ],
)
def test_other_links_score_below_a_column(text: str, url: str) -> None:
    assert score_link(text, H + url).value < COLUMN


def test_the_area_ranks_above_news_and_the_column_above_the_area() -> None:
    column, area, news = (
        score_link(t, H + u) for t, u in (("信息公开年报", "/a/"), ("政府信息公开", "/b/"), ("新闻中心", "/xw/"))
    )
    assert column.value > area.value > news.value == 0
    assert "信息公开年报" in column.why and area.why


def test_a_page_says_where_it_is_by_title_breadcrumb_or_slug() -> None:
    assert score_page("年度报告_某县人民政府", "", H + "/a/").column
    assert score_page("2023年", "首页 > 政府信息公开 > 政府信息公开年报", H + "/b/").column
    assert score_page("列表", "", H + "/zwgk/xxgknb/").column
    assert not score_page("政府信息公开", "首页 > 政府信息公开", H + "/zfxxgk/").column


def test_rows_and_sub_columns() -> None:
    assert is_row_text("某县民政局") and is_row_text("某县城关街道办事处") and is_row_text("某县人民政府.pdf")
    assert not is_row_text("某县召开政务公开工作会议") and not is_row_text("首页") and not is_row_text("下一页")
    assert is_sub_column("2023年度") and is_sub_column("乡镇（街道）") and is_sub_column("部门年报")
    assert not is_sub_column("某县城关街道办事处") and not is_sub_column("某县民政局")


# --- the way through the disclosure area --------------------------------------------------------------------
def test_home_page_leads_to_the_area_best_first_and_not_to_news() -> None:
    html = _page(
        "首页",
        """<ul><li><a href="/xwdt/">新闻动态</a></li><li><a href="/zfxxgk/">政府信息公开</a></li>
    <li><a href="/hdjl/">互动交流</a></li><li><a href="/fdzdgknr/index.html" title="法定主动公开内容">法定主动…</a></li>
    <li><a href="http://www.other.gov.cn/">友情链接</a></li></ul>""",
    )
    _, leads = _walk(H + "/", html, Lead(H + "/", Role.LIST))
    assert _urls(leads, Role.LIST) == ["/fdzdgknr/index.html", "/zfxxgk/"]  # best first
    assert all(0 < x.score < COLUMN and not x.context for x in leads)


def test_a_column_entered_is_recorded_with_why_and_its_rows_carry_its_context() -> None:
    adapter = load_platform("generic")
    html = _page(
        "政府信息公开年报",
        """<ul class="list">
    <li><a href="./2024/">2024年度</a></li><li><a href="./2023/">2023年度</a></li></ul>""",
        crumbs='<a href="/">首页</a> &gt; <a href="/zfxxgk/">政府信息公开</a> &gt; 政府信息公开年报',
    )
    url = H + "/zfxxgk/nb/"
    page = response(url, html)
    lead = adapter.enter(page, Lead(url, Role.LIST, title="年报", score=70, why="link text '年报'", depth=2))
    assert lead.context and lead.score >= COLUMN
    [column] = adapter.state.columns.values()
    assert column["url"] == url and column["score"] >= COLUMN and "政府信息公开年报" in str(column["why"])
    years = adapter.parse_list(page, lead, PORTAL)
    assert _urls(years, Role.LIST) == ["/zfxxgk/nb/2024/", "/zfxxgk/nb/2023/"]
    assert all("2024年度" in x.context or "2023年度" in x.context for x in years)
    # a year's list whose rows are only agency names: each row is a candidate carrying the column's context
    year = response(
        H + "/zfxxgk/nb/2024/",
        _page(
            "2024年度",
            """<ul class="list">
    <li><a href="./content/post_1.html" title="某县民政局">某县民政局</a></li>
    <li><a href="../../../attachment/0/2.docx">某县城关镇人民政府</a></li>
    <li><a href="./content/post_3.html">关于做好2024年政府信息公开工作年度报告编制工作的通知</a></li>
    <li><a href="./content/post_4.html">某县召开政务公开推进会</a></li></ul>""",
        ),
    )
    rows = adapter.parse_list(year, adapter.enter(year, years[0]), PORTAL)
    assert _urls(rows, Role.CANDIDATE) == ["/zfxxgk/nb/2024/content/post_1.html", "/attachment/0/2.docx"]
    assert all("2024年度" in x.context for x in rows)


def test_a_report_page_listed_by_agency_name_is_a_report_by_its_column_context() -> None:
    adapter = load_platform("generic")
    html = _page("某县民政局", '<div id="zoom"><p>详见附件。</p><a href="/attachment/1.pdf">下载</a></div>')
    row = Lead(H + "/content/post_1.html", Role.CANDIDATE, title="某县民政局", context="政府信息公开年报 2024年度")
    assert adapter.recognize(response(row.url, html), row).is_report
    assert not adapter.recognize(response(row.url, html), Lead(row.url, Role.CANDIDATE)).is_report
    news = _page("某县召开政务公开推进会", '<div id="zoom"><img src="/p/photo123456.jpg"></div>')
    assert not adapter.recognize(response(row.url, news), row).is_report


def test_another_government_host_only_by_the_portals_own_disclosure_link() -> None:
    html = _page(
        "首页",
        """<ul class="nav"><li><a href="http://zwgk.city.gov.cn/900005/zwgk/">政务公开</a></li>
    <li><a href="http://nb.city.gov.cn/900005/ndbg/list.shtml">年度报告</a></li>
    <li><a href="http://www.neighbour.gov.cn/">邻县政务公开</a></li><li><a href="http://www.shop.com/zwgk/">政务公开</a>
    </li><li><a href="http://www.city.gov.cn/news/1.html">市政府新闻</a></li></ul>
    <div class="links">友情链接：<a href="http://www.neighbour.gov.cn/ndbg/">邻县年报</a></div>""",
    )
    adapter = load_platform("generic")
    leads = adapter.parse_list(response(H + "/", html), Lead(H + "/", Role.LIST), PORTAL)
    assert sorted(x.url for x in leads) == [
        "http://nb.city.gov.cn/900005/ndbg/list.shtml",
        "http://zwgk.city.gov.cn/900005/zwgk/",
    ]
    assert adapter.state.hosts == {"zwgk.city.gov.cn": H + "/", "nb.city.gov.cn": H + "/"}


# --- list shapes -------------------------------------------------------------------------------------------
def _column(url: str, items: str, pager: str = "", script: str = "") -> tuple[Lead, list[Lead]]:
    html = _page("政府信息公开年报", f'<ul class="list">{items}</ul><div class="page">{pager}</div>{script}')
    return _walk(url, html, Lead(url, Role.LIST, title="年报", score=70, depth=3))


ITEMS = "".join(f'<li><a href="/art/{i}.html">某县第{i}街道2024年政府信息公开工作年度报告</a></li>' for i in range(3))


def test_numbered_index_pages_one_based_from_the_count() -> None:
    _, leads = _column(
        H + "/nb/index.shtml", ITEMS, '共5页 <a href="index_2.shtml">2</a> <a href="index_2.shtml">下一页</a>'
    )
    assert _urls(leads, Role.LIST) == [f"/nb/index_{n}.shtml" for n in range(2, 6)]
    assert len(_urls(leads, Role.CANDIDATE)) == 3


def test_trs_create_page_html_zero_based() -> None:
    script = '<script>var countPage = 3;createPageHTML(countPage, 0, "index", "html");</script>'
    _, leads = _column(H + "/nb/index.html", ITEMS, script=script)
    assert _urls(leads, Role.LIST) == ["/nb/index_1.html", "/nb/index_2.html"]


@pytest.mark.parametrize("key", ["page", "pageIndex", "pageNo"])
def test_query_pagers(key: str) -> None:
    pager = f'<a href="?catId=7&{key}=2">下一页</a> <a href="?catId=7&{key}=4">尾页</a>'
    _, leads = _column(H + "/list.do?catId=7", ITEMS, pager)
    assert _urls(leads, Role.LIST) == [f"/list.do?catId=7&{key}={n}" for n in (2, 3, 4)]


def test_script_pager_building_a_query() -> None:
    script = "<script>function goPage(p){location.href='infoList.do?catId=32609&pageNo='+p;}</script>"
    _, leads = _column(
        H + "/xxgk/infoList.do?catId=32609", ITEMS, '第1/3页 <a href="javascript:goPage(2)">下一页</a>', script
    )
    assert _urls(leads, Role.LIST) == [f"/xxgk/infoList.do?catId=32609&pageNo={n}" for n in (2, 3)]


def test_script_pager_building_a_path() -> None:
    script = '<script>var totalPage = 3; function go(i){ location.href = "list_" + i + ".html"; }</script>'
    _, leads = _column(H + "/nb/list.html", ITEMS, script=script)
    assert _urls(leads, Role.LIST) == ["/nb/list_1.html", "/nb/list_2.html"]


def test_onclick_and_window_open_rows_and_relative_links() -> None:
    items = """<li><a href="javascript:void(0);" onclick="window.open('./infoDetail.do?id=45')">
    某县审计局2024年政府信息公开工作年度报告</a></li>
    <li onclick="location.href='../art/46.html'">某县民政局2023年政府信息公开工作年度报告</li>
    <li><a href="../../files/47.pdf">某县教育局2022年政府信息公开工作年度报告.pdf</a></li>"""
    _, leads = _column(H + "/xxgk/nb/list.html", items)
    assert _urls(leads, Role.CANDIDATE) == ["/xxgk/nb/infoDetail.do?id=45", "/xxgk/art/46.html", "/files/47.pdf"]


def test_a_script_drawn_list_replays_its_json_call_with_rendering_as_the_fallback() -> None:
    script = """<script>var pageSize=8;function load(n){fetch('/api/front/list',{method:'POST',
    headers:{'Content-Type':'application/json'},body:JSON.stringify({columnId:31,pageIndex:n,pageSize:pageSize})})
    .then(function(r){return r.json()}).then(function(j){draw(j.data.list,j.data.total,n)});}load(1);</script>"""
    _, leads = _column(H + "/nb/list.html", "", script=script)
    [call] = leads[-1:]
    assert (call.url, call.method, call.shape) == (H + "/api/front/list", "POST", JSON_SHAPE)
    assert json.loads(call.body or b"") == {"columnId": 31, "pageIndex": 1, "pageSize": 8}
    assert call.fallback is not None and call.fallback.browser and call.fallback.url == H + "/nb/list.html"
    answer = {
        "data": {
            "total": 19,
            "list": [
                {
                    "title": "某县民政局2024年政府信息公开工作年度报告",
                    "linkUrl": "/art/2024/1.html",
                    "publishTime": "2025-01-20",
                },
                {"title": "2024年政务公开工作要点", "linkUrl": "/art/2024/2.html"},
            ]
            * 4,
        }
    }
    got = load_platform("generic").parse_data(text_response(call.url, json.dumps(answer)), call, PORTAL)
    assert _urls(got, Role.CANDIDATE)[:1] == ["/art/2024/1.html"] and "/art/2024/2.html" not in _urls(
        got, Role.CANDIDATE
    )
    later = [x for x in got if x.role is Role.LIST]
    assert [json.loads(x.body or b"")["pageIndex"] for x in later] == [2, 3]  # 19 records, 8 a page
    empty = load_platform("generic").parse_data(text_response(call.url, '{"data": []}'), call, PORTAL)
    assert empty == [call.fallback]  # the replay read nothing: render the page instead


def test_concatenated_get_call() -> None:
    page = response(
        H + "/nb/list.shtml",
        """<html><body><ul id="list"></ul><script>function load(n){
    fetch('http://www.somewhere.gov.cn/api/list?channelId=58753&pageIndex='+n+'&pageSize=8').then(function(r){
    return r.json()});}load(1);</script></body></html>""",
    )
    [call] = script_calls(page)
    assert (call.url, call.method) == (H + "/api/list?channelId=58753&pageIndex=1&pageSize=8", "GET")


# --- fingerprints ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("html", "platform"),
    [
        ('<script type="text/xml"><datastore><recordset></recordset></datastore></script>', "hanweb"),
        ('<a href="/col/col41052/index.html">年报</a>', "hanweb"),
        ('<script>createPageHTML(3, 0, "index", "html");</script>', "trs"),
        ('<a href="./202401/t20240118_1828454.html">x</a>', "trs"),
        ("<script>fetch('/xxgk/els-service/search/new/1/10')</script>", "weifang"),
        ('<a href="/2025/01-20/1076754.html">x</a>', "luoyang"),
        ('<a href="/news/1.html">x</a>', None),
    ],
)
def test_fingerprints(html: str, platform: str | None) -> None:
    assert fingerprint(f"<html><body>{html}</body></html>") == platform


def test_the_generic_adapter_reads_a_fingerprinted_page_with_that_platforms_reader() -> None:
    adapter = load_platform("generic")
    shell = (
        '<html><body><ul id="xxgk-list"></ul>'
        '<script>fetch("/xxgk/els-service/search/new/" + page + "/10")</script></body></html>'
    )
    leads = adapter.parse_list(response(H + "/xxgk/", shell), Lead(H + "/xxgk/", Role.LIST), PORTAL)
    assert [x.shape for x in leads] == ["els-search"]
    assert adapter.fingerprint == "weifang"


# --- recognition ---------------------------------------------------------------------------------------------
OLD_REPORT = """<div id="zoom"><p>根据《中华人民共和国政府信息公开条例》规定，
现公布某县民政局2016年度政府信息公开工作年度报告。
本报告由概述、主动公开政府信息情况、依申请公开政府信息情况、政府信息公开的收费及减免情况、因政府信息公开申请提起行政复议和
行政诉讼的情况、存在的主要问题及改进措施组成。</p><p>一、概述</p><p>{prose}</p><p>二、主动公开政府信息情况</p>
<p>{prose}</p><p>三、依申请公开政府信息情况</p><p>{prose}</p><p>四、政府信息公开的收费及减免情况</p><p>本年度未收取任何费用。</p>
<p>五、因政府信息公开申请提起行政复议、提起行政诉讼的情况</p><p>无。</p><p>六、政府信息公开工作存在的主要问题及改进措施</p>
<p>{prose}</p></div>""".format(
    prose="2016年，我局认真贯彻政府信息公开工作要求，完善政府信息公开制度，及时主动公开政府信息。" * 4
)


def test_a_2016_report_without_the_national_tables_is_a_report() -> None:
    html = _page("某县民政局2016年政府信息公开工作年度报告", OLD_REPORT)
    verdict = load_platform("generic").recognize(response(H + "/art/2017/1.html", html))
    assert verdict.is_report and "2008-2018" in verdict.reason


@pytest.mark.parametrize(
    "title",
    [
        "关于做好2024年政府信息公开工作年度报告编制工作的通知",
        "某县2024年政务公开工作要点",
        "某县召开2023年度政府信息公开工作年度报告部署会议",
    ],
)
def test_notices_plans_and_meetings_are_not_reports_even_quoting_the_headings(title: str) -> None:
    html = _page(title, OLD_REPORT)
    assert not load_platform("generic").recognize(response(H + "/art/2017/2.html", html)).is_report


def test_a_columns_page_named_like_a_report_is_not_one() -> None:
    html = _page(
        "政府信息公开年度报告",
        '<ul><li><a href="/uploadfile/1.docx">某县医保局2015年政府信息公开年度报告</a></li></ul>',
    )
    assert not load_platform("generic").recognize(response(H + "/a/gkndbg/list_3.html", html)).is_report


def test_an_article_in_a_column_is_not_recorded_as_a_column() -> None:
    adapter = load_platform("generic")
    notice = _page(
        "关于做好2024年政府信息公开工作年度报告编制工作的通知",
        "<p>各单位：……</p>",
        crumbs='<a href="/">首页</a> &gt; 政府信息公开年报',
    )
    page = response(H + "/art/2024/1/2/art_5_1.html", notice)
    lead = adapter.enter(page, Lead(page.url, Role.CANDIDATE, context="政府信息公开年报", score=95, depth=4))
    assert not lead.context and adapter.state.columns == {}


# --- session 6: hubs named 主动公开 / 公开内容, hubs of unknown name, Hanweb year columns, relative records -----
@pytest.mark.parametrize("text", ["主动公开", "公开内容", "其他法定公开内容", "法定主动公开内容"])
def test_active_disclosure_hubs_are_steps_of_the_area_without_a_slug(text: str) -> None:
    # on Hanweb (/col/colN/) and PHPCMS (?catid=N) nothing but the words says where a link goes
    assert 30 <= score_link(text, H + "/col/col5/index.html").value < COLUMN


def _area_hub(children: str) -> str:
    return _page(
        "政府信息公开目录",
        f'<div class="column"><h2>政府信息公开目录</h2><ul class="sub-columns">{children}</ul></div>',
        crumbs='<a href="/">首页</a> &gt; <a href="/col/col2/index.html">政府信息公开</a>',
    )


def test_a_dead_end_area_page_tries_its_sub_columns_of_unknown_name() -> None:
    adapter = load_platform("generic")
    nav = '<ul class="nav"><li><a href="/col/col2/index.html">政府信息公开</a></li></ul>'
    home = response(H + "/", _page("首页", nav))
    adapter.parse_list(home, adapter.enter(home, Lead(H + "/", Role.LIST)), PORTAL)
    hub = response(
        H + "/col/col3/index.html",
        _area_hub(
            '<li><a href="/col/col7/index.html">政务信息</a></li><li><a href="/col/col8/index.html">通知公告</a></li>'
            '<li><a href="/col/col9/index.html">新闻动态</a></li><li><a href="/col/col10/index.html">政策解读</a></li>'
            '<li><a href="/col/col11/index.html">2024年工作总结</a></li>'
        ),
    )
    lead = Lead(hub.url, Role.LIST, title="政府信息公开目录", score=45, depth=2)
    leads = adapter.parse_list(hub, adapter.enter(hub, lead), PORTAL)
    weak = [x for x in leads if x.role is Role.LIST and x.score < 30]
    assert _urls(weak, Role.LIST) == ["/col/col7/index.html"]  # never news, notices, 解读 or a dated title
    assert all("sub-column" in x.why for x in weak)


def test_an_area_page_with_a_known_way_on_does_not_wander() -> None:
    adapter = load_platform("generic")
    hub = response(
        H + "/col/col3/index.html",
        _area_hub(
            '<li><a href="/col/col7/index.html">政务信息</a></li><li><a href="/col/col12/index.html">主动公开</a></li>'
        ),
    )
    leads = adapter.parse_list(hub, adapter.enter(hub, Lead(hub.url, Role.LIST, score=45, depth=2)), PORTAL)
    assert sorted(_urls(leads, Role.LIST)) == ["/col/col12/index.html", "/col/col2/index.html"]
    # a page reached by a weak link (below the area) never fans out into its own unknown sub-columns
    weak = response(H + "/col/col7/index.html", _area_hub('<li><a href="/col/col13/index.html">部门信息</a></li>'))
    below = adapter.parse_list(weak, Lead(weak.url, Role.LIST, score=20, depth=3), PORTAL)
    assert "/col/col13/index.html" not in _urls(below, Role.LIST)


def _jpage_column(url: str, records: str, total: int) -> str:
    return _page(
        "2024年",
        f"""<div id="4001"><script type="text/xml"><datastore><recordset>{records}</recordset></datastore></script>
    </div><script>$('#4001').jpage({{dataStore: dataStore, proxyUrl: '/module/web/jpage/dataproxy.jsp',
    perPage: 1, totalRecord: {total}, columnid: 400, unitid: 4001}});</script>""",
        crumbs='<a href="/">首页</a> &gt; <a href="/col/col400/index.html">政府信息公开年报</a> &gt; 2024年',
    )


def test_hanweb_year_column_records_naming_only_the_agency_are_rows() -> None:
    record = (
        '<record><![CDATA[<li><a href="/art/2025/1/9/art_40024_1.html" title="某县民政局">某县民政局</a></li>]]>'
        "</record>"
    )
    news = '<record><![CDATA[<li><a href="/art/2025/1/9/art_40024_2.html">某县召开政务公开推进会</a></li>]]></record>'
    url = H + "/col/col40024/index.html"
    lead = Lead(url, Role.LIST, title="2024年", context="政府信息公开年报 2024年", score=95, depth=6)
    _, leads = _walk(url, _jpage_column(url, record + news, 2), lead)
    assert _urls(leads, Role.CANDIDATE) == ["/art/2025/1/9/art_40024_1.html"]
    assert all("2024年" in x.context for x in leads if x.role is Role.CANDIDATE)


def test_hanweb_proxy_records_resolve_against_the_column_page() -> None:
    # a record's relative link is drawn into the column page: ../../art/… from /col/col400/, not from /module/…
    first = (
        '<record><![CDATA[<li><a href="../../art/2025/1/1/art_400_1.html">某县民政局2024年政府信息公开工作年度报告</a>'
        "</li>]]></record>"
    )
    url = H + "/col/col400/index.html"
    lead = Lead(url, Role.LIST, title="年报", context="政府信息公开年报", score=95, depth=3)
    adapter = load_platform("generic")
    page = response(url, _jpage_column(url, first, 2))
    [proxy] = [x for x in adapter.parse_list(page, adapter.enter(page, lead), PORTAL) if x.shape == "jpage-proxy"]
    answer = (
        '<datastore><recordset><record><![CDATA[<li><a href="javascript:void(0);" '
        "onclick=\"window.open('../../art/2025/2/1/art_400_2.html')\">某县教育局2024年政府信息公开工作年度报告</a>"
        "</li>]]></record></recordset></datastore>"
    )
    got = adapter.parse_data(text_response(proxy.url, answer), proxy, PORTAL)
    assert _urls(got, Role.CANDIDATE) == ["/art/2025/2/1/art_400_2.html"]
    assert proxy.fallback is not None and proxy.fallback.data.get("page_url") == url


def test_json_records_resolve_against_the_page_that_draws_them() -> None:
    script = (
        "<script>function load(n){fetch('/api/list?channelId=9&pageIndex='+n)"
        ".then(function(r){return r.json()})}load(1);</script>"
    )
    _, leads = _column(H + "/zwgk/nb/list.shtml", "", script=script)
    [call] = [x for x in leads if x.shape == JSON_SHAPE]
    answer = {"pages": 1, "data": [{"title": "某县民政局2024年政府信息公开工作年度报告", "url": "./202501/7.shtml"}]}
    got = load_platform("generic").parse_data(text_response(call.url, json.dumps(answer)), call, PORTAL)
    assert _urls(got, Role.CANDIDATE) == ["/zwgk/nb/202501/7.shtml"]


def test_a_list_page_linked_again_does_not_spend_the_exploring_budget_twice() -> None:
    from scrapy.utils.test import get_crawler

    from nianbao.crawler.spiders.portals import PortalSpider

    crawler = get_crawler(PortalSpider, {"NIANBAO_DISCOVERY_PAGES": 2})
    spider = PortalSpider.from_crawler(crawler, portals=[PORTAL])
    crawler.spider = spider
    # every page of a site links its disclosure area from the menu and the breadcrumb
    repeated = [Lead(H + "/zfxxgk/", Role.LIST, score=45, depth=d) for d in (1, 2, 3, 4)]
    asked = list(spider._follow([*repeated, Lead(H + "/zfxxgk/fdzdgknr/", Role.LIST, score=50, depth=2)], PORTAL, None))
    assert [r.url for r in asked] == [H + "/zfxxgk/", H + "/zfxxgk/fdzdgknr/"]
    assert spider.budgets[PORTAL.name].exploring == 2


@pytest.mark.parametrize(
    ("starts", "walks"),
    [
        ([f"{H}/"], True),  # platform named, home page alone: the name is a hint, the area is walked
        ([f"{H}/index.html"], True),
        ([f"{H}/", f"{H}/col/col61940/index.html"], False),  # the config names the column: followed alone
        ([f"{H}/xxgk/"], False),
    ],
)
def test_a_named_platform_walks_the_area_only_from_home_pages_alone(starts: list[str], walks: bool) -> None:
    urls = ", ".join(f'"{u}"' for u in starts)
    [portal] = parse_portals(f'[[portal]]\nname = "somewhere"\nplatform = "hanweb"\nstart_urls = [{urls}]\n')
    adapter = load_platform("hanweb")
    home = response(H + "/", _page("首页", '<ul><li><a href="/col/col2/index.html">政府信息公开</a></li></ul>'))
    leads = adapter.parse_list(home, adapter.enter(home, Lead(H + "/", Role.LIST)), portal)
    assert (_urls(leads, Role.LIST) == ["/col/col2/index.html"]) is walks
    assert adapter.explores(portal) is walks
