"""One annual report per agency and year, from the documents that carry it.

A report is often published several times: a page and its PDF attachment, the county and the city portal, a
corrected re-upload under a new URL. `refresh` groups every extracted document (as of its latest version and
latest extraction) by agency (archive.agencies: region + name key, so name variants meet) and year, picks the
canonical copy — most table cells found, then fewest rules failed, then the latest published — and counts
the copies whose numbers disagree with it on cells both hold.

Why materialised and not a view: grouping needs name normalisation, and text reuse needs sentence
comparison, neither of which plain SQL does on both databases. `refresh` is idempotent (run it twice, get
the same rows; annual report and agency ids stay stable while their agency and year do), runs in one
transaction, and is serialised across processes. Call it after a crawl or a re-extraction; `nianbao
scorecard` and `nianbao search` call it before printing. It keeps the search index (archive.search) in step.

    from nianbao.archive.annual import refresh
    summary = refresh(archive)                       # RefreshSummary(annual_reports, documents, ...)
    refresh(archive, portal_regions=[("wenshang", "山东省", "济宁市", "汶上县")])   # config regions first
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from nianbao.archive import indicators, search
from nianbao.archive.agencies import AgencyBook, Region, identify, portal_regions, record_portal_regions
from nianbao.archive.ingest import utcnow
from nianbao.models import (
    AnnualReport,
    AnnualReportDocument,
    Document,
    Extraction,
    ExtractionCell,
    ExtractionCheck,
    Version,
)

if TYPE_CHECKING:
    from nianbao.archive import Archive

_document = Document.__table__
_version = Version.__table__
_extraction = Extraction.__table__
_cell = ExtractionCell.__table__
_check = ExtractionCheck.__table__
_report = AnnualReport.__table__
_member = AnnualReportDocument.__table__

#: Serialises refreshes of one PostgreSQL archive (SQLite's BEGIN IMMEDIATE does it there): "annual".
_PG_LOCK_KEY = 0x616E6E75616C

#: Titles of documents that talk about annual reports without being one (notices, interpretations,
#: evaluations). A document with table cells is a report whatever its title says.
_NOT_A_REPORT = re.compile(r"通知|关于.*(?:编制|报送|发布)|考核|评估|评议|解读|图解")
_A_REPORT = re.compile(r"年度报告|年报")


@dataclass
class Copy:
    """One document carrying (perhaps) an annual report: its latest version's latest extraction."""

    document_id: int
    parent_id: int | None
    portal_id: int | None
    version_id: int
    extraction_id: int
    first_seen: datetime
    title: str | None
    agency: str | None
    year: int | None
    published: date | None
    region: Region
    template: str | None
    cells: dict[str, Decimal] = field(default_factory=dict)
    rules_failed: int = 0

    @property
    def table_cells(self) -> int:
        return indicators.table_cells(self.cells)

    def rank(self) -> tuple[Any, ...]:
        """Canonical order: most cells, fewest failed rules, latest published, latest fetched."""
        return (self.table_cells, -self.rules_failed, self.published or date.min, self.first_seen,
                self.document_id)


@dataclass(frozen=True)
class RefreshSummary:
    annual_reports: int
    documents: int
    agencies: int
    disagreeing_copies: int


def refresh(archive: Archive, portal_regions: Iterable[tuple[str, str | None, str | None, str | None]] = ()
            ) -> RefreshSummary:
    """Regroup the archive's documents into annual reports (see the module docstring)."""
    with archive.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})")
        record_portal_regions(conn, portal_regions)
        return refresh_in(conn, utcnow())


