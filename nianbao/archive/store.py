"""`Archive`: the one object pipelines and commands hold; a thin facade over the modules of this package."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from nianbao.archive import schema
from nianbao.archive.blobs import load_blob
from nianbao.archive.database import make_engine
from nianbao.archive.errors import NotFound
from nianbao.archive.extractions import save_extraction
from nianbao.archive.holders import Holder
from nianbao.archive.ingest import Fetch, IngestResult, find_document, ingest, ingest_many, record_failure, utcnow
from nianbao.archive.retries import with_retries
from nianbao.archive.runs import close_dead_runs
from nianbao.models import Blob, CrawlRun, Document, FetchRecord, Version
from nianbao.settings import database_url

_run = CrawlRun.__table__
_blob = Blob.__table__
_document = Document.__table__
_version = Version.__table__
_fetch = FetchRecord.__table__

#: Fetch outcomes that mean "the server gave (or confirmed) the document's latest body".
_SEEN = ("new_document", "new_version", "unchanged", "not_modified")

T = TypeVar("T")


@dataclass(frozen=True)
class VersionInfo:
    version_id: int
    document_id: int
    seq: int
    sha256: str
    size: int
    first_seen: datetime
    last_seen: datetime
    content_type: str | None


@dataclass(frozen=True)
class CachedResponse:
    """The latest stored body of a URL with the headers it came with: what an HTTP cache would hold."""

    version_id: int
    status: int
    headers: dict[str, str]
    body: bytes


class Archive:
    """The archive at one database URL. Thread-safe (one engine, a connection per operation).

    Use `Archive.open`; the constructor takes an engine as is, without the schema check (migration tests).
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str | None = None) -> Archive:
        """Open the archive (None: `nianbao.settings.database_url()`); a new database is created at head.

        Raises `SchemaOutdated` ("run `nianbao db upgrade`") for an older schema.
        """
        engine = make_engine(database_url(url))
        try:
            schema.ensure_current(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=False)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- runs -------------------------------------------------------------------------------------------

    def start_run(self, portals: Iterable[str], started: datetime | None = None) -> int:
        """Open a crawl run, named by this process so that it can be closed if the process dies unfinished.

        Runs of this host whose processes are gone are closed first (see archive.runs).
        """
        at = started or utcnow()
        values = {"started": at, "portals": " ".join(portals), "stats": {"process": str(Holder.current())}}

        def insert(conn: sa.Connection) -> int:
            close_dead_runs(conn, at)
            return conn.execute(_run.insert().values(values).returning(_run.c.id)).scalar_one()

        def inserted(conn: sa.Connection) -> int | None:  # the same run, if a lost COMMIT did land
            query = sa.select(_run.c.id).where(_run.c.started == values["started"], _run.c.portals == values["portals"])
            return conn.execute(query).scalar()

        return with_retries(self.engine, insert, replay=inserted)

    def finish_run(self, run_id: int, finished: datetime | None = None, **stats: Any) -> None:
        """Close a run; `stats` (any JSON-able counts the crawler kept) are stored beside it."""
        values = {"finished": finished or utcnow(), "stats": stats or None}
        done = with_retries(
            self.engine, lambda conn: conn.execute(_run.update().where(_run.c.id == run_id).values(values)).rowcount
        )
        if done != 1:
            raise NotFound(f"no crawl run {run_id}")

    # --- ingest -----------------------------------------------------------------------------------------

    def ingest(self, fetch: Fetch) -> IngestResult:
        """Store one fetched response: new document, new version, unchanged, not modified or error."""
        return ingest(self.engine, fetch)

    def ingest_many(self, fetches: Sequence[Fetch]) -> list[IngestResult]:
        """Store several fetched responses in one transaction, their bodies compressed in parallel first
        (`archive.ingest.ingest_many`); results in the order of `fetches`."""
        return ingest_many(self.engine, fetches)

    def record_fetch_error(
        self,
        url: str,
        run_id: int | None,
        error: str,
        status: int | None = None,
        *,
        outcome: str = "error",
        fetched_at: datetime | None = None,
        headers: Mapping[str, Any] | None = None,
    ) -> IngestResult:
        """Log a fetch that brought no body (`outcome="refused"` for one skipped on purpose)."""
        fetch = Fetch(
            url=url,
            status=status,
            headers=headers or {},
            body=None,
            fetched_at=fetched_at or utcnow(),
            run_id=run_id,
            outcome=outcome,
            error=error,
        )
        return record_failure(self.engine, fetch)

    def mark_gone(self, document: int | str, when: datetime | None = None) -> bool:
        """The document's URL no longer serves it (404/410, or the list no longer links it).

        Keeps the first time it was found gone; the next successful fetch clears it. False if unknown.
        """
        gone_since = when or utcnow()

        def mark(conn: sa.Connection) -> bool:
            document_id = self._resolve(conn, document)
            if document_id is None:
                return False
            conn.execute(
                _document.update()
                .where(_document.c.id == document_id, _document.c.gone_since.is_(None))
                .values(gone_since=gone_since)
            )
            return True

        return with_retries(self.engine, mark)

    def save_extraction(self, version_id: int, report: Mapping[str, Any]) -> int:
        """Store an extraction report (the `nianbao extract --json` object) of a version; returns its id."""
        return with_retries(self.engine, lambda conn: save_extraction(conn, version_id, report, utcnow()))

    # --- reading ----------------------------------------------------------------------------------------

    def _read(self, work: Callable[[sa.Connection], T]) -> T:
        """A read in its own short transaction, again if the connection dropped (crawls read as they go)."""
        return with_retries(self.engine, work, read=True)

    def resolve(self, url_or_id: int | str) -> int:
        """A document id from an id, a canonical URL or an alias; NotFound otherwise."""
        found = self._read(lambda conn: self._resolve(conn, url_or_id))
        if found is None:
            raise NotFound(f"no document {url_or_id!r} in the archive")
        return found

    @staticmethod
    def _resolve(conn: sa.Connection, url_or_id: int | str) -> int | None:
        if isinstance(url_or_id, int) or (isinstance(url_or_id, str) and url_or_id.isdigit()):
            return conn.execute(sa.select(_document.c.id).where(_document.c.id == int(url_or_id))).scalar()
        return find_document(conn, url_or_id)

    def versions(self, document_id: int) -> list[VersionInfo]:
        """The document's versions, oldest first."""
        blob = _blob
        query = (
            sa.select(
                _version.c.id,
                _version.c.document_id,
                _version.c.seq,
                _version.c.sha256,
                blob.c.size,
                _version.c.first_seen,
                _version.c.last_seen,
                _fetch.c.content_type,
            )
            .join(blob, blob.c.sha256 == _version.c.sha256)
            .join(_fetch, _fetch.c.id == _version.c.fetch_id)
            .where(_version.c.document_id == document_id)
            .order_by(_version.c.seq)
        )
        return self._read(lambda conn: [VersionInfo(*row) for row in conn.execute(query)])

    def version_id(self, document_id: int, seq: int | None = None) -> int:
        """The id of version number `seq` (1 = first; None = latest) of a document."""
        query = sa.select(_version.c.id).where(_version.c.document_id == document_id)
        query = query.order_by(_version.c.seq.desc()).limit(1) if seq is None else query.where(_version.c.seq == seq)
        found = self._read(lambda conn: conn.execute(query).scalar())
        if found is None:
            which = "no stored version" if seq is None else f"no version {seq}"
            raise NotFound(f"document {document_id} has {which}")
        return found

    def body(self, version_id: int) -> bytes:
        """The version's original bytes, exactly as fetched (verified against the SHA-256 address)."""
        return self.bodies([version_id])[version_id]

    def bodies(self, version_ids: Sequence[int]) -> dict[int, bytes]:
        """Several versions' original bytes (each verified as `body`'s), read in one transaction: a caller
        copying thousands of originals (the dashboard) pays one transaction per batch, not one per body.
        The caller bounds the batch; every body is held in memory at once."""
        wanted = sorted(set(version_ids))
        query = sa.select(_version.c.id, _version.c.sha256).where(_version.c.id.in_(wanted))

        def load(conn: sa.Connection) -> dict[int, bytes]:
            hashes: dict[int, str] = {v: sha256 for v, sha256 in conn.execute(query)}
            if missing := [v for v in wanted if v not in hashes]:
                raise NotFound(f"no version {missing[0]}")
            return {v: load_blob(conn, sha256) for v, sha256 in hashes.items()}

        return self._read(load)

    def version_headers(self, version_id: int) -> dict[str, str]:
        """The response headers of the fetch that stored the version (lower-case names)."""
        query = (
            sa.select(_fetch.c.headers)
            .join(_version, _version.c.fetch_id == _fetch.c.id)
            .where(_version.c.id == version_id)
        )
        row = self._read(lambda conn: conn.execute(query).first())
        if row is None:
            raise NotFound(f"no version {version_id}")
        return dict(row.headers or {})

    def validators(self, url: str) -> tuple[str | None, str | None] | None:
        """(ETag, Last-Modified) for a conditional request, or None if nothing usable is stored.

        Only validators that came with the body of the URL's *latest* version count: a 304 answer to them
        then truly means "still that body".
        """
        return self._read(lambda conn: self._validators(conn, url))

    @staticmethod
    def _validators(conn: sa.Connection, url: str) -> tuple[str | None, str | None] | None:
        document_id = find_document(conn, url)
        if document_id is None:
            return None
        latest = conn.execute(
            sa.select(_version.c.sha256)
            .where(_version.c.document_id == document_id)
            .order_by(_version.c.seq.desc())
            .limit(1)
        ).scalar()
        if latest is None:
            return None
        row = conn.execute(
            sa.select(_fetch.c.etag, _fetch.c.last_modified)
            .where(
                _fetch.c.document_id == document_id,
                _fetch.c.sha256 == latest,
                _fetch.c.outcome.in_(_SEEN),
                sa.or_(_fetch.c.etag.is_not(None), _fetch.c.last_modified.is_not(None)),
            )
            .order_by(_fetch.c.fetched_at.desc(), _fetch.c.id.desc())
            .limit(1)
        ).first()
        return None if row is None else (row.etag, row.last_modified)

    def cached_response(self, url: str) -> CachedResponse | None:
        """The URL's latest stored body with its headers, for answering a 304 from the archive."""
        document_id = self._read(lambda conn: find_document(conn, url))
        if document_id is None:
            return None
        try:
            version_id = self.version_id(document_id)
        except NotFound:
            return None
        return CachedResponse(version_id, 200, self.version_headers(version_id), self.body(version_id))
