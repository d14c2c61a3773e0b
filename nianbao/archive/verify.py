"""Fixity: every stored body re-hashed against its address, the way an archive proves it still holds what it took.

Reads the blobs in batches through a streaming cursor, so an archive of any size is checked in bounded memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import sqlalchemy as sa
import zstandard

from nianbao.archive.blobs import sha256_hex
from nianbao.archive.database import reading
from nianbao.archive.store import Archive
from nianbao.models import Blob, Document, Version

_blob = Blob.__table__
_version = Version.__table__
_document = Document.__table__

#: Blobs fetched per round trip; bodies are ~100 KB compressed at most typically, PDFs a few MB.
BATCH = 50


@dataclass(frozen=True)
class BadBlob:
    """A stored body that does not match its address, with the versions that point at it."""

    sha256: str
    problem: str
    versions: tuple[tuple[int, int, str], ...]  # (document id, version seq, URL)


@dataclass
class Fixity:
    checked: int = 0
    bytes: int = 0
    bad: list[BadBlob] | None = None

    @property
    def ok(self) -> bool:
        return not self.bad


def check_blob(sha256: str, compression: str, data: bytes, size: int) -> str | None:
    """Why the stored row is not the body its address names, or None when it is."""
    if compression != "zstd":
        return f"unknown compression {compression!r}"
    try:
        body = zstandard.ZstdDecompressor().decompress(data)
    except zstandard.ZstdError as err:
        return f"does not decompress: {err}"
    actual = sha256_hex(body)
    if actual != sha256:
        return f"bytes hash to {actual}"
    if len(body) != size:
        return f"{len(body)} bytes where {size} were recorded"
    return None


def blob_count(archive: Archive) -> int:
    with archive.engine.connect() as conn:
        return reading(conn).execute(sa.select(sa.func.count()).select_from(_blob)).scalar_one()


def _blobs(archive: Archive) -> Iterator[tuple[str, str, bytes, int]]:
    query = sa.select(_blob.c.sha256, _blob.c.compression, _blob.c.data, _blob.c.size).order_by(_blob.c.sha256)
    with archive.engine.connect() as conn:
        result = reading(conn).execution_options(stream_results=True, yield_per=BATCH).execute(query)
        for sha256, compression, data, size in result:
            yield sha256, compression, bytes(data), size


def _users(archive: Archive, sha256: str) -> tuple[tuple[int, int, str], ...]:
    query = (
        sa.select(_version.c.document_id, _version.c.seq, _document.c.url)
        .join(_document, _document.c.id == _version.c.document_id)
        .where(_version.c.sha256 == sha256)
        .order_by(_version.c.document_id, _version.c.seq)
    )
    with archive.engine.connect() as conn:
        return tuple(tuple(row) for row in reading(conn).execute(query))


def verify(archive: Archive, progress: Callable[[int], None] | None = None) -> Fixity:
    """Re-hash every stored body; `progress(n)` is called with each blob's stored size."""
    fixity = Fixity(bad=[])
    for sha256, compression, data, size in _blobs(archive):
        problem = check_blob(sha256, compression, data, size)
        fixity.checked += 1
        fixity.bytes += size
        if problem is not None:
            fixity.bad.append(BadBlob(sha256, problem, _users(archive, sha256)))
        if progress is not None:
            progress(1)
    return fixity
