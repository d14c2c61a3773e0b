"""The change feed: documents and versions new since a date, each with the cells that changed.

A version's cells are those of its latest extraction, compared with the latest extraction of the version
before it (interfaces.md: a version is compared with the document's previous one). A new document's cells are
all new. Only report pages and files are listed: an embedded image is part of its page.

`atom_feed` renders the same as Atom 1.0 (RFC 4287) for feed readers and webhook relays. Entry ids are
`urn:uuid:` UUIDv5 of the document URL and the body's SHA-256, so the same change keeps its id in every
feed built from any copy of the archive, and a reader never shows it twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from lxml import etree
from lxml.builder import ElementMaker

from nianbao.archive.database import reading
from nianbao.archive.history import CellChange
from nianbao.archive.labels import cell_labels, key_order
from nianbao.archive.store import Archive
from nianbao.models import ArchivedPortal, Document, Extraction, ExtractionCell, Version

ATOM_NS = "http://www.w3.org/2005/Atom"
#: Namespace of the UUIDv5 ids; fixed forever, so ids stay stable across releases.
_ID_NAMESPACE = uuid.UUID("9a0c5d0e-6f1b-5a3c-8e7d-2b4f6a8c1e3d")
LISTED_KINDS = ("page", "attachment")

_document = Document.__table__
_portal = ArchivedPortal.__table__
_version = Version.__table__
_extraction = Extraction.__table__
_cell = ExtractionCell.__table__


@dataclass
class Change:
    """One new version (a new document's first one included) and what it changed."""

    document_id: int
    version_id: int
    seq: int
    url: str
    kind: str
    portal: str | None
    sha256: str
    first_seen: datetime
    title: str | None = None
    agency: str | None = None
    year: int | None = None
    #: This version has an extraction; `compared`: the previous version has one too (else cells are unknown).
    extracted: bool = False
    compared: bool = False
    cells: list[CellChange] = field(default_factory=list)

    @property
    def new_document(self) -> bool:
        return self.seq == 1

    @property
    def entry_id(self) -> str:
        return f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, f'{self.url}#{self.sha256}')}"


def _number(value: Any) -> int | float | None:
    if value is None:
        return None
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else float(number)


