"""`nianbao import`: what a crawl of the captured pages would have stored, taken from WARC/WACZ files (issue 19).

Three passes over the files. The first lists every `response` (no bodies) and a nianbao export's metadata
records, which say what each capture is. The second reads the other HTML captures on a configured portal's
hosts (or all of them, for `--portal`) and judges them with the crawler's own adapter — the same `recognize`
and `parse_report` the spider uses — so report pages, their attachments and images are known, and list pages
give the report files they link directly. The third stores the chosen captures in WARC-Date order through the
archive's ingest (its dedupe rules, one fetch log row each, `source` naming the file and record) and extracts
every new version of a report page or file from the archive, as the crawl's catch-up does. One body at a
time is in memory.

A capture already imported (same URL, same WARC-Date, same body) is passed over, so importing a file twice
stores nothing. Everything else not stored is counted with its reason; no record can end the import.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path

import sqlalchemy as sa
from scrapy.http import Headers, HtmlResponse, Request, Response, TextResponse
from scrapy.responsetypes import responsetypes

from nianbao.archive import Archive, Fetch
from nianbao.archive.blobs import sha256_hex
from nianbao.archive.database import reading
from nianbao.archive.ingest import find_document
from nianbao.archive.reextract import stored_bundle
from nianbao.archive.warc_history import place
from nianbao.archive.warc_read import Capture, Hint, Skip, captures, load
from nianbao.crawler.encoding import readable
from nianbao.crawler.platforms import load_platform
from nianbao.crawler.platforms.base import Lead, Platform, Role
from nianbao.crawler.portals import PortalConfig
from nianbao.crawler.recognition import ATTACHMENT_EXTENSIONS, IMAGE_EXTENSIONS, extension
from nianbao.extraction_memo import memoised_report_json
from nianbao.extractor import unreadable_reason
from nianbao.models import Document, FetchRecord

logger = logging.getLogger(__name__)

_fetch = FetchRecord.__table__
_document = Document.__table__
_parent = _document.alias("parent")
EXTRACTED_KINDS = ("page", "attachment")


@dataclass(frozen=True)
class Decision:
    kind: str
    portal: str
    parent_url: str | None = None
    url: str = ""  # the document's URL when the capture's is an alias of it
    aliases: tuple[str, ...] = ()


@dataclass
class ImportReport:
    files: list[str]
    run_id: int | None = None
    outcomes: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    extracted: int = 0
    extraction_failed: int = 0

    @property
    def versions_new(self) -> int:
        return self.outcomes["new_document"] + self.outcomes["new_version"]


@dataclass
class _Children:
    """What the report pages and lists of the files say about other captures (first pass)."""

    reports: dict[str, str] = field(default_factory=dict)  # page URL -> portal
    attachments: dict[str, Lead] = field(default_factory=dict)  # URL -> lead (its parent recorded beside)
    images: dict[str, str] = field(default_factory=dict)  # URL -> parent page
    parents: dict[str, str] = field(default_factory=dict)  # attachment URL -> parent page
    linked_files: dict[str, Lead] = field(default_factory=dict)  # report files a list links directly
    aliases: dict[str, str] = field(default_factory=dict)  # alias URL -> document URL
    hints: dict[str, Hint] = field(default_factory=dict)


class Planner:
    """Decides, as the spider would, what each capture is: a report page, attachment, image, or nothing."""

    def __init__(self, portals: Sequence[PortalConfig], forced: PortalConfig | None = None) -> None:
        self.portals = list(portals)
        self.forced = forced
        self.adapters: dict[str, Platform] = {p.name: load_platform(p.platform) for p in self.portals}
        self.by_name = {p.name: p for p in self.portals}
        self.seen = _Children()
        #: (kind, parent URL) of a document the archive holds at a URL, if any (set by import_files)
        self.known: Callable[[str], tuple[str, str | None] | None] = lambda _: None

    def portal_of(self, url: str) -> PortalConfig | None:
        if self.forced is not None:
            return self.forced
        return next((p for p in self.portals if p.allows(url)), None)

    def needs_reading(self, capture: Capture) -> bool:
        """Whether to judge a capture and read its links: a 200 in HTML on a portal's hosts that no nianbao
        export already described (its metadata record says what it is; recognition is the import's main cost)."""
        return (
            capture.status == 200
            and capture.url not in self.seen.hints
            and self.portal_of(capture.url) is not None
            and _html(capture)
        )

    def observe(self, capture: Capture) -> None:
        portal = self.portal_of(capture.url)
        if portal is None or capture.body is None or not _html(capture):
            return
        response = _response(capture)
        if not isinstance(response, HtmlResponse):
            return
        adapter = self.adapters[portal.name]
        lead = Lead(capture.url, Role.CANDIDATE)
        try:
            if adapter.recognize(response).is_report:
                self.seen.reports[capture.url] = portal.name
                for child in adapter.parse_report(response, lead, portal):
                    self._child(child, capture.url)
                return
            for found in adapter.parse_list(response, replace(lead, role=Role.LIST), portal):
                if found.role in (Role.CANDIDATE, Role.ATTACHMENT):
                    for name in (found.url, *found.aliases):
                        self.seen.linked_files.setdefault(name, found)
        except Exception as err:  # an adapter choking on one odd page must not end the import
            logger.warning("could not read %s as the crawler would: %s", capture.url, err)

    def _child(self, child: Lead, parent: str) -> None:
        if child.role is Role.IMAGE:
            self.seen.images.setdefault(child.url, parent)
        elif child.role is Role.ATTACHMENT:
            self.seen.attachments.setdefault(child.url, child)
            self.seen.parents.setdefault(child.url, parent)
            for alias in child.aliases:
                self.seen.aliases.setdefault(alias, child.url)

    def hint(self, hint: Hint) -> None:
        self.seen.hints[hint.url] = hint

    def decide(self, capture: Capture) -> Decision | str:
        """What the crawl would have stored this capture as, or why not (the reason counted)."""
        seen = self.seen
        url = seen.aliases.get(capture.url, capture.url)
        portal = self.portal_of(url)
        parent = seen.parents.get(url) or seen.images.get(url)
        if portal is None and parent is not None:  # an image or file elsewhere, embedded in a portal's report
            portal = self.portal_of(parent)
        if portal is None:
            return "host of no configured portal"
        if capture.status != 200:
            return f"HTTP {capture.status}"
        hint = seen.hints.get(url)
        if hint is not None:
            return Decision(hint.kind, portal.name, hint.parent_url, url)
        if url in seen.reports:
            return Decision("page", portal.name, None, url)
        if url in seen.images:
            return Decision("image", portal.name, seen.images[url], url)
        held = self.known(url)
        if held is not None:  # the archive holds this document already: an earlier (or later) look at it
            return Decision(held[0], portal.name, held[1], url)
        lead = seen.attachments.get(url) or seen.linked_files.get(url)
        if lead is not None:
            if _html(capture):
                if extension(url) in ATTACHMENT_EXTENSIONS | IMAGE_EXTENSIONS or url in seen.attachments:
                    return "an HTML page where a file was linked (soft 404)"
                return "not a report page"
            return Decision("attachment", portal.name, seen.parents.get(url), url, tuple(lead.aliases))
        return "not a report page" if _html(capture) else "a file no report page or list links"


def _html(capture: Capture) -> bool:
    ctype = (capture.content_type or "").lower()
    if ctype:
        return "html" in ctype
    return extension(capture.url) not in ATTACHMENT_EXTENSIONS | IMAGE_EXTENSIONS


def _response(capture: Capture) -> Response:
    """The capture as the Scrapy response the spider would have read (decoded as the crawler decodes)."""
    headers = Headers(
        [
            (n, v)
            for n, v in capture.exchange.response_headers
            if n.lower() not in ("content-encoding", "transfer-encoding", "content-length")
        ]
    )
    body = capture.body or b""
    cls = responsetypes.from_args(headers=headers, url=capture.url, body=body)
    response = cls(url=capture.url, status=200, headers=headers, body=body, request=Request(capture.url))
    return readable(response) if isinstance(response, TextResponse) else response


def import_files(
    archive: Archive,
    paths: Iterable[Path],
    portals: Sequence[PortalConfig],
    forced: PortalConfig | None = None,
    extract: bool = True,
) -> ImportReport:
    """Import `paths` into `archive`; see the module docstring."""
    paths = list(paths)
    planner = Planner(portals, forced)
    report = ImportReport(files=[str(p) for p in paths])
    listed: list[Capture] = []
    for path in paths:  # first: what the files hold, without bodies
        for item in captures(path, lambda _: False):
            if isinstance(item, Skip):
                report.skipped[_reason(item.reason)] += 1
                logger.info("%s: %s skipped: %s", item.place.source, item.url, item.reason)
            elif isinstance(item, Hint):
                planner.hint(item)
            else:
                listed.append(item)
    found: list[Capture] = []
    with ExitStack() as files:  # then: the pages judged as the crawler judges them
        for capture in listed:
            if planner.needs_reading(capture):
                loaded = load(capture.place, files)
                if isinstance(loaded, Skip):
                    report.skipped[_reason(loaded.reason)] += 1
                    continue
                planner.observe(loaded)
            found.append(capture)
    planner.known = lambda url: _held(archive, url)
    chosen: list[tuple[Capture, Decision]] = []
    for capture in found:
        decision = planner.decide(capture)
        if isinstance(decision, str):
            report.skipped[decision] += 1
        else:
            chosen.append((capture, decision))
    chosen.sort(key=lambda pair: (pair[0].date, str(pair[0].place.path), pair[0].place.offset))
    names = sorted({d.portal for _, d in chosen})
    report.run_id = archive.start_run(names)
    new_versions: list[int] = []
    with ExitStack() as files:
        for capture, decision in chosen:
            loaded = load(capture.place, files)
            if isinstance(loaded, Skip) or loaded.body is None:
                report.skipped[_reason(loaded.reason if isinstance(loaded, Skip) else "no body")] += 1
                continue
            if _already_imported(archive, decision.url or capture.url, capture, loaded.body):
                report.skipped["already imported"] += 1
                continue
            fetch = _fetch_of(capture, loaded.body, decision, report.run_id)
            # older than the document's latest version: into its history by date; else as a crawl stores it
            result = place(archive.engine, fetch) or archive.ingest(fetch)
            report.outcomes[result.outcome] += 1
            if result.stored and result.version_id is not None and decision.kind in EXTRACTED_KINDS:
                new_versions.append(result.version_id)
    if extract:
        for version_id in new_versions:
            _extract(archive, version_id, report)
    archive.finish_run(
        report.run_id,
        imported_from=[Path(p).name for p in paths],
        skipped=dict(report.skipped),
        extracted=report.extracted,
        extraction_failed=report.extraction_failed,
    )
    return report


def _reason(reason: str) -> str:
    """A skip reason without its details, for counting (`malformed record: …` counts as one reason)."""
    return reason.split(":", 1)[0] if reason.startswith(("malformed", "unreadable", "truncated")) else reason


def _fetch_of(capture: Capture, body: bytes, decision: Decision, run_id: int | None) -> Fetch:
    return Fetch(
        url=decision.url or capture.url,
        status=capture.status,
        headers=capture.headers,
        body=body,
        fetched_at=capture.date,
        portal=decision.portal,
        run_id=run_id,
        parent_url=decision.parent_url,
        kind=decision.kind,
        aliases=decision.aliases,
        exchange=capture.exchange,
        source=capture.place.source,
    )


def _held(archive: Archive, url: str) -> tuple[str, str | None] | None:
    """The kind and parent page of the document the archive holds at `url` (or under it as an alias)."""
    with archive.engine.connect() as conn:
        conn = reading(conn)
        document_id = find_document(conn, url)
        if document_id is None:
            return None
        row = conn.execute(
            sa.select(_document.c.kind, _parent.c.url)
            .select_from(_document)
            .outerjoin(_parent, _parent.c.id == _document.c.parent_id)
            .where(_document.c.id == document_id)
        ).one()
    return row[0], row[1]


def _already_imported(archive: Archive, url: str, capture: Capture, body: bytes) -> bool:
    """A fetch of this URL at this very time with this body is in the log: this capture, imported before (or
    the crawl that wrote the WARC)."""
    query = (
        sa.select(_fetch.c.id)
        .where(_fetch.c.url == url, _fetch.c.fetched_at == capture.date, _fetch.c.sha256 == sha256_hex(body))
        .limit(1)
    )
    with archive.engine.connect() as conn:
        return reading(conn).execute(query).first() is not None


def _extract(archive: Archive, version_id: int, report: ImportReport) -> None:
    """Extract a new version from the archive with its stored images, as the crawl's catch-up does."""
    try:
        with archive.engine.connect() as conn:
            bundle = stored_bundle(reading(conn), version_id)
        result = memoised_report_json(bundle)  # pages a crawl already read come from the memo, if one is set
        archive.save_extraction(version_id, result)
    except Exception as err:  # stored already; `nianbao reextract` can try again
        logger.warning("extraction of version %s failed: %s", version_id, err)
        report.extraction_failed += 1
        return
    if unreadable_reason(result):
        report.extraction_failed += 1
    else:
        report.extracted += 1