def refresh_in(conn: Connection, now: datetime) -> RefreshSummary:
    """`refresh` inside the caller's transaction."""
    copies = _copies(conn)
    book = AgencyBook(conn, now)
    groups: dict[tuple[int, int], list[Copy]] = defaultdict(list)
    by_id = {c.document_id: c for c in copies}
    children: dict[int, list[Copy]] = defaultdict(list)
    for c in copies:
        if c.parent_id is not None:
            children[c.parent_id].append(c)
    for c in copies:
        if c.published is None and c.parent_id in by_id:
            c.published = by_id[c.parent_id].published  # an attachment is published with its page
    for c in copies:
        agency, year, region = _identity(c, by_id, children)
        if agency is None or year is None or not _is_report(c):
            continue
        identity = identify(agency, region)
        groups[(book.agency_id(identity), year)].append(c)

    existing = {(r.agency_id, r.year): r.id for r in conn.execute(sa.select(_report.c.id, _report.c.agency_id,
                                                                            _report.c.year))}
    conn.execute(_member.delete())
    report_ids: dict[tuple[int, int], int] = {}
    canonical_of: dict[int, Copy] = {}
    disagreeing_total = 0
    for (agency_id, year), members in sorted(groups.items()):
        canonical = max(members, key=Copy.rank)
        differing = {c.document_id: _differing(c, canonical) for c in members}
        disagreeing = sum(1 for n in differing.values() if n)
        disagreeing_total += disagreeing
        expected = indicators.expected_cells(canonical.template, year, canonical.cells)
        published = [c.published for c in members if c.published is not None]
        values = {
            "agency_id": agency_id, "year": year, "published": min(published) if published else None,
            "deadline": indicators.deadline(book.kinds[agency_id], year), "documents": len(members),
            "canonical_document_id": canonical.document_id, "canonical_version_id": canonical.version_id,
            "template": canonical.template, "cells_found": len(expected & canonical.cells.keys()),
            "cells_expected": len(expected), "rules_failed": canonical.rules_failed,
            "disagreeing_copies": disagreeing, "refreshed": now,
        }
        report_id = existing.pop((agency_id, year), None)
        if report_id is None:
            report_id = conn.execute(_report.insert().values(values).returning(_report.c.id)).scalar_one()
        else:
            conn.execute(_report.update().where(_report.c.id == report_id).values(values))
        report_ids[(agency_id, year)] = report_id
        canonical_of[report_id] = canonical
        conn.execute(_member.insert(), [
            {"document_id": c.document_id, "annual_report_id": report_id, "version_id": c.version_id,
             "cells_found": c.table_cells, "rules_failed": c.rules_failed, "canonical": c is canonical,
             "cells_differing": differing[c.document_id]}
            for c in members
        ])
    gone = list(existing.values())
    if gone:
        conn.execute(_report.update().where(_report.c.previous_report_id.in_(gone)).values(previous_report_id=None))
        conn.execute(_report.delete().where(_report.c.id.in_(gone)))
    _text_reuse(conn, report_ids, canonical_of)
    search.index_reports(conn, {report_id: c.extraction_id for report_id, c in canonical_of.items()})
    return RefreshSummary(len(report_ids), sum(len(m) for m in groups.values()), len({a for a, _ in groups}),
                          disagreeing_total)


