"""What two archives must agree on after a WARC round trip, and the real tools run as users run them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from nianbao.archive import Archive

BIN = Path(sys.executable).parent


def tool(name: str, *args: str | Path, timeout: float = 300, **kw: Any) -> subprocess.CompletedProcess[str]:
    """A console script of the venv (warcio, wacz, wb-manager, nianbao) or a Debian tool (wget)."""
    path = BIN / name if (BIN / name).exists() else name
    return subprocess.run([str(path), *map(str, args)], capture_output=True, text=True, timeout=timeout, **kw)


def nianbao(database_url: str, *args: str | Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NIANBAO_DATABASE_URL": database_url}
    done = tool("nianbao", *args, timeout=timeout, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def summary(database_url: str, kinds: tuple[str, ...] = ("page", "attachment", "image")) -> dict[str, Any]:
    """Documents (kind, parent), their versions' digests in order, the blobs, and each version's latest cells."""
    with Archive.open(database_url) as archive, archive.engine.connect() as conn:
        documents = {
            r.url: (r.kind, r.parent)
            for r in conn.execute(
                sa.text(
                    "SELECT d.url, d.kind, p.url AS parent FROM document d LEFT JOIN document p ON p.id = d.parent_id "
                    "WHERE EXISTS (SELECT 1 FROM version v WHERE v.document_id = d.id)"
                )
            )
            if r.kind in kinds
        }
        versions: dict[str, list[str]] = {}
        cells: dict[tuple[str, str], dict[str, str]] = {}
        for r in conn.execute(
            sa.text(
                "SELECT d.url, v.seq, v.sha256, (SELECT max(e.id) FROM extraction e WHERE e.version_id = v.id) AS ex "
                "FROM version v JOIN document d ON d.id = v.document_id ORDER BY d.url, v.seq"
            )
        ):
            if r.url not in documents:
                continue
            versions.setdefault(r.url, []).append(r.sha256)
            if r.ex is not None:
                found = conn.execute(
                    sa.text("SELECT cell_key, value FROM extraction_cell WHERE extraction_id = :e"), {"e": r.ex}
                )
                cells[(r.url, r.sha256)] = {c.cell_key: str(c.value) for c in found}
        blobs = {sha for shas in versions.values() for sha in shas}
        stored = set(conn.execute(sa.text("SELECT sha256 FROM blob")).scalars())
    return {"documents": documents, "versions": versions, "blobs": blobs & stored, "cells": cells}


def count(database_url: str, sql: str) -> int:
    with Archive.open(database_url) as archive, archive.engine.connect() as conn:
        return int(conn.execute(sa.text(sql)).scalar_one())