def _latest_extraction(conn: sa.Connection, version_id: int) -> tuple[Any, dict[str, Any]] | None:
    row = conn.execute(
        sa.select(_extraction.c.id, _extraction.c.title, _extraction.c.agency, _extraction.c.year)
        .where(_extraction.c.version_id == version_id)
        .order_by(_extraction.c.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    cells = conn.execute(sa.select(_cell.c.cell_key, _cell.c.value).where(_cell.c.extraction_id == row.id))
    return row, {key: _number(value) for key, value in cells}


def changes_since(archive: Archive, since: datetime) -> list[Change]:
    """Versions first seen at or after `since`, oldest first."""
    query = (
        sa.select(_version.c.id, _version.c.document_id, _version.c.seq, _version.c.sha256, _version.c.first_seen,
                  _document.c.url, _document.c.kind, _document.c.title, _document.c.agency, _document.c.year,
                  _portal.c.name.label("portal"))
        .join(_document, _document.c.id == _version.c.document_id)
        .outerjoin(_portal, _portal.c.id == _document.c.portal_id)
        .where(_version.c.first_seen >= since, _document.c.kind.in_(LISTED_KINDS))
        .order_by(_version.c.first_seen, _version.c.id)
    )
    changes = []
    with archive.engine.connect() as conn:
        conn = reading(conn)
        for row in conn.execute(query).all():
            change = Change(row.document_id, row.id, row.seq, row.url, row.kind, row.portal, row.sha256,
                            row.first_seen, row.title, row.agency, row.year)
            now = _latest_extraction(conn, row.id)
            if now is not None:
                extraction, cells = now
                change.extracted = True
                change.title = extraction.title or change.title
                change.agency = extraction.agency or change.agency
                change.year = extraction.year or change.year
                before: dict[str, Any] | None = {}
                if row.seq > 1:
                    previous = conn.execute(
                        sa.select(_version.c.id).where(_version.c.document_id == row.document_id,
                                                       _version.c.seq == row.seq - 1)
                    ).scalar_one()
                    found = _latest_extraction(conn, previous)
                    before = None if found is None else found[1]
                if before is not None:
                    change.compared = True
                    change.cells = [
                        CellChange(key, before.get(key), cells.get(key))
                        for key in sorted(before.keys() | cells.keys(), key=key_order)
                        if before.get(key) != cells.get(key)
                    ]
            changes.append(change)
    return changes


# --- presentation ---------------------------------------------------------------------------------------


def headline(change: Change) -> str:
    what = "new document" if change.new_document else f"new version {change.seq}"
    title = change.title or change.url
    return f"{what}: {title}"


def cell_lines(change: Change) -> list[str]:
    """One line per changed cell: key, label, old → new; or why no cells can be compared."""
    if not change.extracted:
        return ["(not extracted yet)"]
    if not change.compared:
        return ["(the previous version was never extracted: cells not compared)"]
    labels = cell_labels()
    if change.new_document:
        return [f"{len(change.cells)} cells"]
    if not change.cells:
        return ["no cell changed"]
    return [
        f"{c.cell_key} {labels.get(c.cell_key, '')}: {_shown(c.old)} → {_shown(c.new)}".replace("  ", " ")
        for c in change.cells
    ]


def _shown(value: Any) -> str:
    return "—" if value is None else str(value)


def text_report(changes: list[Change], since: datetime) -> str:
    lines = []
    for change in changes:
        portal = f"[{change.portal}] " if change.portal else ""
        lines.append(f"{_rfc3339(change.first_seen)} {portal}{headline(change)}")
        lines.append(f"    document {change.document_id} {change.url}")
        lines += [f"    {line}" for line in cell_lines(change)]
    documents = sum(c.new_document for c in changes)
    lines.append(f"since {_rfc3339(since)}: {documents} new documents, {len(changes) - documents} new versions "
                 f"of known documents")
    return "\n".join(lines)


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_feed(changes: list[Change], since: datetime, feed_id: str, generated: datetime | None = None) -> bytes:
    """An Atom 1.0 document of the changes (UTF-8 XML bytes)."""
    atom = ElementMaker(namespace=ATOM_NS, nsmap={None: ATOM_NS})
    latest = max((c.first_seen for c in changes), default=generated or datetime.now(UTC))
    feed = atom.feed(
        atom.id(feed_id),
        atom.title(f"nianbao: 政府信息公开工作年度报告 changes since {_rfc3339(since)}"),
        atom.updated(_rfc3339(latest)),
        atom.author(atom.name("nianbao")),
        atom.generator("nianbao"),
    )
    labels = cell_labels()
    for change in changes:
        entry = atom.entry(
            atom.id(change.entry_id),
            atom.title(headline(change)),
            atom.updated(_rfc3339(change.first_seen)),
            atom.link(rel="alternate", href=change.url),
            atom.category(term="new_document" if change.new_document else "new_version"),
            atom.summary("; ".join(cell_lines(change)) if not change.cells or change.new_document
                         else f"{len(change.cells)} cells changed", type="text"),
        )
        if change.cells:
            entry.append(atom.content(_cells_html(change, labels), type="html"))
        feed.append(entry)
    return etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _cells_html(change: Change, labels: dict[str, str]) -> str:
    """The changed cells as an HTML table (escaped as text inside `content type="html"`, as Atom wants)."""
    table = etree.Element("table")
    head = etree.SubElement(table, "tr")
    for name in ("cell key", "label", "before", "after"):
        etree.SubElement(head, "th").text = name
    for cell in change.cells:
        row = etree.SubElement(table, "tr")
        for text in (cell.cell_key, labels.get(cell.cell_key, ""), _shown(cell.old), _shown(cell.new)):
            etree.SubElement(row, "td").text = text
    return etree.tostring(table, encoding="unicode", method="html")


def feed_id(archive: Archive) -> str:
    """The feed's own id: stable for one archive (its URL, password left out)."""
    where = archive.engine.url.render_as_string(hide_password=True)
    return f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, 'feed:' + where)}"
