"""The archive: every version of every fetched document, content-addressed, in SQLite or PostgreSQL.

No Scrapy here: the pipelines call this API, and so can anyone else.

    from nianbao.archive import Archive, Fetch

    archive = Archive.open(url_or_None)   # None: NIANBAO_DATABASE_URL or the default SQLite file.
                                          # An empty database is created at the head schema; an older
                                          # schema raises SchemaOutdated (exit 1,
                                          # "run `nianbao db upgrade`").
    run_id = archive.start_run(["wenshang", ...])
    result = archive.ingest(Fetch(
        url=..., status=200, headers={...}, body=b"...",      # body=None with status=304: not modified
        fetched_at=datetime.now(UTC),                          # timezone-aware, required
        portal="wenshang", run_id=run_id,
        parent_url=None, kind="page",                          # "page" | "attachment" | "image"
        aliases=(),                                            # other URLs serving the same document
        outcome=None, error=None,                              # "not_modified" for a cache-confirmed body;
    ))                                                         # "error"/"refused" (body None) for failures
    # IngestResult(outcome, document_id, version_id, blob_is_new, fetch_id)
    #   outcome: "new_document" | "new_version" | "unchanged" | "not_modified" | "error" | "refused"
    #   blob_is_new False on a stored version = the body was already in the archive (duplicate body)
    archive.ingest_many([fetch, ...]) -> [IngestResult]   # one transaction for the batch (group commit),
                                                          # new bodies compressed in threads first
    archive.record_fetch_error(url, run_id, error, status=None, outcome="error")   # or "refused"
    archive.finish_run(run_id, **stats)          # the crawl_runs view counts fetches itself; stats are extra
    archive.validators(url) -> (etag, last_modified) | None    # the archive is the HTTP cache
    archive.cached_response(url) -> CachedResponse(version_id, status, headers, body) | None
    archive.save_extraction(version_id, report) -> extraction id   # report: `nianbao extract --json` object
    archive.mark_gone(document_id_or_url, when=None) -> bool
    archive.body(version_id) -> bytes            # byte-exact, verified against its SHA-256
    archive.version_headers(version_id) -> dict  # headers of the fetch that stored it (lower-case names)
    archive.resolve(url_or_id) -> document_id ; archive.versions(document_id) -> [VersionInfo]
    archive.version_id(document_id, seq=None) -> version id (seq 1 = first, None = latest)
    archive.close()                              # or use `with Archive.open() as archive:`

The rules of dedupe and versioning live in archive/ingest.py, and only there.
"""

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nianbao.archive.errors import (
        ArchiveError,
        ArchiveFull,
        ArchiveUnavailable,
        CorruptBlob,
        NotFound,
        PortalLocked,
        SchemaOutdated,
    )
    from nianbao.archive.extractions import BadReport
    from nianbao.archive.ingest import Fetch, IngestResult
    from nianbao.archive.store import Archive, CachedResponse, VersionInfo

#: Where each name of the facade lives. Loaded on first use (PEP 562): a command that only needs
#: `nianbao.archive.errors` (the CLI's exit codes) must not pay for SQLAlchemy's models and Alembic.
_EXPORTS = {
    "Archive": "store",
    "ArchiveError": "errors",
    "ArchiveFull": "errors",
    "ArchiveUnavailable": "errors",
    "BadReport": "extractions",
    "CachedResponse": "store",
    "CorruptBlob": "errors",
    "Fetch": "ingest",
    "IngestResult": "ingest",
    "NotFound": "errors",
    "PortalLocked": "errors",
    "SchemaOutdated": "errors",
    "VersionInfo": "store",
}


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


__all__ = [
    "Archive",
    "ArchiveError",
    "ArchiveFull",
    "ArchiveUnavailable",
    "BadReport",
    "CachedResponse",
    "CorruptBlob",
    "Fetch",
    "IngestResult",
    "NotFound",
    "PortalLocked",
    "SchemaOutdated",
    "VersionInfo",
]
