"""One annual report per agency and year, from the documents that carry it.

A report is often published several times: a page and its PDF attachment, the county and the city portal, a
corrected re-upload under a new URL. Every extracted document (as of its latest version and latest
extraction) belongs to the group of its agency (archive.agencies: region + name key, so name variants meet)
and year; each group's canonical copy is the one with the most table cells found, then the fewest rules
failed, then the latest published; the copies whose numbers disagree with it on cells both hold are counted.

Why materialised and not a view: grouping needs name normalisation, and text reuse needs sentence
comparison, neither of which plain SQL does on both databases.

`regroup` does the work for a set of changed documents (archive.refresh drains the queue of them in short
transactions): a document's group depends on itself, its page and its attachments (an attachment that names
no agency takes its page's, a page its richest attachment's), so those are regrouped with it; then every
group any of them left or joined is recomputed from all its members, and the agency's text reuse wherever a
report's text or its predecessor changed. Only values that differ are written, so regrouping twice writes
nothing the second time; annual report and agency ids stay stable while their agency and year do.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from nianbao.archive import indicators, search
from nianbao.archive.agencies import AgencyBook, AgencyIdentity, Region, identify, portal_regions
from nianbao.models import (
    AnnualReport,
    AnnualReportDocument,
    Document,
    Extraction,
    ExtractionCell,
    ExtractionCheck,
    ReportText,
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
_text = ReportText.__table__

#: Titles of documents that talk about annual reports without being one (notices, interpretations,
#: evaluations). A document with table cells is a report whatever its title says.
_NOT_A_REPORT = re.compile(r"通知|关于.*(?:编制|报送|发布)|考核|评估|评议|解读|图解")
_A_REPORT = re.compile(r"年度报告|年报")
#: Ids per IN (...) list: well under SQLite's and psycopg's parameter limits.
_CHUNK = 500
#: The report columns a regrouping computes (text reuse is computed per agency afterwards).
_REPORT_VALUES = (
    "published",
    "deadline",
    "documents",
    "canonical_document_id",
    "canonical_version_id",
    "template",
    "cells_found",
    "cells_expected",
    "rules_failed",
    "disagreeing_copies",
)
#: A report's text reuse columns before its text reuse is computed: a new report's, or one whose predecessor
#: was deleted (`sentences` is kept there: it is the report's own).
_NO_REUSE = {"previous_report_id": None, "text_reuse": None, "sentences": None}
_MEMBER_VALUES = ("annual_report_id", "version_id", "cells_found", "rules_failed", "canonical", "cells_differing")

GroupKey = tuple[int, int]  # (agency id, year)

# Statements run once per batch with many rows (executemany; the SET clause is the rows' other keys), built
# once: building one per row cost more than running it.
_UPDATE_REPORT = _report.update().where(_report.c.id == sa.bindparam("report"))
_UPDATE_MEMBER = _member.update().where(_member.c.document_id == sa.bindparam("document"))


def refresh(
    archive: Archive, portal_regions: Iterable[tuple[str, str | None, str | None, str | None]] = ()
) -> RefreshSummary:
    """Regroup what changed since the last refresh: `archive.refresh.refresh` (kept here for its callers)."""
    from nianbao.archive.refresh import refresh as drain

    return drain(archive, portal_regions)


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
    #: As the extraction says; `published` falls back to the page's for an attachment that says none.
    own_published: date | None
    region: Region
    template: str | None
    #: The cells it found (value not null): keys always; values only once `_Loader.load_values` read them,
    #: for a group of two or more copies (the only place values matter: copies that disagree).
    keys: indicators.CellKeys = field(default_factory=lambda: indicators.CellKeys(()))
    cells: dict[str, Any] = field(default_factory=dict)
    rules_failed: int = 0
    published: date | None = None

    @functools.cached_property
    def table_cells(self) -> int:
        """Read after the keys are loaded (`_Loader`), and then many times (rank)."""
        return indicators.table_cells(self.keys)

    def rank(self) -> tuple[Any, ...]:
        """Canonical order: most cells, fewest failed rules, latest published, latest fetched."""
        return (self.table_cells, -self.rules_failed, self.published or date.min, self.first_seen, self.document_id)


@dataclass
class Regrouped:
    """What one `regroup` did (or a refresh's batches together)."""

    documents: int = 0
    reports_written: int = 0
    reports_deleted: int = 0
    members_written: int = 0
    reindexed: int = 0


@dataclass(frozen=True)
class RefreshSummary:
    """The archive's annual reports after a refresh, and what the refresh did to get there."""

    annual_reports: int
    documents: int
    agencies: int
    disagreeing_copies: int
    changed: Regrouped = field(default_factory=Regrouped)
    batches: int = 0
    #: The longest write transaction of the refresh, in seconds: how long it kept other writers waiting.
    longest_write: float = 0.0


def regroup(
    conn: Connection,
    changed: Collection[int],
    now: datetime,
    *,
    force: bool = False,
    queued: Callable[[set[int]], set[int]] | None = None,
) -> Regrouped:
    """Regroup the documents `changed` names (and whatever their change affects) inside the caller's
    transaction. `force` rewrites every affected row and re-indexes its text even where nothing differs.

    `queued(ids)` says which of these documents are queued too (and takes them off the queue): members of a
    group being recomputed are regrouped with it, so a group of 240 copies, all re-extracted, is recomputed
    once and not once per batch."""
    loader = _Loader(conn)
    book = AgencyBook(conn, now)
    changed = set(changed)
    while True:
        affected = changed | _relatives(conn, changed)
        loader.load(affected | _relatives(conn, affected))
        children: dict[int, list[Copy]] = defaultdict(list)
        for c in loader.copies.values():
            if c.parent_id is not None:
                children[c.parent_id].append(c)
        loader.inherit_published()
        identities: dict[int, tuple[AgencyIdentity, int]] = {}
        for document_id in sorted(affected):
            c = loader.copies.get(document_id)
            if c is None:
                continue
            agency, year, region = _identity(c, loader.copies, children)
            if agency is None or year is None or not _is_report(c):
                continue
            identities[document_id] = (identify(agency, region), year)
        book.prefetch(identity for identity, _ in identities.values())
        joined = {d: (book.agency_id(identity), year) for d, (identity, year) in identities.items()}

        # Every group an affected document was in or is in now, with all its reports' rows and members.
        old_members = _member_rows(conn, _member.c.document_id, affected)
        old_report_of = {d: m["annual_report_id"] for d, m in old_members.items()}
        agencies = {a for a, _ in joined.values()} | _agencies_of(conn, set(old_report_of.values()))
        reports = _agency_reports(conn, agencies)
        key_of = {r["id"]: (r["agency_id"], r["year"]) for r in reports.values()}
        keys = set(joined.values()) | {key_of[r] for r in old_report_of.values()}
        report_of_key = {key_of[r]: r for r in reports if key_of[r] in keys}
        stored = _member_rows(conn, _member.c.annual_report_id, report_of_key.values())
        stored.update(old_members)
        groups: dict[GroupKey, list[int]] = defaultdict(list)
        for document_id, m in stored.items():
            if document_id not in affected:
                groups[key_of[m["annual_report_id"]]].append(document_id)
        for document_id, key in joined.items():
            groups[key].append(document_id)
        more = queued({d for d in stored if d not in affected}) - changed if queued is not None else set()
        if not more:
            break
        changed |= more
    done = Regrouped(documents=len(changed))
    loader.load({d for members in groups.values() for d in members})
    loader.load({c.parent_id for c in loader.copies.values() if c.parent_id is not None})
    loader.inherit_published()

    loader.load_values(d for members in groups.values() if len(members) > 1 for d in members)
    canonical_of: dict[int, Copy] = {}
    new_members: dict[int, dict[str, Any]] = {}
    report_updates: list[dict[str, Any]] = []
    for key in sorted(keys):
        members = [loader.copies[d] for d in sorted(groups.get(key, ())) if d in loader.copies]
        if not members:
            continue
        values, canonical, rows = _group(key, members, book)
        report_id = report_of_key.get(key)
        if report_id is None:
            report_id = conn.execute(
                _report.insert()
                .values({**values, "agency_id": key[0], "year": key[1], "refreshed": now})
                .returning(_report.c.id)
            ).scalar_one()
            reports[report_id] = {"id": report_id, "agency_id": key[0], "year": key[1], **_NO_REUSE}
            done.reports_written += 1
        elif force or any(reports[report_id][k] != v for k, v in values.items()):
            report_updates.append({**values, "refreshed": now, "report": report_id})
            done.reports_written += 1
        canonical_of[report_id] = canonical
        for document_id, row in rows.items():
            new_members[document_id] = dict(row, annual_report_id=report_id)

    if report_updates:
        conn.execute(_UPDATE_REPORT, report_updates)
    member_inserts: list[dict[str, Any]] = []
    member_updates: list[dict[str, Any]] = []
    for document_id, row in new_members.items():
        old = stored.get(document_id)
        if old is None:
            member_inserts.append({**row, "document_id": document_id})
        elif force or any(old[k] != row[k] for k in _MEMBER_VALUES):
            member_updates.append({**row, "document": document_id})
    if member_inserts:
        conn.execute(_member.insert(), member_inserts)
    if member_updates:
        conn.execute(_UPDATE_MEMBER, member_updates)
    done.members_written += len(member_inserts) + len(member_updates)
    left = [d for d in stored if d not in new_members]
    for chunk in _chunks(sorted(left)):
        conn.execute(_member.delete().where(_member.c.document_id.in_(chunk)))
    done.members_written += len(left)
    gone = sorted(r for k, r in report_of_key.items() if r not in canonical_of)
    gone_ids = set(gone)
    for chunk in _chunks(gone):
        conn.execute(
            _report.update()
            .where(_report.c.previous_report_id.in_(chunk))
            .values(previous_report_id=None, text_reuse=None)
        )
        conn.execute(_report.delete().where(_report.c.id.in_(chunk)))
    done.reports_deleted = len(gone)
    # The agencies' reports as they stand now, for text reuse: as read above, less those deleted, with the
    # links to them cut as just written (re-reading them all cost as much as the regrouping's own read).
    left_reports = {}
    for report_id, row in reports.items():
        if report_id not in gone_ids:
            cut = row["previous_report_id"] in gone_ids
            left_reports[report_id] = {**row, **_NO_REUSE, "sentences": row["sentences"]} if cut else row

    canonical = {r: c.extraction_id for r, c in canonical_of.items()}
    retexted = canonical if force else search.stale_reports(conn, canonical)
    texts = search.sections_of(conn, retexted.values())
    _text_reuse(conn, left_reports, canonical_of, retexted, force, texts)
    done.reindexed = search.index_reports(conn, retexted, force=True, rewrite=force, sections=texts)
    return done


def _group(
    key: GroupKey, members: list[Copy], book: AgencyBook
) -> tuple[dict[str, Any], Copy, dict[int, dict[str, Any]]]:
    """One group's report values, its canonical copy and its member rows (without the report id)."""
    agency_id, year = key
    canonical = max(members, key=Copy.rank)
    differing = {c.document_id: _differing(c, canonical) for c in members}
    expected = indicators.expected_cells(canonical.template, year, canonical.keys)
    published = [c.published for c in members if c.published is not None]
    values = {
        "published": min(published) if published else None,
        "deadline": indicators.deadline(book.kind(agency_id), year),
        "documents": len(members),
        "canonical_document_id": canonical.document_id,
        "canonical_version_id": canonical.version_id,
        "template": canonical.template,
        "cells_found": len(expected.intersection(canonical.keys.keys)),
        "cells_expected": len(expected),
        "rules_failed": canonical.rules_failed,
        "disagreeing_copies": sum(1 for n in differing.values() if n),
    }
    rows = {
        c.document_id: {
            "version_id": c.version_id,
            "cells_found": c.table_cells,
            "rules_failed": c.rules_failed,
            "canonical": c is canonical,
            "cells_differing": differing[c.document_id],
        }
        for c in members
    }
    return values, canonical, rows


#: The cells of extractions, IN (?) expanded by `_driver_rows`: ~250 cells a report, the most rows a regrouping
#: reads, so read by the driver's cursor without a SQLAlchemy Row each, and only for groups of two or more
#: copies (the keys of every copy come aggregated, one row per extraction: `_Loader._load`).
_CELLS_SQL = (
    "SELECT extraction_id, cell_key, value FROM extraction_cell WHERE extraction_id IN ({}) AND value IS NOT NULL"
)


def _driver_rows(conn: Connection, sql: str, ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """Rows of `sql` (one IN ({}) list of ids) as the DBAPI cursor returns them, values as the driver gives
    them (no Decimal per cell: they are only compared with values of the same column, and counted)."""
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql.format(", ".join([marker] * len(ids))), list(ids))
        return list(cursor.fetchall())
    finally:
        cursor.close()


class _Loader:
    """Copies of documents, loaded once each: the latest version's latest extraction, its cells and its
    failed-rule count (a document without an extraction of its latest version is no copy)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.regions = portal_regions(conn)
        self.copies: dict[int, Copy] = {}
        self.tried: set[int] = set()

    def load(self, document_ids: Iterable[int]) -> None:
        todo = sorted(set(document_ids) - self.tried)
        self.tried.update(todo)
        for chunk in _chunks(todo):
            self._load(chunk)

    def _load(self, document_ids: Sequence[int]) -> None:
        d, v, e = _document, _version, _extraction
        newer = v.alias("newer")
        latest_version = sa.select(sa.func.max(newer.c.seq)).where(newer.c.document_id == d.c.id).scalar_subquery()
        later = e.alias("later")
        latest_extraction = sa.select(sa.func.max(later.c.id)).where(later.c.version_id == v.c.id).scalar_subquery()
        query = (
            sa.select(
                d.c.id,
                d.c.parent_id,
                d.c.portal_id,
                v.c.id.label("version_id"),
                v.c.first_seen,
                e.c.id.label("extraction_id"),
                e.c.title,
                e.c.agency,
                e.c.year,
                e.c.published,
                e.c.province,
                e.c.city,
                e.c.county,
                e.c.template,
            )
            .select_from(d)
            .join(v, sa.and_(v.c.document_id == d.c.id, v.c.seq == latest_version))
            .join(e, e.c.id == latest_extraction)
            .where(d.c.id.in_(document_ids), d.c.kind.in_(("page", "attachment")))
        )
        by_extraction: dict[int, Copy] = {}
        for r in self.conn.execute(query):
            region = Region(r.province, r.city, r.county).merged(self.regions.get(r.portal_id, Region()))
            c = Copy(
                r.id,
                r.parent_id,
                r.portal_id,
                r.version_id,
                r.extraction_id,
                r.first_seen,
                r.title,
                r.agency,
                r.year,
                r.published,
                region,
                r.template,
            )
            by_extraction[r.extraction_id] = c
            self.copies[r.id] = c
        if not by_extraction:
            return
        ids = sorted(by_extraction)
        # Every key from the unique index alone, less the valueless ones (migration 0008's partial index):
        # filtering on the value made the database read every cell row.
        for extraction_id, keys in self.conn.execute(
            sa.select(_cell.c.extraction_id, sa.func.aggregate_strings(_cell.c.cell_key, "\n"))
            .where(_cell.c.extraction_id.in_(ids))
            .group_by(_cell.c.extraction_id)
        ):
            by_extraction[extraction_id].keys = indicators.CellKeys.joined(keys)
        valueless: dict[int, set[str]] = defaultdict(set)
        for extraction_id, cell_key in self.conn.execute(
            sa.select(_cell.c.extraction_id, _cell.c.cell_key).where(
                _cell.c.extraction_id.in_(ids), _cell.c.value.is_(None)
            )
        ):
            valueless[extraction_id].add(cell_key)
        for extraction_id, keys in valueless.items():
            found = by_extraction[extraction_id].keys.keys
            by_extraction[extraction_id].keys = indicators.CellKeys(k for k in found if k not in keys)
        for extraction_id, failed in self.conn.execute(
            sa.select(_check.c.extraction_id, sa.func.count())
            .where(_check.c.extraction_id.in_(ids), _check.c.status == "fail")
            .group_by(_check.c.extraction_id)
        ):
            by_extraction[extraction_id].rules_failed = failed

    def load_values(self, document_ids: Iterable[int]) -> None:
        """The cell values of these (loaded) copies, where not read yet."""
        todo = {}
        for document_id in document_ids:
            c = self.copies.get(document_id)
            if c is not None and len(c.keys) and not c.cells:
                todo[c.extraction_id] = c
        for chunk in _chunks(sorted(todo)):
            # As the driver returns them (no Decimal per cell: 250 cells a report): values are only compared
            # with values of the same column.
            for extraction_id, cell_key, value in _driver_rows(self.conn, _CELLS_SQL, chunk):
                todo[extraction_id].cells[cell_key] = value

    def inherit_published(self) -> None:
        """An attachment is published with its page."""
        for c in self.copies.values():
            parent = self.copies.get(c.parent_id) if c.parent_id is not None else None
            c.published = c.own_published or (parent.own_published if parent is not None else None)


def _relatives(conn: Connection, document_ids: Collection[int]) -> set[int]:
    """The pages and attachments of these documents."""
    found: set[int] = set()
    for chunk in _chunks(sorted(document_ids)):
        found.update(
            p
            for p in conn.execute(sa.select(_document.c.parent_id).where(_document.c.id.in_(chunk))).scalars()
            if p is not None
        )
        found.update(conn.execute(sa.select(_document.c.id).where(_document.c.parent_id.in_(chunk))).scalars())
    return found


def _member_rows(conn: Connection, column: sa.Column[int], ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Member rows (document id -> values) whose `column` is one of `ids`."""
    rows: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(sorted(set(ids))):
        for r in conn.execute(sa.select(_member).where(column.in_(chunk))):
            rows[r.document_id] = dict(r._mapping)
    return rows


def _agencies_of(conn: Connection, report_ids: set[int]) -> set[int]:
    found: set[int] = set()
    for chunk in _chunks(sorted(report_ids)):
        found.update(conn.execute(sa.select(_report.c.agency_id).where(_report.c.id.in_(chunk))).scalars())
    return found


def _agency_reports(conn: Connection, agency_ids: set[int]) -> dict[int, dict[str, Any]]:
    """Every report row of these agencies, by id."""
    reports: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(sorted(agency_ids)):
        for r in conn.execute(sa.select(_report).where(_report.c.agency_id.in_(chunk))):
            reports[r.id] = dict(r._mapping)
    return reports


def _identity(
    c: Copy, by_id: dict[int, Copy], children: dict[int, list[Copy]]
) -> tuple[str | None, int | None, Region]:
    """Agency, year and region of a copy; an attachment that names neither takes its page's, and a page
    whose text names neither takes those of its richest attachment."""
    agency, year, region = c.agency, c.year, c.region
    relatives = ([by_id[c.parent_id]] if c.parent_id in by_id else []) + sorted(
        children.get(c.document_id, []), key=Copy.rank, reverse=True
    )
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


def _text_reuse(
    conn: Connection,
    reports: dict[int, dict[str, Any]],
    canonical_of: dict[int, Copy],
    retexted: dict[int, int],
    force: bool,
    texts: dict[int, dict[str, Any] | None],
) -> None:
    """Each of these reports (all the reports of their agencies, by id) against the agency's previous one (the
    latest earlier year), where the report, its text or its predecessor changed."""
    by_agency: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in reports.values():
        by_agency[r["agency_id"]].append(r)
    todo: list[tuple[dict[str, Any], int | None]] = []
    for rows in by_agency.values():
        rows.sort(key=lambda r: r["year"])
        for i, r in enumerate(rows):
            previous = rows[i - 1]["id"] if i else None
            if force or r["id"] in retexted or previous in retexted or previous != r["previous_report_id"]:
                todo.append((r, previous))
    if not todo:
        return
    extraction_of = {r: c.extraction_id for r, c in canonical_of.items()}
    wanted = {i for r, p in todo for i in (r["id"], p) if i is not None}
    missing = sorted(wanted - extraction_of.keys())
    for chunk in _chunks(missing):
        extraction_of.update(
            conn.execute(
                sa.select(_text.c.annual_report_id, _text.c.extraction_id).where(_text.c.annual_report_id.in_(chunk))
            ).all()
        )
    needed = {extraction_of[i] for i in wanted if i in extraction_of}
    texts.update(search.sections_of(conn, needed - texts.keys()))
    sentences = {e: indicators.sentences(texts[e]) for e in needed if e in texts}
    updates = []
    for r, previous in todo:
        current = sentences.get(extraction_of.get(r["id"], -1), [])
        reuse = None
        if previous is not None:
            reuse = indicators.text_reuse(current, sentences.get(extraction_of.get(previous, -1), []))
        values = {"previous_report_id": previous, "text_reuse": reuse, "sentences": len(current) or None}
        if force or any(r[k] != v for k, v in values.items()):
            updates.append({**values, "report": r["id"]})
    if updates:
        conn.execute(_UPDATE_REPORT, updates)


def _chunks(items: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]
