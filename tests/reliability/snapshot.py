"""An archive reduced to what it promises to keep, and the invariants it must hold at every moment.

`snapshot` is what two archives of the same portals must agree on however their crawls went (killed,
restarted, retried, faulted): the documents by URL, each one's versions as the sequence of body hashes, the
set of blobs, and the cells and checks of each version's latest extraction. Ids, timestamps, run ids and
fetch counts are left out: they are what legitimately differs between an interrupted and a clean run.

`inconsistencies` is what must never be seen in an archive, even right after a SIGKILL: a blob no version
uses, a version whose blob or fetch is missing, a gap in a document's version numbers, a half-written
extraction. Both read the tables directly, not the views, so a view's filter cannot hide a broken row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from nianbao.archive import Archive
from nianbao.archive.verify import verify

_CELL = tuple[str | None, str | None, str | None]  # value, raw, source


@dataclass(frozen=True)
class Snapshot:
    documents: dict[str, tuple[Any, ...]]  # URL -> kind, parent URL, portal, gone, aliases, title, agency, year
    versions: dict[str, tuple[str, ...]]  # URL -> body hashes, version 1 first
    blobs: frozenset[str]
    cells: dict[tuple[str, int], dict[str, _CELL]]  # (URL, seq) -> cell key -> value, raw, source
    checks: dict[tuple[str, int], tuple[tuple[str, str], ...]]  # (URL, seq) -> sorted (rule, status)

    def differences(self, other: Snapshot, limit: int = 10) -> list[str]:
        """Human-readable differences, `self` first (empty when the archives are the same)."""
        found: list[str] = []
        for name in ("documents", "versions", "cells", "checks"):
            mine, theirs = getattr(self, name), getattr(other, name)
            for key in sorted(mine.keys() | theirs.keys(), key=str):
                if mine.get(key) != theirs.get(key):
                    found.append(f"{name}[{key}]: {_short(mine.get(key))} != {_short(theirs.get(key))}")
        if self.blobs != other.blobs:
            mine_only, theirs_only = len(self.blobs - other.blobs), len(other.blobs - self.blobs)
            found.append(f"blobs: {mine_only} only here, {theirs_only} only there")
        return found[:limit]


def snapshot(archive: Archive) -> Snapshot:
    with archive.engine.connect() as conn:
        return Snapshot(
            _documents(conn), _versions(conn), frozenset(_scalars(conn, "SELECT sha256 FROM blob")), *_extractions(conn)
        )


def inconsistencies(archive: Archive, finished: bool = False) -> list[str]:
    """What is wrong with the archive; with `finished`, also report pages and files never extracted.

    Fixity (every blob re-hashed) is part of it: a blob row written half would show here.
    """
    checks = {
        "blob without a version": "SELECT b.sha256 FROM blob b WHERE NOT EXISTS "
        "(SELECT 1 FROM version v WHERE v.sha256 = b.sha256)",
        "version without its blob": "SELECT v.id FROM version v LEFT JOIN blob b ON b.sha256 = v.sha256 "
        "WHERE b.sha256 IS NULL",
        "version without the fetch that stored it": "SELECT v.id FROM version v LEFT JOIN fetch_record f "
        "ON f.id = v.fetch_id WHERE f.id IS NULL OR f.sha256 IS NULL OR f.sha256 <> v.sha256",
        "version of a missing document": "SELECT v.id FROM version v LEFT JOIN document d ON d.id = v.document_id "
        "WHERE d.id IS NULL",
        "gap in version numbers": "SELECT document_id FROM version GROUP BY document_id "
        "HAVING max(seq) <> count(*) OR min(seq) <> 1",
        "extraction of a missing version": "SELECT e.id FROM extraction e LEFT JOIN version v ON v.id = e.version_id "
        "WHERE v.id IS NULL",
        "cell of a missing extraction": "SELECT c.id FROM extraction_cell c LEFT JOIN extraction e "
        "ON e.id = c.extraction_id WHERE e.id IS NULL",
        "check of a missing extraction": "SELECT c.id FROM extraction_check c LEFT JOIN extraction e "
        "ON e.id = c.extraction_id WHERE e.id IS NULL",
    }
    if finished:
        checks["page or file version never extracted"] = (
            "SELECT v.id FROM version v JOIN document d ON d.id = v.document_id "
            "WHERE d.kind IN ('page', 'attachment') AND NOT EXISTS (SELECT 1 FROM extraction e "
            "WHERE e.version_id = v.id)"
        )
    problems = []
    with archive.engine.connect() as conn:
        for what, query in checks.items():
            bad = _scalars(conn, query)
            if bad:
                problems.append(f"{what}: {sorted(bad)[:5]} ({len(bad)})")
    fixity = verify(archive)
    problems += [f"blob {b.sha256}: {b.problem}" for b in fixity.bad or []]
    return problems


def _documents(conn: sa.Connection) -> dict[str, tuple[Any, ...]]:
    aliases: dict[int, list[str]] = defaultdict(list)
    for document_id, url in conn.execute(sa.text("SELECT document_id, url FROM document_alias")):
        aliases[document_id].append(url)
    rows = conn.execute(
        sa.text(
            "SELECT d.id, d.url, d.kind, parent.url AS parent, p.name AS portal, d.gone_since IS NOT NULL AS gone, "
            "d.title, d.agency, d.year FROM document d LEFT JOIN document parent ON parent.id = d.parent_id "
            "LEFT JOIN portal p ON p.id = d.portal_id"
        )
    )
    return {
        r.url: (r.kind, r.parent, r.portal, bool(r.gone), tuple(sorted(aliases[r.id])), r.title, r.agency, r.year)
        for r in rows
    }


def _versions(conn: sa.Connection) -> dict[str, tuple[str, ...]]:
    hashes: dict[str, list[str]] = defaultdict(list)
    rows = conn.execute(
        sa.text("SELECT d.url, v.sha256 FROM version v JOIN document d ON d.id = v.document_id ORDER BY d.url, v.seq")
    )
    for url, sha256 in rows:
        hashes[url].append(sha256)
    return {url: tuple(found) for url, found in hashes.items()}


def _extractions(
    conn: sa.Connection,
) -> tuple[dict[tuple[str, int], dict[str, _CELL]], dict[tuple[str, int], tuple[tuple[str, str], ...]]]:
    """The cells and checks of each version's latest extraction (the one the views show)."""
    latest = (
        "SELECT e.id, d.url, v.seq FROM extraction e JOIN version v ON v.id = e.version_id "
        "JOIN document d ON d.id = v.document_id "
        "WHERE e.id = (SELECT max(e2.id) FROM extraction e2 WHERE e2.version_id = e.version_id)"
    )
    which = {r.id: (r.url, r.seq) for r in conn.execute(sa.text(latest))}
    cells: dict[tuple[str, int], dict[str, _CELL]] = {key: {} for key in which.values()}
    checks: dict[tuple[str, int], list[tuple[str, str]]] = {key: [] for key in which.values()}
    for r in conn.execute(sa.text("SELECT extraction_id, cell_key, value, raw, source FROM extraction_cell")):
        if r.extraction_id in which:
            cells[which[r.extraction_id]][r.cell_key] = (_number(r.value), r.raw, r.source)
    for r in conn.execute(sa.text("SELECT extraction_id, rule, status FROM extraction_check")):
        if r.extraction_id in which:
            checks[which[r.extraction_id]].append((r.rule, r.status))
    return cells, {key: tuple(sorted(found)) for key, found in checks.items()}


def _number(value: Any) -> str | None:
    # SQLite hands NUMERIC back as int or float, PostgreSQL as Decimal: compare them as normalised decimals.
    return None if value is None else str(Decimal(str(value)).normalize())


def _scalars(conn: sa.Connection, query: str) -> list[Any]:
    return list(conn.execute(sa.text(query)).scalars())


def _short(value: Any, width: int = 160) -> str:
    text = repr(value)
    return text if len(text) <= width else text[:width] + "…"
