"""What every platform adapter shares: the leads it returns and the page readers common to all platforms.

Adapters are pure functions over responses: given a fetched page (a Scrapy `TextResponse`, which tests build
from HTML strings) and the `Lead` that asked for it, they return more leads. The spider owns everything with
side effects — scheduling, budgets, the archive — so a platform's knowledge stays testable on its own.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from email.header import decode_header, make_header
from email.message import Message
from email.utils import collapse_rfc2231_value
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import unquote_to_bytes, urldefrag, urljoin, urlsplit

from parsel import Selector
from scrapy.http import HtmlResponse, Response

from nianbao.crawler.discovery import (
    AREA,
    COLUMN,
    NOTHING,
    DiscoveryState,
    Score,
    is_area_text,
    is_column_name,
    is_row_text,
    is_sub_column,
    score_link,
    score_page,
)
from nianbao.crawler.discovery_pagers import numbered_pages
from nianbao.crawler.discovery_pagers import static_pages as pager_static_pages
from nianbao.crawler.recognition import (
    ATTACHMENT_EXTENSIONS,
    IMAGE_EXTENSIONS,
    Recognition,
    about_a_report,
    extension,
    is_report_column,
    is_report_title,
    names_a_report,
    page_title,
    recognize,
    squash,
)

if TYPE_CHECKING:
    from scrapy.http import TextResponse

    from nianbao.crawler.portals import PortalConfig

logger = logging.getLogger(__name__)


class Role(StrEnum):
    """What the spider should do with a lead's response."""

    LIST = "list"  # a page to read for more leads; not archived
    CANDIDATE = "candidate"  # may be a report: recognised on arrival, archived if it is one
    ATTACHMENT = "attachment"  # a file linked from a report page: archived as a document of its own
    IMAGE = "image"  # a picture embedded in a report body: archived with the page, for OCR


@dataclass(frozen=True)
class Lead:
    """A URL worth fetching, and why.

    `shape` tells the adapter which of its readers the response needs ("" = an ordinary HTML page);
    `data` carries the adapter's own context from the page that found the lead to the one it leads to.
    """

    url: str
    role: Role
    method: str = "GET"
    body: bytes | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    title: str = ""
    shape: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    depth: int = 0
    browser: bool = False  # needs JavaScript: fetch through scrapy-playwright
    fallback: Lead | None = None  # what to ask instead if this request fails or answers nonsense
    score: int = 0  # how much the way here looks like the way to reports (crawler.discovery): the priority
    why: str = ""  # what the score read (recorded for the report columns taken)
    context: str = ""  # the report column this lead was found in ("" outside report columns)

    @property
    def key(self) -> str:
        """What makes two leads the same fetch (POSTs differ by body)."""
        body = self.body.decode("utf-8", "replace") if self.body else ""
        return f"{self.method} {self.url} {body}"

    def follow(self, url: str, role: Role, **fields: Any) -> Lead:
        """A new lead found on this lead's response: a plain GET unless `fields` say otherwise. It stays in
        the report column its page is in (score and context), unless `fields` say where it goes."""
        fields.setdefault("context", self.context)
        fields.setdefault("score", self.score if self.context else 0)
        fields.setdefault("depth", self.depth + 1)
        return Lead(url, role, **fields)

    def next_page(self, **changes: Any) -> Lead:
        """The same request for another page of results (same URL, method and reader)."""
        return replace(self, depth=self.depth + 1, fallback=None, **changes)


# Links that are never leads: scripts, mail, the site's own chrome.
_NOT_A_LINK = re.compile(r"^(?:javascript:|mailto:|tel:|#)", re.IGNORECASE)
_PAGER_TEXT = re.compile(r"^(?:下一页|下页|尾页|末页|后一页|>|»|\d{1,3})$")
_DECORATION = re.compile(r"logo|icon|banner|ewm|erweima|qrcode|wechat|weixin|share|spacer|blank|dot|arrow|btn|bg", re.I)
# The containers platforms put a report body in; the first one present wins.
CONTENT_AREAS = (
    "#zoom",
    ".TRS_Editor",
    ".Custom_UnionStyle",
    "#UCAP-CONTENT",
    ".article-content",
    ".article_content",
    ".content_text",
    ".zw-con",
    "#content",
    ".content",
    ".article",
    "article",
)
_CANDIDATE_FOLLOW = re.compile(r"图片版|全文|原文|查看|阅读全文")
#: How many disclosure-area links of one page are followed (best first): a site's navigation repeats them.
_AREA_FANOUT = 6
#: Where a site's own navigation is: its menu, header and top bar.
_NAVIGATION = (
    "//*[self::nav or contains(@class,'nav') or contains(@id,'nav') or contains(@class,'menu') or "
    "contains(@id,'menu') or contains(@class,'header') or contains(@id,'header') or contains(@class,'daohang')]"
)
#: How many sub-columns of unknown name a dead-end disclosure-area page may lead to, and their score (below AREA).
_WEAK_FANOUT = 4
_WEAK = 20
#: How many other government hosts a portal's navigation may lead discovery to.
_OTHER_HOSTS = 3


