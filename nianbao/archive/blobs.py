"""The raw store: bodies byte-exact, addressed by SHA-256, zstd-compressed, each stored once."""

from __future__ import annotations

import hashlib
from datetime import datetime

import sqlalchemy as sa
import zstandard
from sqlalchemy.engine import Connection

from nianbao.archive.errors import CorruptBlob
from nianbao.archive.sqlutil import insert_ignoring
from nianbao.models import Blob

#: zstd level 9, measured on ~100 KB synthetic report pages (`bench/ingest.py --levels`): 0.128 stored bytes
#: per raw byte at 2.5 ms a page, against 0.147 at level 3 (0.5 ms) and 0.107 at level 19 (135 ms).
#: Decompression speed does not depend on the level.
ZSTD_LEVEL = 9

_blob = Blob.__table__


def sha256_hex(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def compress(body: bytes) -> bytes:
    return zstandard.ZstdCompressor(level=ZSTD_LEVEL).compress(body)


def blob_exists(conn: Connection, sha256: str) -> bool:
    return conn.execute(sa.select(_blob.c.sha256).where(_blob.c.sha256 == sha256)).first() is not None


def store_blob(conn: Connection, sha256: str, body: bytes, now: datetime, packed: bytes | None = None) -> bool:
    """Store `body` under `sha256` unless some URL or version already did; True if this call stored it.

    `packed` is `compress(body)` if the caller already made it.
    """
    if blob_exists(conn, sha256):
        return False
    data = packed if packed is not None else compress(body)
    stored = conn.execute(
        insert_ignoring(conn, _blob, ["sha256"])
        .values(sha256=sha256, size=len(body), stored_size=len(data), compression="zstd", data=data, created=now)
        .returning(_blob.c.sha256)
    ).scalar()
    return stored is not None  # None: a concurrent ingest stored it first


def load_blob(conn: Connection, sha256: str) -> bytes:
    """The original bytes of a stored body, verified against its address."""
    row = conn.execute(sa.select(_blob.c.compression, _blob.c.data).where(_blob.c.sha256 == sha256)).first()
    if row is None:
        raise KeyError(f"no stored body {sha256}")
    if row.compression != "zstd":
        raise CorruptBlob(f"body {sha256}: unknown compression {row.compression!r}")
    body = zstandard.ZstdDecompressor().decompress(bytes(row.data))
    if sha256_hex(body) != sha256:
        raise CorruptBlob(f"body {sha256} is corrupt: its bytes hash to {sha256_hex(body)}")
    return body
