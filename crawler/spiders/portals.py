"""The crawl of configured portals: one spider, every portal, each through its platform adapter.

The spider owns the side of crawling the adapters leave out — scheduling, budgets, the revisit policy, the
archive's view of what is known — and turns what it fetched into `FetchedDocument` items for the pipelines.

Roles of a request (crawler.platforms.base.Role): a LIST page is read for leads and never archived; a
CANDIDATE is judged on arrival (a report page is archived with its attachments and images as children,
anything else is read as a list within the discovery budget); an ATTACHMENT is archived with the report
page as parent; IMAGEs are gathered and handed to the extractor with their page.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Headers, HtmlResponse, Request, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from nianbao.archive.blobs import sha256_hex
from nianbao.crawl_session import archive_for
from nianbao.crawler.archive_cache import CONDITIONAL, NOT_MODIFIED, REVALIDATED, STORED_ONLY
from nianbao.crawler.encoding import readable
from nianbao.crawler.exchange import exchange_of
from nianbao.crawler.platforms import load_platform, platform_registry
from nianbao.crawler.platforms.base import (
    Lead,
    Platform,
    Role,
    is_error_page,
    names_another_document,
    served_file_name,
)
from nianbao.crawler.portals import PortalConfig, load_portals, select
from nianbao.crawler.revisits import RevisitPolicy
from nianbao.crawler.settings import browser_proxy
from nianbao.extractor.bundle import Resource
from nianbao.fetched import FetchedDocument, Outcome

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

_PRIORITY = {Role.IMAGE: 30, Role.ATTACHMENT: 20, Role.CANDIDATE: 10, Role.LIST: 0}
#: Statuses the spider reads itself; a 304 never reaches it (crawler.archive_cache answers it from the archive).
_HANDLED = [404, 410]


@dataclass
class PendingReport:
    """A report page waiting for its embedded images before it goes to the archive and the extractor."""

    page: FetchedDocument
    waiting: set[str]
    resources: list[Resource] = field(default_factory=list)
    images: list[FetchedDocument] = field(default_factory=list)
    changed: bool = False  # an image answered with a body the archive does not hold for its URL


@dataclass
class PortalBudget:
    pages: int = 0
    exploring: int = 0  # pages read outside any report column, looking for one


class PortalSpider(scrapy.Spider):
    """Arguments (`-a` or `crawl(..., portals=…)`): `portals` (names, comma-separated or a list, or the
    `PortalConfig`s a caller loaded already; all configured portals when empty), `portals_file` (a TOML
    registry instead of the bundled one), `revisit_after` (seconds)."""

    name = "portals"

    def __init__(self, portals: str | Sequence[str | PortalConfig] | None = None, portals_file: str | None = None,
                 revisit_after: float | str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        given = portals.split(",") if isinstance(portals, str) else list(portals or [])
        self._configs = [p for p in given if isinstance(p, PortalConfig)]
        self._names = [n.strip() for n in given if isinstance(n, str) and n.strip()]
        self._portals_file = portals_file
        self._revisit_after = revisit_after
        self.portals: dict[str, PortalConfig] = {}
        self.adapters: dict[str, Platform] = {}
        self.budgets: dict[str, PortalBudget] = {}
        self.pending: dict[str, PendingReport] = {}
        self.seen_documents: set[str] = set()
        #: List pages asked for this run (method, URL, body; rendered or not): a site's navigation and
        #: breadcrumbs link the same area pages from every page, and a repeat must not spend the budgets
        #: before Scrapy's duplicate filter drops it.
        self.listed: set[str] = set()
        #: Hosts whose HTTPS failed this run while plain HTTP is tried: their https links go there at once.
        self.plain_http_hosts: set[str] = set()
        self.run_id: int | None = None
        #: What the archive knew when the crawl began: read once, in start(), and asked about every link.
        self.policy: RevisitPolicy | None = None

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        # http_proxy is read when the crawl is made, not when settings.py was imported.
        proxy = os.environ.get("http_proxy") or os.environ.get("HTTP_PROXY")
        options = dict(settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS"))
        if proxy:
            options["proxy"] = browser_proxy(proxy, os.environ.get("no_proxy", ""))
        else:
            options.pop("proxy", None)
        settings.set("PLAYWRIGHT_LAUNCH_OPTIONS", options, priority="spider")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> PortalSpider:
        spider: PortalSpider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        for portal in spider._configs or spider._configured(settings):
            spider.portals[portal.name] = portal
            spider.adapters[portal.name] = load_platform(portal.platform, settings)
            spider.budgets[portal.name] = PortalBudget()
        spider.allowed_domains = sorted({d for p in spider.portals.values() for d in p.allowed_domains})
        seconds = float(spider._revisit_after if spider._revisit_after is not None
                        else settings.getfloat("NIANBAO_REVISIT_AFTER", 7 * 24 * 3600))
        spider.revisit_after = timedelta(seconds=seconds)
        return spider

    def _configured(self, settings: BaseSettings) -> list[PortalConfig]:
        """The named portals from the registry file, for a spider started by name (`scrapy crawl portals`)."""
        path = self._portals_file or settings.get("NIANBAO_PORTALS_FILE")
        return select(load_portals(path, platform_registry(settings)), self._names)

    # --- start ------------------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        portals, interval = list(self.portals), self.revisit_after
        self.policy = policy = await asyncio.to_thread(
            lambda: RevisitPolicy.load(archive_for(self.crawler), portals, interval)
        )
        for portal in self.portals.values():
            for lead in self.adapters[portal.name].start(portal):
                self.listed.add(f"{lead.browser} {lead.key}")
                yield self._request(lead, portal)
            # Known documents come back on their interval even when no list links them any more: that is
            # how a deleted report is seen (404 → gone_since).
            for doc in policy.due_documents(portal.name):
                role = Role.CANDIDATE if doc.kind == "page" else Role.ATTACHMENT
                request = self._document_request(Lead(doc.url, role), portal, parent=None, due_only=False)
                if request is not None:
                    request.meta["known"] = True
                    yield request

    # --- requests ---------------------------------------------------------------------------------------
    def _request(self, lead: Lead, portal: PortalConfig, parent: str | None = None, **meta: Any) -> Request:
        if _plain_http_will_do(lead) and urlsplit(lead.url).hostname in self.plain_http_hosts:
            lead = replace(lead, url="http://" + lead.url.removeprefix("https://"))
        request_meta: dict[str, Any] = {
            "lead": lead, "portal": portal.name, "parent_url": parent, "handle_httpstatus_list": _HANDLED,
            **meta,
        }
        if lead.role is not Role.LIST:
            request_meta[CONDITIONAL] = True
        if not portal.allows(lead.url) and urlsplit(lead.url).hostname in self.adapters[portal.name].state.hosts:
            # another government host the portal's own navigation led discovery to (recorded in the stats)
            request_meta.setdefault("allow_offsite", True)
        if lead.browser:
            from scrapy_playwright.page import PageMethod

            request_meta["playwright"] = True
            request_meta["playwright_page_methods"] = [PageMethod("wait_for_load_state", "networkidle")]
        return Request(
            lead.url, method=lead.method, body=lead.body, headers=dict(lead.headers) or None,
            callback=self.parse_lead, errback=self.failed, meta=request_meta, priority=_priority(lead),
            dont_filter=lead.role is Role.IMAGE or (lead.browser and lead.role is Role.LIST),
        )

    def _document_request(self, lead: Lead, portal: PortalConfig, parent: str | None,
                          due_only: bool = True) -> Request | None:
        """A request for a report candidate or attachment, once per run, and (`due_only`) only when due."""
        names = {lead.url, *lead.aliases}
        if names & self.seen_documents:
            return None
        self.seen_documents |= names
        if due_only and not self._policy().due(lead.url):
            self._count(portal.name, "not_due")
            return None
        return self._request(lead, portal, parent)

    def _spend_list_page(self, portal: PortalConfig, lead: Lead | None = None) -> bool:
        """One page of the portal's discovery budget (max_pages), if any is left; counted when none is.

        A page read on the way to the report columns (outside them: `lead.context` empty) also spends the
        smaller exploring budget (`discovery_pages`, NIANBAO_DISCOVERY_PAGES): a portal's disclosure area is
        wide, and the pages that lead nowhere must stay a small share of the pages fetched per report.
        """
        budget = self.budgets[portal.name]
        if lead is not None and not lead.context and not lead.shape and lead.depth > 0:
            limit = int(portal.option("discovery_pages", self.settings.getint("NIANBAO_DISCOVERY_PAGES", 30)))
            if budget.exploring >= limit:
                self._count(portal.name, "discovery_over_budget")
                return False
            budget.exploring += 1
        if budget.pages >= int(portal.option("max_pages", self.settings.getint("NIANBAO_MAX_PAGES", 400))):
            self._count(portal.name, "list_over_budget")
            return False
        budget.pages += 1
        return True

    def _stored_page(self, lead: Lead, portal: PortalConfig) -> Request:
        """The archive's body of a report page not due for a visit, read for its children (`_stored_children`)."""
        meta = {"lead": lead, "portal": portal.name, STORED_ONLY: True, "dont_redirect": True, "dont_retry": True}
        return Request(lead.url, callback=self._stored_children, errback=self._not_stored, meta=meta,
                       priority=_PRIORITY[Role.CANDIDATE], dont_filter=True)

    def _stored_children(self, response: Response) -> Iterator[Request]:
        """The attachments and missing images of a report page not due for a visit, from its stored body.

        A crawl killed after storing a page but before its children must not lose them: the next run skips
        the page (known, not due) but still finds the attachments it links, without asking the portal for
        the page. Embedded images are different: they are read with their page, so a page stored without
        all of them is incomplete, and is asked again (a 304, usually) to fetch them and be re-extracted.
        """
        if not isinstance(response, HtmlResponse):
            return
        lead: Lead = response.meta["lead"]
        portal = self.portals[response.meta["portal"]]
        children = self.adapters[portal.name].parse_report(readable(response), lead, portal)
        for child in (c for c in children if c.role is Role.ATTACHMENT):
            request = self._document_request(child, portal, lead.url)
            if request is not None:
                yield request
        if not all(self._known(c.url) for c in children if c.role is Role.IMAGE):
            self._count(portal.name, "incomplete_pages")
            yield self._request(lead, portal)

    def _not_stored(self, failure: Failure) -> None:
        logger.debug("no stored body to read the links of: %s", failure.getErrorMessage())

    def _follow(self, leads: list[Lead], portal: PortalConfig, parent: str | None) -> Iterator[Request]:
        max_depth = int(portal.option("max_depth", self.settings.getint("NIANBAO_MAX_DEPTH", 6)))
        for lead in leads:
            if lead.role is Role.LIST:
                key = f"{lead.browser} {lead.key}"
                if key in self.listed:
                    continue
                if lead.depth <= max_depth and self._spend_list_page(portal, lead):
                    self.listed.add(key)
                    yield self._request(lead, portal)
            elif lead.role in (Role.CANDIDATE, Role.ATTACHMENT):
                fresh = not ({lead.url, *lead.aliases} & self.seen_documents)
                request = self._document_request(lead, portal, parent)
                if request is not None:
                    yield request
                elif fresh and lead.role is Role.CANDIDATE:
                    yield self._stored_page(lead, portal)

    # --- responses --------------------------------------------------------------------------------------
    def parse_lead(self, response: Response) -> Iterator[Any]:
        lead: Lead = response.meta["lead"]
        portal = self.portals[response.meta["portal"]]
        self._count(portal.name, f"fetched_{lead.role}")
        if isinstance(response, TextResponse):
            response = readable(response)
        if response.status in (404, 410):
            yield from self._missing(response, lead, portal)
        elif lead.role is Role.LIST:
            yield from self._list(response, lead, portal)
        elif lead.role is Role.CANDIDATE:
            yield from self._candidate(response, lead, portal)
        elif lead.role is Role.ATTACHMENT:
            yield from self._attachment(response, lead, portal)
        else:
            yield from self._image(response, lead, portal)

    def _list(self, response: Response, lead: Lead, portal: PortalConfig) -> Iterator[Any]:
        adapter = self.adapters[portal.name]
        if not isinstance(response, TextResponse):
            logger.info("list %s answered %s, not text: skipped", response.url, response.headers.get("Content-Type"))
            return
        lead = adapter.enter(response, lead)
        try:
            if lead.shape:
                leads = adapter.parse_data(response, lead, portal)
            elif isinstance(response, HtmlResponse) and adapter.recognize(response, lead).is_report:
                # discovery walked straight onto a report
                yield from self._report(response, lead, portal)
                return
            else:
                leads = adapter.parse_list(response, lead, portal)
        except ValueError as exc:
            self._record_discovery(portal)
            logger.warning("list %s unreadable: %s", response.url, exc)
            if lead.fallback is not None:
                yield self._request(lead.fallback, portal)
            else:
                yield self._failure(response.url, portal, f"unreadable list: {exc}", response.status)
            return
        self._record_discovery(portal)
        yield from self._follow(leads, portal, parent=None)

    def _record_discovery(self, portal: PortalConfig) -> None:
        """What discovery understood of the portal, in the crawl's stats (read by `nianbao portals check` and
        the run's JSON): `nianbao/discovery/<portal>/columns` (the report columns taken: url, title, score,
        why), `…/platform` (the platform its pages were fingerprinted as, or the adapter named), `…/hosts`
        (other government hosts its navigation led to, and from where)."""
        stats = self.crawler.stats
        if stats is None:
            return
        state = self.adapters[portal.name].state
        prefix = f"nianbao/discovery/{portal.name}"
        stats.set_value(f"{prefix}/columns", sorted(state.columns.values(), key=lambda c: -int(str(c["score"]))))
        stats.set_value(f"{prefix}/platform", self.adapters[portal.name].fingerprint)
        if state.hosts:
            stats.set_value(f"{prefix}/hosts", dict(state.hosts))

    def _candidate(self, response: Response, lead: Lead, portal: PortalConfig) -> Iterator[Any]:
        if not isinstance(response, HtmlResponse):
            # a list linked the report file itself (a PDF, DOC …): the file is the report document, unless its
            # own name (a servlet's Content-Disposition) says it is a notice about reports or the like
            if names_another_document(served_file_name(response), lead.title):
                logger.debug("not a report: %s (named %r)", response.url, served_file_name(response))
                return
            yield self._document(response, lead, portal, "attachment", response.meta.get("parent_url"))
            return
        if NOT_MODIFIED in response.flags:  # the stored body was a report when it was stored, and still stands
            yield from self._report(response, lead, portal)
            return
        adapter = self.adapters[portal.name]
        verdict = adapter.recognize(response, lead)
        if verdict.is_report:
            yield from self._report(response, lead, portal)
            return
        logger.debug("not a report: %s (%s)", response.url, verdict.reason)
        if response.meta.get("known") or self._known(response.url):
            # where a report was, something else is served now (a soft 404, a redirect to the home page)
            yield self._gone(response, portal, "page")
            return
        max_depth = int(portal.option("max_depth", self.settings.getint("NIANBAO_MAX_DEPTH", 6)))
        # read as a list, so it spends the list budget: a portal whose every page links new "reports" that
        # are not would otherwise grow by its links' count at each level, unbounded by max_pages
        if lead.depth < max_depth and self._spend_list_page(portal):
            lead = adapter.enter(response, lead)
            yield from self._follow(adapter.parse_list(response, lead, portal), portal, parent=None)
            self._record_discovery(portal)

    def _report(self, response: HtmlResponse, lead: Lead, portal: PortalConfig) -> Iterator[Any]:
        self._count(portal.name, "reports")
        page = self._document(response, lead, portal, "page", None)
        children = self.adapters[portal.name].parse_report(response, lead, portal)
        attachments = [c for c in children if c.role is Role.ATTACHMENT]
        images = [c for c in children if c.role is Role.IMAGE]
        yield from self._follow(attachments, portal, parent=response.url)
        if not images:
            yield page
            return
        # A new body, or a stored one whose images were never all archived (a crawl killed between storing
        # the page and its images, an image that failed): fetch them and read the page with them. An unchanged
        # page (304) asks for its images too, conditionally: they are revisited with their page, at its interval,
        # so a picture replaced under the same URL is seen and the page read again with it.
        self.pending[response.url] = PendingReport(page, {i.url for i in images})
        for image in images:
            yield self._request(image, portal, parent=response.url, allow_offsite=True)

    def _attachment(self, response: Response, lead: Lead, portal: PortalConfig) -> Iterator[Any]:
        """A linked file; an HTML page where a file should be is an error page served with 200."""
        if NOT_MODIFIED not in response.flags and is_error_page(response, lead.url):
            if response.meta.get("known") or self._known(lead.url):
                yield self._gone(response, portal, "attachment")
            elif lead.fallback is not None:
                yield self._request(lead.fallback, portal, response.meta.get("parent_url"))
            else:
                yield self._failure(lead.url, portal, "an HTML page where a file was linked (soft 404)",
                                    response.status)
            return
        yield self._document(response, lead, portal, "attachment", response.meta.get("parent_url"))

    def _image(self, response: Response, lead: Lead, portal: PortalConfig) -> Iterator[Any]:
        parent = response.meta.get("parent_url")
        item = self._document(response, lead, portal, "image", parent)
        pending = self.pending.get(parent or "")
        if pending is None:
            yield item
            return
        if item.outcome is Outcome.FETCHED:  # a body the archive does not hold for this URL is a new picture
            pending.changed |= self._policy().digest(lead.url) != sha256_hex(response.body)
        # a 304 is answered with the stored picture: the page is read with it all the same
        pending.resources.append(Resource(response.url, response.body, _content_type(response)))
        pending.images.append(item)
        yield from self._image_done(parent or "", lead.url)

    def _image_done(self, parent: str, url: str) -> Iterator[Any]:
        pending = self.pending.get(parent)
        if pending is None:
            return
        pending.waiting.discard(url)
        if pending.waiting:
            return
        del self.pending[parent]
        pending.page.resources = tuple(pending.resources)
        # the page is read again with its images when one of them is new to the archive (one it lacked, or a
        # picture replaced under the same URL), even if the page itself is unchanged
        pending.page.reextract = pending.changed
        # the page counts as seen once its images are in: a re-extraction from the archive (nianbao reextract)
        # pairs a page version with the image versions first seen by then, so that must include these
        pending.page.fetched_at = datetime.now(UTC)
        yield pending.page
        yield from pending.images

    def _missing(self, response: Response, lead: Lead, portal: PortalConfig) -> Iterator[Any]:
        if lead.role is Role.IMAGE:
            yield from self._image_failed(response.meta.get("parent_url"), lead.url)
        if lead.role is not Role.LIST and (response.meta.get("known") or self._known(response.url)):
            kind = {Role.ATTACHMENT: "attachment", Role.IMAGE: "image"}.get(lead.role, "page")
            yield self._gone(response, portal, kind)
        elif lead.fallback is not None:
            yield self._request(lead.fallback, portal, response.meta.get("parent_url"))
        else:
            yield self._failure(response.url, portal, f"HTTP {response.status}", response.status)

    def failed(self, failure: Failure) -> Iterator[Any]:
        """Errback: the failure goes to the fetch log; a fallback lead, if any, is tried instead."""
        request = failure.request  # type: ignore[attr-defined]
        lead: Lead = request.meta["lead"]
        portal = self.portals[request.meta["portal"]]
        status = failure.value.response.status if failure.check(HttpError) else None
        message = f"HTTP {status}" if status else f"{failure.type.__name__}: {failure.getErrorMessage()}"
        # not asked, or cut off, on purpose: the URL policy, robots.txt, redirect rules, the size cap
        refused = status is None and failure.check(IgnoreRequest, DownloadCancelledError) is not None
        if failure.check(DownloadCancelledError) and not failure.getErrorMessage():
            # Scrapy cancels a body that outgrows the cap with no message (it only logs the sizes)
            cap = request.meta.get("download_maxsize", self.settings.getint("DOWNLOAD_MAXSIZE"))
            message += f"received more than the size cap of {cap} bytes (DOWNLOAD_MAXSIZE), no Content-Length"
        logger.info("fetch failed: %s %s (%s)", request.method, request.url, message)
        if lead.role is Role.IMAGE:
            yield from self._image_failed(request.meta.get("parent_url"), lead.url)
        plain = None if lead.fallback else _over_plain_http(lead, failure)
        if plain is not None:
            self.plain_http_hosts.add(urlsplit(lead.url).hostname or "")
        fallback = lead.fallback or plain
        if fallback is not None:
            yield self._request(fallback, portal, request.meta.get("parent_url"))
            return
        yield self._failure(request.url, portal, message, status, refused=refused)

    def _image_failed(self, parent: str | None, url: str) -> Iterator[Any]:
        yield from self._image_done(parent or "", url)

    # --- items ------------------------------------------------------------------------------------------
    def _document(self, response: Response, lead: Lead, portal: PortalConfig, kind: str,
                  parent: str | None) -> FetchedDocument:
        """A body that came, or (flagged by the archive cache) a 304 the archive answered: its body stands."""
        item = FetchedDocument(
            url=lead.url, portal=portal.name, kind=kind, status=response.status, headers=_headers(response.headers),
            body=response.body, fetched_at=datetime.now(UTC), parent_url=parent, aliases=lead.aliases,
            title=lead.title, exchange=exchange_of(response),
        )
        if NOT_MODIFIED in response.flags:  # the fetch log keeps the 304 as it came
            return replace(item, status=304, headers=_headers(response.meta[REVALIDATED]), body=None,
                           outcome=Outcome.NOT_MODIFIED,
                           exchange=exchange_of(response, 304, response.meta[REVALIDATED]))
        return item

    def _gone(self, response: Response, portal: PortalConfig, kind: str) -> FetchedDocument:
        return FetchedDocument(url=response.meta["lead"].url, portal=portal.name, kind=kind, status=response.status,
                               headers=_headers(response.headers), body=None, outcome=Outcome.GONE,
                               exchange=exchange_of(response))

    def _failure(self, url: str, portal: PortalConfig, error: str, status: int | None,
                 refused: bool = False) -> FetchedDocument:
        if not refused:  # a refusal is counted by the archive pipeline, under its outcome
            self._count(portal.name, "fetch_errors")
        return FetchedDocument(url=url, portal=portal.name, kind="page", status=status, headers={}, body=None,
                               error=error, outcome=Outcome.REFUSED if refused else Outcome.FAILED)

    def _policy(self) -> RevisitPolicy:
        assert self.policy is not None, "the revisit policy is read in start(), before any response"
        return self.policy

    def _known(self, url: str) -> bool:
        """Whether the archive held a body of `url` (or of a document it is an alias of) when the crawl began."""
        return self._policy().known(url) is not None

    def _count(self, portal: str, what: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"nianbao/{what}")
            self.crawler.stats.inc_value(f"nianbao/portal/{portal}/{what}")


