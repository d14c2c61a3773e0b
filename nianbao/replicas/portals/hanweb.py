"""Hanweb JCMS (汶上, 兖州; the sibling 嘉祥): jpage column lists, dataproxy.jsp paging, the xxgk catalogue, the
annual-report module, articles with div#zoom, and attachments under downfile.jsp and /attach/0/.

What differs between sites on the platform is a `HanwebConfig` option, not a second template.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from nianbao.replicas.noise import OFFSITE_LINKS, news_items
from nianbao.replicas.site import CONTENT_TYPES, ManifestEntry, Site, esc, note_html, stamp
from nianbao.replicas.web import HTML, SYNTHETIC_NOTE, Answer, Request, Resource

if TYPE_CHECKING:
    from nianbao.replicas.content import Rendition

STATIC = stamp(datetime(2025, 6, 1, 9, 0))


@dataclass(frozen=True)
class HanwebConfig:
    site_name: str
    webid: int
    site_code: str
    report_column: int
    news_column: int
    xxgk_column: int
    xxgk_query: str  # the entry's query string, e.g. vc_xxgkarea=…&number=…&jh=263
    report_infotype: str  # xxgk infotypeId of 年度报告
    unitid: int
    per_page: int
    group_size: int
    xxgk_page_size: int = 15
    showname: bool = True  # whether downfile.jsp links carry showname=
    post_paging: bool = True  # False: dataproxy.jsp refuses POST (405) and pages only by GET ?page=N
    catalogue: bool = True  # whether the site runs the xxgk catalogue (shell + search.jsp)
    archive_index: bool = False  # an /XXGK/index.html listing the old GBK archive pages
    old_charset: str | None = "utf-8"  # what the old GBK pages declare (None: no declaration at all)
    # the Content-Type headers the old GBK pages come with, in turn (old JSP servers say ISO-8859-1)
    old_content_types: tuple[str, ...] = ("text/html",)
    news: int = 150  # news items beside the reports (a third of them share the report column)


CONFIGS = {
    "www.wenshang.gov.cn": HanwebConfig(
        "汶上县人民政府", 55, "3708300001", 61950, 61955, 61940,
        "vc_xxgkarea=11370830004335350N&number=WSA0312&jh=263", "WSA0312", 282374, 18, 3,
    ),
    "www.yanzhou.gov.cn": HanwebConfig(
        "济宁市兖州区人民政府", 38, "3708120002", 36660, 36665, 36647,
        "vc_xxgkarea=jnsyzq&number=YZQA0312&jh=263", "YZQA0312", 193521, 15, 2, showname=False,
        archive_index=True,
    ),
    # a sibling (served with World(siblings=True)): other ids, GET-only paging of one embedded page, no
    # catalogue, no showname, and its old GBK pages declare no charset at all, one of them served as ISO-8859-1
    "www.jiaxiang.gov.cn": HanwebConfig(
        "嘉祥县人民政府", 41, "3708290001", 41052, 41057, 41040,
        "vc_xxgkarea=11370829MB2835417R&number=JXA0312&jh=263", "JXA0312", 305114, 5, 1, showname=False,
        post_paging=False, catalogue=False, old_charset=None, news=30,
        old_content_types=("text/html", "text/html;charset=ISO-8859-1"),
    ),
}


@dataclass
class _Record:
    """One line of a jpage list or an xxgk catalogue row."""

    title: str
    href: str
    when: datetime
    is_report: bool


def _hex(*parts: object) -> str:
    return hashlib.md5("/".join(map(str, parts)).encode()).hexdigest()


def art_path(column: int, article_id: int, when: datetime) -> str:
    return f"/art/{when.year}/{when.month}/{when.day}/art_{column}_{article_id}.html"


def short_title(title: str, limit: int = 24) -> str:
    """Hanweb cuts link text with '...'; the full title stays in @title."""
    return title if len(title) <= limit else title[:limit] + "..."


class HanwebSite(Site):
    def build(self, renditions: list[Rendition], now: datetime | None = None) -> None:
        cfg = CONFIGS[self.host]
        rng = random.Random(self.host)
        res: dict[str, Resource] = {}
        entries: list[ManifestEntry] = []
        records: list[_Record] = []
        xxgk_rows: list[_Record] = []
        news_records: list[_Record] = []
        news = news_items(rng, self.portal.county, cfg.news)
        old_pages = 0
        self.delays = {}

        for r in renditions:
            spec = r.spec
            when = spec.published
            entry = self.new_entry(r)
            last_modified = stamp(when)
            if spec.form == "module":
                path = f"/module/xxgk/xxgkAnnualReport.jsp?area={spec.area_code}&fbtime={when.year}"
                entry.page_url = entry.document_url = self.url(path)
                res[module_key(spec.area_code, str(when.year))] = Resource(
                    self._module_page(cfg, r).encode(), HTML, last_modified
                )
                href = path
            elif spec.form == "gbk":
                path = f"/XXGK/jcms_files/jcms1/web1/site{art_path(2201, spec.article_id, when)}"
                ctype = cfg.old_content_types[old_pages % len(cfg.old_content_types)]
                old_pages += 1
                res[path] = Resource(self._gbk_page(cfg, r), ctype, last_modified)
                entry.page_url = entry.document_url = self.url(path)
                href = path
            else:
                path = art_path(cfg.report_column, spec.article_id, when)
                attachments = ""
                if r.file is not None and r.file_ext:
                    name = _hex(spec.report_id, "file")
                    filename = f"{name}.{r.file_ext}"
                    ctype = CONTENT_TYPES[r.file_ext]
                    res[f"/attach/0/{filename}"] = Resource(r.file, ctype, last_modified)
                    showname = f"{spec.title}.{r.file_ext}"
                    shown = f"&showname={quote(showname)}" if cfg.showname else ""  # some sites omit it
                    downfile = f"/module/download/downfile.jsp?classid=0{shown}&filename={filename}"
                    attachments = (
                        f'<p>附件：<a href="{esc(downfile)}">{esc(showname)}</a></p>'
                        f'<p><a href="/attach/0/{filename}" target="_blank">在线预览</a></p>'
                    )
                    entry.document_url = self.url(downfile)
                    entry.alias_urls = [self.url(f"/attach/0/{filename}")]
                    entry.attachment_urls = [self.url(downfile)]
                fragment = r.fragment
                for i, image in enumerate(r.images):
                    img = f"/picture/0/{_hex(spec.report_id, 'img', i)}.jpg"
                    res[img] = Resource(image, CONTENT_TYPES["jpg"], last_modified)
                    fragment = fragment.replace(f"{{IMAGE{i}}}", img)
                    entry.image_urls.append(self.url(img))
                res[path] = Resource(
                    self._article(cfg, spec.title, when, spec.agency, fragment + attachments, path,
                                  index_code=f"{spec.area_code}/{when.year}-{spec.article_id % 100000:05d}").encode(),
                    HTML, last_modified,
                )
                entry.page_url = self.url(path)
                entry.document_url = entry.document_url or entry.page_url
                href = path
            records.append(_Record(spec.title, href, when, True))
            xxgk_rows.append(_Record(spec.title, href, when, True))
            entry.listed_at = [self.url(f"/col/col{cfg.report_column}/index.html")]
            entries.append(entry)

        for i, item in enumerate(news):
            path = art_path(cfg.news_column if i % 3 else cfg.report_column, item.article_id, item.published)
            res[path] = Resource(
                self._article(cfg, item.title, item.published, cfg.site_name, item.body, path).encode(),
                HTML, stamp(item.published),
            )
            rec = _Record(item.title, path, item.published, False)
            # a third of the news shares the report column, the rest has its own column
            (records if i % 3 == 0 else news_records).append(rec)
            if i % 4 == 0:
                xxgk_rows.append(rec)
        self.delays[art_path(cfg.news_column, news[1].article_id, news[1].published)] = self.slow_seconds

        dead = f"/art/2019/5/5/art_{cfg.report_column}_1.html"
        res[dead] = Resource(self._soft_404().encode(), HTML, STATIC)  # a dead link answered 200
        title = "关于印发政府信息公开工作考核办法的通知（已失效）"
        records.append(_Record(title, dead, datetime(2019, 5, 5, 10), False))

        records.sort(key=lambda x: x.when, reverse=True)
        xxgk_rows.sort(key=lambda x: x.when, reverse=True)
        news_records.sort(key=lambda x: x.when, reverse=True)
        res[f"/col/col{cfg.report_column}/index.html"] = Resource(
            self._column_page(cfg, cfg.report_column, "政府信息公开年报", records).encode(), HTML,
            stamp(records[0].when),
        )
        res[f"/col/col{cfg.news_column}/index.html"] = Resource(
            self._column_page(cfg, cfg.news_column, "通知公告", news_records).encode(), HTML,
            stamp(news_records[0].when),
        )
        if cfg.catalogue:
            res[f"/col/col{cfg.xxgk_column}/index.html"] = Resource(self._xxgk_shell(cfg).encode(), HTML, STATIC)
            res["/module/xxgk/script/dynamic.js"] = Resource(DYNAMIC_JS.encode(), "application/javascript", STATIC)
        res["/module/jslib/jquery/jquery.js"] = Resource(JQUERY_JS.encode(), "application/javascript", STATIC)
        res["/"] = res["/index.html"] = Resource(self._home(cfg).encode(), HTML, STATIC)
        res["/index.jsp"] = Resource(b"", HTML, STATIC, status=302, headers={"Location": "/index.html"})
        res[f"/col/col{cfg.report_column}/"] = Resource(
            b"", HTML, STATIC, status=302, headers={"Location": f"/col/col{cfg.report_column}/index.html"}
        )
        if cfg.archive_index:
            old = [e for e in entries if e.form == "gbk"]
            links = "".join(f'<li><a href="{esc(e.page_url)}">{esc(e.title)}</a></li>' for e in old)
            res["/XXGK/index.html"] = Resource(
                self._page(cfg, "历史信息公开年报", f"<ul>{links}</ul>").encode(), HTML, STATIC
            )
        with self._lock:
            self.install(res, entries, now)
            self._columns = {cfg.report_column: records, cfg.news_column: news_records}
            self._xxgk_rows = xxgk_rows

    _columns: dict[int, list[_Record]]
    _xxgk_rows: list[_Record]

    # -- dynamic endpoints -------------------------------------------------------------------------------

    def dynamic(self, request: Request) -> Answer | None:
        path = request.path
        if path == "/module/web/jpage/dataproxy.jsp":
            return self._dataproxy(request)
        if path == "/module/xxgk/search.jsp" and CONFIGS[self.host].catalogue:
            return self._search(request)
        if path == "/module/xxgk/xxgkAnnualReport.jsp":
            args = request.args
            page = self.resources.get(module_key(args.get("area", ""), args.get("fbtime", "")))
            if page is None:  # no such unit and year, or taken down
                return Answer.of(self._page(CONFIGS[self.host], "年度报告", "<p>暂无数据</p>"), status=404)
            return Answer(page)
        if path == "/module/download/downfile.jsp":
            filename = request.args.get("filename", "")
            res = self.resources.get(f"/attach/0/{filename}") if "/" not in filename else None
            if res is None:
                return Answer.of("<script>alert('文件不存在');history.back();</script>")
            showname = request.args.get("showname") or filename
            return Answer(
                Resource(res.body, res.content_type, res.last_modified,
                         headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(showname)}"})
            )
        return None

    def _dataproxy(self, request: Request) -> Answer:
        cfg = CONFIGS[self.host]
        if request.method == "POST" and not cfg.post_paging:
            return Answer.of(
                f"<html><body><h1>HTTP Status 405 - Request method 'POST' not supported</h1>"
                f"<p>{SYNTHETIC_NOTE}</p></body></html>", status=405, Allow="GET",
            )
        args = request.args
        try:
            column = int(args.get("columnid", "0"))
            per_page = int(args.get("perpage") or cfg.per_page)
            if "startrecord" in args:
                start = int(args["startrecord"])
                end = int(args.get("endrecord") or start + per_page - 1)
            else:
                page = int(args.get("page") or 1)
                start, end = (page - 1) * per_page + 1, page * per_page
        except ValueError:
            return Answer.of("<datastore><totalrecord>0</totalrecord></datastore>", "text/xml; charset=utf-8")
        records = self._columns.get(column, [])
        chosen = records[max(start - 1, 0) : max(end, 0)]
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<datastore>\n'
            f"<totalrecord>{len(records)}</totalrecord>\n"
            f"<totalpage>{max(1, math.ceil(len(records) / max(per_page, 1)))}</totalpage>\n"
            "<recordset>\n" + "".join(_record_xml(r) for r in chosen) + "</recordset>\n</datastore>\n"
        )
        return Answer.of(body, "text/xml; charset=utf-8")

    def _search(self, request: Request) -> Answer:
        """xxgk catalogue rows; fields infotypeId, area, divid, currpage, fbtime, sortfield as the real JSP."""
        cfg = CONFIGS[self.host]
        args = request.args
        rows = self._xxgk_rows
        if args.get("infotypeId") == cfg.report_infotype:
            rows = [r for r in rows if r.is_report or "年度报告" in r.title]
        if args.get("fbtime"):
            rows = [r for r in rows if str(r.when.year) == args["fbtime"]]
        size = cfg.xxgk_page_size
        pages = max(1, math.ceil(len(rows) / size))
        try:
            current = min(max(int(args.get("currpage") or 1), 1), pages)
        except ValueError:
            current = 1
        chosen = rows[(current - 1) * size : current * size]
        trs = "".join(
            f'<tr class="tr_main_value_{"odd" if i % 2 == 0 else "even"}">'
            f'<td class="td_xh">{(current - 1) * size + i + 1}</td>'
            f'<td class="td_title"><a href="{esc(r.href)}" title="{esc(r.title)}" target="_blank">'
            f"{esc(short_title(r.title, 30))}</a></td><td class=\"td_date\">{r.when:%Y-%m-%d}</td></tr>"
            for i, r in enumerate(chosen)
        )
        pager = f'<div class="xxgk_pager">共{pages}页 当前第{current}页 共{len(rows)}条 '
        if current < pages:
            pager += f'<a href="javascript:void(0)" onclick="xxgkGo({current + 1})">下一页</a>'
        pager += "</div>"
        body = (
            f'<table class="xxgk_table" width="100%"><tr class="tr_main_title"><td>序号</td><td>名称</td>'
            f"<td>发布日期</td></tr>{trs}</table>{pager}<p class=\"nianbao-synthetic\">{SYNTHETIC_NOTE}</p>"
        )
        return Answer.of(body)

    # -- page templates ----------------------------------------------------------------------------------

    def _head(self, cfg: HanwebConfig, title: str, extra_meta: str = "") -> str:
        return (
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f'<meta name="WebId" content="{cfg.webid}"><meta name="SiteName" content="{esc(cfg.site_name)}">'
            f'<meta name="SiteDomain" content="{self.host}"><meta name="SiteIDCode" content="{cfg.site_code}">'
            f"{extra_meta}</head>"
        )

    def _page(self, cfg: HanwebConfig, title: str, body: str) -> str:
        return f"{self._head(cfg, title)}<body>{note_html()}<h2>{esc(title)}</h2>{body}</body></html>"

    def _home(self, cfg: HanwebConfig) -> str:
        offsite = "".join(f'<li><a href="{u}" target="_blank">{esc(n)}</a></li>' for n, u in OFFSITE_LINKS)
        catalogue = f'<li><a href="/col/col{cfg.xxgk_column}/index.html?{esc(cfg.xxgk_query)}">政府信息公开</a></li>'
        body = (
            '<ul class="nav"><li><a href="/index.jsp">首页</a></li>'
            + (catalogue if cfg.catalogue else "")
            + f'<li><a href="/col/col{cfg.report_column}/index.html">政府信息公开年报</a></li>'
            f'<li><a href="/col/col{cfg.report_column}/index.html?uid={cfg.unitid}&amp;pageNum=1">年报专栏</a></li>'
            f'<li><a href="/col/col{cfg.news_column}/index.html">通知公告</a></li>'
            + ('<li><a href="/XXGK/index.html">历史信息公开</a></li>' if cfg.archive_index else "")
            + f'</ul><h3>友情链接</h3><ul>{offsite}</ul>'
        )
        return self._page(cfg, cfg.site_name, body)

    def _column_page(self, cfg: HanwebConfig, column: int, name: str, records: list[_Record]) -> str:
        meta = (
            f'<meta name="ColumnName" content="{esc(name)}"><meta name="ColumnType" content="{esc(name)}">'
            f'<meta name="i_webid" content="{cfg.webid}"><meta name="i_columnid" content="{column}">'
            '<meta name="pagetype" content="2">'
        )
        embedded = records[: cfg.per_page * cfg.group_size]
        nextgroup = (
            f'<a href="/module/web/jpage/dataproxy.jsp?page=1&webid={cfg.webid}&columnid={column}'
            f'&unitid={cfg.unitid}&permissiontype=0"></a>'
        )
        datastore = (
            f'<script type="text/xml"><datastore><nextgroup><![CDATA[{nextgroup}]]></nextgroup><recordset>'
            + "".join(_record_xml(r) for r in embedded)
            + "</recordset></datastore></script>"
        )
        pager = (
            '<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>'
            "<script type=\"text/javascript\">$(document).ready(function(){"
            f"$('#{cfg.unitid}').jpage({{dataStore:null,totalRecord:{len(records)},perPage:{cfg.per_page},"
            f"groupSize:{cfg.group_size},proxyUrl:'/module/web/jpage/dataproxy.jsp',barPosition:'bottom',"
            f"ajaxParam:{{col:1,appid:1,webid:{cfg.webid},path:'/',columnid:{column},sourceContentType:1,"
            f"unitid:{cfg.unitid},webname:'{cfg.site_name}',permissiontype:0}}}});}});</script>"
        )
        return (
            f"{self._head(cfg, name, meta)}<body>{note_html()}"
            f'<div class="currentpath">当前位置：<a class="bt_link" href="/">首页</a> &gt; '
            f'<a class="bt_link" href="/col/col{column}/index.html">{esc(name)}</a></div>'
            f'<div class="list"><div id="{cfg.unitid}">{datastore}</div></div>{pager}</body></html>'
        )

    def _xxgk_shell(self, cfg: HanwebConfig) -> str:
        """An empty shell: the catalogue appears only after dynamic.js POSTs search.jsp."""
        area = cfg.xxgk_query.split("vc_xxgkarea=")[1].split("&")[0]
        config = (
            f"<script>var xxgkConfig={{infotypeId:'{cfg.report_infotype}',area:'{area}',divid:'div{cfg.unitid}',"
            "sortfield:'compaltedate:0',fbtime:''};</script>"
        )
        body = (
            f'<div class="xxgk_nav"><a href="javascript:void(0)" onclick="xxgkType(\'\')">全部</a> '
            f'<a href="javascript:void(0)" onclick="xxgkType(\'{cfg.report_infotype}\')">政府信息公开年报</a></div>'
            f'<div id="div{cfg.unitid}" class="xxgk_list"></div>{config}'
            '<script type="text/javascript" src="/module/xxgk/script/dynamic.js"></script>'
        )
        return self._page(cfg, "政府信息公开目录", body)

    def _article(
        self, cfg: HanwebConfig, title: str, when: datetime, source: str, content: str, path: str,
        index_code: str = "",
    ) -> str:
        meta = (
            f'<meta name="ArticleTitle" content="{esc(title)}"><meta name="pubdate" content="{when:%Y-%m-%d %H:%M}">'
            f'<meta name="contentSource" content="{esc(source)}"><meta name="url" content="{self.url(path)}">'
            f'<meta name="ColumnName" content="政府信息公开年报">'
        )
        xxgk = ""
        if index_code:
            xxgk = (
                '<table class="xxgk_meta"><tr><td>索引号：</td><td>' + esc(index_code) + "</td><td>发布单位：</td>"
                f"<td>{esc(source)}</td></tr><tr><td>成文日期：</td><td>{when:%Y-%m-%d}</td><td>文号：</td>"
                "<td></td></tr></table>"
            )
        return (
            f"{self._head(cfg, title, meta)}<body>{note_html()}"
            f'<div class="currentpath">当前位置：<a class="bt_link" href="/">首页</a> &gt; '
            f'<a class="bt_link" href="/col/col{cfg.report_column}/index.html">政府信息公开年报</a></div>{xxgk}'
            f'<div class="article"><div class="title">{esc(title)}</div>'
            f'<div class="font">发布日期：{when:%Y-%m-%d %H:%M} 来源：{esc(source)} 浏览次数：'
            f'<span id="c">{len(title) * 7}</span></div>'
            f'<div id="zoom"><meta name="ContentStart"/>{content}<meta name="ContentEnd"/></div></div>'
            "</body></html>"
        )

    def _module_page(self, cfg: HanwebConfig, r: Rendition) -> str:
        spec = r.spec
        return (
            f"{self._head(cfg, spec.title)}<body>{note_html()}<div class=\"nb_main\">"
            f'<div class="nb_title">{esc(spec.agency)}{spec.year}年政府信息公开工作年度报告</div>'
            f'<div class="nb_time">发布时间:{spec.published:%Y-%m-%d %H:%M:%S}</div>'
            '<div class="nb_voice"><a href="javascript:void(0)">点击收听年报语音朗读</a></div>'
            f'<div class="nb_content">{r.fragment}</div></div></body></html>'
        )

    def _gbk_page(self, cfg: HanwebConfig, r: Rendition) -> bytes:
        """An old archive page in GBK that claims another charset, or none: the decoder must not trust the
        declaration, nor guess from nothing."""
        spec = r.spec
        declared = (
            f'<meta http-equiv="Content-Type" content="text/html; charset={cfg.old_charset}">'
            if cfg.old_charset else ""
        )
        html = (
            f"<html><head>{declared}"
            f"<title>{esc(spec.title)}</title></head><body>{note_html()}"
            f'<table width="760"><tr><td class="title">{esc(spec.title)}</td></tr>'
            f"<tr><td>发布日期：{spec.published:%Y-%m-%d}</td></tr><tr><td>{r.fragment}</td></tr></table>"
            "</body></html>"
        )
        return html.encode("gbk", errors="xmlcharrefreplace")

    def _soft_404(self) -> str:
        return (
            f"<html><head><meta charset='utf-8'><title>页面不存在</title></head><body>{note_html()}"
            "<h1>抱歉，您访问的页面不存在或已被删除！</h1><a href='/'>返回首页</a></body></html>"
        )


def module_key(area: str, fbtime: str) -> str:
    """Module pages are stored under their canonical path+query so Last-Modified survives rebuilds."""
    return f"/module/xxgk/xxgkAnnualReport.jsp?area={area}&fbtime={fbtime}"


def _record_xml(r: _Record) -> str:
    return (
        f"<record><![CDATA[<li><a href='{esc(r.href)}' title='{esc(r.title)}' target='_blank'>"
        f"{esc(short_title(r.title))}</a><span>{r.when:%Y-%m-%d}</span></li>]]></record>\n"
    )


TEMPLATES = Path(__file__).parent.parent / "templates"
DYNAMIC_JS = (TEMPLATES / "dynamic.js").read_text(encoding="utf-8")
JQUERY_JS = (TEMPLATES / "jquery.js").read_text(encoding="utf-8")