def absolute(base: str, href: str) -> str | None:
    """An absolute http(s) URL for `href`, without its fragment, or None for what is not a link."""
    href = (href or "").strip()
    if not href or _NOT_A_LINK.match(href):
        return None
    url = urldefrag(urljoin(base, href))[0]
    return url if urlsplit(url).scheme in ("http", "https") else None


def links(sel: Selector, base: str, scope: str = "//body") -> list[tuple[str, str]]:
    """(absolute URL, best text) of every link in `scope`; the text is @title when the link text is cut.

    Links opened by script count too: `onclick="window.open('…')"`, `location.href='…'`, `openUrl('…')` on an
    `<a href="javascript:…">` or on a row (`<li>`, `<tr>`, `<div>`) — portals draw whole lists that way.
    """
    found: list[tuple[str, str]] = []
    for a in sel.xpath(f"{scope}//a[@href or @onclick] | {scope}//*[@onclick and not(self::a)]"):
        href = a.attrib.get("href", "")
        url = absolute(base, href)
        if url is None:
            target = script_target(a.attrib.get("onclick", "") + " " + href)
            url = absolute(base, target) if target else None
        if url is None:
            continue
        text = " ".join(t.strip() for t in a.xpath(".//text()").getall() if t.strip())
        title = (a.attrib.get("title") or "").strip()
        if title and (not text or text.endswith(("...", "…")) or len(title) > len(text)):
            text = title
        found.append((url, text))
    return found


_SCRIPT_URL = re.compile(
    r"(?:window\.open|location(?:\.href)?\s*=|location\.assign|location\.replace|\w*(?:open|go|view|show|jump|link)\w*)"
    r"\s*\(?\s*['\"]([^'\"\s]+)['\"]",
    re.IGNORECASE,
)


def script_target(script: str) -> str | None:
    """The page a script link opens (`window.open('a.html')`, `location.href='/x'`, `openDetail('…')`), if it
    names one: a path or URL, not a bare word."""
    for match in _SCRIPT_URL.finditer(script):
        target = match.group(1)
        if "/" in target or "." in target or "?" in target:
            return target
    return None


def content_area(sel: Selector) -> Selector | None:
    for css in CONTENT_AREAS:
        hit = sel.css(css)
        if hit:
            return hit[0]
    return None


# --- attachments: which links are files, and what a file is called -------------------------------------
#: The last path segment of a download servlet, without its suffix: downfile.jsp, download.do, DownLoad.aspx,
#: fileserver/download, attachment/download, downloadFile.action, getFile.do, FileDownloadServlet, fjxz.jsp (附件下载).
_DOWNLOAD_STEM = re.compile(
    r"down_?(?:load)?_?(?:file|attach(?:ment)?|fj)?s?(?:servlet|handler|action)?"
    r"|(?:file|attach(?:ment)?|fj)_?down_?(?:load)?(?:servlet|handler)?"
    r"|(?:get|read|show|open)_?(?:file|attach(?:ment)?)(?:servlet|handler)?|fjxz|wjxz",
    re.IGNORECASE,
)
#: What a servlet's last segment may end with; a `.html` page named download is a 下载中心 column, not a file.
_SERVLET_SUFFIX = re.compile(r"(?:\.(?:jsp|jspx|do|action|aspx|ashx|asp|php|jhtml|cgi))?$", re.IGNORECASE)
#: A query key that names the file asked for: id, fileId, attachId, fjid, filename, path, guid …
_FILE_KEY = re.compile(
    r"^(?:id|guid|uuid|path|name|f|fid|key|code)$|(?:file|attach|att|fj|doc|res|wj).*|.*(?:id|name|path)$",
    re.IGNORECASE,
)
#: A query that asks a generic servlet for a download: `.do?method=download`, `?action=downFile`, `?a=download`.
_DOWNLOAD_VALUE = re.compile(
    r"^(?:down_?(?:load)?_?(?:file|attach(?:ment)?)?|(?:file|attach)_?down_?(?:load)?|getfile)$", re.IGNORECASE
)
_ACTION_KEYS = frozenset({"method", "action", "act", "op", "a", "m", "do", "cmd", "type"})
#: A file id as the last path segment of `…/download/<id>`: digits or hex of 5 or more, or a UUID (never a year).
_PATH_ID = re.compile(r"^(?:\d{5,}|[0-9a-f]{8,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$", re.I)


