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

Every call also leaves one `fetch_record` row, the log the `crawl_runs` view counts. The row moves the
document's and the version's last_seen itself (a trigger, migration 0007), so a revisit that finds the latest
body again is that one INSERT.

What a fetch costs (issue 18): `ingest_many` takes a batch in one transaction. Before the write lock, the
bodies are hashed, the stored ones looked up in one query and the new ones compressed in threads; under the
lock, one multi-row INSERT stores the new bodies and one query reads every URL of the batch (documents,
aliases, latest versions), then each fetch writes only its rows: a new document three (document, fetch,
version), a new version two, a revisit one. A
fetch the caller expects to confirm the latest body (a 304, or `Fetch.known_sha256`) is confirmed by one
INSERT … SELECT that checks the latest version in SQL, and falls back to the general path if it does not.
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

from nianbao.archive.blobs import IN_LIST, compress, insert_blob, insert_blobs, sha256_hex, stored_hashes
from nianbao.archive.retries import LostRace, with_retries
from nianbao.archive.sqlutil import insert_ignoring
from nianbao.archive.warc_exchange import Exchange
from nianbao.models import DOCUMENT_KINDS, ArchivedPortal, Document, DocumentAlias, FetchRecord, Version

log = logging.getLogger(__name__)

_portal = ArchivedPortal.__table__
_document = Document.__table__
_alias = DocumentAlias.__table__
_fetch = FetchRecord.__table__
_version = Version.__table__

# Statements built once, run with parameters by name: building one cost more than running it (issue 18).
# Their names never repeat a column's, which SQLAlchemy keeps for the values of an INSERT.
_FIND = sa.select(_document.c.id).where(_document.c.url == sa.bindparam("u"))
_FIND_ALIAS = sa.select(_alias.c.document_id).where(_alias.c.url == sa.bindparam("u"))


def _latest_seq(document_id: Any) -> Any:
    newest = _version.alias("newest")
    return sa.select(sa.func.max(newest.c.seq)).where(newest.c.document_id == document_id).scalar_subquery()


