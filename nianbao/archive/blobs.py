"""The raw store: bodies byte-exact, addressed by SHA-256, zstd-compressed, each stored once."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any

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


_EXISTS = sa.select(_blob.c.sha256).where(_blob.c.sha256 == sa.bindparam("sha256"))
_INSERTS: dict[str, Any] = {}


def blob_exists(conn: Connection, sha256: str) -> bool:
    return conn.execute(_EXISTS, {"sha256": sha256}).first() is not None


_STORED = sa.select(_blob.c.sha256).where(_blob.c.sha256.in_(sa.bindparam("hashes", expanding=True)))


#: Values bound in one IN list at most (SQLite takes 32,766 parameters in a statement).
IN_LIST = 2000


def stored_hashes(conn: Connection, hashes: set[str]) -> set[str]:
    """Which of `hashes` are stored, in one query (one per IN_LIST hashes)."""
    ordered = sorted(hashes)
    return {
        found
        for start in range(0, len(ordered), IN_LIST)
        for found in conn.execute(_STORED, {"hashes": ordered[start : start + IN_LIST]}).scalars()
    }


def store_blob(conn: Connection, sha256: str, body: bytes, now: datetime, packed: bytes | None = None) -> bool:
    """Store `body` under `sha256` unless some URL or version already did; True if this call stored it.

    `packed` is `compress(body)` if the caller already made it.
    """
    if blob_exists(conn, sha256):
        return False
    return insert_blob(conn, sha256, len(body), packed if packed is not None else compress(body), now)


def insert_blob(conn: Connection, sha256: str, size: int, packed: bytes, now: datetime) -> bool:
    """Store the compressed body `packed` (of `size` bytes) under `sha256`, in one statement; False if some
    ingest stored it already (the insert does nothing then)."""
    row = {
        "sha256": sha256,
        "size": size,
        "stored_size": len(packed),
        "compression": "zstd",
        "data": packed,
        "created": now,
    }
    return conn.execute(_insert(conn), row).scalar() is not None


def insert_blobs(conn: Connection, blobs: Sequence[tuple[str, int, bytes, datetime]]) -> set[str]:
    """Store several compressed bodies, (sha256, size, packed, created) each, in one statement (executemany,
    sent as one multi-row INSERT); the hashes this call stored (a body some ingest stored already is left)."""
    if not blobs:
        return set()
    rows = [
        {"sha256": sha256, "size": size, "stored_size": len(packed), "compression": "zstd", "data": packed,
         "created": created}
        for sha256, size, packed, created in blobs
    ]  # fmt: skip
    return set(conn.execute(_insert(conn), rows).scalars())


def _insert(conn: Connection) -> Any:
    insert = _INSERTS.get(conn.dialect.name)
    if insert is None:
        insert = _INSERTS[conn.dialect.name] = insert_ignoring(conn, _blob, ["sha256"]).returning(_blob.c.sha256)
    return insert


_LOAD = sa.select(_blob.c.compression, _blob.c.data).where(_blob.c.sha256 == sa.bindparam("sha256"))


def load_blob(conn: Connection, sha256: str) -> bytes:
    """The original bytes of a stored body, verified against its address."""
    row = conn.execute(_LOAD, {"sha256": sha256}).first()
    if row is None:
        raise KeyError(f"no stored body {sha256}")
    return unpack(sha256, row.compression, row.data)


def unpack(sha256: str, compression: str | None, data: bytes | None) -> bytes:
    """A stored body from its row's `compression` and `data` (read by the caller, perhaps in a join),
    verified against its address; `data` None: the row is missing (an outer join found no blob)."""
    if data is None:
        raise KeyError(f"no stored body {sha256}")
    if compression != "zstd":
        raise CorruptBlob(f"body {sha256}: unknown compression {compression!r}")
    body = zstandard.ZstdDecompressor().decompress(bytes(data))
    if sha256_hex(body) != sha256:
        raise CorruptBlob(f"body {sha256} is corrupt: its bytes hash to {sha256_hex(body)}")
    return body