def is_attachment_url(url: str) -> bool:
    """Whether a link is a file: by its extension (`.pdf`, or `downfile.jsp?…filename=x.pdf`), or as a download
    servlet that names the file only in its answer's Content-Disposition — `download.do?fileId=5`,
    `/attachment/download?id=123`, `DownLoad.aspx?fileId=`, `list.do?method=download&id=7`,
    `/servlet/FileDownloadServlet?fid=9`, `/fileserver/download/5f3a9c2e`.

    A servlet is told by its last path segment naming a download *and* a query naming the file asked for, so a
    下载中心 column (`/download/index.html`, `downloadCenter.jsp?cat=2`) stays a page."""
    if extension(url) in ATTACHMENT_EXTENSIONS:
        return True
    parts = urlsplit(url)
    segments = parts.path.split("/")
    query = [(k.lower(), v) for k, _, v in (p.partition("=") for p in parts.query.split("&")) if k]
    stem = _SERVLET_SUFFIX.sub("", segments[-1])
    if stem and _DOWNLOAD_STEM.fullmatch(stem) and any(_FILE_KEY.fullmatch(k) and v for k, v in query):
        return True
    servlet_path = bool(_SERVLET_SUFFIX.search(segments[-1]).group()) or "servlet" in parts.path.lower()
    if servlet_path and any(k in _ACTION_KEYS and _DOWNLOAD_VALUE.fullmatch(v) for k, v in query):
        return True
    # /fileserver/download/5f3a9c2e, /api/attachment/download/104233: the id is the last segment
    return len(segments) > 2 and bool(_DOWNLOAD_STEM.fullmatch(segments[-2])) and bool(_PATH_ID.match(segments[-1]))


def attachment_name(headers: Mapping[Any, Any] | Any) -> str | None:
    """The file name an answer's Content-Disposition gives, or None: what a download servlet's file is called.

    RFC 6266: `filename*` (RFC 5987/8187, `UTF-8''%E5%B9%B4…` or `GBK''…`) before `filename`, parsed by the
    standard library's `email.message` (RFC 2231 parameters, continuations, quoting). What real Chinese servers
    send besides, which no RFC parser guesses and is handled here: a `filename` in raw GBK or UTF-8 bytes (read
    by Scrapy and by our headers dicts as Latin-1), a `filename` percent-encoded in UTF-8 or GBK, an RFC 2047
    `=?UTF-8?B?…?=` word. A directory part (`../../x.pdf`, `C:\\x.pdf`) is dropped.
    """
    value = _header(headers, "content-disposition")
    if not value:
        return None
    message = Message()
    message["content-disposition"] = _decoded_bytes(value)
    # both `filename` and `filename*` come back as "filename"; the extended one is a (charset, language, value)
    given = [v for k, v in message.get_params([], header="content-disposition") if k.lower() == "filename"]
    extended = [v for v in given if isinstance(v, tuple)]
    if extended:  # filename* wins (RFC 6266 4.3), decoded in the charset it names
        name = collapse_rfc2231_value(extended[0], errors="replace", fallback_charset="gb18030")
    elif given:
        name = _percent_decoded(str(given[0]))
    else:
        return None
    if name.startswith("=?") and name.endswith("?="):
        name = str(make_header(decode_header(name)))
    name = "".join(ch for ch in name if ch.isprintable()).replace("\\", "/").rsplit("/", 1)[-1].strip().strip("\"'")
    return name or None


