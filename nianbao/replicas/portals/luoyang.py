"""洛阳 CMS (西工区): articles at /<yyyy>/<mm>-<dd>/<id>.html, the report column /zwgk/zfxxgk/zfxxgknb/
(index.html, index_2.html …) behind the 瑞数-style check, reports mostly as PDF attachments.

The sibling 老城区 (`LuoyangConfig`) stands for a portal of no known platform: another column slug and name.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from nianbao.replicas.noise import OFFSITE_LINKS, NewsItem, news_items
from nianbao.replicas.site import CONTENT_TYPES, ManifestEntry, Site, esc, note_html, stamp
from nianbao.replicas.web import HTML, Resource

if TYPE_CHECKING:
    from nianbao.replicas.content import Rendition

STATIC = stamp(datetime(2025, 6, 1, 9, 0))
COLUMN = "/zwgk/zfxxgk/zfxxgknb/"


@dataclass(frozen=True)
class LuoyangConfig:
    """How one site on this CMS names and pages its report column."""

    site_name: str
    office: str  # the source of its news
    column: str
    column_name: str = "政府信息公开年报"
    page_size: int = 10
    news: int = 14


CONFIGS = {
    "www.xigong.gov.cn": LuoyangConfig("洛阳市西工区人民政府", "西工区人民政府办公室", COLUMN),
    # a sibling (served with World(siblings=True)) configured as platform "generic", as a portal on a CMS
    # nobody wrote an adapter for would be: another column slug (ndbg) and name, short pages (index_2.html …)
    "www.laocheng.gov.cn": LuoyangConfig(
        "洛阳市老城区人民政府", "老城区人民政府办公室", "/zwgk/ndbg/", "政府信息公开工作年度报告", page_size=4, news=8,
    ),
}


@dataclass
class _Item:
    title: str
    href: str
    when: datetime


def article_path(when: datetime, article_id: int) -> str:
    return f"/{when:%Y}/{when:%m-%d}/{article_id}.html"


class LuoyangSite(Site):
    @property
    def cfg(self) -> LuoyangConfig:
        return CONFIGS[self.host]

    def build(self, renditions: list[Rendition], now: datetime | None = None) -> None:
        cfg = self.cfg
        column = cfg.column
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
            entry.listed_at = [self.url(column + "index.html")]
            entries.append(entry)
            items.append(_Item(spec.title, path, spec.published))
        news = news_items(rng, self.portal.county, cfg.news)
        for i, item in enumerate(news):
            path = article_path(item.published, item.article_id)
            res[path] = Resource(self._article(item.title, item.published, cfg.office, item.body).encode(),
                                 HTML, stamp(item.published))
            if i % 2 == 0:
                items.append(_Item(item.title, path, item.published))
        self.delays = {article_path(news[1].published, news[1].article_id): self.slow_seconds}
        items.sort(key=lambda i: i.when, reverse=True)
        pages = max(1, math.ceil(len(items) / cfg.page_size))
        for n in range(pages):
            name = "index.html" if n == 0 else f"index_{n + 1}.html"
            chunk = items[n * cfg.page_size : (n + 1) * cfg.page_size]
            res[column + name] = Resource(self._list(chunk, pages, n + 1).encode(), HTML, stamp(chunk[0].when))
        res[column.rstrip("/")] = Resource(b"", HTML, STATIC, status=301, headers={"Location": column})
        res["/zwgk/zfxxgk/index.html"] = Resource(self._page("政府信息公开", (
            f'<ul><li><a href="{column}">政府信息公开年报</a></li>'
            '<li><a href="/zwgk/zfxxgk/zfxxgkml/index.html">政府信息公开目录</a></li></ul>')).encode(), HTML, STATIC)
        res["/zwgk/zfxxgk/zfxxgkml/index.html"] = Resource(
            self._page("政府信息公开目录", f'<p><a href="{column}">年报</a></p>').encode(), HTML, STATIC
        )
        latest = sorted(news, key=lambda n: n.published, reverse=True)[:6]
        res["/"] = res["/index.html"] = Resource(self._home(latest).encode(), HTML, STATIC)
        self.install(res, entries, now)

    def _page(self, title: str, body: str) -> str:
        return (
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(title)}-{self.cfg.site_name}</title></head>'
            f'<body>{note_html()}<div class="crumb"><a href="/">首页</a> &gt; <a href="/zwgk/zfxxgk/index.html">'
            f"政府信息公开</a></div><h2>{esc(title)}</h2>{body}</body></html>"
        )

    def _home(self, latest: list[NewsItem]) -> str:
        news = "".join(
            f'<li><a href="{article_path(n.published, n.article_id)}">{esc(n.title)}</a></li>' for n in latest
        )
        offsite = "".join(f'<li><a href="{u}">{esc(n)}</a></li>' for n, u in OFFSITE_LINKS)
        offsite += '<li><a href="http://www.ly.gov.cn/">洛阳市人民政府</a></li>'
        return self._page(self.cfg.site_name, (
            f'<ul class="nav"><li><a href="/zwgk/zfxxgk/index.html">政府信息公开</a></li>'
            f'<li><a href="{self.cfg.column}">政府信息公开年报</a></li></ul><h3>工作动态</h3><ul>{news}</ul>'
            f"<h3>友情链接</h3><ul>{offsite}</ul>"
        ))

    def _list(self, items: list[_Item], pages: int, current: int) -> str:
        lis = "".join(
            f'<li><a href="{esc(i.href)}" title="{esc(i.title)}">{esc(i.title)}</a><span>{i.when:%Y-%m-%d}</span></li>'
            for i in items
        )
        pager = " ".join(
            f"<span>{n}</span>" if n == current else
            f'<a href="{self.cfg.column}{"index.html" if n == 1 else f"index_{n}.html"}">{n}</a>'
            for n in range(1, pages + 1)
        )
        body = f'<ul class="list">{lis}</ul><div class="pages">共{pages}页 {pager}</div>'
        return self._page(self.cfg.column_name, body)

    def _article(self, title: str, when: datetime, source: str, content: str) -> str:
        return (
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f'<meta name="publishdate" content="{when:%Y-%m-%d %H:%M:%S}"></head><body>{note_html()}'
            f'<div class="crumb"><a href="/">首页</a> &gt; '
            f'<a href="{self.cfg.column}">{esc(self.cfg.column_name)}</a></div>'
            f'<div class="article"><h1>{esc(title)}</h1><div class="info">发布时间：{when:%Y-%m-%d %H:%M}　'
            f'来源：{esc(source)}</div><div class="content" id="content">{content}</div></div></body></html>'
        )
