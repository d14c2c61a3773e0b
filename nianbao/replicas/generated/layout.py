"""One generated portal, planned: its hosts, column tree, lists, reports and noise — data only, no bytes.

Everything a portal shows is decided here from one random generator per portal (`world_seed/index`), so a
world of 100 portals is the first 100 of the world of 1,000 with the same seed, and the manifest (every URL,
every report) is known before a single page is rendered.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from nianbao.corpus.agencies import Agency
from nianbao.replicas.generated.families import SCRIPT_LISTS, ColumnUrls, article_url, column_urls, file_url
from nianbao.replicas.generated.names import Place
from nianbao.replicas.noise import news_items

HUB_LEVELS = (
    (("政务公开", "zwgk"), ("信息公开", "xxgk"), ("政务公开专栏", "zwgkzl")),
    (("政府信息公开", "zfxxgk"), ("政府信息公开专栏", "zfxxgkzl"), ("信息公开目录", "xxgkml")),
    (("法定主动公开内容", "fdzdgknr"), ("主动公开", "zdgk"), ("政府信息公开目录", "gkml")),
    (("其他法定公开内容", "qtfdgk"), ("公开内容", "gknr"), ("政务信息", "zwxx")),
)
"""Hub names by level, from the home page down (a 年报 column 1–5 clicks deep sits under 0–4 of them)."""

REPORT_COLUMNS = (
    "政府信息公开年报",
    "政府信息公开工作年度报告",
    "年度报告",
    "年报",
    "信息公开年报",
    "政务公开年报",
    "政府信息公开年度报告",
)
REPORT_SLUGS = ("zfxxgknb", "xxgknb", "gknb", "ndbg", "nb", "ndgzbg", "gkndbg", "zwgknb")
DECOY_COLUMNS = (
    ("政策文件", "zcwj"),
    ("通知公告", "tzgg"),
    ("政务公开工作要点", "gkyd"),
    ("人事信息", "rsxx"),
    ("财政资金", "czzj"),
    ("政策解读", "zcjd"),
    ("政府信息公开指南", "gkzn"),
    ("工作动态", "gzdt"),
)
YEAR_LABELS = ("{y}年", "{y}年度", "{y}年度报告", "{y}")
LINK_STYLES = ("abs", "abs", "full", "rel", "onclick")
NOTICE_TITLES = (
    "关于做好{y}年政府信息公开工作年度报告编制发布工作的通知",
    "{y}年政务公开工作要点",
    "{a}召开{y}年度政府信息公开工作年度报告编制培训会",
    "关于{y}年度政府信息公开工作年度报告的编制说明",
)
"""Notices that look like reports to a careless reader; they sit in the report columns."""


@dataclass
class GenReport:
    report_id: str
    portal: str
    agency: Agency
    year: int
    template: str  # "2021", "2019" or "prose" (2008–2018, before the national tables)
    fmt: str  # html, docx, pdf, doc, wps
    published: datetime
    truth_seed: int
    aid: int
    page_url: str = ""
    file_url: str | None = None
    servlet: bool = False
    direct: bool = False  # the list links the file itself
    listed_at: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        if self.template == "prose":
            from nianbao.corpus.render_prose import TITLE_FORMS

            return TITLE_FORMS[self.truth_seed % len(TITLE_FORMS)].format(a=self.agency.name, y=self.year)
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告"

    @property
    def document_url(self) -> str:
        return self.file_url or self.page_url


@dataclass
class Noise:
    """A non-report article (news, a notice about reports, 工作要点): a decoy to crawl past."""

    title: str
    published: datetime
    url: str
    body: str


@dataclass
class Row:
    text: str
    url: str
    date: str
    report: GenReport | None = None


@dataclass
class Column:
    title: str
    urls: ColumnUrls
    kind: str  # hub, list, reports (flat or with year tabs), year
    rows: list[Row] = field(default_factory=list)
    children: list[Column] = field(default_factory=list)
    size: int = 10
    crumbs: list[tuple[str, str]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.urls.page(1)

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.rows) // self.size))


@dataclass
class GenPortal:
    index: int
    name: str
    place: Place
    family: str
    host: str
    zwgk_host: str  # where the 政务公开 tree lives: the portal's host, or its city's platform
    encoding: str  # utf-8, utf-8-nohdr, gbk
    list_mode: str  # html, json, json_post, browser
    link_style: str
    depth: int
    year_tabs: bool
    nav: list[Column] = field(default_factory=list)  # first-level columns linked from home
    home_news: list[Noise] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)  # every column, for routing
    reports: list[GenReport] = field(default_factory=list)
    noise: list[Noise] = field(default_factory=list)
    report_column: Column | None = None

    @property
    def home(self) -> str:
        return f"http://{self.host}/"


def plan_portal(index: int, place: Place, family: str, rng: random.Random, *, office: bool) -> GenPortal:
    """Draw one portal of `family` for `place`."""
    zwgk_host = f"zwgk.{place.city_pinyin}.gov.cn" if family == "jiyue" else place.host
    gbk_share = 0.6 if family == "phpcms" else 0.15
    encoding = "gbk" if rng.random() < gbk_share else rng.choice(("utf-8", "utf-8", "utf-8-nohdr"))
    if family in SCRIPT_LISTS:
        list_mode = SCRIPT_LISTS[family]
    elif family == "hanweb":
        list_mode = "html"
    else:
        list_mode = "browser" if rng.random() < 0.12 else "html"
    link_style = "onclick" if family == "action" else rng.choice(LINK_STYLES)
    depth = rng.choices((1, 2, 3, 4, 5), weights=(1, 3, 3, 2, 1))[0]
    p = GenPortal(
        index,
        f"gen{index:04d}{place.pinyin}",
        place,
        family,
        place.host,
        zwgk_host,
        encoding,
        list_mode,
        link_style,
        depth,
        rng.random() < 0.3,
    )
    # distinct column and article ids with a portal's own start and stride (cheaper than sampling a range)
    ids = iter(range(rng.randrange(1000, 60000), 10**6, rng.randrange(3, 97)))
    aids = iter(range(rng.randrange(10**5, 5 * 10**5), 10**7, rng.randrange(7, 997)))

    def new_column(title: str, kind: str, parents: list[str], slug: str, crumbs: list[tuple[str, str]]) -> Column:
        host = zwgk_host if kind != "list" or parents else place.host
        urls = column_urls(family, host, parents, slug, next(ids), place.code)
        col = Column(title, urls, kind, size=rng.randint(4, 10), crumbs=crumbs)
        p.columns.append(col)
        return col

    def noise_rows(col: Column, count: int, notices: bool) -> list[Row]:
        rows = []
        for item in news_items(rng, place.county, count, first_year=2015):
            title = item.title
            if notices and rng.random() < 0.6:
                title = rng.choice(NOTICE_TITLES).format(y=item.published.year, a=place.county)
            url = article_url(family, col.urls.host, col.urls, item.published, next(aids))
            p.noise.append(Noise(title, item.published, url, item.body))
            rows.append(Row(title, url, f"{item.published:%Y-%m-%d}"))
        return rows

    # home: a news column and the chain of hubs down to the report column
    news = new_column("新闻动态", "list", [], "xwdt", [])
    news.urls.host = place.host
    news.rows = noise_rows(news, rng.randint(3, 6), False)
    p.home_news = p.noise[:3]
    p.nav.append(news)
    parents: list[str] = []
    crumbs: list[tuple[str, str]] = [("首页", p.home)]
    parent: Column | None = None
    for level in range(depth - 1):
        title, slug = rng.choice(HUB_LEVELS[level])
        hub = new_column(title, "hub", parents, slug, list(crumbs))
        for dtitle, dslug in rng.sample(DECOY_COLUMNS, rng.randint(1, 3)):
            decoy = new_column(dtitle, "list", [*parents, slug], dslug, [*crumbs, (title, hub.url)])
            decoy.rows = noise_rows(decoy, rng.randint(2, 4), dslug == "gkyd")
            hub.children.append(decoy)
        if parent is None:
            p.nav.append(hub)
        else:
            parent.children.insert(rng.randrange(len(parent.children) + 1), hub)
        parents.append(slug)
        crumbs.append((title, hub.url))
        parent = hub
    report_col = new_column(rng.choice(REPORT_COLUMNS), "reports", parents, rng.choice(REPORT_SLUGS), list(crumbs))
    if parent is None:
        p.nav.append(report_col)
    else:
        parent.children.insert(rng.randrange(len(parent.children) + 1), report_col)
    p.report_column = report_col
    _draw_reports(p, rng, aids, office=office)
    _fill_report_column(p, report_col, rng, parents, noise_rows)
    return p


def _draw_reports(p: GenPortal, rng: random.Random, aids, *, office: bool) -> None:
    agencies = p.place.agencies(rng, rng.randint(2, 6))
    count = rng.randint(4, 11)
    seen: set[tuple[str, int]] = set()
    while len(p.reports) < count:
        agency = rng.choice(agencies)
        year = rng.randint(2019, 2025) if rng.random() < 0.62 else rng.randint(2008, 2018)
        if (agency.name, year) in seen:
            continue
        seen.add((agency.name, year))
        template = "prose" if year < 2019 else ("2019" if year <= 2020 else "2021")
        formats = ("html", "docx", "pdf", "doc", "wps")
        fmt = rng.choices(formats, weights=(56, 26, 10, 5, 3))[0]
        if template == "prose" and fmt in ("doc", "wps"):
            fmt = "docx"
        if not office and fmt in ("pdf", "doc", "wps"):
            fmt = "docx"
        start = datetime(year + 1, 1, 8) if "人民政府" not in agency.name[-5:] else datetime(year + 1, 3, 1)
        when = start + timedelta(days=rng.randrange(25), hours=rng.randrange(8, 18), minutes=rng.randrange(60))
        seed = rng.randrange(1 << 30)
        report_id = f"{p.name}/{agency.name}/{year}"
        p.reports.append(GenReport(report_id, p.name, agency, year, template, fmt, when, seed, next(aids)))


def _fill_report_column(p: GenPortal, col: Column, rng: random.Random, parents: list[str], noise_rows) -> None:
    """Put the reports (and a few notices) into the report column: one paged list, or one list per year."""

    def report_row(r: GenReport, target: Column, agency_only: bool) -> Row:
        r.page_url = article_url(p.family, target.urls.host, target.urls, r.published, r.aid)
        if r.fmt != "html":
            r.file_url, r.servlet = file_url(
                p.family, target.urls.host, r.page_url, r.published, r.aid, r.fmt, p.place.code
            )
            r.direct = rng.random() < 0.2
        text = r.agency.name if agency_only else r.title
        return Row(text, r.file_url if r.direct and r.file_url else r.page_url, f"{r.published:%Y-%m-%d}", r)

    reports = sorted(p.reports, key=lambda r: r.published, reverse=True)
    if not p.year_tabs:
        col.rows = [report_row(r, col, False) for r in reports] + noise_rows(col, rng.randint(1, 3), True)
        col.rows.sort(key=lambda row: row.date, reverse=True)
        _mark_listed(p, col)
        return
    label = rng.choice(YEAR_LABELS)
    crumbs = [*col.crumbs, (col.title, col.url)]
    for year in sorted({r.year for r in reports}, reverse=True):
        sub = Column(
            label.format(y=year),
            column_urls(
                p.family,
                col.urls.host,
                [*parents, col.urls.slug],
                f"{col.urls.slug}{year}",
                col.urls.cid * 100 + year % 100,
                p.place.code,
            ),
            "year",
            size=rng.randint(4, 10),
            crumbs=crumbs,
        )
        p.columns.append(sub)
        agency_only = rng.random() < 0.7
        sub.rows = [report_row(r, sub, agency_only) for r in reports if r.year == year]
        if rng.random() < 0.3:
            sub.rows += noise_rows(sub, 1, True)
        _mark_listed(p, sub)
        col.children.append(sub)
    col.rows = noise_rows(col, rng.randint(0, 2), True)


def _mark_listed(p: GenPortal, col: Column) -> None:
    """Where each report's row is listed: the list page, or the data call that draws that page."""
    for i, row in enumerate(col.rows):
        if row.report is None:
            continue
        n = i // col.size + 1
        if p.list_mode in ("json", "json_post"):
            where = col.urls.data_url(n, col.size)
        elif p.list_mode == "browser" or n == 1:
            where = col.url
        elif p.family == "hanweb":
            where = col.urls.data_url(n, col.size)
        else:
            where = col.urls.page(n)
        row.report.listed_at.append(where)
