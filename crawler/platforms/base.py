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
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urldefrag, urljoin, urlsplit

from parsel import Selector

from nianbao.crawler.recognition import (
    ATTACHMENT_EXTENSIONS,
    IMAGE_EXTENSIONS,
    Recognition,
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

    @property
    def key(self) -> str:
        """What makes two leads the same fetch (POSTs differ by body)."""
        body = self.body.decode("utf-8", "replace") if self.body else ""
        return f"{self.method} {self.url} {body}"

    def follow(self, url: str, role: Role, **fields: Any) -> Lead:
        """A new lead found on this lead's response: a plain GET unless `fields` say otherwise."""
        return Lead(url, role, depth=self.depth + 1, **fields)

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


def absolute(base: str, href: str) -> str | None:
    """An absolute http(s) URL for `href`, without its fragment, or None for what is not a link."""
    href = (href or "").strip()
    if not href or _NOT_A_LINK.match(href):
        return None
    url = urldefrag(urljoin(base, href))[0]
    return url if urlsplit(url).scheme in ("http", "https") else None


def links(sel: Selector, base: str, scope: str = "//body") -> list[tuple[str, str]]:
    """(absolute URL, best text) of every link in `scope`; the text is @title when the link text is cut."""
    found: list[tuple[str, str]] = []
    for a in sel.xpath(f"{scope}//a[@href]"):
        url = absolute(base, a.attrib.get("href", ""))
        if url is None:
            continue
        text = " ".join(t.strip() for t in a.xpath(".//text()").getall() if t.strip())
        title = (a.attrib.get("title") or "").strip()
        if title and (not text or text.endswith(("...", "…")) or len(title) > len(text)):
            text = title
        found.append((url, text))
    return found


def content_area(sel: Selector) -> Selector | None:
    for css in CONTENT_AREAS:
        hit = sel.css(css)
        if hit:
            return hit[0]
    return None


def is_attachment_url(url: str) -> bool:
    return extension(url) in ATTACHMENT_EXTENSIONS or "/module/download/downfile.jsp" in url


class Platform:
    """The default adapter: discovery by link words, attachments and images from report bodies.

    Subclasses add what their platform does differently (paging protocols, list shapes); every adapter keeps
    the discovery rules so a portal that moved its report column is still found.
    """

    name: ClassVar[str] = "base"

    # --- where to begin -------------------------------------------------------------------------------
    def start(self, portal: PortalConfig) -> list[Lead]:
        return [Lead(url, Role.LIST) for url in portal.start_urls]

    # --- list pages -----------------------------------------------------------------------------------
    def parse_list(self, response: TextResponse, lead: Lead, portal: PortalConfig) -> list[Lead]:
        """Leads found on a page that is not a report: report candidates, further list pages."""
        return self.discover(response, lead, portal)

    def discover(self, response: TextResponse, lead: Lead, portal: PortalConfig) -> list[Lead]:
        """Follow what the words say: report titles become candidates, report columns and pagers lists.

        Pager links are followed only on a page that is itself about reports, so discovery stays inside
        report columns instead of paging through every news list of the site.
        """
        sel = response.selector
        here = page_title(sel)
        about_reports = is_report_column(here, response.url) or is_report_column(lead.title, lead.url)
        report_page_title = is_report_title(here)
        leads: list[Lead] = []
        for url, text in links(sel, response.url):
            if not portal.allows(url) or url == response.url:
                continue
            if is_attachment_url(url):
                if is_report_title(text) or (report_page_title and text):
                    leads.append(lead.follow(url=url, role=Role.CANDIDATE, title=text or here))
                continue
            if extension(url) in IMAGE_EXTENSIONS:
                continue
            if names_a_report(text):
                leads.append(lead.follow(url=url, role=Role.CANDIDATE, title=text))
            elif is_report_column(text, url):
                leads.append(lead.follow(url=url, role=Role.LIST, title=text))
            elif about_reports and _PAGER_TEXT.match(squash(text)) and _same_folder(url, response.url):
                leads.append(lead.follow(url=url, role=Role.LIST, title=lead.title))
            elif report_page_title and _CANDIDATE_FOLLOW.search(text):
                leads.append(lead.follow(url=url, role=Role.CANDIDATE, title=here))
        if about_reports:
            leads += [lead.follow(url=url, role=Role.LIST) for url in static_pages(response)]
        return leads

    # --- report pages ---------------------------------------------------------------------------------
    def recognize(self, response: TextResponse) -> Recognition:
        sel = response.selector
        files = self.attachments(response, Lead(response.url, Role.CANDIDATE))
        pictures = self.images(response, Lead(response.url, Role.CANDIDATE))
        others = {
            url
            for url, text in links(sel, response.url)
            if url != response.url and not is_attachment_url(url) and is_report_title(text)
        }
        return recognize(sel, attachments=len(files), images=len(pictures), report_links=len(others))

    def parse_report(self, response: TextResponse, lead: Lead, portal: PortalConfig) -> list[Lead]:
        """The files and pictures a report page carries (archived as its children)."""
        return [
            *(a for a in self.attachments(response, lead) if portal.allows(a.url)),
            *self.images(response, lead),
        ]

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


_CREATE_PAGE = re.compile(
    r"createPageHTML\(\s*['\"]?([\w$]+)['\"]?\s*,\s*['\"]?([\w$]+)['\"]?\s*,\s*['\"]([\w-]+)['\"]\s*,\s*['\"](\w+)['\"]"
)


def static_pages(response: TextResponse) -> list[str]:
    """The other pages of a TRS-style static list: `createPageHTML(pages, current, "index", "html")`.

    Page 0 is `index.html`, page N is `index_N.html`, all in the list's own folder. Only the first page
    announces the rest, so every page is listed once however the crawl enters the list. The other common
    list template passes variables set just before the call (`var countPage = 3`, `var currentPage = 0`).
    """
    text = response.text
    match = _CREATE_PAGE.search(text)
    if not match:
        return []
    before = text[: match.start()]
    pages, current = _script_number(match.group(1), before), _script_number(match.group(2), before)
    stem, ext = match.group(3), match.group(4)
    if pages is None or current != 0:
        return []
    return [urljoin(response.url, f"{stem}_{n}.{ext}") for n in range(1, min(pages, 500))]


def _script_number(token: str, text: str) -> int | None:
    """A pager argument: a number as written, or the number last assigned (in `text`, the script before the
    call) to the variable it names; None when it cannot be read."""
    if token.isdigit():
        return int(token)
    assigned = re.findall(rf"(?<![\w$.]){re.escape(token)}\s*=\s*['\"]?(\d+)", text)
    return int(assigned[-1]) if assigned else None


def _tiny(size: str | None) -> bool:
    try:
        return size is not None and int(str(size).rstrip("px")) < 40
    except ValueError:
        return False


def _same_folder(url: str, base: str) -> bool:
    a, b = urlsplit(url), urlsplit(base)
    return a.hostname == b.hostname and a.path.rsplit("/", 1)[0] == b.path.rsplit("/", 1)[0]


def unique(leads: Iterable[Lead]) -> list[Lead]:
    """Leads in order, each fetch once."""
    seen: dict[str, Lead] = {}
    for lead in leads:
        seen.setdefault(lead.key, lead)
    return list(seen.values())
