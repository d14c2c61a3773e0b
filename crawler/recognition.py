"""Telling an annual-report page from everything else a portal publishes.

URLs cannot decide it: report columns also hold notices about reports, interpretations (解读), and list pages
whose own title is "2025年信息公开年报". So a page counts as a report by what it says — a report-like title
(年度报告 + 信息公开, not a notice about one) together with the template's section headings in the body, or,
for a report published as a file or as pictures, a report title over a body that carries an attachment or
images and is not itself a list of reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from parsel import Selector

# The report is about 政府信息公开; its title says 年度报告 / 年报 / 年度…工作报告.
_DISCLOSURE = re.compile(r"(?:政府|政务)?信息公开|xxgk", re.IGNORECASE)
_ANNUAL = re.compile(r"年度报告|年报|年度.{0,14}?工作报告|工作报告")
# Titles that mention a report but are about it: notices asking for it, interpretations, reviews, training.
_ABOUT_A_REPORT = re.compile(
    r"《|通知|报送|做好|关于印发|关于.*编制|解读|图解|培训|考核|评估|评议|核查|督查|检查|整改|情况通报|公示|征集|名单|格式"
    r"|会议|召开|部署|座谈|调研|工作要点|要点|实施方案|工作方案|工作计划|第三方|测评|排名|发布会"
)
# Titles of other kinds of documents a report column may also hold (read with a column's context only).
_OTHER_KIND = re.compile(r"新闻|动态|讲话|意见|办法|规定|决定|公告|通告|预算|决算|规划|统计|简报|目录|指南|制度")
# URL words portals use for the report column or the report itself (portals.md).
_URL_WORDS = re.compile(r"zfxxgknb|wzxxgknb|xxgknb|gknb|ndbg|nianbao|xxgkannualreport|annualreport", re.IGNORECASE)
# Words of a report column / discovery path, looser than a report title.
_COLUMN_WORDS = re.compile(r"年报|年度报告|信息公开年报|工作年度报告")
# The template's six section headings (report-format.md), matched loosely: numbering and prefixes vary.
SECTION_HEADINGS = (
    re.compile(r"总体情况"),
    re.compile(r"主动公开政府信息(?:情况)?"),
    re.compile(r"收到和处理政府信息公开申请(?:情况)?"),
    re.compile(r"(?:政府信息公开)?行政复议[、，和及]*行政诉讼"),
    re.compile(r"存在的主要问题及改进情况|存在的主要问题"),
    re.compile(r"其他需要报告的事项"),
)
# The headings of the reports of 2008-2018 (the 2008 条例, article 31: no national tables). Reports of those
# years name 概述, 依申请公开, 收费及减免, 行政复议/诉讼 in words of their own; a report page of 2016 printing
# only 主动公开 and 存在的主要问题 of the 2019 headings was read as "a report title over two sections" and
# dropped, so these are counted as a second, older template.
OLD_SECTION_HEADINGS = (
    re.compile(r"概述|概况|基本情况|总体情况"),
    re.compile(r"主动公开(?:政府)?信息"),
    re.compile(r"依申请公开|申请公开(?:政府)?信息|受理.{0,6}申请"),
    re.compile(r"收费(?:及|和|与)?减免|收取费用|不予公开"),
    re.compile(r"行政复议|行政诉讼|申诉"),
    re.compile(r"存在的(?:主要)?问题|改进(?:措施|情况)|工作(?:中的)?不足"),
)
# Labels of the template's tables: a report whose headings were lost still carries them.
TABLE_LABELS = (
    re.compile(r"本年新收政府信息公开申请数量"),
    re.compile(r"上年结转政府信息公开申请数量"),
    re.compile(r"本年制发件数"),
    re.compile(r"结转下年度继续办理"),
)
_SPACE = re.compile(r"\s+")
_CRUMB = re.compile(r"[>＞›»]|当前位置|您现在的位置")
_YEAR = re.compile(r"(?:19|20)\d\d")
ATTACHMENT_EXTENSIONS = frozenset({"pdf", "doc", "docx", "wps", "xls", "xlsx", "et", "ofd", "rtf"})
IMAGE_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "gif", "bmp", "webp", "tif", "tiff"})


def squash(text: str) -> str:
    """Text with all white space removed: titles break lines anywhere ('…政府信息公开\\n工作年度报告')."""
    return _SPACE.sub("", text or "")


def is_report_title(text: str) -> bool:
    """Whether a title (page title, link text, @title) names an annual report itself."""
    t = squash(text)
    if not t or len(t) > 120:
        return False
    return bool(_DISCLOSURE.search(t) and _ANNUAL.search(t) and not _ABOUT_A_REPORT.search(t))


def about_a_report(text: str) -> bool:
    """Whether a title is about a report (a notice, an interpretation, a meeting) rather than one."""
    return bool(_ABOUT_A_REPORT.search(squash(text)))


def names_a_report(text: str) -> bool:
    """A report title with its year: a link worth fetching as a possible report (not a column name)."""
    return is_report_title(text) and bool(_YEAR.search(text))


def is_report_column(text: str, url: str = "") -> bool:
    """Whether a link or page title/URL points towards annual reports (a column, a year folder, a module)."""
    t = squash(text)
    if t and _COLUMN_WORDS.search(t) and not _ABOUT_A_REPORT.search(t):
        return True
    path = urlsplit(url).path + "?" + urlsplit(url).query if url else ""
    return bool(path and _URL_WORDS.search(path))


def section_count(text: str) -> int:
    t = squash(text)
    return sum(1 for pattern in SECTION_HEADINGS if pattern.search(t))


def old_section_count(text: str) -> int:
    t = squash(text)
    return sum(1 for pattern in OLD_SECTION_HEADINGS if pattern.search(t))


def table_label_count(text: str) -> int:
    t = squash(text)
    return sum(1 for pattern in TABLE_LABELS if pattern.search(t))


def extension(url: str) -> str:
    """The lower-case file extension of a URL's path, or of its `filename`/`showname` query value."""
    parts = urlsplit(url)
    name = parts.path.rsplit("/", 1)[-1]
    if "." not in name or name.endswith((".jsp", ".html", ".htm", ".shtml", ".php", ".asp", ".aspx")):
        for key in ("filename=", "showname=", "file="):
            for piece in parts.query.split("&"):
                if piece.lower().startswith(key):
                    name = piece[len(key) :]
                    break
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