def _priority(lead: Lead) -> int:
    """Best first: files and pictures of reports found, then possible reports, then list pages by how much
    the way to them looked like the way to reports (crawler.discovery scores 0-99 → 0-8)."""
    if lead.role is Role.LIST:
        return _PRIORITY[Role.LIST] + min(8, max(0, lead.score) // 12)
    return _PRIORITY[lead.role]


def _over_plain_http(lead: Lead, failure: Failure) -> Lead | None:
    """The same lead over plain HTTP when HTTPS failed: some portals refuse HTTPS (a 403, a failed handshake,
    a proxy that tunnels nothing) while HTTP works (portals.md), and a config entry or a page's absolute link
    may say https. Not for a request refused on purpose (URL policy, robots.txt, size cap), nor for an HTTP
    error other than 403, which plain HTTP would answer the same."""
    if not _plain_http_will_do(lead):
        return None
    if failure.check(HttpError):
        if failure.value.response.status != 403:
            return None
    elif failure.check(IgnoreRequest, DownloadCancelledError):
        return None
    return replace(lead, url="http://" + lead.url.removeprefix("https://"))


def _plain_http_will_do(lead: Lead) -> bool:
    """An https lead that may be asked over plain HTTP instead. Not an image: its page waits for it under
    the URL the page's <img> names, and the extractor pairs them by that URL."""
    return lead.url.startswith("https://") and lead.role is not Role.IMAGE


def _headers(headers: Headers) -> dict[str, str]:
    return {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in headers.items()}


def _content_type(response: Response) -> str | None:
    value = response.headers.get(b"Content-Type")
    return value.decode("latin-1") if value else None
