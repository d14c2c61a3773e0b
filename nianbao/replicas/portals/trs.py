"""TRS-style static publishing (枣庄市中区; the sibling 峄城区): year folders with irregular names, index.html /
index_N.html lists driven by createPageHTML, dated t<yyyymmdd>_<id>.html pages with .TRS_Editor or
.Custom_UnionStyle, P0… attachments beside them.

What differs between sites on the platform is a `TrsConfig` option, not a second template.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from nianbao.replicas.noise import OFFSITE_LINKS, news_items
from nianbao.replicas.site import CONTENT_TYPES, ManifestEntry, Site, esc, note_html, stamp
from nianbao.replicas.web import HTML, SYNTHETIC_NOTE, Resource

if TYPE_CHECKING:
    from nianbao.replicas.content import Rendition

STATIC = stamp(datetime(2025, 6, 1, 9, 0))

# Folder names differ year to year on the real site; a crawler must follow links, not compute them.
YEAR_FOLDERS = {
    2019: "2019nxxgknb",
    2020: "2020nzfxxgkgznb",
    2021: "2021nxxgknb",
    2022: "2022nxxgkndbg",
    2023: "2023nxxkgnb",
    2024: "2024nzfxxgknb",
    2025: "2025nbxknb",
}
SUBFOLDERS: tuple[tuple[str, str], tuple[str, str]] = (
    ("bmzjxxgknb", "部门镇街信息公开年报"),
    ("qzfxxgknb", "区政府信息公开年报"),
)

DRAFTS = "/zw/gknb/ysgk/"
"""A folder of drafts awaiting review (预审稿), linked from the report column like a year folder but closed to
crawlers by robots.txt: a crawler that ignores robots.txt walks in and finds a report-like draft there."""

ROBOTS_TXT = f"""# {SYNTHETIC_NOTE}
User-agent: *
Disallow: {DRAFTS}
Disallow: /search/
"""


@dataclass(frozen=True)
class TrsConfig:
    """How one TRS site lays out its report column."""

    site_name: str  # the suffix of page titles
    home_title: str
    root: str  # the report column's folder
    column_name: str
    year_folders: Mapping[int, str]  # irregular names; other years get <year>nxxgknb
    subfolders: tuple[tuple[str, str], tuple[str, str]]  # (folder, label) of departments/towns, of the government
    government: str  # how the district government's name ends (its reports go to the second sub-folder)
    year_label: str = "{y}年信息公开年报"
    page_size: int = 6
    container: str | None = None  # every body in this class; None: .TRS_Editor, one in four .Custom_UnionStyle
    drafts: bool = False  # the robots.txt-closed drafts folder (DRAFTS)
    pager_variables: bool = False  # the pager call reads `var countPage`/`currentPage`, not literal numbers
    news: int = 24


CONFIGS = {
    "www.zzszq.gov.cn": TrsConfig(
        "市中区人民政府", "枣庄市市中区人民政府", "/zw/gknb/", "信息公开年报", YEAR_FOLDERS, SUBFOLDERS, "区人民政府",
        drafts=True,
    ),
    # a sibling (served with World(siblings=True)): another column folder, other irregular year folders whose
    # links do not say 年报, short lists (index_N.html) whose pager reads variables, every body in
    # .Custom_UnionStyle
    "www.ycq.gov.cn": TrsConfig(
        "峄城区人民政府", "枣庄市峄城区人民政府", "/zwgk/xxgknb/", "政府信息公开年度报告",
        {2019: "2019nzfxxgkndbg", 2020: "nb2020", 2021: "2021nxxgk", 2022: "2022nndbg_1", 2023: "2023nd",
         2024: "2024nzfxxgkgzndbg", 2025: "2025n"},
        (("bmxxgknb", "部门单位年报"), ("zfxxgknb", "区政府年报")), "区人民政府", year_label="{y}年度",
        page_size=3, container="Custom_UnionStyle", news=10, pager_variables=True,
    ),
}


@dataclass
class _Item:
    title: str
    href: str  # relative to the list page, as TRS writes it (./202601/t20260119_1.html)
    when: datetime


def year_folder(year: int, folders: Mapping[int, str] = YEAR_FOLDERS) -> str:
    return folders.get(year, f"{year}nxxgknb")


class TrsSite(Site):
    @property
    def cfg(self) -> TrsConfig:
        return CONFIGS[self.host]

    def build(self, renditions: list[Rendition], now: datetime | None = None) -> None:
        cfg = self.cfg
        root = cfg.root
        (dept_sub, _), (gov_sub, _) = cfg.subfolders
        labels = dict(cfg.subfolders)
        rng = random.Random(self.host)
        res: dict[str, Resource] = {}
        entries: list[ManifestEntry] = []
        lists: dict[tuple[int, str], list[_Item]] = {}
        for r in renditions:
            spec = r.spec
            when = spec.published
            sub = gov_sub if spec.agency.endswith(cfg.government) else dept_sub
            folder = f"{root}{year_folder(spec.year, cfg.year_folders)}/{spec.year}{sub}"
            dated = f"{folder}/{when:%Y%m}"
            name = f"t{when:%Y%m%d}_{spec.article_id}.html"
            entry = self.new_entry(r)
            content = r.fragment
            if r.file is not None and r.file_ext:
                fname = f"P0{when:%Y%m%d}{spec.article_id:07d}{spec.truth_seed % 100000:05d}.{r.file_ext}"
                res[f"{dated}/{fname}"] = Resource(r.file, CONTENT_TYPES[r.file_ext], stamp(when))
                content += (
                    f'<p>附件：<a href="./{fname}" oldsrc="W0{when:%Y%m%d}.{r.file_ext}">'
                    f"{esc(spec.title)}.{r.file_ext}</a></p>"
                )
                entry.document_url = self.url(f"{dated}/{fname}")
                entry.attachment_urls = [entry.document_url]
            crumb = labels[sub]
            res[f"{dated}/{name}"] = Resource(
                self._article(
                    spec.title,
                    when,
                    content,
                    spec.year,
                    crumb,
                    voice=spec.truth_seed % 2 == 0,
                    container=cfg.container or ("TRS_Editor" if spec.truth_seed % 4 else "Custom_UnionStyle"),
                ).encode(),
                HTML,
                stamp(when),
            )
            entry.page_url = self.url(f"{dated}/{name}")
            entry.document_url = entry.document_url or entry.page_url
            entry.listed_at = [self.url(f"{folder}/index.html")]
            entries.append(entry)
            lists.setdefault((spec.year, sub), []).append(_Item(spec.title, f"./{when:%Y%m}/{name}", when))

        for item in news_items(rng, self.portal.county, cfg.news, first_year=2021):
            key = (item.published.year - 1, dept_sub)  # notices about the reports sit in the same lists
            folder = f"{root}{year_folder(key[0], cfg.year_folders)}/{key[0]}{key[1]}"
            name = f"t{item.published:%Y%m%d}_{item.article_id}.html"
            res[f"{folder}/{item.published:%Y%m}/{name}"] = Resource(
                self._article(item.title, item.published, item.body, key[0], labels[dept_sub]).encode(),
                HTML,
                stamp(item.published),
            )
            lists.setdefault(key, []).append(_Item(item.title, f"./{item.published:%Y%m}/{name}", item.published))

        years = sorted({y for y, _ in lists}, reverse=True)
        year_links = "".join(
            f'<li><a href="./{year_folder(y, cfg.year_folders)}/index.html">{cfg.year_label.format(y=y)}</a></li>'
            for y in [*years, 2018]
        )
        if cfg.drafts:
            year_links += f'<li><a href="{DRAFTS}index.html">年报预审稿（内部审阅）</a></li>'
        column = self._page(cfg.column_name, f"<ul>{year_links}</ul>")
        res[f"{root}index.html"] = Resource(column.encode(), HTML, STATIC)
        # an old year folder taken down: its link now redirects to the site's home page
        res[f"{root}{year_folder(2018, cfg.year_folders)}/index.html"] = Resource(
            b"", HTML, STATIC, status=302, headers={"Location": "/"}
        )
        res[root.rstrip("/")] = Resource(b"", HTML, STATIC, status=301, headers={"Location": root})
        for y in years:
            links = "".join(
                f'<li><a href="./{y}{sub}/index.html">{label}</a></li>'
                for sub, label in cfg.subfolders
                if (y, sub) in lists
            )
            res[f"{root}{year_folder(y, cfg.year_folders)}/index.html"] = Resource(
                self._page(cfg.year_label.format(y=y), f"<ul>{links}</ul>").encode(), HTML, STATIC
            )
        for (y, sub), items in lists.items():
            items.sort(key=lambda i: i.when, reverse=True)
            pages = max(1, math.ceil(len(items) / cfg.page_size))
            for n in range(pages):
                chunk = items[n * cfg.page_size : (n + 1) * cfg.page_size]
                name = "index.html" if n == 0 else f"index_{n}.html"
                res[f"{root}{year_folder(y, cfg.year_folders)}/{y}{sub}/{name}"] = Resource(
                    self._list(labels[sub], y, chunk, pages, n).encode(), HTML, stamp(chunk[0].when)
                )
        slow = sorted(p for p in res if p.startswith(root) and "/t20" in p)[0]
        self.delays = {slow: self.slow_seconds}
        res["/"] = res["/index.html"] = Resource(self._home().encode(), HTML, STATIC)
        if cfg.drafts:
            res["/robots.txt"] = Resource(ROBOTS_TXT.encode(), "text/plain; charset=utf-8", STATIC)
            res.update(self._drafts(renditions))
        self.install(res, entries, now)

    def _drafts(self, renditions: list[Rendition]) -> dict[str, Resource]:
        """The disallowed folder: a list and one draft that reads like a report (it is the newest one's body)."""
        newest = max(renditions, key=lambda r: r.spec.published, default=None)
        if newest is None:
            return {}
        title = f"{newest.spec.title}（预审稿）"
        draft = f"{DRAFTS}t{newest.spec.published:%Y%m%d}_1.html"
        items = [_Item(title, f"./{draft.rsplit('/', 1)[1]}", newest.spec.published)]
        return {
            f"{DRAFTS}index.html": Resource(
                self._list("年报预审稿", newest.spec.year, items, 1, 0).encode(), HTML, STATIC
            ),
            draft: Resource(
                self._article(title, newest.spec.published, newest.fragment, newest.spec.year, "年报预审稿").encode(),
                HTML,
                STATIC,
            ),
        }

    # -- templates ---------------------------------------------------------------------------------------

    def _column_link(self) -> str:
        return f'<a href="{self.cfg.root}index.html">{esc(self.cfg.column_name)}</a>'

    def _page(self, title: str, body: str) -> str:
        return (
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(title)}_{self.cfg.site_name}</title>'
            f'</head><body>{note_html()}<div class="position">您现在的位置:<a href="/">首页</a> &gt; '
            f"{self._column_link()}</div><h2>{esc(title)}</h2>{body}</body></html>"
        )

    def _home(self) -> str:
        offsite = "".join(f'<li><a href="{u}">{esc(n)}</a></li>' for n, u in OFFSITE_LINKS)
        body = (
            f'<ul class="nav"><li><a href="{self.cfg.root}">信息公开年报</a></li>'
            f'<li><a href="{self.cfg.root}index.html">政府信息公开年报</a></li></ul>'
            f"<h3>链接</h3><ul>{offsite}</ul>"
        )
        return self._page(self.cfg.home_title, body)

    def _list(self, label: str, year: int, items: list[_Item], pages: int, current: int) -> str:
        lis = "".join(
            f'<li><a href="{esc(i.href)}" title="{esc(i.title)}" target="_blank">{esc(i.title)}</a>'
            f"<span>{i.when:%Y-%m-%d}</span></li>"
            for i in items
        )
        return (
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(label)}</title>'
            '<script type="text/javascript">function createPageHTML(_nPageCount,_nCurrIndex,_sPageName,_sPageExt){'
            "if(_nPageCount==null||_nPageCount<=1){return;}var s='';"
            "for(var i=0;i<_nPageCount;i++){var n=(i==0)?_sPageName+'.'+_sPageExt:_sPageName+'_'+i+'.'+_sPageExt;"
            "s+=(i==_nCurrIndex)?'<span>'+(i+1)+'</span> ':'<a href=\"'+n+'\">'+(i+1)+'</a> ';}"
            "document.write(s);}</script></head>"
            f'<body>{note_html()}<div class="position">您现在的位置:<a href="/">首页</a> &gt; 政府信息公开 &gt; '
            f"{self._column_link()} &gt; {self.cfg.year_label.format(y=year)} &gt; {esc(label)}</div>"
            f'<ul class="list">{lis}</ul><div class="page"><script type="text/javascript">'
            f"{self._pager_call(pages, current)}</script></div></body></html>"
        )

    def _pager_call(self, pages: int, current: int) -> str:
        if not self.cfg.pager_variables:
            return f'createPageHTML({pages}, {current}, "index", "html");'
        # the other common TRS list template: the numbers are variables set just before the call
        return (
            f"var currentPage = {current};//所在页从0开始\nvar prevPage = currentPage-1//上一页\n"
            f"var nextPage = currentPage+1//下一页\nvar countPage = {pages}//共多少页\n"
            'createPageHTML(countPage, currentPage, "index", "html");'
        )

    def _article(
        self,
        title: str,
        when: datetime,
        content: str,
        year: int,
        crumb: str,
        voice: bool = False,
        container: str = "TRS_Editor",
    ) -> str:
        voice_html = '<p class="voice">点击接收年报语音朗读</p>' if voice else ""
        return (
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f'<meta name="ArticleTitle" content="{esc(title)}"><meta name="PubDate" content="{when:%Y-%m-%d %H:%M}">'
            f'</head><body>{note_html()}<div class="position">您现在的位置:<a href="/">首页</a> &gt; 政府信息公开 &gt; '
            f"{self._column_link()} &gt; {self.cfg.year_label.format(y=year)} &gt; {esc(crumb)}</div>"
            f'<div class="article"><h1>{esc(title)}</h1><div class="info">作者: 更新时间:{when:%Y-%m-%d %H:%M}</div>'
            f'{voice_html}<div class="{container}">{content}</div></div></body></html>'
        )