_urls = sa.bindparam("urls", expanding=True)
#: Each of `urls` that names a document, by its own URL (rank 0) or as an alias (rank 1).
_named = sa.union_all(
    sa.select(
        _document.c.url.label("name"), _document.c.id.label("document_id"), sa.literal_column("0").label("rank")
    ).where(_document.c.url.in_(_urls)),
    sa.select(_alias.c.url, _alias.c.document_id, sa.literal_column("1")).where(_alias.c.url.in_(_urls)),
).subquery("named")
#: The documents several URLs name, with their parent and latest version, in one query (a batch's read).
_LOOKUP = (
    sa.select(
        _named.c.name,
        _named.c.rank,
        _named.c.document_id,
        _document.c.parent_id,
        _version.c.id.label("version_id"),
        _version.c.seq,
        _version.c.sha256,
    )
    .select_from(_named)
    .join(_document, _document.c.id == _named.c.document_id)
    .outerjoin(
        _version,
        sa.and_(_version.c.document_id == _named.c.document_id, _version.c.seq == _latest_seq(_named.c.document_id)),
    )
)
_PORTAL = sa.select(_portal.c.id).where(_portal.c.name == sa.bindparam("name_"))
_INSERT_FETCH = _fetch.insert().returning(_fetch.c.id)
_ADOPT = (
    _document.update()
    .where(_document.c.id == sa.bindparam("d"), _document.c.parent_id.is_(None))
    .values(parent_id=sa.bindparam("parent"))
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
    #: The SHA-256 the caller believes the URL's latest version has (a crawl's revisit policy read it when the
    #: run began). A body hashing to it is confirmed by one statement, checked against the archive in SQL; a
    #: belief gone stale costs that one statement more, never a wrong result.
    known_sha256: str | None = None

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

    @property
    def not_modified(self) -> bool:
        """The server (or the crawler's cache for it) said the body is the one the archive holds."""
        return self.outcome == "not_modified" or self.status == 304


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
    """Store one fetch: the one entry point of the rules above (a batch of one)."""
    return ingest_many(engine, [fetch])[0]


@dataclass(frozen=True)
class _Prepared:
    """A fetch with its body as bytes and the body's SHA-256 (both None for a failure or a body-less 304)."""

    fetch: Fetch
    body: bytes | None
    sha256: str | None

    @classmethod
    def of(cls, fetch: Fetch) -> _Prepared:
        body = None if fetch.failed or fetch.body is None else bytes(fetch.body)
        return cls(fetch, body, None if body is None else sha256_hex(body))

    @property
    def confirming(self) -> bool:
        """Expected to find the latest version's body again: tried first as one INSERT … SELECT."""
        if self.fetch.failed:
            return False
        if self.fetch.not_modified:
            return True
        return self.sha256 is not None and self.sha256 == self.fetch.known_sha256


def ingest_many(engine: Engine, fetches: Sequence[Fetch]) -> list[IngestResult]:
    """Store several fetches in one transaction (group commit), each by the same rules as `ingest`, in order.

    Before the write lock is taken, the bodies are hashed, the stored ones looked up in one query, and the
    new ones compressed in threads (zstd releases the GIL: every core compresses). One COMMIT for the batch;
    a lost race anywhere retries the whole batch, which then sees the winner's rows.
    """
    if not fetches:
        return []
    prepared = [_Prepared.of(fetch) for fetch in fetches]
    # A confirming fetch's body is the latest version's, stored: not looked up, not compressed (if it is not
    # after all, the write compresses it then).
    wanted = {p.sha256 for p in prepared if p.sha256 is not None and not p.confirming}
    stored = with_retries(engine, lambda conn: stored_hashes(conn, wanted), read=True) if wanted else set()
    new = {p.sha256: p.body for p in prepared if p.sha256 in wanted and p.sha256 not in stored}
    # One body is compressed here: handing it to a thread would only add the switch (and under load, waits for
    # the GIL) to the same work.
    compressed = _compressors().map(compress, new.values()) if len(new) > 1 else map(compress, new.values())
    packed = dict(zip(new, compressed, strict=True))

    def write(conn: Connection) -> list[IngestResult]:
        batch = _Batch(conn, prepared, stored, packed)
        return [batch.ingest(p) for p in prepared]

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
    return _log_failure(conn, fetch, find_document(conn, fetch.url))


def _log_failure(conn: Connection, fetch: Fetch, document_id: int | None) -> IngestResult:
    """The fetch log row of a fetch that brought no usable body (of the document the URL names, if any)."""
    outcome = fetch.outcome if fetch.outcome in ("error", "refused") else "error"
    error = fetch.error or (f"HTTP {fetch.status}" if fetch.status else "no response")
    fetch_id = _insert_fetch(conn, _fetch_row(fetch, document_id, outcome, None, None, error=error))
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


@dataclass
class _Latest:
    version_id: int
    seq: int
    sha256: str


@dataclass
class _Known:
    """What the batch knows of a URL's document: read once under the write lock, kept up to date by its own
    writes (on PostgreSQL another writer may commit meanwhile; the constraints catch what that changes)."""

    document_id: int
    parent_id: int | None
    latest: _Latest | None


class _Batch:
    """One transaction's ingests: every URL read in one query, portals looked up once, bodies inserted once."""

    def __init__(
        self, conn: Connection, prepared: Sequence[_Prepared], stored: set[str], packed: Mapping[str, bytes]
    ) -> None:
        self.conn = conn
        # The batch's new bodies in one statement, before any version needs them (each was hashed from a fetch
        # that will store it as a version: a body no version has cannot be any URL's latest). `fresh`: the
        # ones this batch stored, until the first version of each claims it.
        first = {p.sha256: p for p in reversed(prepared) if p.sha256 in packed}
        self.fresh = insert_blobs(
            conn, [(sha256, len(p.body or b""), packed[sha256], p.fetch.fetched_at) for sha256, p in first.items()]
        )
        self.stored = set(stored) | packed.keys()  # bodies in the archive (stored bodies are never deleted)
        self.portals: dict[str, int] = {}
        self.known: dict[str, _Known | None] = {}
        urls = {
            url
            for p in prepared
            if not p.confirming
            for url in (p.fetch.url, p.fetch.parent_url, *p.fetch.aliases)
            if url is not None
        }
        if urls:
            self._read(urls)

    def _read(self, urls: set[str]) -> None:
        found: dict[str, tuple[int, _Known]] = {}
        ordered = sorted(urls)
        rows = (
            row
            for start in range(0, len(ordered), IN_LIST // 2)  # each URL is bound twice
            for row in self.conn.execute(_LOOKUP, {"urls": ordered[start : start + IN_LIST // 2]})
        )
        for row in rows:
            latest = None if row.version_id is None else _Latest(row.version_id, row.seq, row.sha256)
            if row.name not in found or row.rank < found[row.name][0]:  # a document's own URL before an alias
                found[row.name] = (row.rank, _Known(row.document_id, row.parent_id, latest))
        for url in urls:
            self.known[url] = found[url][1] if url in found else None

    def find(self, url: str) -> _Known | None:
        if url not in self.known:
            self._read({url})
        return self.known[url]

    def _remember(self, url: str, known: _Known) -> None:
        self.known[url] = known
        for other, entry in self.known.items():  # its aliases name the same document
            if entry is not None and entry.document_id == known.document_id and other != url:
                self.known[other] = known

    def portal_id(self, name: str | None, now: datetime) -> int | None:
        if not name:
            return None
        if name not in self.portals:
            self.portals[name] = portal_id_for(self.conn, name, now)
        return self.portals[name]

    def ingest(self, p: _Prepared) -> IngestResult:
        fetch = p.fetch
        if fetch.failed:
            known = self.find(fetch.url)
            return _log_failure(self.conn, fetch, None if known is None else known.document_id)
        if p.confirming and (confirmed := _confirm(self.conn, fetch, p.sha256)) is not None:
            return confirmed
        return self._ingest(fetch, p.body, p.sha256)

    def _ingest(self, fetch: Fetch, body: bytes | None, sha256: str | None) -> IngestResult:
        conn, now = self.conn, fetch.fetched_at
        known = self.find(fetch.url)
        if body is None and (known is None or known.latest is None):
            error = "304 Not Modified for a URL with no stored version"
            document_id = None if known is None else known.document_id
            return IngestResult(
                "error",
                document_id,
                None,
                False,
                _insert_fetch(conn, _fetch_row(fetch, document_id, "error", None, None, error)),
            )
        parent_id = None
        if fetch.parent_url:
            # The parent page is normally stored first; if not, it is known from here on and gets its versions
            # when fetched.
            parent_id = self._ensure(fetch.parent_url, fetch.portal, "page", None, now).document_id
        if known is None:
            known = self._ensure(fetch.url, fetch.portal, fetch.kind, parent_id, now)
        elif parent_id is not None:
            self._adopt(known, parent_id)
        document_id, latest = known.document_id, known.latest
        for alias in fetch.aliases:
            self._alias(alias, known, now)

        if body is None:  # 304 Not Modified of the latest version
            assert latest is not None
            return self._seen_again(fetch, document_id, latest, "not_modified")
        assert sha256 is not None
        if latest is not None and latest.sha256 == sha256:
            return self._seen_again(fetch, document_id, latest, "not_modified" if fetch.not_modified else "unchanged")

        blob_is_new = self._store_body(sha256, body, now)
        outcome = "new_document" if latest is None else "new_version"
        fetch_id = _insert_fetch(conn, _fetch_row(fetch, document_id, outcome, sha256, len(body)))
        seq = 1 if latest is None else latest.seq + 1
        row = {"document_id": document_id, "seq": seq, "sha256": sha256, "fetch_id": fetch_id,
               "first_seen": now, "last_seen": now}  # fmt: skip
        version_id = conn.execute(_inserts(conn)["version"], row).scalar()
        if version_id is None:
            raise LostRace(f"{fetch.url}: version {seq} was stored by another ingest")
        known.latest = _Latest(version_id, seq, sha256)  # the fetch row made the document seen (migration 0007)
        return IngestResult(outcome, document_id, version_id, blob_is_new, fetch_id)

    def _seen_again(self, fetch: Fetch, document_id: int, latest: _Latest, outcome: str) -> IngestResult:
        """The latest body again: the fetch log row, which moves last_seen itself (migration 0007)."""
        size = None if fetch.body is None else len(fetch.body)
        fetch_id = _insert_fetch(self.conn, _fetch_row(fetch, document_id, outcome, latest.sha256, size))
        return IngestResult(outcome, document_id, latest.version_id, False, fetch_id)

    def _store_body(self, sha256: str, body: bytes, now: datetime) -> bool:
        """The body in the archive; True if this batch stored it and this is its first version here."""
        if sha256 in self.fresh:
            self.fresh.discard(sha256)
            return True
        if sha256 in self.stored:
            return False
        # A fetch expected to confirm the latest body brought another: compressed and stored only now.
        self.stored.add(sha256)
        return insert_blob(self.conn, sha256, len(body), compress(body), now)

    def _ensure(self, url: str, portal: str | None, kind: str, parent_id: int | None, now: datetime) -> _Known:
        """The URL's document, made if none."""
        known = self.find(url)
        if known is not None:
            if parent_id is not None:
                self._adopt(known, parent_id)
            return known
        values = {"url": url, "portal_id": self.portal_id(portal, now), "parent_id": parent_id, "kind": kind,
                  "first_seen": now, "last_seen": now}  # fmt: skip
        made = self.conn.execute(_inserts(self.conn)["document"], values).scalar()
        if made is None:  # another ingest made it since the batch read (PostgreSQL): read it again
            self.known.pop(url)
            known = self.find(url)
            assert known is not None, f"{url}: the document another ingest made is not visible"
            return known
        known = _Known(made, parent_id, None)
        self.known[url] = known
        return known

    def _adopt(self, known: _Known, parent_id: int) -> None:
        """A document without a parent takes the one a fetch names (never a second one, never itself)."""
        if known.parent_id is None and parent_id != known.document_id:
            self.conn.execute(_ADOPT, {"d": known.document_id, "parent": parent_id})
            known.parent_id = parent_id

    def _alias(self, alias: str, known: _Known, now: datetime) -> None:
        """Record another URL of the document, unless that URL already names a document."""
        other = self.find(alias)
        if other is None:
            self.conn.execute(
                insert_ignoring(self.conn, _alias, ["url"]).values(
                    url=alias, document_id=known.document_id, first_seen=now
                )
            )
            self._remember(alias, known)
        elif other.document_id != known.document_id:
            # Merging two documents' histories is a decision for a person, not for an ingest.
            log.warning(
                "alias %s of document %s is document %s: not recorded", alias, known.document_id, other.document_id
            )


def _confirm(conn: Connection, fetch: Fetch, sha256: str | None) -> IngestResult | None:
    """A revisit that finds the latest body again, in one statement: the fetch log row, inserted only if the
    URL's latest version has this body (any body, for a body-less 304) and the fetch asks nothing else of the
    archive (its parent and aliases already recorded). None: not so, the general path decides."""
    row = _fetch_row(
        fetch,
        None,
        "not_modified" if fetch.not_modified else "unchanged",
        None,
        None if fetch.body is None else len(fetch.body),
    )
    del row["document_id"], row["sha256"]
    statement = _confirm_statement(conn.dialect.name, tuple(row), bool(fetch.parent_url), len(fetch.aliases))
    params = {f"p_{name}": value for name, value in row.items()}
    params.update(u=fetch.url, sha=sha256, parent=fetch.parent_url, aliases=list(fetch.aliases))
    found = conn.execute(statement, params).first()
    if found is None:
        return None
    return IngestResult(row["outcome"], found.document_id, found.version_id, False, found.id)


@functools.cache
def _confirm_statement(dialect: str, columns: tuple[str, ...], parent: bool, aliases: int) -> Any:
    """INSERT INTO fetch_record (…) SELECT … FROM the URL's latest version WHERE it is the expected body …
    RETURNING the row's id, document and version; built once per shape (which columns a fetch sets)."""
    del dialect  # part of the cache key only: the statement compiles per connection anyway
    document, version = _document.alias("d"), _version.alias("v")
    target = sa.func.coalesce(
        sa.select(_document.c.id).where(_document.c.url == sa.bindparam("u")).scalar_subquery(),
        sa.select(_alias.c.document_id).where(_alias.c.url == sa.bindparam("u")).scalar_subquery(),
    )
    conditions = [
        document.c.id == target,
        version.c.document_id == document.c.id,
        version.c.seq == _latest_seq(document.c.id),
        version.c.sha256 == sa.func.coalesce(sa.bindparam("sha", type_=sa.String), version.c.sha256),
    ]
    if parent:  # the general path would adopt a parentless document, or make the parent's document
        parent_url = sa.bindparam("parent", type_=sa.Text)
        conditions += [
            document.c.parent_id.is_not(None),
            sa.or_(
                sa.exists().where(_document.c.url == parent_url),
                sa.exists().where(_alias.c.url == parent_url),
            ),
        ]
    if aliases:  # …or record an alias
        recorded = sa.select(sa.func.count()).where(
            _alias.c.url.in_(sa.bindparam("aliases", expanding=True)), _alias.c.document_id == document.c.id
        )
        conditions.append(recorded.scalar_subquery() == aliases)
    values = [sa.bindparam(f"p_{name}", type_=_fetch.c[name].type) for name in columns]
    select = sa.select(*values, document.c.id, version.c.sha256).select_from(document, version).where(*conditions)
    # SQLAlchemy would add fetch_record to a correlated subquery's FROM in RETURNING: written out instead.
    version_id = sa.literal_column(
        "(SELECT kept.id FROM version AS kept WHERE kept.document_id = fetch_record.document_id "
        "AND kept.sha256 = fetch_record.sha256 ORDER BY kept.seq DESC LIMIT 1)"
    )
    return (
        _fetch.insert()
        .from_select([*columns, "document_id", "sha256"], select)
        .returning(_fetch.c.id, _fetch.c.document_id, version_id.label("version_id"))
    )


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


def _insert_fetch(conn: Connection, row: dict[str, Any]) -> int:
    """Log a fetch (its row from `_fetch_row`); returns the row's id."""
    return conn.execute(_INSERT_FETCH, row).scalar_one()


def _fetch_row(
    fetch: Fetch,
    document_id: int | None,
    outcome: str,
    sha256: str | None,
    size: int | None,
    error: str | None = None,
) -> dict[str, Any]:
    """The fetch log row of `fetch`, by column."""
    headers = normalize_headers(fetch.headers)
    return {
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
