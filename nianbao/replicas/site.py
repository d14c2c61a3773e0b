"""What every portal replica shares: a path → resource table, dynamic endpoints, manifest entries.

A portal module subclasses `Site`, lays out its pages in `build()` from the rendered reports, and answers
its JSP/API endpoints in `dynamic()`. The site is rebuilt whole after a test changes a report — cheap,
since attachments are rendered and cached elsewhere — and keeps Last-Modified of bodies that did not change.
"""

from __future__ import annotations

import html
import secrets
import threading
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from nianbao.replicas.web import HTML, SYNTHETIC_NOTE, Answer, Request, Resource

if TYPE_CHECKING:
    from nianbao.replicas.catalogue import ReplicaPortal
    from nianbao.replicas.challenge import Challenge
    from nianbao.replicas.content import Rendition


@dataclass
class ManifestEntry:
    """One annual report a replica holds, with where it lives and the truth of its numbers."""

    report_id: str
    portal: str
    host: str
    agency: str
    year: int
    template: str
    form: str
    format: str  # format of the canonical document: html, pdf, doc, docx, wps
    title: str
    published: str
    page_url: str  # the page a reader lands on (article, module page, detail page)
    document_url: str  # the canonical document carrying the report (the page itself or its attachment)
    alias_urls: list[str] = field(default_factory=list)  # other URLs serving the same bytes
    attachment_urls: list[str] = field(default_factory=list)
    image_urls: list[str] = field(default_factory=list)
    listed_at: list[str] = field(default_factory=list)  # list pages or APIs that link it
    truth: dict[str, float] | None = None  # cell key → value; None where the numbers were not curated
    facts: dict[str, Any] = field(default_factory=dict)  # report-level fields (active_disclosures …)
    seed: str | None = None
    revision: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


WAF_COOKIES = {
    "www.linqu.gov.cn": "wzws_sessionid",
    "www.qingzhou.gov.cn": "wzws_sessionid",  # a sibling on the 潍坊 platform (World(siblings=True))
    "www.yanzhou.gov.cn": "__jsluid_h",
    "www.zzszq.gov.cn": "acw_tc",
}
"""Session cookies of the WAFs in front of some portals (portals.md); set, never required."""

CONTENT_TYPES = {
    "png": "image/png",
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "wps": "application/octet-stream",
    "jpg": "image/jpeg",
}


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def note_html() -> str:
    """The visible synthetic-data banner every replica page carries."""
    return (
        '<div class="nianbao-synthetic" style="background:#fff3cd;border:1px solid #e0c060;padding:4px;'
        f'font-size:13px">{SYNTHETIC_NOTE}：离线复制站点，数字均为随机生成，不代表任何机关的真实情况。</div>'
    )


class Site:
    """One portal replica under its real host name."""

    def __init__(self, portal: ReplicaPortal, challenge: Challenge | None = None, slow_seconds: float = 2.0):
        self.portal = portal
        self.host = portal.host
        self.challenge = challenge
        self.slow_seconds = slow_seconds
        self.resources: dict[str, Resource] = {}
        self.entries: list[ManifestEntry] = []
        self.delays: dict[str, float] = {}
        self._lock = threading.RLock()

    # -- building ----------------------------------------------------------------------------------------

    def build(self, renditions: list[Rendition], now: datetime | None = None) -> None:
        """Lay out every page from the reports; `now` is the Last-Modified of what changed (None: first build)."""
        raise NotImplementedError

    def install(self, resources: dict[str, Resource], entries: list[ManifestEntry], now: datetime | None) -> None:
        """Swap in a new layout; a body that did not change keeps its Last-Modified (and so its 304s)."""
        with self._lock:
            for path, res in resources.items():
                old = self.resources.get(path)
                if old is not None and old.body == res.body:
                    res.last_modified = old.last_modified
                elif old is not None and now is not None:
                    res.last_modified = now
            self.resources = resources
            self.entries = entries

    def new_entry(self, r: Rendition) -> ManifestEntry:
        """The manifest entry of a rendition; the portal fills in its URLs."""
        spec = r.spec
        return ManifestEntry(
            spec.report_id, spec.portal, self.host, spec.agency, spec.year, spec.template, spec.form, r.format,
            spec.title, f"{spec.published:%Y-%m-%d %H:%M}", "", "", truth=r.truth, facts=r.facts, seed=spec.seed,
            revision=spec.revision,
        )

    def url(self, path: str) -> str:
        return f"http://{self.host}{path}"

    # -- answering ---------------------------------------------------------------------------------------

    def dynamic(self, request: Request) -> Answer | None:
        """Endpoints computed per request (JSP, JSON APIs); None to fall through to stored pages."""
        return None

    def answer(self, request: Request) -> Answer:
        if self.challenge is not None:
            gate = self.challenge.gate(request)
            if gate is not None:
                return gate
        with self._lock:
            answer = self.dynamic(request)
            if answer is None:
                res = self.resources.get(request.path)
                if res is None and request.path.endswith("/"):
                    res = self.resources.get(request.path + "index.html")
                answer = Answer(res) if res is not None else self.not_found(request)
        answer.delay = max(answer.delay, self.delays.get(request.path, 0.0))
        return self._with_waf_cookie(answer, request)

    def _with_waf_cookie(self, answer: Answer, request: Request) -> Answer:
        """WAF-fronted sites set their session cookie on every answer until the client sends it back."""
        name = WAF_COOKIES.get(self.host)
        if name is None or name in request.cookies:
            return answer
        token = secrets.token_hex(16)
        res = answer.resource
        headers = dict(res.headers)
        cookie = f"{name}={token}; Path=/; HttpOnly"
        headers["Set-Cookie"] = headers["Set-Cookie"] + "\n" + cookie if "Set-Cookie" in headers else cookie
        answer.resource = Resource(res.body, res.content_type, res.last_modified, res.status, headers)
        return answer

    def not_found(self, request: Request) -> Answer:
        body = (
            f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>404</title></head><body>{note_html()}"
            f"<h1>404 Not Found</h1><p>{esc(request.path)}</p></body></html>"
        )
        return Answer.of(body, HTML, status=404)


def stamp(moment: datetime) -> datetime:
    """Portal times are Beijing wall-clock; Last-Modified needs an aware time (UTC+8 → UTC)."""
    return (moment - timedelta(hours=8)).replace(tzinfo=UTC)
