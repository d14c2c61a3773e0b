"""What changed between two versions of a document: its text and its extracted cells and checks.

Text comes from the stored body itself, decoded as the server declared it (gb2312/gbk read as gb18030, its
superset), HTML reduced to its visible lines. Bodies that are not text (PDF, DOC, images) are compared
through their extracted sections when both versions were extracted, else by hash and size only. Cells and
checks come from each version's latest extraction, when there is one.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import cchardet
import sqlalchemy as sa
from bs4 import BeautifulSoup

from nianbao.archive.database import reading
from nianbao.archive.store import Archive, NotFound, VersionInfo
from nianbao.models import Extraction, ExtractionCell, ExtractionCheck

_extraction = Extraction.__table__
_cell = ExtractionCell.__table__
_check = ExtractionCheck.__table__

_TEXT_TYPES = ("text/", "application/xhtml", "application/xml", "application/json", "application/javascript")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)
#: Labels whose superset decodes more of what Chinese portals actually send (e.g. "—" under gb2312).
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}


@dataclass(frozen=True)
class CellChange:
    cell_key: str
    old: Any  # None when the cell is new
    new: Any  # None when the cell is gone


@dataclass(frozen=True)
class CheckChange:
    rule: str
    old: str | None
    new: str | None


@dataclass
class VersionDiff:
    document_id: int
    old: VersionInfo
    new: VersionInfo
    same_body: bool
    #: Unified diff lines of the text; None when there is no text to compare (binary bodies, not extracted).
    text_diff: list[str] | None
    #: Where the text came from: "body" (decoded) or "extraction" (the extracted sections of a PDF, DOC…).
    text_source: str = "body"
    cells: list[CellChange] = field(default_factory=list)
    checks: list[CheckChange] = field(default_factory=list)
    #: Whether each side had an extraction to compare (cells of a side without one are unknown, not absent).
    extracted: tuple[bool, bool] = (False, False)


@dataclass(frozen=True)
class _Extracted:
    """The latest extraction of one version, as far as a diff needs it."""

    cells: dict[str, Any]
    checks: dict[str, str]
    sections: str | None
    found: bool


def diff_versions(archive: Archive, document_id: int, from_seq: int | None = None,
                  to_seq: int | None = None) -> VersionDiff:
    """Compare version `from_seq` with `to_seq` (defaults: the latest and the one before it)."""
    versions = {v.seq: v for v in archive.versions(document_id)}
    if not versions:
        raise NotFound(f"document {document_id} has no stored version")
    to_seq = max(versions) if to_seq is None else to_seq
    from_seq = to_seq - 1 if from_seq is None else from_seq
    for seq in (from_seq, to_seq):
        if seq not in versions:
            known = ", ".join(str(s) for s in sorted(versions))
            raise NotFound(f"document {document_id} has no version {seq} (it has {known})")
    old, new = versions[from_seq], versions[to_seq]
    before, after = _extracted(archive, old.version_id), _extracted(archive, new.version_id)
    diff = VersionDiff(document_id, old, new, old.sha256 == new.sha256, [], extracted=(before.found, after.found))
    if not diff.same_body:
        texts = [text_of(archive.body(v.version_id), archive.version_headers(v.version_id)) for v in (old, new)]
        if None in texts and before.sections is not None and after.sections is not None:
            texts, diff.text_source = [before.sections, after.sections], "extraction"
        diff.text_diff = None if None in texts else list(difflib.unified_diff(
            texts[0].splitlines(), texts[1].splitlines(),  # type: ignore[union-attr]
            fromfile=f"version {from_seq}", tofile=f"version {to_seq}", lineterm="",
        ))
    if before.found and after.found:
        diff.cells = [
            CellChange(key, before.cells.get(key), after.cells.get(key))
            for key in sorted(before.cells.keys() | after.cells.keys())
            if before.cells.get(key) != after.cells.get(key)
        ]
        diff.checks = [
            CheckChange(rule, before.checks.get(rule), after.checks.get(rule))
            for rule in sorted(before.checks.keys() | after.checks.keys())
            if before.checks.get(rule) != after.checks.get(rule)
        ]
    return diff


def _extracted(archive: Archive, version_id: int) -> _Extracted:
    with archive.engine.connect() as conn:
        conn = reading(conn)
        latest = conn.execute(
            sa.select(_extraction.c.id, _extraction.c.fields)
            .where(_extraction.c.version_id == version_id)
            .order_by(_extraction.c.id.desc())
            .limit(1)
        ).first()
        if latest is None:
            return _Extracted({}, {}, None, False)
        cell_rows = conn.execute(
            sa.select(_cell.c.cell_key, _cell.c.value).where(_cell.c.extraction_id == latest.id)
        )
        cells = {row.cell_key: plain_number(row.value) for row in cell_rows}
        check_rows = conn.execute(
            sa.select(_check.c.rule, _check.c.status).where(_check.c.extraction_id == latest.id)
        )
        checks = {row.rule: row.status for row in check_rows}
    return _Extracted(cells, checks, _sections_text((latest.fields or {}).get("sections")), True)


def _sections_text(sections: Any) -> str | None:
    """The report's sections (interfaces.md `sections`) as text, each under its key."""
    if not isinstance(sections, dict) or not sections:
        return None
    return "\n".join(f"[{key}]\n{text}" for key, text in sections.items() if isinstance(text, str))


def plain_number(value: Any) -> Any:
    """A stored NUMERIC as users wrote it: 6 rather than Decimal('6') or 6.0."""
    if isinstance(value, Decimal | float):
        return int(value) if value == int(value) else float(value)
    return value


def text_of(body: bytes, headers: dict[str, str]) -> str | None:
    """The readable text of a body, or None if it is not text (PDF, Office, images)."""
    content_type = headers.get("content-type", "")
    mime = content_type.split(";")[0].strip().lower()
    head = body[:1024].lstrip().lower()
    html = "html" in mime or head.startswith((b"<!doctype html", b"<html"))
    declared_binary = bool(mime) or b"\x00" in body[:4096]
    if not (html or mime.startswith(_TEXT_TYPES)) and declared_binary:
        return None  # declared as something else, or binary
    text = decode(body, content_type)
    if html:
        soup = BeautifulSoup(text, "lxml")
        for hidden in soup(["script", "style", "noscript"]):
            hidden.decompose()
        text = soup.get_text("\n")
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def decode(body: bytes, content_type: str = "") -> str:
    """Bytes to text: the declared charset (header, then <meta>), else a detected one, else GB18030."""
    declared = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", content_type, re.I)
    label = declared.group(1) if declared else None
    if label is None:
        meta = _CHARSET.search(body[:4096])
        label = meta.group(1).decode("ascii") if meta else None
    candidates = [label] if label else []
    candidates += [cchardet.detect(body).get("encoding"), "utf-8"]
    for candidate in candidates:
        if not candidate:
            continue
        codec = _SUPERSETS.get(candidate.lower(), candidate)
        try:
            return body.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("gb18030", errors="replace")
