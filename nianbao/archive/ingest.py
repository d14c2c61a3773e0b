"""Dedupe and versioning, in one place: what one fetched response does to the archive.

The rules (interfaces.md, issue 2):

- a URL's body equal to its document's *latest* version is `unchanged`: the version's and the document's
  last_seen move, nothing else is stored;
- a different body is a new version (A → B → A makes three);
- a body already stored for any URL or version is not stored again (`blob_is_new` says which happened);
- two ingests racing on one new body or document make exactly one version. This holds by constraints, not
  timing: `document.url` is unique, `blob.sha256` is the key, `version (document_id, seq)` is unique, every
  insert is `ON CONFLICT DO NOTHING`, and the loser of a race on `seq` rolls back and starts again, now
  seeing the winner's version. (SQLite additionally serialises writers with BEGIN IMMEDIATE.)

Every call also leaves one `fetch_record` row, the log the `crawl_runs` view counts.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from nianbao.archive.blobs import blob_exists, compress, insert_blob, sha256_hex, stored_hashes
from nianbao.archive.retries import LostRace, with_retries
from nianbao.archive.sqlutil import insert_ignoring
from nianbao.archive.warc_exchange import Exchange
from nianbao.models import DOCUMENT_KINDS, ArchivedPortal, Document, DocumentAlias, FetchRecord, UTCDateTime, Version

log = logging.getLogger(__name__)

_portal = ArchivedPortal.__table__
_document = Document.__table__
_alias = DocumentAlias.__table__
_fetch = FetchRecord.__table__
_version = Version.__table__

# Statements built once, run with parameters by name: building one cost more than running it (issue 18).
# Their names never repeat a column's, which SQLAlchemy keeps for the values of an INSERT.
_when = sa.bindparam("when", type_=UTCDateTime())
_FIND = sa.select(_document.c.id).where(_document.c.url == sa.bindparam("u"))
_FIND_ALIAS = sa.select(_alias.c.document_id).where(_alias.c.url == sa.bindparam("u"))
_LATEST = (
    sa.select(_version.c.id.label("version_id"), _version.c.seq, _version.c.sha256)
    .where(_version.c.document_id == sa.bindparam("d"))
    .order_by(_version.c.seq.desc())
    .limit(1)
)
_newest = _version.alias("newest")
#: A URL's document with its latest version, in one query (the revisit's read).
_FIND_WITH_LATEST = (
    sa.select(_document.c.id, _version.c.id.label("version_id"), _version.c.seq, _version.c.sha256)
    .select_from(_document)
    .outerjoin(
        _version,
        sa.and_(
            _version.c.document_id == _document.c.id,
            _version.c.seq
            == sa.select(sa.func.max(_newest.c.seq)).where(_newest.c.document_id == _document.c.id).scalar_subquery(),
        ),
    )
    .where(_document.c.url == sa.bindparam("u"))
)
_PORTAL = sa.select(_portal.c.id).where(_portal.c.name == sa.bindparam("name_"))
_INSERT_FETCH = _fetch.insert().returning(_fetch.c.id)
_ADOPT = (
    _document.update()
    .where(_document.c.id == sa.bindparam("d"), _document.c.parent_id.is_(None))
    .values(parent_id=sa.bindparam("parent"))
)
#: last_seen moves forward only (fetches may be recorded out of order); a document seen is not gone.
_TOUCH = (
    _document.update()
    .where(_document.c.id == sa.bindparam("d"))
    .values(last_seen=sa.case((_document.c.last_seen < _when, _when), else_=_document.c.last_seen), gone_since=None)
)
_SEEN_VERSION = (
    _version.update().where(_version.c.id == sa.bindparam("v"), _version.c.last_seen < _when).values(last_seen=_when)
)
_INSERTS: dict[str, dict[str, Any]] = {}


def _inserts(conn: Connection) -> dict[str, Any]:
    """The INSERT … ON CONFLICT DO NOTHING statements, once per database kind (their SQL differs)."""
    found = _INSERTS.get(conn.dialect.name)
    if found is None:
        found = _INSERTS[conn.dialect.name] = {
            "document": insert_ignoring(conn, _document, ["url"]).returning(_document.c.id),
            "version": insert_ignoring(conn, _version, ["document_id", "seq"]).returning(_version.c.id),
        }
    return found


@dataclass(frozen=True)
class Fetch:
    """One fetched (or failed) URL as the crawler saw it. `body=None` with status 304 means "not modified"."""

    url: str
    status: int | None
    headers: Mapping[str, Any]
    body: bytes | None
    fetched_at: datetime
    portal: str | None = None
    run_id: int | None = None
    parent_url: str | None = None
    kind: str = "page"
    aliases: Sequence[str] = ()
    #: Set by the caller only to say more than status and body do: "not_modified" for a body the crawler's
    #: conditional request confirmed (a 304 turned into the cached 200), "error" or "refused" for failures.
    outcome: str | None = None
    error: str | None = None
    #: The status line and headers as received and the request as sent, for WARC export (None: not known)
    exchange: Exchange | None = None
    #: Where the fetch came from when no crawl made it (`nianbao import`: FILE#OFFSET)
    source: str | None = None

    def __post_init__(self) -> None:
        if not self.url:
            raise ValueError("a fetch needs a URL")
        if self.fetched_at.tzinfo is None:
            raise ValueError(f"fetched_at {self.fetched_at!r} is naive: give a timezone-aware time")
        if self.kind not in DOCUMENT_KINDS:
            raise ValueError(f"kind {self.kind!r} is not one of {DOCUMENT_KINDS}")
        if self.outcome not in (None, "not_modified", "error", "refused"):
            raise ValueError(f"outcome {self.outcome!r}: only not_modified, error or refused can be imposed")
        if self.body is not None and not isinstance(self.body, bytes | bytearray | memoryview):
            raise TypeError(f"body must be bytes, not {type(self.body).__name__}")

    @property
    def failed(self) -> bool:
        """No body to store: an error or refusal, or an HTTP status other than 2xx (a 404 page's body is
        not a version of the report that was there) and other than 304."""
        if self.outcome in ("error", "refused"):
            return True
        if self.status == 304:
            return False  # with no body, or with the cached body it confirmed
        if self.status is not None and not 200 <= self.status < 300 and self.outcome != "not_modified":
            return True
        return self.body is None


@dataclass(frozen=True)
class IngestResult:
    #: new_document | new_version | unchanged | not_modified | error | refused
    outcome: str
    document_id: int | None
    version_id: int | None
    blob_is_new: bool = False
    fetch_id: int | None = field(default=None, compare=False)

    @property
    def stored(self) -> bool:
        """A new version was made (of a new or a known document)."""
        return self.outcome in ("new_document", "new_version")


def ingest(engine: Engine, fetch: Fetch) -> IngestResult:
    """Store one fetch: the one entry point of the rules above."""
    if fetch.failed:
        return record_failure(engine, fetch)
    body = bytes(fetch.body) if fetch.body is not None else None
    sha256 = sha256_hex(body) if body is not None else None
    packed = None
    # Compress before taking SQLite's write lock (milliseconds per 100 KB), unless already stored.
    if body is not None and not with_retries(engine, lambda conn: blob_exists(conn, sha256), read=True):
        packed = compress(body)
    return with_retries(
        engine, lambda conn: _ingest_once(conn, fetch, body, sha256, packed), replay=lambda conn: _recorded(conn, fetch)
    )


def ingest_many(engine: Engine, fetches: Sequence[Fetch]) -> list[IngestResult]:
    """Store several fetches in one transaction (group commit), each by the same rules as `ingest`, in order.

    Before the write lock is taken, the bodies are hashed, the stored ones looked up in one query, and the
    new ones compressed in threads (zstd releases the GIL: every core compresses). One COMMIT for the batch;
    a lost race anywhere retries the whole batch, which then sees the winner's rows.
    """
    if not fetches:
        return []
    bodies = [None if fetch.failed or fetch.body is None else bytes(fetch.body) for fetch in fetches]
    hashes = [None if body is None else sha256_hex(body) for body in bodies]
    wanted = {h for h in hashes if h is not None}
    stored = with_retries(engine, lambda conn: stored_hashes(conn, wanted), read=True) if wanted else set()
    new = {h: body for h, body in zip(hashes, bodies, strict=True) if h is not None and h not in stored}
    packed = dict(zip(new, _compressors().map(compress, new.values()), strict=True))

    def write(conn: Connection) -> list[IngestResult]:
        return [
            _record_failure_once(conn, fetch)
            if fetch.failed
            else _ingest_once(conn, fetch, body, sha256, packed.get(sha256) if sha256 else None)
            for fetch, body, sha256 in zip(fetches, bodies, hashes, strict=True)
        ]

    def replay(conn: Connection) -> list[IngestResult] | None:  # one transaction: all of it landed, or none
        if _recorded(conn, fetches[0]) is None:
            return None
        return [result for fetch in fetches if (result := _recorded(conn, fetch)) is not None]

    return with_retries(engine, write, replay=replay)


@functools.cache
def _compressors() -> ThreadPoolExecutor:
    """Threads for compressing a batch, one per core this process may use; made on first use, kept."""
    return ThreadPoolExecutor(max_workers=len(os.sched_getaffinity(0)), thread_name_prefix="nianbao-zstd")


def record_failure(engine: Engine, fetch: Fetch) -> IngestResult:
    """A fetch that brought no usable body: logged, nothing else changes (the document is not created)."""
    return with_retries(
        engine, lambda conn: _record_failure_once(conn, fetch), replay=lambda conn: _recorded(conn, fetch)
    )


def _record_failure_once(conn: Connection, fetch: Fetch) -> IngestResult:
    outcome = fetch.outcome if fetch.outcome in ("error", "refused") else "error"
    error = fetch.error or (f"HTTP {fetch.status}" if fetch.status else "no response")
    document_id = find_document(conn, fetch.url)
    fetch_id = _insert_fetch(conn, fetch, document_id, outcome, None, None, error=error)
    return IngestResult(outcome, document_id, None, False, fetch_id)


def _recorded(conn: Connection, fetch: Fetch) -> IngestResult | None:
    """The result of this very fetch if an earlier attempt stored it (its COMMIT's answer was lost with the
    connection): the fetch log row with its URL, time and run says what that attempt did."""
    document_id = find_document(conn, fetch.url)
    row = conn.execute(
        sa.select(_fetch.c.id, _fetch.c.outcome, _fetch.c.sha256)
        .where(
            _fetch.c.url == fetch.url,
            _fetch.c.fetched_at == fetch.fetched_at,
            _fetch.c.document_id.is_(None) if document_id is None else _fetch.c.document_id == document_id,
            _fetch.c.run_id.is_(None) if fetch.run_id is None else _fetch.c.run_id == fetch.run_id,
        )
        .order_by(_fetch.c.id)
        .limit(1)
    ).first()
    if row is None:
        return None
    version_id = None
    if row.sha256 is not None:
        version_id = conn.execute(
            sa.select(_version.c.id)
            .where(_version.c.document_id == document_id, _version.c.sha256 == row.sha256)
            .order_by(_version.c.seq.desc())
            .limit(1)
        ).scalar()
    log.info("%s: stored by an attempt whose commit was not confirmed; not stored again", fetch.url)
    return IngestResult(row.outcome, document_id, version_id, False, row.id)


def _ingest_once(
    conn: Connection, fetch: Fetch, body: bytes | None, sha256: str | None, packed: bytes | None
) -> IngestResult:
    now = fetch.fetched_at
    found = conn.execute(_FIND_WITH_LATEST, {"u": fetch.url}).first()
    if found is not None:
        document_id, latest = found.id, (found if found.version_id is not None else None)
    else:
        document_id = conn.execute(_FIND_ALIAS, {"u": fetch.url}).scalar()
        latest = None if document_id is None else _latest(conn, document_id)
    if body is None and document_id is None:
        error = "304 Not Modified for a URL with no stored version"
        return IngestResult("error", None, None, False, _insert_fetch(conn, fetch, None, "error", None, None, error))
    portal = _Portal(conn, fetch.portal, now)
    parent_id = None
    if fetch.parent_url:
        # The parent page is normally stored first; if not, it is known from here on and gets its versions
        # when fetched.
        parent_id = _ensure_document(conn, fetch.parent_url, portal, "page", None, now)[0]
    created = False
    if document_id is None:
        document_id, created = _ensure_document(conn, fetch.url, portal, fetch.kind, parent_id, now)
        if not created:  # another ingest made it since the read above
            latest = _latest(conn, document_id)
    elif parent_id is not None and parent_id != document_id:
        conn.execute(_ADOPT, {"d": document_id, "parent": parent_id})
    for alias in fetch.aliases:
        _add_alias(conn, alias, document_id, now)

    if body is None:  # 304 Not Modified
        if latest is None:
            error = "304 Not Modified for a URL with no stored version"
            fetch_id = _insert_fetch(conn, fetch, document_id, "error", None, None, error=error)
            return IngestResult("error", document_id, None, False, fetch_id)
        return _seen_again(conn, fetch, document_id, latest, "not_modified")

    assert sha256 is not None
    if latest is not None and latest.sha256 == sha256:
        confirmed = fetch.outcome == "not_modified" or fetch.status == 304
        return _seen_again(conn, fetch, document_id, latest, "not_modified" if confirmed else "unchanged")

    # `packed` None: the body was stored when ingest looked, and stored bodies are never deleted.
    blob_is_new = packed is not None and insert_blob(conn, sha256, len(body), packed, now)
    outcome = "new_document" if latest is None else "new_version"
    fetch_id = _insert_fetch(conn, fetch, document_id, outcome, sha256, len(body))
    seq = 1 if latest is None else latest.seq + 1
    version_id = conn.execute(
        _inserts(conn)["version"],
        {
            "document_id": document_id,
            "seq": seq,
            "sha256": sha256,
            "fetch_id": fetch_id,
            "first_seen": now,
            "last_seen": now,
        },
    ).scalar()
    if version_id is None:
        raise LostRace(f"{fetch.url}: version {seq} was stored by another ingest")
    if not created:  # a document made here was made seen now, and not gone
        _touch_document(conn, document_id, now)
    return IngestResult(outcome, document_id, version_id, blob_is_new, fetch_id)


def _latest(conn: Connection, document_id: int) -> Any:
    return conn.execute(_LATEST, {"d": document_id}).first()


class _Portal:
    """The portal's id, looked up (or created) only when a document is created: a revisit needs none."""

    def __init__(self, conn: Connection, name: str | None, now: datetime) -> None:
        self.conn, self.name, self.now = conn, name, now
        self._id: int | None = None

    @property
    def id(self) -> int | None:
        if self._id is None and self.name:
            self._id = portal_id_for(self.conn, self.name, self.now)
        return self._id


