"""Scored discovery: from a portal's home page to its annual-report columns, however deep.

County portals put the reports 2–5 clicks from the home page, along a path whose words are much the same
everywhere: 政府信息公开 / 政务公开 / 法定主动公开内容 (the disclosure area), then 政府信息公开年报 /
工作年度报告 / 年度报告 / 年报 (the report column), often split by year or by kind of agency. Each step is a
link whose text, @title or URL slug (`zfxxgk`, `xxgk`, `zwgk` …; `zfxxgknb`, `xxgknb`, `gknb`, `ndbg`, `nb`)
says so, on a page whose title or breadcrumb says where it is. So a link is scored by what it says, the
frontier is fetched best first (the score becomes the request's priority), and only the disclosure area and
the report columns are walked: a news list is never entered, however many pages it has.

Nothing here knows a host or a platform: the words are the ones 国办 guidance and the CMSs' default column
names use across provinces. Each report column taken is recorded with its score and why (`DiscoveryState`),
for the crawl's stats and `nianbao portals check`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from nianbao.crawler.recognition import about_a_report as _about_a_report
from nianbao.crawler.recognition import is_report_title, squash

#: What a link to a report column says (text or @title), strongest first.
_COLUMN_TEXT = (
    (re.compile(r"(?:政府信息|政务)公开(?:工作)?(?:年度报告|年报)"), 95, "names the report column"),
    (re.compile(r"信息公开(?:工作)?(?:年度报告|年报)|公开年报"), 90, "names the report column"),
    (re.compile(r"工作年度报告|年度工作报告"), 85, "says 工作年度报告"),
    (re.compile(r"年度报告"), 75, "says 年度报告"),
    (re.compile(r"年报"), 70, "says 年报"),
)
#: What a link into the disclosure area says.
_AREA_TEXT = (
    (re.compile(r"法定主动公开"), 50, "says 法定主动公开"),
    (re.compile(r"法定公开"), 45, "says 法定公开"),
    (re.compile(r"政府信息公开|政务信息公开"), 45, "says 政府信息公开"),
    (re.compile(r"信息公开目录|公开目录|主动公开目录"), 40, "says 信息公开目录"),
    (re.compile(r"政务公开|信息公开"), 40, "says 政务/信息公开"),
    # 主动公开 / 公开内容 hubs are where 年报 columns sit on many portals (主动公开 → 政府信息公开年报): a step
    # on the way, so they reach AREA; 重点领域 (重点领域信息公开) lists sectors, not the report column
    (re.compile(r"主动公开|公开内容"), 35, "says 主动公开/公开内容"),
    (re.compile(r"重点领域"), 25, "says 重点领域"),
)
#: URL slugs of report columns and disclosure areas (whole path segments, query values included).
_COLUMN_SLUG = re.compile(r"zfxxgknb|wzxxgknb|xxgknb|gknb|ndbg|nianbao|annualreport|xxgkannualreport|gzndbg", re.I)
_NB_SLUG = re.compile(r"(?:^|[^a-z])nb(?:$|[^a-z])|^nb|nb$", re.I)
_AREA_SLUG = re.compile(r"zfxxgk|xxgk|zwgk|gkml|fdzdgk|fdgk|zdgk|gknr|openness|govinfo|zwxx|xxgkml", re.I)
#: Links that lead away from disclosure: never followed to find a column (a report title still is).
_AWAY = re.compile(
    r"新闻|要闻|动态|图片|视频|招聘|招标|采购|领导|互动|信箱|留言|投诉|咨询|办事|服务|登录|注册|English|无障碍|"
    r"地图|天气|旅游|文化|简介|概况|专题|下载中心|网站地图|关于我们|联系我们|邮箱|搜索|解读|问答|回应|征集|调查"
    r"|依申请公开|申请表|指南|规定|制度|机构职能|预决算|财政|统计|规划|人事|政策文件"
)
#: A sub-column of a report column: a year (2023年 / 2023年度 / 2023), or a kind of agency.
_YEAR_TAB = re.compile(r"^(?:19|20)\d\d(?:年度?)?(?:报告|年报)?$|^(?:19|20)\d\d年?[-—至]")
_KIND_WORDS = re.compile(r"(?:政府信息公开|信息公开|政务公开)?(?:工作)?(?:年度报告|年报)|[、/和及与（）()·\s]|各|类")
_KIND_TAB = re.compile(
    r"(?:(?:县|区|市|镇|乡)?(?:直属?)?(?:部门|单位|乡镇|街道|镇街|镇|乡|本级|政府|机关|办事处|开发区|园区))+"
)
_YEAR = re.compile(r"(?:19|20)\d\d")
#: How an agency's name ends (局, 委员会, 街道办事处, 镇 …): a row that is only a name, in a report column.
_AGENCY_END = re.compile(
    r"(?:局|委|办|院|所|中心|街道|镇|乡|政府|办事处|委员会|公司|大队|队|站|馆|部|署|会|处|室|社区|管委会|园区|"
    r"开发区|集团|法院|检察院|银行|分局|支队)$"
)
#: What a row adds around the name: dates, years, file extensions, brackets.
_ROW_NOISE = re.compile(
    r"\.(?:pdf|docx?|wps|xlsx?|ofd)$|(?:19|20)\d\d(?:[-./年]\d{1,2}(?:[-./月]\d{1,2}日?)?)?|[（(【\[].*?[）)】\]]|年度?$"
)
#: Link texts that are a site's chrome in any column: never a report row.
_CHROME = re.compile(r"^(?:首页|主页|返回|更多|more|打印|关闭|收藏|分享|顶部|上一篇|下一篇|上一条|下一条)", re.I)

COLUMN = 60  # a score from here on is a report column (a list whose rows are reports)
AREA = 30  # from here on a page of the disclosure area, worth reading for the way on


@dataclass(frozen=True)
class Score:
    """How much a link looks like the way to annual reports, and why (for the record)."""

    value: int
    why: str

    @property
    def column(self) -> bool:
        return self.value >= COLUMN


NOTHING = Score(0, "")


def score_link(text: str, url: str) -> Score:
    """The score of a link by its text (and @title, joined by the caller) and its URL's slugs.

    A report column's words (in the text or the slug) score from COLUMN up; the disclosure area's words stay
    below it however many of them agree, so a link to 政府信息公开 is never taken for the column itself.
    """
    t = squash(text)
    if (is_report_title(t) and _YEAR.search(t)) or (t and _about_a_report(t)):
        return NOTHING  # a report itself (a candidate, scored elsewhere), or a notice about one
    away = bool(t) and bool(_AWAY.search(t))
    column = next((Score(v, f"link text {t[:30]!r} {why}") for p, v, why in _COLUMN_TEXT if t and p.search(t)), None)
    area = None
    if not away:
        area = next((Score(v, f"link text {t[:30]!r} {why}") for p, v, why in _AREA_TEXT if t and p.search(t)), None)
    slug = _slug_score(url)
    if slug.column and not away:
        column = _both(column, slug) if column else slug
    if column is not None:
        return column
    if slug.value and not away:
        area = _both(area, slug) if area else slug
    return Score(min(area.value, COLUMN - 1), area.why) if area else NOTHING


def _both(a: Score, b: Score) -> Score:
    """Two signs agreeing: the stronger, a little more sure, with both reasons."""
    first, second = (a, b) if a.value >= b.value else (b, a)
    return Score(min(99, first.value + 5), f"{first.why}; {second.why}")


def _slug_score(url: str) -> Score:
    parts = urlsplit(url)
    segments = [s for s in re.split(r"[/?&=._-]", f"{parts.path}?{parts.query}") if s]
    for s in segments:
        if _COLUMN_SLUG.search(s):
            return Score(70, f"URL slug {s!r}")
    for s in segments:
        if len(s) <= 16 and _NB_SLUG.search(s) and not s.isdigit():
            return Score(60, f"URL slug {s!r}")
    for s in segments:
        if _AREA_SLUG.search(s):
            return Score(30, f"URL slug {s!r}")
    return NOTHING


def score_page(title: str, crumbs: str, url: str) -> Score:
    """Where a fetched page stands: its title, breadcrumb and URL (a column entered by a vague link — 年度
    报告 under 法定主动公开内容 — still says what it is on arrival)."""
    best = NOTHING
    for text, where in ((title, "page title"), (crumbs, "breadcrumb")):
        t = squash(text)
        if not t or _about_a_report(t):
            continue
        for pattern, value, why in _COLUMN_TEXT:
            if pattern.search(t[-40:] if where == "breadcrumb" else t):
                if value > best.value:
                    best = Score(value, f"{where} {t[-30:]!r} {why}")
                break
    slug = _slug_score(url)
    return slug if slug.value >= COLUMN and slug.value > best.value else best


def is_area_text(text: str) -> bool:
    """A link text naming the disclosure area itself (政府信息公开, 政务公开, 法定主动公开内容 …)."""
    t = squash(text)
    return bool(t) and len(t) <= 20 and any(p.search(t) for p, value, _ in _AREA_TEXT if value >= 40)


def is_column_name(text: str) -> bool:
    """A link text that may name a sub-column of the disclosure area whose words discovery does not know
    (政务信息, 部门信息, 县政府 …): short, no year, nothing about news, services or a report itself."""
    t = squash(text)
    if not (2 <= len(t) <= 12) or _YEAR.search(t) or re.search(r"\d", t):
        return False
    if _AWAY.search(t) or _CHROME.search(t) or _about_a_report(t) or is_report_title(t):
        return False
    return bool(re.fullmatch(r"[\u4e00-\u9fff（）()·、]+", t))


def is_sub_column(text: str) -> bool:
    """A tab or sub-column inside a report column: a year, or a kind of agency (部门 / 乡镇街道 …)."""
    t = squash(text)
    if not t or len(t) > 20 or is_report_title(t):
        return False
    # a kind of agency (部门 / 乡镇街道 / 区直部门年报), not one agency (民政局, 某某街道办事处)
    return bool(_YEAR_TAB.search(t) or _KIND_TAB.fullmatch(_KIND_WORDS.sub("", t)))


def is_row_text(text: str) -> bool:
    """A link text that may be a row of a report column: a report's title without the usual words, or only
    the agency's name (the column says 年度报告) — not a news headline or a notice that shares the column."""
    t = squash(text)
    if not (2 <= len(t) <= 90) or _CHROME.search(t) or _about_a_report(t):
        return False
    if re.search(r"报告|年报", t):
        return True
    name = _ROW_NOISE.sub("", t)
    return 2 <= len(name) <= 40 and bool(_AGENCY_END.search(name))


@dataclass
class DiscoveryState:
    """What discovery learned about one portal during a crawl: its report columns, its platform, the pages
    that are the site's chrome (the home page's links), and the hosts its navigation led to."""

    columns: dict[str, dict[str, object]] = field(default_factory=dict)
    platforms: dict[str, int] = field(default_factory=dict)
    chrome: set[str] = field(default_factory=set)
    hosts: dict[str, str] = field(default_factory=dict)  # another government host -> the page that led there
    rendered: set[str] = field(default_factory=set)
    offered: set[str] = field(default_factory=set)  # disclosure-area and column pages already led to
    replayed: set[str] = field(default_factory=set)

    def take_column(self, url: str, title: str, score: Score) -> None:
        known = self.columns.get(url)
        if known is None or int(str(known["score"])) < score.value:
            self.columns[url] = {"url": url, "title": squash(title)[:60], "score": score.value, "why": score.why}

    def saw_platform(self, name: str) -> None:
        self.platforms[name] = self.platforms.get(name, 0) + 1

    @property
    def platform(self) -> str:
        """The platform most pages were fingerprinted as, or "generic"."""
        return max(self.platforms, key=lambda k: self.platforms[k]) if self.platforms else "generic"
