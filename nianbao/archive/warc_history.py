"""An imported capture older than a document's latest version, placed into its history by date (issue 19).

A crawl only ever sees the present, so `archive.ingest` appends: a body different from the latest version is
the next version. An import brings the past too — last year's Browsertrix crawl added after this year's
crawl — and appending it would make an old body the "latest". Here such a capture goes where its WARC-Date
puts it among the document's versions (ordered by first_seen):

- equal to the version in force at that date: that version was seen then too (its last_seen may move, its
  first_seen never later), logged `unchanged`;
- equal to the next version: that version was already there earlier, so its first_seen moves back, logged
  `unchanged` (equal neighbouring bodies merge into one version);
- otherwise a new version at that place: later versions' seq move up by one, logged `new_version`.

The latest version stays the latest capture. Captures newer than the latest version are not this module's:
`place` answers None and the caller ingests as a crawl would.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from nianbao.archive.blobs import sha256_hex, store_blob
from nianbao.archive.ingest import Fetch, IngestResult, _fetch_row, _insert_fetch, find_document
from nianbao.archive.retries import with_retries
from nianbao.models import Version

_version = Version.__table__


def place(engine: Engine, fetch: Fetch) -> IngestResult | None:
    """Store `fetch` (with a body) in its document's history if it is older than the latest version."""
    if fetch.body is None or fetch.failed:
        return None
    body = bytes(fetch.body)
    digest = sha256_hex(body)
    return with_retries(engine, lambda conn: _place(conn, fetch, body, digest))


def _place(conn: Connection, fetch: Fetch, body: bytes, digest: str) -> IngestResult | None:
    document_id = find_document(conn, fetch.url)
    if document_id is None:
        return None
    versions = conn.execute(
        sa.select(_version.c.id, _version.c.seq, _version.c.sha256, _version.c.first_seen, _version.c.last_seen)
        .where(_version.c.document_id == document_id)
        .order_by(_version.c.seq)
    ).all()
    when = fetch.fetched_at
    if not versions or when >= versions[-1].first_seen:
        return None
    before = [v for v in versions if v.first_seen <= when]
    current = before[-1] if before else None
    following = versions[len(before)]  # exists: `when` is before the latest version's first_seen
    size = len(body)
    if current is not None and current.sha256 == digest:
        fetch_id = _insert_fetch(conn, _fetch_row(fetch, document_id, "unchanged", digest, size))
        if when > current.last_seen:
            conn.execute(_version.update().where(_version.c.id == current.id).values(last_seen=when))
        return IngestResult("unchanged", document_id, current.id, False, fetch_id)
    if following.sha256 == digest:
        fetch_id = _insert_fetch(conn, _fetch_row(fetch, document_id, "unchanged", digest, size))
        conn.execute(_version.update().where(_version.c.id == following.id).values(first_seen=when))
        return IngestResult("unchanged", document_id, following.id, False, fetch_id)
    blob_is_new = store_blob(conn, digest, body, when)
    fetch_id = _insert_fetch(conn, _fetch_row(fetch, document_id, "new_version", digest, size))
    seq = following.seq
    later = (_version.c.document_id == document_id) & (_version.c.seq >= seq)
    # Two steps, so (document_id, seq) stays unique after every row on both databases: out of the way to
    # negative numbers, then back one higher.
    conn.execute(_version.update().where(later).values(seq=-_version.c.seq - 1))
    conn.execute(
        _version.update().where(_version.c.document_id == document_id, _version.c.seq < 0).values(seq=-_version.c.seq)
    )
    version_id = conn.execute(
        _version.insert()
        .values(document_id=document_id, seq=seq, sha256=digest, fetch_id=fetch_id, first_seen=when, last_seen=when)
        .returning(_version.c.id)
    ).scalar_one()
    return IngestResult("new_version", document_id, version_id, blob_is_new, fetch_id)
