"""The HTML of a generated portal: home, hubs, lists (server-drawn, script-drawn from JSON, browser-only),
articles — each page in the portal's chrome and encoding, each saying it is synthetic."""

from __future__ import annotations

import base64
import html
import json
import posixpath
from urllib.parse import urlsplit

from nianbao.replicas.generated.families import hanweb_records, pager
from nianbao.replicas.generated.layout import Column, GenPortal, GenReport, Row
from nianbao.replicas.site import note_html
from nianbao.replicas.web import SYNTHETIC_NOTE


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def encode(portal: GenPortal, doc: str) -> tuple[bytes, str]:
    """Bytes and Content-Type: UTF-8 with or without a charset header, or GBK declaring gb2312 or nothing."""
    if portal.encoding == "gbk":
        return doc.encode("gb18030"), "text/html"
    if portal.encoding == "utf-8-nohdr":
        return doc.encode("utf-8"), "text/html"
    return doc.encode("utf-8"), "text/html; charset=utf-8"


def relative(from_url: str, to_url: str) -> str:
    """`to_url` as a link on the page `from_url`: `../`-relative on the same host, absolute otherwise."""
    a, b = urlsplit(from_url), urlsplit(to_url)
    if a.netloc != b.netloc:
        return to_url
    base = a.path if a.path.endswith("/") else posixpath.dirname(a.path)
    rel = posixpath.relpath(b.path, base or "/")
    if b.path.endswith("/") and not rel.endswith("/"):
        rel += "/"
    if not rel.startswith("."):
        rel = "./" + rel
    return rel + (f"?{b.query}" if b.query else "")


def link(portal: GenPortal, text: str, url: str, on_page: str, style: str | None = None) -> str:
    style = style or portal.link_style
    t = esc(text)
    if style == "full":
        return f'<a href="{esc(url)}" target="_blank" title="{t}">{t}</a>'
    if style == "rel":
        return f'<a href="{esc(relative(on_page, url))}" target="_blank" title="{t}">{t}</a>'
    if style == "onclick":
        target = relative(on_page, url) if urlsplit(url).netloc == urlsplit(on_page).netloc else url
        return f'<a href="javascript:void(0);" onclick="window.open(\'{esc(target)}\')" title="{t}">{t}</a>'
    parts = urlsplit(url)
    same = parts.netloc == urlsplit(on_page).netloc
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return f'<a href="{esc(path if same else url)}" target="_blank" title="{t}">{t}</a>'


def document(portal: GenPortal, title: str, crumbs: list[tuple[str, str]], main: str, on_page: str) -> str:
    """A whole page: charset meta, header with the first-level navigation, breadcrumb, body, footer."""
    p = portal
    if p.encoding == "gbk":
        meta = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">' if p.index % 2 else ""
    else:
        meta = '<meta charset="utf-8">'
    nav = "".join(f"<li>{link(p, c.title, c.url, on_page, 'abs')}</li>" for c in p.nav)
    crumb = " &gt; ".join(link(p, t, u, on_page, "abs") for t, u in crumbs)
    county = esc(p.place.county)
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>{esc(title)}_{county}人民政府</title>"
        f'<meta name="generator" content="nianbao-synthetic {p.family}"></head><body>{note_html()}'
        f'<div class="header"><div class="logo">{county}人民政府</div><ul class="nav">'
        f'<li><a href="http://{p.host}/">首页</a></li>{nav}</ul></div>'
        f'<div class="location">当前位置：{crumb}</div><div class="main">{main}</div>'
        f'<div class="footer"><p>主办单位：{county}人民政府办公室（{SYNTHETIC_NOTE}）</p>'
        '<p><a href="http://www.gov.cn/">中国政府网</a> <a href="https://www.shandong.gov.cn/">省政府网站</a></p>'
        "</div></body></html>"
    )


def home(p: GenPortal) -> str:
    news = "".join(
        f"<li>{link(p, n.title, n.url, p.home)}<span>{n.published:%Y-%m-%d}</span></li>" for n in p.home_news
    )
    blocks = "".join(f'<div class="block"><h3>{link(p, c.title, c.url, p.home, "abs")}</h3></div>' for c in p.nav)
    main = f'<div class="news"><h2>要闻动态</h2><ul>{news}</ul></div>{blocks}'
    return document(p, "首页", [("首页", p.home)], main, p.home)


def hub(p: GenPortal, col: Column) -> str:
    links = "".join(f"<li>{link(p, c.title, c.url, col.url, 'abs')}</li>" for c in col.children)
    main = f'<div class="column"><h2>{esc(col.title)}</h2><ul class="sub-columns">{links}</ul></div>'
    return document(p, col.title, [*col.crumbs, (col.title, col.url)], main, col.url)


def row_li(p: GenPortal, row: Row, on_page: str) -> str:
    return f'<li>{link(p, row.text, row.url, on_page)}<span class="date">{row.date}</span></li>'