def _seen_again(conn: Connection, fetch: Fetch, document_id: int, latest: Any, outcome: str) -> IngestResult:
    size = None if fetch.body is None else len(fetch.body)
    version_id = latest.version_id
    fetch_id = _insert_fetch(conn, fetch, document_id, outcome, latest.sha256, size)
    conn.execute(_SEEN_VERSION, {"v": version_id, "when": fetch.fetched_at})
    _touch_document(conn, document_id, fetch.fetched_at)
    return IngestResult(outcome, document_id, version_id, False, fetch_id)


def _touch_document(conn: Connection, document_id: int, now: datetime) -> None:
    conn.execute(_TOUCH, {"d": document_id, "when": now})


def _add_alias(conn: Connection, alias: str, document_id: int, now: datetime) -> None:
    """Record another URL of the document, unless that URL is already some document's own."""
    other = conn.execute(sa.select(_document.c.id).where(_document.c.url == alias)).scalar()
    if other is not None:
        if other != document_id:
            # Merging two documents' histories is a decision for a person, not for an ingest.
            log.warning("alias %s of document %s is document %s itself: not recorded", alias, document_id, other)
        return
    conn.execute(insert_ignoring(conn, _alias, ["url"]).values(url=alias, document_id=document_id, first_seen=now))


def portal_id_for(conn: Connection, name: str, now: datetime) -> int:
    found = conn.execute(_PORTAL, {"name_": name}).scalar()
    if found is None:
        conn.execute(insert_ignoring(conn, _portal, ["name"]).values(name=name, first_seen=now))
        found = conn.execute(_PORTAL, {"name_": name}).scalar_one()
    return found