def _header(headers: Mapping[Any, Any] | Any, name: str) -> str | bytes | None:
    """A header's value from Scrapy `Headers` (bytes, a list per name) or a plain {name: value} dict."""
    for key, value in headers.items():
        k = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        if k.lower() == name:
            return value[0] if isinstance(value, list) else value
    return None


def _decoded_bytes(value: str | bytes) -> str:
    """A header value in the encoding it was sent in: UTF-8, else GB 18030 (a superset of GBK and GB 2312, what
    Chinese Windows servers write), else Latin-1. A str is taken back to its bytes when it was read as Latin-1."""
    if isinstance(value, str):
        try:
            value = value.encode("latin-1")
        except UnicodeEncodeError:
            return value  # already text beyond Latin-1: decoded by whoever read it
    for charset in ("utf-8", "gb18030"):
        try:
            return value.decode(charset)
        except UnicodeDecodeError:
            continue
    return value.decode("latin-1")


def _percent_decoded(name: str) -> str:
    """`%E5%B9%B4%E6%8A%A5.pdf` (UTF-8) or `%C4%EA%B1%A8.pdf` (GBK) as servlets write a plain filename."""
    if not re.search(r"%[0-9A-Fa-f]{2}", name):
        return name
    raw = unquote_to_bytes(name)
    for charset in ("utf-8", "gb18030"):
        try:
            return raw.decode(charset)
        except UnicodeDecodeError:
            continue
    return name


#: Where crawler.middlewares.AttachmentNameMiddleware keeps a response's Content-Disposition name (request meta).
ATTACHMENT_NAME = "attachment_name"


def served_file_name(response: Response) -> str | None:
    """What the server calls the file it answered with: its Content-Disposition name (`attachment_name`), as
    AttachmentNameMiddleware kept it in the request's meta, or read here."""
    meta = response.request.meta if response.request is not None else {}
    if ATTACHMENT_NAME in meta:
        return meta[ATTACHMENT_NAME]
    return attachment_name(response.headers)


def names_another_document(name: str | None, title: str) -> bool:
    """Whether a file fetched as a possible report says by its own name that it is something else — a notice
    about reports (关于做好…年度报告编制工作的通知.doc), an interpretation, 工作要点 — where the link that listed it
    did not name a report (a row of a report column carrying only an agency's name, 下载, 附件). A report is
    told by its own content and context: a servlet's file has no other words of its own than its name."""
    if not name or is_report_title(title):
        return False
    return about_a_report(name.rsplit(".", 1)[0])


def is_error_page(response: Response, url: str) -> bool:
    """An HTML page answering a link to a file — a soft 404: 文件不存在, a login page, the home page. A file was
    linked (`is_attachment_url`, or a picture's extension) and HTML came back, unless the server named it an
    HTML file (a report published as `.htm` behind a servlet)."""
    if not isinstance(response, HtmlResponse):
        return False
    if not (is_attachment_url(url) or extension(url) in IMAGE_EXTENSIONS):
        return False
    name = served_file_name(response)
    return name is None or extension("/" + name) not in {"html", "htm", "shtml", "mht", "mhtml"}


