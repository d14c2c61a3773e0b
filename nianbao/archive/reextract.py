"""Re-extraction: the current extractor run over archived bodies, with no network.

The work of a run is *derived from the archive*, never kept beside it: a version is due when it lacks an
extraction by the current extractor (or, for `stale`, when its latest extraction is by an older one).
Extractions are committed in small batches (SAVE_BATCH), so a run killed half-way leaves the saved ones
saved, and the next run's selection simply no longer contains them. Old extractions stay; the views show the
highest extraction id, i.e. the newest.

Workers are processes (extraction is CPU work, OCR seconds a page) started from a forkserver, each reading
through its own database connection; see pipelines/extract.py for why not fork. Only the run's own process
writes.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Generator, Iterator
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
from nianbao.archive.extractions import save_extractions
from nianbao.archive.ingest import utcnow
from nianbao.archive.retries import with_retries
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
_STORED_ROWS = (
    sa.select(
        _version.c.id,
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
)
_STORED = _STORED_ROWS.where(_version.c.id == sa.bindparam("version_id"))
_STORED_MANY = _STORED_ROWS.where(_version.c.id.in_(sa.bindparam("version_ids", expanding=True)))
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


def stored_bundle(conn: sa.Connection, version_id: int) -> Bundle:
    """The extractor's input rebuilt from the archive: body, the headers it came with, its URL, its images.

    The images are the page's child documents of kind "image", each at the version it had when the page
    version was last seen (the crawler fetches them right after the page); images never stored are left
    out, as the crawl would have.
    """
    row = conn.execute(_STORED, {"version_id": version_id}).one()
    return _bundle(conn, row, has_images=True)


def _number(value: Any) -> Decimal | None:
    # SQLite hands NUMERIC back as float or int; compare as decimals through str, like the archive stores them.
    return None if value is None else Decimal(str(value)).normalize()


def count_cell_changes(old: dict[str, Decimal | None], new: dict[str, Any]) -> int:
    new_values = {key: _number(value) for key, value in new.items()}
    return sum(1 for key in old.keys() | new_values.keys() if old.get(key, "absent") != new_values.get(key, "absent"))


# --- a run: read and extract in chunks, save in batches from one writer ------------------------------------

#: Versions read and extracted as one piece of work (one pool task: fewer round trips to the pool and the
#: database than one version each).
CHUNK = 8
#: Reports saved in one transaction: the write lock is held a few milliseconds, and a kill loses at most these
#: and the chunks in flight (the next run's selection holds them again).
SAVE_BATCH = 32


@dataclass(frozen=True)
class _Extracted:
    """A version read and extracted, not saved yet: its report, and the cells of its latest extraction before."""

    version_id: int
    report: dict[str, Any] | None = None
    before: dict[str, Decimal | None] | None = None
    error: str | None = None


_HAS_IMAGES = (
    sa.select(_image.c.parent_id)
    .where(_image.c.parent_id.in_(sa.bindparam("document_ids", expanding=True)), _image.c.kind == "image")
    .distinct()
)
_LATEST_EXTRACTIONS = (
    sa.select(_extraction.c.version_id, sa.func.max(_extraction.c.id))
    .where(_extraction.c.version_id.in_(sa.bindparam("version_ids", expanding=True)))
    .group_by(_extraction.c.version_id)
)
_CELLS_OF = sa.select(_cell.c.extraction_id, _cell.c.cell_key, _cell.c.value).where(
    _cell.c.extraction_id.in_(sa.bindparam("extraction_ids", expanding=True))
)


def read_chunk(conn: sa.Connection, version_ids: list[int]) -> list[tuple[int, Bundle | Exception, Any]]:
    """(version id, its bundle or the error reading it, the cells of its latest extraction or None) for each
    version, in order: `stored_bundle` and the latest extraction's cells for a chunk, in a few statements instead
    of four a version (the images query only for pages that have images)."""
    rows = {row.id: row for row in conn.execute(_STORED_MANY, {"version_ids": version_ids})}
    with_images = set(
        conn.execute(_HAS_IMAGES, {"document_ids": sorted({row.document_id for row in rows.values()})}).scalars()
    )
    latest = dict(conn.execute(_LATEST_EXTRACTIONS, {"version_ids": version_ids}).all())
    before: dict[int, dict[str, Decimal | None]] = {extraction: {} for extraction in latest.values()}
    if before:
        for extraction, key, value in conn.execute(_CELLS_OF, {"extraction_ids": sorted(before)}):
            before[extraction][key] = _number(value)
    out: list[tuple[int, Bundle | Exception, Any]] = []
    for version_id in version_ids:
        cells = before[latest[version_id]] if version_id in latest else None
        row = rows.get(version_id)
        try:
            if row is None:
                raise sa.exc.NoResultFound("No row was found when one was required")
            bundle: Bundle | Exception = _bundle(conn, row, row.document_id in with_images)
        except Exception as err:  # one bad body never stops a run: reported with this version
            bundle = err
        out.append((version_id, bundle, cells))
    return out


def _bundle(conn: sa.Connection, row: Any, has_images: bool) -> Bundle:
    """The extractor's input from a version's row of _STORED_ROWS (and its images, if it has any)."""
    images = (
        conn.execute(_IMAGES, {"document_id": row.document_id, "last_seen": row.last_seen}).all() if has_images else []
    )
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


def extract_chunk(
    archive: Archive, version_ids: list[int], extract: Callable[[Bundle], dict[str, Any]] = report_json
) -> list[_Extracted]:
    """Read and extract a chunk of versions (in a worker, or in the run's own process); nothing is saved."""
    with archive.engine.connect() as conn:
        read = read_chunk(reading(conn), version_ids)
    out = []
    for version_id, bundle, before in read:
        if isinstance(bundle, Exception):
            out.append(_Extracted(version_id, error=_error(version_id, bundle)))
            continue
        try:
            report = extract(bundle)
        except Exception as err:  # one bad document never stops a run: the body stays archived for next time
            out.append(_Extracted(version_id, error=_error(version_id, err)))
            continue
        out.append(_Extracted(version_id, report, before))
    return out


def _error(version_id: int, err: Exception) -> str:
    log.debug("re-extraction of version %s failed", version_id, exc_info=err)
    return f"{type(err).__name__}: {err}"[:500]


def save_batch(archive: Archive, batch: list[_Extracted]) -> list[Outcome]:
    """Save the batch's reports in one transaction and say what each did; a report the archive refuses (or a
    version gone meanwhile) is found by saving the batch one at a time, and fails alone, never half-saved."""
    saving = [item for item in batch if item.report is not None]
    failed: dict[int, str] = {}
    if saving:
        try:
            with_retries(archive.engine, lambda conn: save_extractions(
                conn, [(item.version_id, item.report) for item in saving], utcnow()  # type: ignore[misc]
            ))
        except Exception:  # nothing of the batch was stored: one at a time, to tell which one it was
            for item in saving:
                try:
                    archive.save_extraction(item.version_id, item.report)  # type: ignore[arg-type]
                except Exception as err:
                    failed[item.version_id] = _error(item.version_id, err)
    return [_outcome(item, failed.get(item.version_id)) for item in batch]


def _outcome(item: _Extracted, save_error: str | None) -> Outcome:
    if item.error is not None or save_error is not None or item.report is None:
        return Outcome(item.version_id, error=item.error or save_error or "no report")
    report = item.report
    if reason := unreadable_reason(report):  # saved with its reason, and still a failure to report
        return Outcome(item.version_id, error=reason[:500])
    cells = report.get("cells") or {}
    if item.before is None:
        return Outcome(item.version_id, cells_changed=len(cells), first=True)
    return Outcome(item.version_id, cells_changed=count_cell_changes(item.before, cells))


# --- worker processes ----------------------------------------------------------------------------------

_worker_archive: Archive | None = None


def _init_worker(database_url: str, extractor_version: str) -> None:
    from nianbao import extractor

    if extractor_version != extractor.EXTRACTOR_VERSION:
        raise RuntimeError(f"worker has extractor {extractor.EXTRACTOR_VERSION}, the run {extractor_version}")
    global _worker_archive
    _worker_archive = Archive.open(database_url)


def _work(version_ids: list[int]) -> list[_Extracted]:
    assert _worker_archive is not None, "worker not initialised"
    return extract_chunk(_worker_archive, version_ids)


def _chunks(version_ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(version_ids), size):
        yield version_ids[start : start + size]


def run(archive: Archive, version_ids: list[int], workers: int, current: str) -> Iterator[Outcome]:
    """Re-extract `version_ids`, yielding each outcome once its report is saved (in completion order).

    Workers read and extract; this process alone writes, in batches of SAVE_BATCH reports a transaction. Why:
    with every worker committing its own versions they queued on SQLite's one write lock, a waiting writer
    sleeping in the busy handler (the likely reason 2 workers ran slower than 1 in bench/reextract), and a
    transaction a version cost more than the rows it wrote. One
    worker runs in this process; more run in a process pool, fed a few chunks ahead of the results, so that
    a kill loses at most the chunks in flight and the batch not yet saved.
    """
    if workers <= 1:
        batch: list[_Extracted] = []
        for chunk in _chunks(version_ids, CHUNK):
            batch += extract_chunk(archive, chunk)
            if len(batch) >= SAVE_BATCH:
                yield from save_batch(archive, batch)
                batch = []
        if batch:
            yield from save_batch(archive, batch)
        return
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_worker, initargs=(archive.url, current)
    ) as pool:
        pending: set[Future[list[_Extracted]]] = set()
        batch = []
        try:
            for chunk in _chunks(version_ids, CHUNK):
                pending.add(pool.submit(_work, chunk))
                if len(pending) >= workers * 2:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    batch += yield from _results(archive, done, batch)
                    if len(batch) >= SAVE_BATCH:
                        yield from save_batch(archive, batch)
                        batch = []
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                batch += yield from _results(archive, done, batch)
                if len(batch) >= SAVE_BATCH or not pending:
                    yield from save_batch(archive, batch)
                    batch = []
        finally:
            for future in pending:
                future.cancel()


def _results(
    archive: Archive, done: set[Future[list[_Extracted]]], batch: list[_Extracted]
) -> Generator[Outcome, None, list[_Extracted]]:
    """The finished chunks' versions; if a worker failed (a dead process: BrokenProcessPool), `batch` is saved
    first, so that what was extracted is kept, and the error goes on to the caller."""
    out: list[_Extracted] = []
    for future in done:
        try:
            out += future.result()
        except Exception:
            yield from save_batch(archive, batch + out)
            raise
    return out