def find_document(conn: Connection, url: str) -> int | None:
    """The document a URL names: its canonical URL, or one of its aliases."""
    found = conn.execute(_FIND, {"u": url}).scalar()
    if found is None:
        found = conn.execute(_FIND_ALIAS, {"u": url}).scalar()
    return found


def _ensure_document(
    conn: Connection, url: str, portal: _Portal, kind: str, parent_id: int | None, now: datetime
) -> tuple[int, bool]:
    """The URL's document, made if none: (id, whether this call made it)."""
    found = find_document(conn, url)
    if found is not None:
        if parent_id is not None and parent_id != found:
            conn.execute(_ADOPT, {"d": found, "parent": parent_id})
        return found, False
    values = {
        "url": url,
        "portal_id": portal.id,
        "parent_id": parent_id,
        "kind": kind,
        "first_seen": now,
        "last_seen": now,
    }
    made = conn.execute(_inserts(conn)["document"], values).scalar()
    if made is not None:
        return made, True
    return conn.execute(_FIND, {"u": url}).scalar_one(), False  # another ingest made it first


def normalize_headers(headers: Mapping[Any, Any]) -> dict[str, str]:
    """Response headers as {lower-case name: value}; repeated headers joined as HTTP allows (", ")."""
    normalized: dict[str, str] = {}
    for name, value in headers.items():
        key = _text(name).lower()
        values = value if isinstance(value, list | tuple) else [value]
        joined = ", ".join(_text(v) for v in values)
        normalized[key] = f"{normalized[key]}, {joined}" if key in normalized else joined
    return normalized