class Platform:
    """The default adapter: discovery by link words, attachments and images from report bodies.

    Subclasses add what their platform does differently (paging protocols, list shapes); every adapter keeps
    the discovery rules so a portal that moved its report column is still found.
    """

    name: ClassVar[str] = "base"
    #: Whether discovery walks the disclosure area to find report columns whatever the start URLs are: the
    #: generic adapter (and the platform readers it uses) does. A named platform does only for a portal given
    #: by its home page alone (`explores`).
    explore: bool = False

    def __init__(self) -> None:
        #: What discovery learned about the portal this adapter serves (one adapter per portal and crawl).
        self.state = DiscoveryState()

    @property
    def fingerprint(self) -> str:
        """The platform this adapter reads the portal as (recorded in the crawl's stats)."""
        return self.name

    def explores(self, portal: PortalConfig) -> bool:
        """Whether discovery walks the portal's disclosure area. A portal configured with a named platform and
        the URL of a report column (beside its home page, which such configs list for a session cookie or a
        瑞数 challenge) is followed from its columns only: the config says where the reports are, and every
        area page walked on a challenged site is one more challenge. Given by its home page(s) alone, the
        platform name is only a hint, and the area is walked as for `platform = "generic"`."""
        return self.explore or all(_is_home_page(url) for url in portal.start_urls)

    # --- where to begin -------------------------------------------------------------------------------
    def start(self, portal: PortalConfig) -> list[Lead]:
        return [Lead(url, Role.LIST) for url in portal.start_urls]

    # --- arriving on a page ---------------------------------------------------------------------------
    def enter(self, response: TextResponse, lead: Lead) -> Lead:
        """The lead as this page shows it: inside a report column when the page (its title, breadcrumb or URL)
        or the link that led here says so — the column is then recorded — and outside one otherwise.

        A page fetched as a possible report that is not one is inside a column only by its own words, so a
        report column's rows never make the site's other pages into rows.
        """
        if lead.shape or not isinstance(response, HtmlResponse):
            return lead
        sel = response.selector
        here = page_title(sel)
        if lead.depth == 0:
            self.state.chrome |= {url for url, _ in links(sel, response.url)}
        # a page's breadcrumb names the column it sits in: the column itself for a list, but only the parent of
        # an article (a notice in the 年报 column) or of the home page (a "latest reports" box); those are
        # columns by their own title or URL alone
        listed = lead.role is Role.LIST and lead.depth > 0
        on_page = score_page(here, breadcrumb(sel) if listed else "", response.url)
        by_link = Score(lead.score, lead.why) if lead.role is Role.LIST and lead.score >= COLUMN else NOTHING
        best = on_page if on_page.value >= by_link.value else by_link
        if not best.column:
            return lead if lead.role is Role.LIST else replace(lead, context="", score=0)
        if lead.context:
            return replace(lead, score=max(lead.score, best.value))
        self.state.take_column(response.url, here or lead.title, best)
        return replace(lead, context=here or lead.title or "年度报告", score=best.value, why=best.why)

    # --- list pages -----------------------------------------------------------------------------------
    def parse_list(self, response: TextResponse, lead: Lead, portal: PortalConfig) -> list[Lead]:
        """Leads found on a page that is not a report: report candidates, further list pages."""
        return self.discover(response, lead, portal)

    def discover(self, response: TextResponse, lead: Lead, portal: PortalConfig) -> list[Lead]:
        """Follow what the words say (crawler.discovery): inside a report column, its rows, sub-columns and
        other pages; outside, report titles as candidates and the links scored as the way to a column or
        into the disclosure area, best first (`Lead.score` is the request's priority).

        Pager links are followed only inside a report column, so discovery never pages through a news list.
        """
        sel = response.selector
        here = page_title(sel)
        in_column = bool(lead.context) or is_report_column(lead.title, lead.url)
        report_page_title = is_report_title(here)
        leads: list[Lead] = []
        pagers: list[tuple[str, str]] = []
        area: list[Lead] = []
        weak: list[Lead] = []
        explore = self.explores(portal)
        navigation = {url for url, _ in links(sel, response.url, scope=_NAVIGATION)}
        for url, text in links(sel, response.url):
            if url == response.url or not self.allows(portal, url, response.url, text, url in navigation):
                continue
            if is_attachment_url(url):
                if is_report_title(text) or (report_page_title and text) or (
                    in_column and is_row_text(text) and url not in self.state.chrome
                ):
                    leads.append(lead.follow(url=url, role=Role.CANDIDATE, title=text or here))
                continue
            if extension(url) in IMAGE_EXTENSIONS:
                continue
            if names_a_report(text):
                leads.append(lead.follow(url=url, role=Role.CANDIDATE, title=text))
                continue
            if in_column and _PAGER_TEXT.match(squash(text)):
                pagers.append((url, text))
                continue
            score = score_link(text, url)
            if in_column and is_sub_column(text) and url not in self.state.chrome:
                context = f"{lead.context} {squash(text)}".strip()
                leads.append(lead.follow(url=url, role=Role.LIST, title=text, context=context))
            elif in_column and is_row_text(text) and url not in self.state.chrome and score_link(text, "").value < AREA:
                # a row, by its words (rows live under the column's folders: their URL slugs say nb, xxgk too)
                leads.append(lead.follow(url=url, role=Role.CANDIDATE, title=text))
            elif score.column:
                leads.append(lead.follow(url=url, role=Role.LIST, title=text, score=score.value, why=score.why,
                                         context=""))
            elif report_page_title and _CANDIDATE_FOLLOW.search(text):
                leads.append(lead.follow(url=url, role=Role.CANDIDATE, title=here))
            elif score.value >= AREA and not in_column and explore:
                area.append(lead.follow(url=url, role=Role.LIST, title=text, score=score.value, why=score.why))
            elif (not in_column and explore and is_column_name(text) and url not in navigation
                  and url not in self.state.chrome):
                weak.append(lead.follow(url=url, role=Role.LIST, title=text, score=_WEAK, why=f"sub-column {text!r}"))
        # the way on through the disclosure area: its best links only, a site's nav repeats on every page, so
        # the page's own links (not the home page's) come first
        area.sort(key=lambda x: (x.url in self.state.chrome, -x.score))
        area = area[:_AREA_FANOUT]
        leads += area
        if explore and not in_column:
            leads += self._dead_end(lead, leads, weak)
        if in_column:
            same = [(u, t) for u, t in pagers if _same_folder(u, response.url)]
            others = [*static_pages(response), *numbered_pages(sel, response.url, same)]
            leads += [lead.follow(url=u, role=Role.LIST, title=lead.title, depth=lead.depth) for u in others]
            leads += [lead.follow(url=u, role=Role.LIST, title=lead.title, depth=lead.depth) for u, _ in same]
        return leads

    def _dead_end(self, lead: Lead, leads: list[Lead], weak: list[Lead]) -> list[Lead]:
        """The sub-columns of a disclosure-area page whose names discovery does not know, when its known words
        lead nowhere new: a hub whose only way on is 政务信息 or 部门信息 (names no list of words can hold) is
        not a dead end. Only on a page reached as part of the area, a few of them, below every scored link."""
        ways = [x.url for x in leads if x.role is Role.LIST]
        fresh = [u for u in ways if u not in self.state.offered]
        self.state.offered.update(ways)
        if fresh or lead.score < AREA or lead.depth == 0:
            return []
        taken = [x for x in weak if x.url not in self.state.offered][:_WEAK_FANOUT]
        self.state.offered.update(x.url for x in taken)
        return taken

    def allows(self, portal: PortalConfig, url: str, page: str, text: str, navigation: bool = False) -> bool:
        """Whether discovery may follow `url`: on the portal's domains, or on another government host that the
        portal's own navigation sends to for disclosure (a city's or province's 政务公开 platform hosting the
        county's columns: 集约化 platforms), recorded in the stats."""
        if portal.allows(url):
            return True
        host = (urlsplit(url).hostname or "").lower()
        if host in self.state.hosts:
            return True
        # a link of the portal's own navigation (its menu, not 友情链接 in the body) into a government platform's
        # disclosure area or report column, by its words; never a bare home page, never a non-government host
        deep = urlsplit(url).path.strip("/") != ""
        if not (navigation and portal.allows(page) and host.endswith(".gov.cn") and deep):
            return False
        if not (is_area_text(text) or score_link(text, "").column):
            return False
        if len(self.state.hosts) >= _OTHER_HOSTS:
            return False
        self.state.hosts[host] = page
        return True

    # --- report pages ---------------------------------------------------------------------------------
    def recognize(self, response: TextResponse, lead: Lead | None = None) -> Recognition:
        """Whether the page is a report, by its own content; `lead` gives the column it was listed in."""
        sel = response.selector
        files = self.attachments(response, Lead(response.url, Role.CANDIDATE))
        pictures = self.images(response, Lead(response.url, Role.CANDIDATE))
        others = {
            url
            for url, text in links(sel, response.url)
            if url != response.url and not is_attachment_url(url) and is_report_title(text)
        }
        # a column's context stands for the title of a page listed in it, never of a list page itself
        context = lead.context if lead is not None and lead.role is Role.CANDIDATE else ""
        return recognize(sel, attachments=len(files), images=len(pictures), report_links=len(others),
                         context=context)

    def parse_report(self, response: TextResponse, lead: Lead, portal: PortalConfig) -> list[Lead]:
        """The files and pictures a report page carries (archived as its children)."""
        return [
            *(a for a in self.attachments(response, lead) if self._may_fetch(portal, a.url)),
            *self.images(response, lead),
        ]

    def _may_fetch(self, portal: PortalConfig, url: str) -> bool:
        """A file on the portal's domains, or on another government host discovery entered by the portal's own
        navigation (a 集约化 platform serves the county's report pages and their download servlet)."""
        return portal.allows(url) or (urlsplit(url).hostname or "").lower() in self.state.hosts

    def attachments(self, response: TextResponse, lead: Lead) -> list[Lead]:
        """Files linked from the page: documents anywhere on it, and pictures linked from its body (a
        report published "as a picture" links a .png/.jpg the way others link a PDF)."""
        found: dict[str, Lead] = {}
        area = content_area(response.selector)
        pictures = {url for url, _ in links(area, response.url, scope=".")} if area is not None else set()
        for url, text in links(response.selector, response.url):
            if is_attachment_url(url) or (url in pictures and extension(url) in IMAGE_EXTENSIONS):
                att = self.attachment_lead(url, text, lead)
                found.setdefault(att.url, att)
        return list(found.values())

    def attachment_lead(self, url: str, text: str, lead: Lead) -> Lead:
        """A lead for one attachment link; platforms that serve a file under two URLs add the alias here."""
        return Lead(url, Role.ATTACHMENT, title=text, depth=lead.depth + 1)

    def images(self, response: TextResponse, lead: Lead) -> list[Lead]:
        area = content_area(response.selector)
        if area is None:
            return []
        found: dict[str, Lead] = {}
        for img in area.xpath(".//img"):
            src = img.attrib.get("src") or img.attrib.get("data-src") or ""
            url = absolute(response.url, src)
            if url is None or _DECORATION.search(urlsplit(url).path.rsplit("/", 1)[-1]):
                continue
            if _tiny(img.attrib.get("width")) or _tiny(img.attrib.get("height")):
                continue
            found.setdefault(url, Lead(url, Role.IMAGE, title=img.attrib.get("alt", ""), depth=lead.depth + 1))
        return list(found.values())

    # --- non-HTML answers (JSON services, XML data stores) ---------------------------------------------
    def parse_data(self, response: TextResponse, lead: Lead, portal: PortalConfig) -> list[Lead]:
        """Leads from a response of a non-HTML `shape`; platforms that use one override this."""
        raise ValueError(f"platform {self.name!r} has no reader for shape {lead.shape!r}")


