"""Re-extraction: the current extractor run over archived bodies, with no network.

The work of a run is *derived from the archive*, never kept beside it: a version is due when it lacks an
extraction by the current extractor (or, for `stale`, when its latest extraction is by an older one). Each
version's extraction is committed on its own, so a run killed half-way leaves finished versions finished,
and the next run's selection simply no longer contains them. Old extractions stay; the views show the
highest extraction id, i.e. the newest.

Workers are processes (extraction is CPU work, OCR seconds a page) started from a forkserver, each with its
own database connection; see pipelines/extract.py for why not fork.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from packaging.version import InvalidVersion
from packaging.version import Version as _Semver

from nianbao.archive.blobs import unpack
from nianbao.archive.database import reading
from nianbao.archive.store import Archive
from nianbao.extractor import report_json, unreadable_reason
from nianbao.extractor.bundle import Bundle, Resource
from nianbao.models import Blob, Document, Extraction, ExtractionCell, FetchRecord, Version

log = logging.getLogger(__name__)

_document = Document.__table__
_version = Version.__table__
_fetch = FetchRecord.__table__
_extraction = Extraction.__table__
_cell = ExtractionCell.__table__

#: Kinds extracted on their own: an embedded image is read (OCR) as part of the page that embeds it.
EXTRACTED_KINDS = ("page", "attachment")


@dataclass(frozen=True)
class Selection:
    """Which versions a run considers. `mode`: "all", "stale" or "document"."""

    mode: str = "stale"
    document_id: int | None = None
    since: datetime | None = None
    #: Redo versions the current extractor already read (it is pure, so only for an unbumped change).
    force: bool = False

    def __post_init__(self) -> None:
        if self.mode not in ("all", "stale", "document"):
            raise ValueError(f"selection mode {self.mode!r} is not all, stale or document")
        if (self.mode == "document") != (self.document_id is not None):
            raise ValueError("a document id goes with mode 'document', and only with it")


@dataclass(frozen=True)
class Outcome:
    """What re-extracting one version did."""

    version_id: int
    #: Cells added, removed or with another value than in the version's previous latest extraction.
    cells_changed: int = 0
    #: The version had no extraction before this one.
    first: bool = False
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.error is None and (self.first or self.cells_changed > 0)


@dataclass
class Summary:
    due: int = 0
    extracted: int = 0
    versions_changed: int = 0
    cells_changed: int = 0
    first_extractions: int = 0
    failures: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        if outcome.error is not None:
            self.failures.append(outcome)
            return
        self.extracted += 1
        self.cells_changed += outcome.cells_changed
        self.versions_changed += outcome.changed
        self.first_extractions += outcome.first


def is_older(extractor_version: str, current: str) -> bool:
    """Whether an extraction by `extractor_version` predates `current` (PEP 440 order; else: differs)."""
    try:
        return _Semver(extractor_version) < _Semver(current)
    except InvalidVersion:
        return extractor_version != current


def due_versions(archive: Archive, selection: Selection, current: str) -> list[int]:
    """Version ids the run has to extract, oldest first; a restart after a kill gets only what is left."""
    latest = (
        sa.select(_extraction.c.extractor_version)
        .where(_extraction.c.version_id == _version.c.id)
        .order_by(_extraction.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    has_current = (
        sa.select(_extraction.c.id)
        .where(_extraction.c.version_id == _version.c.id, _extraction.c.extractor_version == current)
        .exists()
    )
    query = (
        sa.select(_version.c.id, latest.label("latest"), has_current.label("has_current"))
        .join(_document, _document.c.id == _version.c.document_id)
        .where(_document.c.kind.in_(EXTRACTED_KINDS))
        .order_by(_version.c.id)
    )
    if selection.since is not None:
        query = query.where(_version.c.first_seen >= selection.since)
    if selection.mode == "document":
        query = query.where(_version.c.document_id == selection.document_id)
    with archive.engine.connect() as conn:
        rows = reading(conn).execute(query).all()
    due = []
    for version_id, latest_version, extracted_by_current in rows:
        if selection.force:
            due.append(version_id)
        elif selection.mode == "stale":
            if latest_version is not None and is_older(latest_version, current):
                due.append(version_id)
        elif not extracted_by_current:
            due.append(version_id)
    return due


# The statements of one re-extraction, built once: building a SELECT with aliases (column collections,
# coercions) cost more than running it, and a run makes them for every version.
_blob = Blob.__table__
_image = _document.alias("image")
_image_version = _version.alias("image_version")
_image_fetch = _fetch.alias("image_fetch")
_image_blob = _blob.alias("image_blob")
_other = _version.alias("other")

#: The version with its document, the fetch that stored it and its body's row (outer: a missing body is
#: `unpack`'s error, as `load_blob`'s).
_STORED = (
    sa.select(
        _version.c.sha256,
        _version.c.document_id,
        _version.c.last_seen,
        _document.c.url,
        _fetch.c.headers,
        _fetch.c.content_type,
        _blob.c.compression,
        _blob.c.data,
    )
    .select_from(_version)
    .join(_document, _document.c.id == _version.c.document_id)
    .join(_fetch, _fetch.c.id == _version.c.fetch_id)
    .outerjoin(_blob, _blob.c.sha256 == _version.c.sha256)
    .where(_version.c.id == sa.bindparam("version_id"))
)
_at_the_time = (
    sa.select(sa.func.max(_other.c.seq))
    .where(_other.c.document_id == _image.c.id, _other.c.first_seen <= sa.bindparam("last_seen"))
    .scalar_subquery()
)
_earliest = sa.select(sa.func.min(_other.c.seq)).where(_other.c.document_id == _image.c.id).scalar_subquery()
#: The page's images, each at the version it had when the page version was last seen, with their bodies.
_IMAGES = (
    sa.select(
        _image.c.url,
        _image_version.c.sha256,
        _image_fetch.c.content_type,
        _image_blob.c.compression,
        _image_blob.c.data,
    )
    .select_from(_image)
    .join(_image_version, _image_version.c.document_id == _image.c.id)
    .join(_image_fetch, _image_fetch.c.id == _image_version.c.fetch_id)
    .outerjoin(_image_blob, _image_blob.c.sha256 == _image_version.c.sha256)
    .where(
        _image.c.parent_id == sa.bindparam("document_id"),
        _image.c.kind == "image",
        _image_version.c.seq == sa.func.coalesce(_at_the_time, _earliest),
    )
    .order_by(_image.c.id)
)
_LATEST_EXTRACTION = sa.select(sa.func.max(_extraction.c.id)).where(
    _extraction.c.version_id == sa.bindparam("version_id")
)
_CELLS = sa.select(_cell.c.cell_key, _cell.c.value).where(_cell.c.extraction_id == sa.bindparam("extraction_id"))


def stored_bundle(conn: sa.Connection, version_id: int) -> Bundle:
    """The extractor's input rebuilt from the archive: body, the headers it came with, its URL, its images.

    The images are the page's child documents of kind "image", each at the version it had when the page
    version was last seen (the crawler fetches them right after the page); images never stored are left
    out, as the crawl would have.
    """
    row = conn.execute(_STORED, {"version_id": version_id}).one()
    images = conn.execute(_IMAGES, {"document_id": row.document_id, "last_seen": row.last_seen}).all()
    resources = tuple(
        Resource(url, unpack(sha256, compression, data), ctype) for url, sha256, ctype, compression, data in images
    )
    headers = dict(row.headers or {})
    return Bundle(
        body=unpack(row.sha256, row.compression, row.data),
        content_type=row.content_type or headers.get("content-type"),
        url=row.url,
        headers=headers,
        resources=resources,
    )


def latest_cells(conn: sa.Connection, version_id: int) -> dict[str, Decimal | None] | None:
    """The cells of the version's latest extraction; None if it was never extracted."""
    latest = conn.execute(_LATEST_EXTRACTION, {"version_id": version_id}).scalar()
    if latest is None:
        return None
    return {key: _number(value) for key, value in conn.execute(_CELLS, {"extraction_id": latest})}


