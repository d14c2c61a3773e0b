"""The platform families of the generated world: how each lays out column, list-page, article and file URLs,
how it pages a list, and how its list is drawn.

Modelled on what public material shows of real Chinese government CMSs (read through the search tool; no code
copied):

- **hanweb** (大汉 Hanweb JCMS): `/col/col<N>/index.html` columns whose first records sit in a
  `<script type="text/xml"><datastore>` and the rest come from `/module/web/jpage/dataproxy.jsp?startrecord=…
  &endrecord=…&perpage=…` (GET or POST, `columnid`, `unitid`), articles `/art/<y>/<m>/<d>/art_<col>_<id>.html`,
  files behind `/module/download/downfile.jsp?classid=0&filename=…`. Sources: jas0no7/local_spider_jason `t.py`
  (`/col/col42150/index.html?uid=…&pageNum={}`), RSSHub `lib/routes/cau/yzb.ts`-style route calling
  `/module/web/jpage/dataproxy.jsp` with `page, appid, webid, path, columnid`, public Scrapy spiders of
  jiangsu.gov.cn and nmg.gov.cn posting `startrecord/endrecord/perpage` (find_string "dataproxy.jsp"); the
  bundled 汶上/兖州 replicas.
- **trs** (拓尔思 TRS WCM static publishing): `/zwgk/…/zfxxgknb/index.html`, `index_1.html`, … with the pager
  `createPageHTML(countPage, currentPage, "index", "html")`, articles `./<yyyymm>/t<yyyymmdd>_<id>.html`, files
  `./P0<…>.pdf` beside them. Sources: ZhouForrest/Spider `cralwe/qyxg_xzcf/Crawler__qyxg_xzcf__my_l_tax.py`
  (`index_{}.html`), a public budget-PDF spider's pager detector (`createPageHTML\\s*\\(\\s*(\\d+)`, `countPage`,
  `index_N`), hb.yl.gov.cn / gxt.hebei.gov.cn `…/zfxxgk/zfxxgknb/index.html` URLs in public spiders; the bundled
  市中区/峄城 replicas.
- **shtml** (TRS/网站群 `.shtml` publishing, often a city's 集约化 cluster): `index.shtml`, `index_2.shtml`,
  articles `/<path>/<yyyymm>/<hex>.shtml`. Sources: public km.gov.cn spiders (`…/zfxxgk/zfxxgknb/` +
  `index_{page}.shtml`), bjtzh.gov.cn `…/zfxxgknb/<年目录>/xzjd/index.shtml` per-year folders (a public note on
  北京 年报 trees), 成都 `column-index-N.shtml`.
- **kaipu** (开普云-style): `/<path>/index.html?page=N` paging honoured by the server, articles
  `/<path>/content/post_<id>.html`, files `/attachment/0/<id>.<ext>`.
- **ilist** (JSP list servlet): `/info/iList.jsp?node_id=…&cat_id=…&cur_page=N`, articles
  `/info/iDetail.jsp?cat_id=…&info_id=…`. Source: RSSHub `lib/routes/gov/sichuan/deyang/mztoday`-style route for
  mz.gov.cn (`/info/iList.jsp?node_id=GKmzs&cat_id=15971&cur_page=1`, 法定主动内容).
- **jiyue** (政府网站集约化 platform): the county's own home page sends 政务公开 to a city platform host
  `zwgk.<city>.gov.cn/<code>/…/list.shtml`, whose list is drawn by script from
  `/<code>/api/list?channelId=…&pageIndex=N&pageSize=…` JSON. Sources: zfxxgk.beijing.gov.cn
  `/110016/zfxxgknb/list.shtml` linked from a department portal (find_string "zfxxgknb"), hd.gov.cn linking
  `hdzfxxgk.hd.gov.cn/zfxxgknb/`, public scripts paging JSON by `pageNum/pageSize`
  (seesee111/-Government-Knowledge-Graph-Visualization `crawler/spider.py`).
- **nanwei** (南威-style JSON service): a shell list page whose script POSTs `{"columnId", "pageIndex",
  "pageSize"}` to `/api/front/list` and renders `data.list[].linkUrl`. Sources: destiny-zxj/dumpInfo
  `src/main.py` (POST `currentPageNum`, `pageSize` to a `dynamic/document/search` service), the bundled 潍坊
  replica's POSTed search service.
- **phpcms** (PHPCMS / DedeCMS / 帝国CMS county sites, often GBK without a charset header):
  `/index.php?m=content&c=index&a=lists&catid=N&page=K` or Dede `/a/<slug>/list_<tid>_<K>.html`, articles
  `…&a=show&catid=N&id=M` or `/a/<slug>/<yyyy>/<mmdd>/<id>.html`, files `/uploadfile/<yyyy>/<mmdd>/<hex>.<ext>`.
  Source: zhibiao2014/cdzww `caches/caches_template/default/content/list.php` (a PHPCMS 信息公开 site).
- **action** (东软/中软-style Java `.do` sites): `/xxgk/infoList.do?catId=N&pageNo=K` paged by
  `javascript:goPage(K)`, rows opened by `onclick="openInfo('<id>')"` → `window.open('infoDetail.do?id=…')`,
  files behind `/xxgk/download.do?fileId=…` with a Content-Disposition name. Sources: a public budget spider's
  detail-page readers (`onclick` / `window.open(...)` / `location.href` PDF links, `pageNo`/`PageIndex`
  parameters), jamesfyp/WaiBaoSpider `WaiBaoSpider/spiders/xuzhou.py` (postback pagers of .NET/Java sites).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

FAMILIES = ("hanweb", "trs", "shtml", "kaipu", "ilist", "jiyue", "nanwei", "phpcms", "action")
"""Every family; a world draws its portals round-robin over them first, so a small world has one of each."""

SCRIPT_LISTS = {"jiyue": "json", "nanwei": "json_post"}
"""Families whose list pages are always drawn by script from a JSON call."""


@dataclass(frozen=True)
class Shape:
    """A family's URL templates. Fields: column `{path}` (parents' slugs + slug), `{cid}`, `{slug}`, `{slug6}`,
    `{code}`; page `{base}`, `{dir}` (folder of the first page), `{n}`, `{n1}` (= n - 1); article and file
    `{y}`, `{m}`, `{d}` (unpadded), `{mm}`, `{dd}`, `{ym}`, `{ymd}`, `{md}`, `{aid}`, `{aidx}` (hex), `{aid5}`,
    `{adir}` (the article's folder URL), `{host}`, `{ext}`."""

    column: str
    page: str
    article: str
    file: str
    servlet: bool  # the file is behind a download servlet, named only by Content-Disposition


SHAPES = {
    "hanweb": Shape(
        "/col/col{cid}/index.html",
        "{base}#page{n}",
        "/art/{y}/{m}/{d}/art_{cid}_{aid}.html",
        "http://{host}/module/download/downfile.jsp?classid=0&filename={aidx}{md}.{ext}",
        True,
    ),
    "trs": Shape(
        "{path}/index.html",
        "{dir}/index_{n1}.html",
        "{dir}/{ym}/t{ymd}_{aid}.html",
        "{adir}/P0{ymd}{aid5}.{ext}",
        False,
    ),
    "shtml": Shape(
        "{path}/index.shtml",
        "{dir}/index_{n}.shtml",
        "{dir}/{ym}/{aidx}{dd}.shtml",
        "{adir}/P0{ymd}{aid5}.{ext}",
        False,
    ),
    "kaipu": Shape(
        "{path}/index.html",
        "{base}?page={n}",
        "{dir}/content/post_{aid}.html",
        "http://{host}/attachment/0/{aid}.{ext}",
        False,
    ),
    "ilist": Shape(
        "/info/iList.jsp?node_id=GK{slug6}&cat_id={cid}&cur_page=1",
        "/info/iList.jsp?node_id=GK{slug6}&cat_id={cid}&cur_page={n}",
        "/info/iDetail.jsp?cat_id={cid}&info_id={aid}",
        "http://{host}/uploadfiles/{y}/{mm}/{aidx}.{ext}",
        False,
    ),
    "jiyue": Shape(
        "/{code}/{slug}/list.shtml",
        "{base}#page{n}",
        "/{code}/{slug}/{ym}/{aid}.shtml",
        "http://{host}/{code}/download?fileId={aid}",
        True,
    ),
    "nanwei": Shape(
        "{path}/list.html",
        "{base}#page{n}",
        "/art/{y}/{md}/{aid}.html",
        "http://{host}/fileserver/download?id={aid}&type={ext}",
        True,
    ),
    "phpcms": Shape(
        "/index.php?m=content&c=index&a=lists&catid={cid}",
        "{base}&page={n}",
        "/index.php?m=content&c=index&a=show&catid={cid}&id={aid}",
        "http://{host}/uploadfile/{y}/{md}/{aidx}.{ext}",
        False,
    ),
    "dede": Shape(
        "/a/{slug}/",
        "/a/{slug}/list_{cid}_{n}.html",
        "/a/{slug}/{y}/{md}/{aid}.html",
        "http://{host}/uploadfile/{y}/{md}/{aidx}.{ext}",
        False,
    ),
    "action": Shape(
        "/xxgk/infoList.do?catId={cid}",
        "{base}&pageNo={n}",
        "/xxgk/infoDetail.do?id={aid}",
        "http://{host}/xxgk/download.do?fileId={aid}",
        True,
    ),
}
"""URL shapes by family; `phpcms` portals take the PHPCMS or the DedeCMS shape (one per portal)."""


def shape_of(family: str, code: str) -> str:
    if family == "phpcms" and int(code or "0") % 2 == 1:
        return "dede"
    return family


@dataclass
class ColumnUrls:
    """Where one list column lives: page `n` (1-based) of it, and where its data comes from."""

    family: str
    host: str
    base: str  # path of the first page
    cid: int
    slug: str
    code: str = ""

    @property
    def shape(self) -> Shape:
        return SHAPES[shape_of(self.family, self.code)]

    def page(self, n: int) -> str:
        if n == 1:
            return f"http://{self.host}{self.base}"
        fields = {"base": self.base, "dir": self.base.rsplit("/", 1)[0], "n": n, "n1": n - 1}
        return f"http://{self.host}" + self.shape.page.format(**fields, **self._names())

    def _names(self) -> dict[str, object]:
        return {"cid": self.cid, "slug": self.slug, "slug6": self.slug[:6], "code": self.code}

    def data_url(self, n: int, size: int) -> str:
        """The JSON/XML call that fills page `n` of a script-drawn list."""
        if self.family == "hanweb":
            return (
                f"http://{self.host}/module/web/jpage/dataproxy.jsp?startrecord={(n - 1) * size + 1}"
                f"&endrecord={n * size}&perpage={size}&columnid={self.cid}&unitid={self.cid * 7 + 1}"
            )
        if self.family == "nanwei":
            return f"http://{self.host}/api/front/list"
        prefix = f"/{self.code}" if self.family == "jiyue" else ""
        return f"http://{self.host}{prefix}/api/list?channelId={self.cid}&pageIndex={n}&pageSize={size}"


def column_urls(family: str, host: str, parents: list[str], slug: str, cid: int, code: str = "") -> ColumnUrls:
    """The first-page path of a column under its parents' slugs, in the family's URL shape."""
    path = "/" + "/".join([*parents, slug])
    shape = SHAPES[shape_of(family, code)]
    base = shape.column.format(path=path, cid=cid, slug=slug, slug6=slug[:6], code=code)
    return ColumnUrls(family, host, base, cid, slug, code)


def _date_fields(d: datetime, aid: int) -> dict[str, object]:
    return {
        "y": d.year,
        "m": d.month,
        "d": d.day,
        "mm": f"{d:%m}",
        "dd": f"{d:%d}",
        "ym": f"{d:%Y%m}",
        "ymd": f"{d:%Y%m%d}",
        "md": f"{d:%m%d}",
        "aid": aid,
        "aidx": f"{aid:x}",
        "aid5": f"{aid % 100000:05d}",
    }


def article_url(family: str, host: str, col: ColumnUrls, when: datetime, aid: int) -> str:
    """Where an article of column `col` lives."""
    fields = {**col._names(), **_date_fields(when, aid), "dir": col.base.rsplit("/", 1)[0]}
    return f"http://{host}" + col.shape.article.format(**fields)


def file_url(
    family: str, host: str, article: str, when: datetime, aid: int, ext: str, code: str = ""
) -> tuple[str, bool]:
    """Where a report's file lives, and whether it is a download servlet (named by Content-Disposition)."""
    shape = SHAPES[shape_of(family, code)]
    fields = {**_date_fields(when, aid), "adir": article.rsplit("/", 1)[0], "host": host, "ext": ext, "code": code}
    return shape.file.format(**fields), shape.servlet


def content_disposition(name: str) -> str:
    """RFC 6266 with an ASCII fallback, as download servlets send it."""
    ext = name.rsplit(".", 1)[-1]
    return f"attachment; filename=\"report.{ext}\"; filename*=UTF-8''{quote(name)}"


def pager(col: ColumnUrls, n: int, pages: int, style_seed: int) -> str:
    """The pager under page `n` of a server-drawn list."""
    if pages <= 1 and col.family != "trs":
        return ""
    f = col.family
    if f == "trs":
        return (
            '<div class="page"><script>function createPageHTML(_nPageCount,_nCurrIndex,_sPageName,_sPageExt){'
            "if(_nPageCount==null||_nPageCount<=1){return;}var nCurrIndex=_nCurrIndex||0;"
            "if(nCurrIndex<_nPageCount-1){document.write('<a href=\"'+_sPageName+'_'+(nCurrIndex+1)+'.'+_sPageExt+"
            "'\">下一页</a>');}}"
            f"var countPage = {pages};var currentPage = {n - 1};"
            'createPageHTML(countPage, currentPage, "index", "html");</script></div>'
        )
    if f == "action":
        nxt = f'<a href="javascript:goPage({n + 1})">下一页</a>' if n < pages else ""
        return (
            f'<div class="pager">第{n}/{pages}页 {nxt}</div><script>function goPage(p){{'
            f"location.href='infoList.do?catId={col.cid}&pageNo='+p;}}</script>"
        )
    links = []
    if n > 1:
        links.append(f'<a href="{col.page(n - 1)}">上一页</a>')
    if n < pages:
        label = ("下一页", "下页", "&gt;")[style_seed % 3]
        links.append(f'<a href="{col.page(n + 1)}">{label}</a>')
        links.append(f'<a href="{col.page(pages)}">尾页</a>')
    return f'<div class="pagination">共{pages}页 {" ".join(links)}</div>'


def hanweb_records(rows: list[str]) -> str:
    return "".join(f"<record><![CDATA[{row}]]></record>" for row in rows)


def json_rows(items: list[tuple[str, str, str]], family: str, total: int, n: int, size: int) -> bytes:
    """A JSON list answer: (title, url, date) rows in the family's field names."""
    if family == "nanwei":
        data = {
            "code": 0,
            "data": {
                "total": total,
                "pageIndex": n,
                "pageSize": size,
                "list": [{"title": t, "linkUrl": u, "publishTime": d} for t, u, d in items],
            },
        }
    else:
        data = {
            "total": total,
            "pageIndex": n,
            "pageSize": size,
            "pages": max(1, -(-total // size)),
            "data": [{"title": t, "url": u, "publishDate": d} for t, u, d in items],
        }
    return json.dumps(data, ensure_ascii=False).encode("utf-8")