@dataclass(frozen=True)
class Recognition:
    """The verdict on one page, with the reason (logged, and kept by tests)."""

    is_report: bool
    title: str
    reason: str


def page_title(sel: Selector) -> str:
    """The page's own title: Hanweb's ArticleTitle meta, a headline, then <title>."""
    for query in (
        "//meta[@name='ArticleTitle']/@content",
        "//meta[@name='articletitle']/@content",
        "//*[contains(concat(' ', normalize-space(@class), ' '), ' title ')][1]//text()",
        "//h1//text()",
        "//title//text()",
    ):
        text = " ".join(t.strip() for t in sel.xpath(query).getall() if t.strip())
        if text:
            return _SPACE.sub(" ", text).strip()
    return ""


def recognize(
    sel: Selector,
    attachments: int,
    images: int,
    report_links: int,
    context: str = "",
) -> Recognition:
    """Judge a parsed HTML page.

    `attachments` and `images` count the document files and content images the page carries; `report_links`
    counts distinct links to other pages whose text is a report title (a list has many; a report page at most
    its previous/next neighbours). `context` is the report column the page was listed in (its name, with the
    year of a per-year sub-column): rows of such columns often carry only an agency name, so the column's
    年度报告 stands for the missing title — never for the evidence, which the page itself must carry.
    """
    title = page_title(sel)
    body = " ".join(sel.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]").getall())
    printed = _printed_title(sel)
    titled = is_report_title(title) or bool(printed)
    if _ABOUT_A_REPORT.search(squash(title)) and not printed:
        return Recognition(False, title, "title is about a report (notice, interpretation, meeting …)")
    sections = section_count(body)
    old = old_section_count(body)
    labels = table_label_count(body)
    if sections >= 4 and (titled or labels >= 2) and report_links < 3:
        return Recognition(True, title, f"report title and {sections} template sections")
    if not titled and _by_context(title, context):
        titled, title = True, f"{squash(context)} {title}".strip()
    if not titled:
        return Recognition(False, title, "no report title")
    if report_links >= 3:
        return Recognition(False, title, f"lists {report_links} reports")
    if sections >= 4:
        return Recognition(True, title, f"report title and {sections} template sections")
    if old >= 4 and _disclosure_prose(body):
        return Recognition(True, title, f"report title and {old} sections of the 2008-2018 reports")
    if (attachments or images) and (_YEAR.search(title) or printed):
        return Recognition(True, title, f"report title over {attachments} attachment(s), {images} image(s)")
    if attachments or images:
        # a column's own page is named like a report without the year (政府信息公开年度报告_某县人民政府)
        return Recognition(False, title, "a report title without a year over files: a column's page")
    return Recognition(False, title, f"report title but only {sections} sections and nothing attached")


def _by_context(title: str, context: str) -> bool:
    """Whether a page without a report title stands for one through the column it was listed in: the column
    is a report column naming a year (its own or its sub-column's, or the page's title has one), and the
    page's title is no notice, news or plan of its own."""
    if not context or not is_report_column(context):
        return False
    t = squash(title)
    if _ABOUT_A_REPORT.search(t) or (t and _OTHER_KIND.search(t)):
        return False
    return bool(_YEAR.search(context) or _YEAR.search(t) or _ANNUAL.search(t) or t == "")


def _disclosure_prose(body: str) -> bool:
    """A body that talks about disclosure at report length (a list or a notice is short or says it once)."""
    t = squash(body)
    return len(t) >= 600 and len(_DISCLOSURE.findall(t)) >= 3


def _printed_title(sel: Selector) -> str:
    """The report title as printed near the top of the body, for pages without a title element (the
    annual-report module). A short text of its own, with a year, outside links (breadcrumbs, neighbours)."""
    nodes = sel.xpath("//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::a)]")
    for node in [squash(t) for t in nodes.getall() if t.strip()][:40]:
        # not a breadcrumb or a list's heading (政府信息公开工作年度报告 > 2025年): those name a column
        if len(node) <= 60 and _YEAR.search(node) and is_report_title(node) and not _CRUMB.search(node):
            return node
    return ""