def _text(value: Any) -> str:
    # Header bytes are ISO-8859-1 by HTTP's definition: every byte survives the round trip.
    return value.decode("latin-1") if isinstance(value, bytes | bytearray) else str(value)


def _insert_fetch(
    conn: Connection,
    fetch: Fetch,
    document_id: int | None,
    outcome: str,
    sha256: str | None,
    size: int | None,
    error: str | None = None,
) -> int:
    headers = normalize_headers(fetch.headers)
    row = {
        "run_id": fetch.run_id,
        "document_id": document_id,
        "url": fetch.url,
        "status": fetch.status,
        "outcome": outcome,
        "error": error if error is not None else fetch.error,
        "etag": headers.get("etag"),
        "last_modified": headers.get("last-modified"),
        "content_type": headers.get("content-type"),
        "headers": headers,
        "sha256": sha256,
        "size": size,
        "fetched_at": fetch.fetched_at,
        **_exchange_columns(fetch),
    }
    return conn.execute(_INSERT_FETCH, row).scalar_one()


def _exchange_columns(fetch: Fetch) -> dict[str, Any]:
    """Migration 0006's columns, named only when set: a fetch that knows none of it is logged the way it was
    before, so code and an archive a migration behind still agree (tests fill old schemas so)."""
    columns: dict[str, Any] = {"source": fetch.source}
    exchange = fetch.exchange
    if exchange is not None:
        columns.update(
            status_line=exchange.status_line,
            response_headers=[list(pair) for pair in exchange.response_headers],
            request_method=exchange.request_method,
            request_url=exchange.request_url,
            request_headers=[list(pair) for pair in exchange.request_headers],
        )
    return {name: value for name, value in columns.items() if value is not None}


def utcnow() -> datetime:
    return datetime.now(UTC)