def _copies(conn: Connection) -> list[Copy]:
    """Every document's latest version's latest extraction, with its cells and failed-rule count."""
    later = _version.alias("later")
    latest_version = (
        sa.select(sa.func.max(later.c.seq)).where(later.c.document_id == _document.c.id).scalar_subquery()
    )
    latest_extraction = (
        sa.select(sa.func.max(_extraction.c.id).label("id"))
        .group_by(_extraction.c.version_id)
        .subquery()
    )
    e = _extraction
    query = (
        sa.select(_document.c.id, _document.c.parent_id, _document.c.portal_id, _version.c.id.label("version_id"),
                  _version.c.first_seen, e.c.id.label("extraction_id"), e.c.title, e.c.agency, e.c.year,
                  e.c.published, e.c.province, e.c.city, e.c.county, e.c.template)
        .select_from(_document)
        .join(_version, sa.and_(_version.c.document_id == _document.c.id, _version.c.seq == latest_version))
        .join(e, e.c.version_id == _version.c.id)
        .join(latest_extraction, latest_extraction.c.id == e.c.id)
        .where(_document.c.kind.in_(("page", "attachment")))
    )
    regions = portal_regions(conn)
    copies: dict[int, Copy] = {}
    for r in conn.execute(query):
        region = Region(r.province, r.city, r.county).merged(regions.get(r.portal_id, Region()))
        copies[r.extraction_id] = Copy(r.id, r.parent_id, r.portal_id, r.version_id, r.extraction_id,
                                       r.first_seen, r.title, r.agency, r.year, r.published, region, r.template)
    if not copies:
        return []
    ids = sa.select(latest_extraction.c.id)
    for extraction_id, cell_key, value in conn.execute(
        sa.select(_cell.c.extraction_id, _cell.c.cell_key, _cell.c.value).where(_cell.c.extraction_id.in_(ids))
    ):
        if extraction_id in copies and value is not None:
            copies[extraction_id].cells[cell_key] = Decimal(value)
    for extraction_id, failed in conn.execute(
        sa.select(_check.c.extraction_id, sa.func.count())
        .where(_check.c.extraction_id.in_(ids), _check.c.status == "fail")
        .group_by(_check.c.extraction_id)
    ):
        if extraction_id in copies:
            copies[extraction_id].rules_failed = failed
    return list(copies.values())


def _identity(c: Copy, by_id: dict[int, Copy], children: dict[int, list[Copy]]
              ) -> tuple[str | None, int | None, Region]:
    """Agency, year and region of a copy; an attachment that names neither takes its page's, and a page
    whose text names neither takes those of its richest attachment."""
    agency, year, region = c.agency, c.year, c.region
    relatives = ([by_id[c.parent_id]] if c.parent_id in by_id else []) + sorted(
        children.get(c.document_id, []), key=Copy.rank, reverse=True)
    for other in relatives:
        if agency is None and other.agency:
            agency, region = other.agency, region.merged(other.region)
        if year is None and other.year is not None:
            year = other.year
    return agency, year, region


def _is_report(c: Copy) -> bool:
    if c.table_cells:
        return True
    title = c.title or ""
    return bool(_A_REPORT.search(title)) and not _NOT_A_REPORT.search(title)


def _differing(c: Copy, canonical: Copy) -> int:
    """Cells both copies hold with different values."""
    if c is canonical:
        return 0
    return sum(1 for k, v in c.cells.items() if k in canonical.cells and canonical.cells[k] != v)


def _text_reuse(conn: Connection, report_ids: dict[tuple[int, int], int], canonical_of: dict[int, Copy]) -> None:
    """Each report against its agency's previous one (the latest earlier year)."""
    fields = {}
    extraction_ids = [c.extraction_id for c in canonical_of.values()]
    for chunk in range(0, len(extraction_ids), 500):
        part = extraction_ids[chunk:chunk + 500]
        for extraction_id, value in conn.execute(
            sa.select(_extraction.c.id, _extraction.c.fields).where(_extraction.c.id.in_(part))
        ):
            sections = (value or {}).get("sections") if isinstance(value, dict) else None
            fields[extraction_id] = indicators.sentences(sections if isinstance(sections, dict) else None)
    years: dict[int, list[int]] = defaultdict(list)
    for agency_id, year in report_ids:
        years[agency_id].append(year)
    for (agency_id, year), report_id in report_ids.items():
        earlier = [y for y in years[agency_id] if y < year]
        current = fields.get(canonical_of[report_id].extraction_id, [])
        previous_id = report_ids[(agency_id, max(earlier))] if earlier else None
        reuse = None
        if previous_id is not None:
            reuse = indicators.text_reuse(current, fields.get(canonical_of[previous_id].extraction_id, []))
        conn.execute(_report.update().where(_report.c.id == report_id).values(
            previous_report_id=previous_id, text_reuse=reuse, sentences=len(current) or None))