def _number(value: Any) -> Decimal | None:
    # SQLite hands NUMERIC back as float or int; compare as decimals through str, like the archive stores them.
    return None if value is None else Decimal(str(value)).normalize()


def count_cell_changes(old: dict[str, Decimal | None], new: dict[str, Any]) -> int:
    new_values = {key: _number(value) for key, value in new.items()}
    return sum(1 for key in old.keys() | new_values.keys() if old.get(key, "absent") != new_values.get(key, "absent"))


def reextract_version(archive: Archive, version_id: int, extract: Callable[[Bundle], dict[str, Any]]) -> Outcome:
    """Extract one stored version and save the report; a failure is reported, never half-saved."""
    try:
        with archive.engine.connect() as conn:
            conn = reading(conn)
            bundle = stored_bundle(conn, version_id)
            before = latest_cells(conn, version_id)
        report = extract(bundle)
        archive.save_extraction(version_id, report)
    except Exception as err:  # one bad document never stops a run: the body stays archived for next time
        log.debug("re-extraction of version %s failed", version_id, exc_info=True)
        return Outcome(version_id, error=f"{type(err).__name__}: {err}"[:500])
    if reason := unreadable_reason(report):  # saved with its reason, and still a failure to report
        return Outcome(version_id, error=reason[:500])
    cells = report.get("cells") or {}
    if before is None:
        return Outcome(version_id, cells_changed=len(cells), first=True)
    return Outcome(version_id, cells_changed=count_cell_changes(before, cells))


# --- worker processes ----------------------------------------------------------------------------------

_worker_archive: Archive | None = None


def _init_worker(database_url: str, extractor_version: str) -> None:
    from nianbao import extractor

    if extractor_version != extractor.EXTRACTOR_VERSION:
        raise RuntimeError(f"worker has extractor {extractor.EXTRACTOR_VERSION}, the run {extractor_version}")
    global _worker_archive
    _worker_archive = Archive.open(database_url)


def _work(version_id: int) -> Outcome:
    assert _worker_archive is not None, "worker not initialised"
    return reextract_version(_worker_archive, version_id, report_json)


def run(archive: Archive, version_ids: list[int], workers: int, current: str) -> Iterator[Outcome]:
    """Re-extract `version_ids`, yielding each outcome as it lands (in completion order).

    One worker runs in this process; more run in a process pool, fed a few versions ahead of the results
    so that a kill loses at most the versions in flight.
    """
    if workers <= 1:
        for version_id in version_ids:
            yield reextract_version(archive, version_id, report_json)
        return
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_worker, initargs=(archive.url, current)
    ) as pool:
        pending: set[Future[Outcome]] = set()
        queue = iter(version_ids)
        try:
            for version_id in queue:
                pending.add(pool.submit(_work, version_id))
                if len(pending) >= workers * 2:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    yield from (future.result() for future in done)
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (future.result() for future in done)
        finally:
            for future in pending:
                future.cancel()