def static_pages(response: TextResponse) -> list[str]:
    """The other pages of a TRS-style static list (crawler.discovery_pagers.static_pages)."""
    return pager_static_pages(response.text, response.url)


def breadcrumb(sel: Selector) -> str:
    """The page's "you are here" line: an element whose class or id says crumb/position/location/path, or the
    text around 当前位置 / 您现在的位置."""
    for query in (
        "//*[contains(@class,'crumb') or contains(@class,'position') or contains(@class,'location') or "
        "contains(@class,'currentpath') or contains(@id,'crumb') or contains(@id,'position') or "
        "contains(@class,'dqwz') or contains(@class,'weizhi')][1]//text()",
        "//text()[contains(., '当前位置') or contains(., '现在的位置') or contains(., '所在位置')]"
        "/ancestor::*[1]//text()",
    ):
        text = " ".join(t.strip() for t in sel.xpath(query).getall() if t.strip())
        if text:
            return text[:200]
    return ""


def _tiny(size: str | None) -> bool:
    try:
        return size is not None and int(str(size).rstrip("px")) < 40
    except ValueError:
        return False


_HOME_PATH = re.compile(r"^/?(?:(?:index|default|main|home)\.(?:s?html?|jsp|php|aspx?))?$", re.IGNORECASE)


def _is_home_page(url: str) -> bool:
    """A site's root (`http://www.x.gov.cn/`, `/index.html`): a home page, not a column."""
    parts = urlsplit(url)
    return not parts.query and bool(_HOME_PATH.match(parts.path))


def _same_folder(url: str, base: str) -> bool:
    a, b = urlsplit(url), urlsplit(base)
    return a.hostname == b.hostname and a.path.rsplit("/", 1)[0] == b.path.rsplit("/", 1)[0]


def unique(leads: Iterable[Lead]) -> list[Lead]:
    """Leads in order, each fetch once."""
    seen: dict[str, Lead] = {}
    for lead in leads:
        seen.setdefault(lead.key, lead)
    return list(seen.values())
