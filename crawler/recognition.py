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
)
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
# Labels of the template's tables: a report whose headings were lost still carries them.
TABLE_LABELS = (
    re.compile(r"本年新收政府信息公开申请数量"),
    re.compile(r"上年结转政府信息公开申请数量"),
    re.compile(r"本年制发件数"),
    re.compile(r"结转下年度继续办理"),
)
_SPACE = re.compile(r"\s+")
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
) -> Recognition:
    """Judge a parsed HTML page.

    `attachments` and `images` count the document files and content images the page carries; `report_links`
    counts distinct links to other pages whose text is a report title (a list has many; a report page at most
    its previous/next neighbours).
    """
    title = page_title(sel)
    body = " ".join(sel.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]").getall())
    printed = _printed_title(sel)
    titled = is_report_title(title) or bool(printed)
    if _ABOUT_A_REPORT.search(squash(title)) and not printed:
        return Recognition(False, title, "title is about a report (notice, interpretation, …)")
    sections = section_count(body)
    labels = table_label_count(body)
    if sections >= 4 and (titled or labels >= 2) and report_links < 3:
        return Recognition(True, title, f"report title and {sections} template sections")
    if not titled:
        return Recognition(False, title, "no report title")
    if report_links >= 3:
        return Recognition(False, title, f"lists {report_links} reports")
    if attachments or images:
        return Recognition(True, title, f"report title over {attachments} attachment(s), {images} image(s)")
    return Recognition(False, title, f"report title but only {sections} sections and nothing attached")


def _printed_title(sel: Selector) -> str:
    """The report title as printed near the top of the body, for pages without a title element (the
    annual-report module). A short text of its own, with a year, outside links (breadcrumbs, neighbours)."""
    nodes = sel.xpath("//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::a)]")
    for node in [squash(t) for t in nodes.getall() if t.strip()][:40]:
        if len(node) <= 60 and _YEAR.search(node) and is_report_title(node):
            return node
    return ""
