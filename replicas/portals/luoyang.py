"""洛阳 CMS (西工区): articles at /<yyyy>/<mm>-<dd>/<id>.html, the report column /zwgk/zfxxgk/zfxxgknb/
(index.html, index_2.html …) behind the 瑞数-style check, reports mostly as PDF attachments.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from replicas.noise import OFFSITE_LINKS, NewsItem, news_items
from replicas.site import CONTENT_TYPES, ManifestEntry, Site, esc, note_html, stamp
from replicas.web import HTML, Resource

if TYPE_CHECKING:
    from replicas.content import Rendition

STATIC = stamp(datetime(2025, 6, 1, 9, 0))
PAGE_SIZE = 10
COLUMN = "/zwgk/zfxxgk/zfxxgknb/"


@dataclass
class _Item:
    title: str
    href: str
    when: datetime


def article_path(when: datetime, article_id: int) -> str:
    return f"/{when:%Y}/{when:%m-%d}/{article_id}.html"


class LuoyangSite(Site):
    def build(self, renditions: list[Rendition], now: datetime | None = None) -> None:
        rng = random.Random(self.host)
        res: dict[str, Resource] = {}
        entries: list[ManifestEntry] = []
        items: list[_Item] = []
        for r in renditions:
            spec = r.spec
            path = article_path(spec.published, spec.article_id)
            entry = self.new_entry(r)
            content = r.fragment
            if r.file is not None and r.file_ext:
                name = hashlib.md5(spec.report_id.encode()).hexdigest()[:20]
                fpath = f"/u/cms/www/{spec.published:%Y%m}/{name}.{r.file_ext}"
                res[fpath] = Resource(r.file, CONTENT_TYPES[r.file_ext], stamp(spec.published))
                content += f'<p>附件：<a href="{fpath}" target="_blank">{esc(spec.title)}.{r.file_ext}</a></p>'
                entry.document_url = self.url(fpath)
                entry.attachment_urls = [entry.document_url]
            res[path] = Resource(self._article(spec.title, spec.published, spec.agency, content).encode(), HTML,
                                 stamp(spec.published))
            entry.page_url = self.url(path)
            entry.document_url = entry.document_url or entry.page_url
            entry.listed_at = [self.url(COLUMN + "index.html")]
            entries.append(entry)
            items.append(_Item(spec.title, path, spec.published))
        news = news_items(rng, self.portal.county, 14)
        for i, item in enumerate(news):
            path = article_path(item.published, item.article_id)
            res[path] = Resource(self._article(item.title, item.published, "西工区人民政府办公室", item.body).encode(),
                                 HTML, stamp(item.published))
            if i % 2 == 0:
                items.append(_Item(item.title, path, item.published))
        self.delays = {article_path(news[1].published, news[1].article_id): self.slow_seconds}
        items.sort(key=lambda i: i.when, reverse=True)
        pages = max(1, math.ceil(len(items) / PAGE_SIZE))
        for n in range(pages):
            name = "index.html" if n == 0 else f"index_{n + 1}.html"
            chunk = items[n * PAGE_SIZE : (n + 1) * PAGE_SIZE]
            res[COLUMN + name] = Resource(self._list(chunk, pages, n + 1).encode(), HTML, stamp(chunk[0].when))
        res[COLUMN.rstrip("/")] = Resource(b"", HTML, STATIC, status=301, headers={"Location": COLUMN})
        res["/zwgk/zfxxgk/index.html"] = Resource(self._page("政府信息公开", (
            f'<ul><li><a href="{COLUMN}">政府信息公开年报</a></li>'
            '<li><a href="/zwgk/zfxxgk/zfxxgkml/index.html">政府信息公开目录</a></li></ul>')).encode(), HTML, STATIC)
        res["/zwgk/zfxxgk/zfxxgkml/index.html"] = Resource(
            self._page("政府信息公开目录", f'<p><a href="{COLUMN}">年报</a></p>').encode(), HTML, STATIC
        )
        latest = sorted(news, key=lambda n: n.published, reverse=True)[:6]
        res["/"] = res["/index.html"] = Resource(self._home(latest).encode(), HTML, STATIC)
        self.install(res, entries, now)

    def _page(self, title: str, body: str) -> str:
        return (
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(title)}-洛阳市西工区人民政府</title></head>'
            f'<body>{note_html()}<div class="crumb"><a href="/">首页</a> &gt; <a href="/zwgk/zfxxgk/index.html">'
            f"政府信息公开</a></div><h2>{esc(title)}</h2>{body}</body></html>"
        )

    def _home(self, latest: list[NewsItem]) -> str:
        news = "".join(
            f'<li><a href="{article_path(n.published, n.article_id)}">{esc(n.title)}</a></li>' for n in latest
        )
        offsite = "".join(f'<li><a href="{u}">{esc(n)}</a></li>' for n, u in OFFSITE_LINKS)
        offsite += '<li><a href="http://www.ly.gov.cn/">洛阳市人民政府</a></li>'
        return self._page("洛阳市西工区人民政府", (
            f'<ul class="nav"><li><a href="/zwgk/zfxxgk/index.html">政府信息公开</a></li>'
            f'<li><a href="{COLUMN}">政府信息公开年报</a></li></ul><h3>工作动态</h3><ul>{news}</ul>'
            f"<h3>友情链接</h3><ul>{offsite}</ul>"
        ))

    def _list(self, items: list[_Item], pages: int, current: int) -> str:
        lis = "".join(
            f'<li><a href="{esc(i.href)}" title="{esc(i.title)}">{esc(i.title)}</a><span>{i.when:%Y-%m-%d}</span></li>'
            for i in items
        )
        pager = " ".join(
            f"<span>{n}</span>" if n == current else
            f'<a href="{COLUMN}{"index.html" if n == 1 else f"index_{n}.html"}">{n}</a>'
            for n in range(1, pages + 1)
        )
        body = f'<ul class="list">{lis}</ul><div class="pages">共{pages}页 {pager}</div>'
        return self._page("政府信息公开年报", body)

    def _article(self, title: str, when: datetime, source: str, content: str) -> str:
        return (
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f'<meta name="publishdate" content="{when:%Y-%m-%d %H:%M:%S}"></head><body>{note_html()}'
            f'<div class="crumb"><a href="/">首页</a> &gt; <a href="{COLUMN}">政府信息公开年报</a></div>'
            f'<div class="article"><h1>{esc(title)}</h1><div class="info">发布时间：{when:%Y-%m-%d %H:%M}　'
            f'来源：{esc(source)}</div><div class="content" id="content">{content}</div></div></body></html>'
        )
