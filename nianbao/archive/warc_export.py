"""`nianbao export --format warc`: every stored fetch as WARC records, streamed from the database (issue 19).

Per fetch log row with a body (warc_records says how each is built):

- a fetch that stored a version: `response` + `request`, then a `metadata` record for the version (its
  latest extraction: extractor version, cells found, failed rules);
- a fetch that found the latest body again: `revisit` (identical-payload-digest) referring to the fetch that
  stored that body; a 304: `revisit` (server-not-modified);
- failures and refusals: nothing (no capture to replay; the fetch log keeps them).

Rows are read with a server-side cursor in fetch-time order and each body is loaded, written and dropped, so
memory does not grow with the archive: the largest single body is the peak. The only other state is a
bounded cache of SHA-1 digests by SHA-256, so a revisit names its original's payload digest without loading
that body again.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

import sqlalchemy as sa
from warcio.warcwriter import WARCWriter

from nianbao import __version__
from nianbao.archive.blobs import load_blob
from nianbao.archive.database import reading
from nianbao.archive.store import Archive
from nianbao.archive.warc_records import (
    StoredFetch,
    metadata_record,
    payload_digest,
    record_id,
    response_records,
    revisit_records,
    warcinfo_record,
)
from nianbao.models import (
    ArchivedPortal,
    Document,
    Extraction,
    ExtractionCell,
    ExtractionCheck,
    FetchRecord,
    Version,
)

BATCH = 200
STORED = ("new_document", "new_version")
SEEN_AGAIN = ("unchanged", "not_modified")
_DIGESTS_KEPT = 20_000

_fetch = FetchRecord.__table__
_document = Document.__table__
_portal = ArchivedPortal.__table__
_version = Version.__table__
_extraction = Extraction.__table__
_cell = ExtractionCell.__table__
_check = ExtractionCheck.__table__


@dataclass
class WarcCounts:
    responses: int = 0
    revisits: int = 0
    metadata: int = 0
    records: int = 0
    body_bytes: int = 0
    skipped: dict[str, int] = field(default_factory=dict)


def _rows(portal: str | None, since: datetime | None) -> sa.Select[Any]:
    original = _fetch.alias("original")
    stored_by = (
        sa.select(_version.c.fetch_id)
        .where(
            _version.c.document_id == _fetch.c.document_id,
            _version.c.sha256 == _fetch.c.sha256,
            _version.c.first_seen <= _fetch.c.fetched_at,
        )
        .order_by(_version.c.seq.desc())
        .limit(1)
        .scalar_subquery()
    )
    stored = _version.alias("stored")  # the version this fetch stored, if it did
    parent = _document.alias("parent")
    other = _extraction.alias("other")
    latest = sa.select(sa.func.max(other.c.id)).where(other.c.version_id == stored.c.id).scalar_subquery()
    cells = sa.select(sa.func.count()).where(_cell.c.extraction_id == _extraction.c.id).scalar_subquery()
    failed = (
        sa.select(sa.func.count())
        .where(_check.c.extraction_id == _extraction.c.id, _check.c.status == "fail")
        .scalar_subquery()
    )
    query = (
        sa.select(
            _fetch.c.id,
            _fetch.c.url,
            _fetch.c.outcome,
            _fetch.c.status,
            _fetch.c.fetched_at,
            _fetch.c.headers,
            _fetch.c.status_line,
            _fetch.c.response_headers,
            _fetch.c.request_method,
            _fetch.c.request_url,
            _fetch.c.request_headers,
            _fetch.c.sha256,
            _fetch.c.size,
            original.c.url.label("original_url"),
            original.c.fetched_at.label("original_date"),
            _document.c.kind,
            _document.c.parent_id,
            _document.c.title,
            _document.c.id.label("document_id"),
            parent.c.url.label("parent_url"),
            stored.c.id.label("version_id"),
            stored.c.seq.label("version_seq"),
            _extraction.c.id.label("extraction_id"),
            _extraction.c.extractor_version,
            _extraction.c.year,
            _extraction.c.agency,
            cells.label("cells"),
            failed.label("failed"),
        )
        .select_from(_fetch)
        .join(_document, _document.c.id == _fetch.c.document_id)
        .outerjoin(_portal, _portal.c.id == _document.c.portal_id)
        .outerjoin(parent, parent.c.id == _document.c.parent_id)
        .outerjoin(original, original.c.id == stored_by)
        .outerjoin(stored, stored.c.fetch_id == _fetch.c.id)
        .outerjoin(_extraction, _extraction.c.id == latest)
        .where(_fetch.c.outcome.in_(STORED + SEEN_AGAIN), _fetch.c.sha256.is_not(None))
        .order_by(_fetch.c.fetched_at, _fetch.c.id)
    )
    if portal is not None:
        query = query.where(_portal.c.name == portal)
    if since is not None:
        query = query.where(_fetch.c.fetched_at >= since)
    return query


def _stored_fetch(row: Any) -> StoredFetch:
    return StoredFetch(
        id=row.id,
        url=row.url,
        outcome=row.outcome,
        status=row.status,
        fetched_at=row.fetched_at,
        headers=row.headers,
        status_line=row.status_line,
        response_headers=row.response_headers,
        request_method=row.request_method,
        request_url=row.request_url,
        request_headers=row.request_headers,
    )


def version_description(conn: sa.Connection, row: Any) -> dict[str, Any] | None:
    """The version a fetch stored and its latest extraction, for the metadata record (None: no version).
    Read with the fetch row itself; only failed rules, when there are any, cost a query of their own."""
    if row.version_id is None:
        return None
    described: dict[str, Any] = {
        "document_id": row.document_id,
        "kind": row.kind,
        "parent_url": row.parent_url,
        "version_id": row.version_id,
        "version_seq": row.version_seq,
        "sha256": row.sha256,
        "extraction": None,
    }
    if row.extraction_id is not None:
        failed: list[str] = []
        if row.failed:
            query = sa.select(_check.c.rule).where(
                _check.c.extraction_id == row.extraction_id, _check.c.status == "fail"
            )
            failed = list(conn.execute(query.order_by(_check.c.rule)).scalars())
        described["extraction"] = {
            "id": row.extraction_id,
            "extractor_version": row.extractor_version,
            "cells": row.cells,
            "failed_rules": failed,
            "year": row.year,
            "agency": row.agency,
        }
    return described


class _Digests:
    """SHA-1 payload digests by SHA-256, the most recent few thousand (bounded: memory stays flat)."""

    def __init__(self) -> None:
        self.known: OrderedDict[str, str] = OrderedDict()

    def remember(self, sha256: str, digest: str) -> None:
        self.known[sha256] = digest
        self.known.move_to_end(sha256)
        if len(self.known) > _DIGESTS_KEPT:
            self.known.popitem(last=False)

    def of(self, conn: sa.Connection, sha256: str) -> str:
        found = self.known.get(sha256)
        if found is None:
            found = payload_digest(load_blob(conn, sha256))
            self.remember(sha256, found)
        return found


#: What a reader opens first: report pages, and report files no page links (a list linked them directly).
PageHook = Callable[[str, str, str | None], None]


def is_entry_page(kind: str, parent_id: int | None) -> bool:
    return kind == "page" or (kind == "attachment" and parent_id is None)


def records(
    archive: Archive,
    portal: str | None = None,
    since: datetime | None = None,
    counts: WarcCounts | None = None,
    on_page: PageHook | None = None,
) -> Iterator[Any]:
    """The WARC records of the archive's fetches (after a `warcinfo`), in fetch-time order; `on_page(url,
    WARC-Date, title)` hears of each capture of a report page or parentless report file (a WACZ's pages)."""
    counts = counts if counts is not None else WarcCounts()
    digests = _Digests()
    yield warcinfo_record(
        "nianbao.warc.gz",
        {
            "software": f"nianbao {__version__}",
            "format": "WARC File Format 1.1",
            "description": "nianbao archive export",
        },
    )
    with archive.engine.connect() as stream, archive.engine.connect() as side:
        result = reading(stream).execution_options(stream_results=True, yield_per=BATCH).execute(_rows(portal, since))
        side = reading(side)
        for row in result:
            fetch = _stored_fetch(row)
            if row.outcome in STORED:
                body = load_blob(side, row.sha256)
                digests.remember(row.sha256, payload_digest(body))
                yield from response_records(fetch, body)
                counts.responses += 1
                counts.body_bytes += len(body)
                if on_page is not None and is_entry_page(row.kind, row.parent_id):
                    on_page(fetch.url, fetch.date, row.title)
                described = version_description(side, row)
                if described is not None:
                    yield metadata_record(fetch, record_id("response", fetch.id, fetch.url, fetch.date), described)
                    counts.metadata += 1
            elif row.original_url is None:
                counts.skipped["revisit without a stored original"] = (
                    counts.skipped.get("revisit without a stored original", 0) + 1
                )
            else:
                yield from revisit_records(
                    fetch, digests.of(side, row.sha256), row.original_url, row.original_date, row.size
                )
                counts.revisits += 1


def write_warc(
    archive: Archive,
    out: BinaryIO,
    portal: str | None = None,
    since: datetime | None = None,
    on_page: PageHook | None = None,
) -> WarcCounts:
    """Write the export as gzipped WARC (one gzip member per record, as tools expect) to `out`."""
    counts = WarcCounts()
    writer = WARCWriter(out, gzip=True, warc_version="1.1")
    for record in records(archive, portal, since, counts, on_page):
        writer.write_record(record)
        counts.records += 1
    return counts


def export_warc(archive: Archive, path: Path, portal: str | None = None, since: datetime | None = None) -> WarcCounts:
    """`write_warc` into `path`, atomically (a temporary file renamed over it when complete)."""
    from nianbao.archive.export import replacing

    with replacing(path) as tmp, open(tmp, "wb") as out:
        return write_warc(archive, out, portal, since)