def list_page(p: GenPortal, col: Column, n: int) -> str:
    """Page `n` of a list column, drawn the portal's way."""
    url = col.urls.page(n)
    tabs = ""
    if col.children:  # per-year tabs above the (notice-only) list of a report column
        tabs = (
            '<div class="tabs">'
            + "".join(f'<span class="tab">{link(p, c.title, c.url, url, "abs")}</span>' for c in col.children)
            + "</div>"
        )
    heading = f"<h2>{esc(col.title)}</h2>"
    if col.kind == "year":
        heading = f"<h2>{esc(col.crumbs[-1][0])} &gt; {esc(col.title)}</h2>"
    rows = col.rows[(n - 1) * col.size : n * col.size]
    if p.family == "hanweb":
        body = _hanweb_list(p, col, rows)
    elif p.list_mode in ("json", "json_post"):
        body = _script_list(p, col)
    elif p.list_mode == "browser":
        body = _browser_list(p, col, url)
    else:
        items = "".join(row_li(p, r, url) for r in rows)
        body = f'<ul class="list">{items}</ul>{pager(col.urls, n, col.pages, p.index)}'
    return document(p, col.title, [*col.crumbs, (col.title, col.url)], heading + tabs + body, url)


def _hanweb_list(p: GenPortal, col: Column, rows: list[Row]) -> str:
    """jpage: the first page's records embedded in a datastore, the rest from dataproxy.jsp."""
    records = hanweb_records([row_li(p, r, col.url) for r in rows])
    unit = col.urls.cid * 7 + 1
    return (
        f'<div id="{unit}"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/'
        f'dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid={col.urls.cid}&unitid={unit}&permissiontype=0">'
        f"</a>]]></nextgroup><recordset>{records}</recordset></datastore></script></div>"
        '<script language="javascript" src="/module/web/jpage/jpage.js"></script><script>'
        f"$('#{unit}').jpage({{dataStore: dataStore, proxyUrl: '/module/web/jpage/dataproxy.jsp', "
        f"perPage: {col.size}, totalRecord: {len(col.rows)}, columnid: {col.urls.cid}, unitid: {unit}}});"
        "</script>"
    )


def _script_list(p: GenPortal, col: Column) -> str:
    """A shell whose script fetches the rows as JSON (GET with pageIndex, or a POSTed JSON body)."""
    size = col.size
    api = col.urls.data_url(1, size)
    if p.list_mode == "json_post":
        call = (
            f"fetch('{api}',{{method:'POST',headers:{{'Content-Type':'application/json'}},"
            f"body:JSON.stringify({{columnId:{col.urls.cid},pageIndex:n,pageSize:{size}}})}})"
            ".then(function(r){return r.json()}).then(function(j){draw(j.data.list,j.data.total,n)})"
        )
        field = "linkUrl", "publishTime"
    else:
        base = api.split("pageIndex=")[0]
        call = (
            f"fetch('{base}pageIndex='+n+'&pageSize={size}').then(function(r){{return r.json()}})"
            ".then(function(j){draw(j.data,j.total,n)})"
        )
        field = "url", "publishDate"
    return (
        f'<ul class="list" id="list"></ul><div id="pager"></div><script>var pageSize={size};'
        "function draw(rows,total,n){var ul=document.getElementById('list');ul.innerHTML='';"
        "rows.forEach(function(x){var li=document.createElement('li');var a=document.createElement('a');"
        f"a.href=x.{field[0]};a.textContent=x.title;a.title=x.title;li.appendChild(a);"
        f"var s=document.createElement('span');s.textContent=x.{field[1]};li.appendChild(s);ul.appendChild(li);}});"
        "var pages=Math.ceil(total/pageSize);var pg=document.getElementById('pager');pg.innerHTML='';"
        "if(n<pages){var b=document.createElement('a');b.href='javascript:void(0)';b.textContent='下一页';"
        "b.onclick=function(){load(n+1)};pg.appendChild(b);}}"
        f"function load(n){{{call};}}load(1);</script>"
    )


def _browser_list(p: GenPortal, col: Column, url: str) -> str:
    """Every row only inside an encoded script blob: a browser must run it to see any link."""
    data = [[r.text, relative(url, r.url), r.date] for r in col.rows]
    blob = base64.b64encode(json.dumps(data, ensure_ascii=False).encode("utf-8")).decode("ascii")
    return (
        '<ul class="list" id="list"></ul><script>(function(){'
        f"var raw=atob('{blob}');var bytes=new Uint8Array(raw.length);"
        "for(var i=0;i<raw.length;i++){bytes[i]=raw.charCodeAt(i);}"
        "var rows=JSON.parse(new TextDecoder('utf-8').decode(bytes));var ul=document.getElementById('list');"
        "rows.forEach(function(x){var li=document.createElement('li');var a=document.createElement('a');"
        "a.href=x[1];a.textContent=x[0];li.appendChild(a);var s=document.createElement('span');"
        "s.textContent=x[2];li.appendChild(s);ul.appendChild(li);});})();</script>"
    )


def article(p: GenPortal, title: str, when: str, source: str, body: str, url: str, crumbs: list) -> str:
    main = (
        f'<div class="article"><h1 class="title">{esc(title)}</h1><div class="info">发布时间：{esc(when)}'
        f' &nbsp; 来源：{esc(source)}</div><div class="content" id="zoom">{body}</div></div>'
    )
    return document(p, title, crumbs, main, url)


def report_article(p: GenPortal, r: GenReport, fragment: str | None, crumbs: list) -> str:
    """The article page of a report: its whole body, or a short text linking its file."""
    if fragment is None:
        assert r.file_url is not None
        name = f"{r.title}.{r.fmt}"
        style = "onclick" if p.family == "action" else ("rel" if p.family in ("trs", "shtml") else "abs")
        attached = link(p, name, r.file_url, r.page_url, style)
        fragment = f"<p>{esc(r.title)}已经编制完成，现予以公开。</p><p>附件：{attached}</p>"
    return article(p, r.title, f"{r.published:%Y-%m-%d %H:%M}", r.agency.name, fragment, r.page_url, crumbs)
