"""Storing an extraction: the `nianbao extract --json` object of interfaces.md, split into rows users query.

One extraction per (version, extractor version): saving again with the same extractor version replaces it
(a new row with a higher id, which is what the views call the latest).
"""

from __future__ import annotations

import functools
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from nianbao.models import Document, Extraction, ExtractionCell, ExtractionCheck, Version

_extraction = Extraction.__table__
_cell = ExtractionCell.__table__
_check = ExtractionCheck.__table__
_version = Version.__table__
_document = Document.__table__

#: Keys kept in their own columns or tables rather than in `extraction.fields`.
_SPLIT_KEYS = ("cells", "cell_details", "checks", "warnings")

# The statements of a save, built once (re-extraction saves thousands of reports; building a statement cost
# more than running it). Parameters by name.
_latest = _version.alias("latest")
#: The versions' documents and seqs, and whether each is its document's latest version.
_VERSIONS = sa.select(
    _version.c.id,
    _version.c.document_id,
    _version.c.seq,
    sa.select(sa.func.max(_latest.c.seq))
    .where(_latest.c.document_id == _version.c.document_id)
    .scalar_subquery()
    .label("latest_seq"),
).where(_version.c.id.in_(sa.bindparam("ids", expanding=True)))
_EARLIER = sa.select(_extraction.c.id, _extraction.c.version_id, _extraction.c.extractor_version).where(
    _extraction.c.version_id.in_(sa.bindparam("ids", expanding=True))
)
_INSERT = _extraction.insert().returning(_extraction.c.id)
#: Several rows, their ids in the order of the rows (SQLAlchemy's insertmanyvalues, both databases).
_INSERT_MANY = _extraction.insert().returning(_extraction.c.id, sort_by_parameter_order=True)


class BadReport(ValueError):
    """An extraction report that does not follow interfaces.md; nothing of it is stored."""


@functools.lru_cache(maxsize=4096)
def split_cell_key(cell_key: str) -> tuple[str, str, str | None]:
    """`t3.new.total` -> ("t3", "new", "total"); `prose.litigation_total` -> ("prose", "litigation_total", None)."""
    parts = cell_key.split(".")
    if len(parts) < 2 or not all(parts):
        raise BadReport(f"cell key {cell_key!r} is not TABLE.ROW[.COLUMN]")
    return parts[0], parts[1], ".".join(parts[2:]) or None


def save_extraction(conn: Connection, version_id: int, report: Mapping[str, Any], now: Any) -> int:
    """Store `report` for `version_id`; returns the extraction id. Caller provides the transaction."""
    return save_extractions(conn, [(version_id, report)], now)[0]


def save_extractions(conn: Connection, items: Sequence[tuple[int, Mapping[str, Any]]], now: Any) -> list[int]:
    """Store several (version id, report) pairs in the caller's transaction, as `save_extraction` would one
    after the other; returns the extraction ids in order. Every report is checked before anything is written
    (a bad one stores none). Why a batch: a save is a handful of statements for a few hundred cells, and
    building and sending those per report costs more than the rows (bench/scale stores 100,000 reports, a
    re-extraction thousands); here the cells and checks of the whole batch are one executemany each."""
    rows = [_row(version_id, report, now) for version_id, report in items]
    cells = [_cells(report) for _, report in items]
    checks = [_checks(report) for _, report in items]
    versions: dict[int, Any] = {}
    for chunk in _chunks(sorted({version_id for version_id, _ in items})):
        versions.update((v.id, v) for v in conn.execute(_VERSIONS, {"ids": chunk}))
    for version_id, _ in items:
        if version_id not in versions:
            raise KeyError(f"no version {version_id}")
    ids: list[int] = []
    # A run of items naming no (version, extractor version) twice at a time: a second save of the same
    # pair in one batch must replace the first, as it would one at a time.
    start = 0
    while start < len(items):
        seen: set[tuple[int, str]] = set()
        end = start
        while end < len(items) and (key := (rows[end]["version_id"], rows[end]["extractor_version"])) not in seen:
            seen.add(key)
            end += 1
        ids += _save_run(conn, rows[start:end], cells[start:end], checks[start:end], versions, seen)
        start = end
    named: dict[int, dict[str, Any]] = {}  # the latest version's extraction names its document
    for (version_id, report), row in zip(items, rows, strict=True):
        version = versions[version_id]
        if version.seq == version.latest_seq:
            named.setdefault(version.document_id, {}).update(_known(report, row["year"]))
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for document_id, known in named.items():
        if known:
            by_columns[tuple(sorted(known))].append({"document": document_id, **known})
    for columns, params in by_columns.items():
        conn.execute(
            _document.update()
            .where(_document.c.id == sa.bindparam("document"))
            .values({c: sa.bindparam(c) for c in columns}),
            params,
        )
    return ids


def _row(version_id: int, report: Mapping[str, Any], now: Any) -> dict[str, Any]:
    """The extraction row of a report, checked (BadReport)."""
    extractor_version = report.get("extractor_version")
    if not extractor_version or not isinstance(extractor_version, str):
        raise BadReport("the report has no extractor_version")
    warnings = list(report.get("warnings") or [])
    published, warn = _date(report.get("published"), "published")
    warnings += warn
    signed, warn = _date(report.get("signed"), "signed")
    warnings += warn
    year = report.get("year")
    if year is not None and not isinstance(year, int):
        raise BadReport(f"year {year!r} is not an integer")
    fields = {k: v for k, v in report.items() if k not in _SPLIT_KEYS}
    return {
        "version_id": version_id,
        "extractor_version": extractor_version,
        "created": now,
        "title": _str(report.get("title")),
        "agency": _str(report.get("agency")),
        "region": _str(report.get("region")),
        "province": _str(report.get("province")),
        "city": _str(report.get("city")),
        "county": _str(report.get("county")),
        "year": year,
        "published": published,
        "signed": signed,
        "template": _str(report.get("template")),
        "format": _str(report.get("format")),
        "fields": _jsonable(fields),
        "warnings": _jsonable(warnings),
    }


def _save_run(
    conn: Connection,
    rows: list[dict[str, Any]],
    cells: list[list[dict[str, Any]]],
    checks: list[list[dict[str, Any]]],
    versions: Mapping[int, Any],
    keys: set[tuple[int, str]],
) -> list[int]:
    """Insert extractions whose (version, extractor version) pairs differ, replacing earlier ones."""
    earlier_ids: list[int] = []
    # Replacing this extractor's earlier extraction is the rare case: looked for first, deleted if found.
    for chunk in _chunks(sorted({version_id for version_id, _ in keys})):
        earlier_ids += [
            r.id for r in conn.execute(_EARLIER, {"ids": chunk}) if (r.version_id, r.extractor_version) in keys
        ]
    for chunk in _chunks(sorted(earlier_ids)):
        # Children first: foreign-key cascades are not something to rely on across both databases.
        conn.execute(_cell.delete().where(_cell.c.extraction_id.in_(chunk)))
        conn.execute(_check.delete().where(_check.c.extraction_id.in_(chunk)))
        conn.execute(_extraction.delete().where(_extraction.c.id.in_(chunk)))
    if len(rows) == 1:
        ids = [conn.execute(_INSERT, rows[0]).scalar_one()]
    else:
        ids = list(conn.execute(_INSERT_MANY, rows).scalars())
    cell_rows = [dict(c, extraction_id=e) for e, some in zip(ids, cells, strict=True) for c in some]
    check_rows = [dict(c, extraction_id=e) for e, some in zip(ids, checks, strict=True) for c in some]
    if cell_rows:
        _insert_many(conn, _cell, cell_rows)
    if check_rows:
        _insert_many(conn, _check, check_rows)
    return ids


def _insert_many(conn: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Rows (dicts with the same keys) in one executemany handed straight to the driver, each value through
    its column type's bind processor. Why not `conn.execute(table.insert(), rows)`: SQLAlchemy builds each
    row's parameters in Python, which took as long as SQLite's inserting them (a report has ~250 cells)."""
    columns = list(rows[0])
    dialect = conn.dialect
    compiled = table.insert().compile(dialect=dialect, column_keys=columns)
    processors = {
        c: p for c in columns if (p := table.c[c].type.dialect_impl(dialect).bind_processor(dialect)) is not None
    }
    if processors:
        rows = [{**row, **{c: p(row[c]) for c, p in processors.items()}} for row in rows]
    if compiled.positional:
        order = compiled.positiontup or []
        conn.exec_driver_sql(str(compiled), [tuple(row[c] for c in order) for row in rows])
    else:
        conn.exec_driver_sql(str(compiled), rows)


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), 500):
        yield ids[start : start + 500]


def _known(report: Mapping[str, Any], year: Any) -> dict[str, Any]:
    """Title, agency, region and year are "known" once the latest version's extraction names them."""
    known = {
        "title": _str(report.get("title")),
        "agency": _str(report.get("agency")),
        "region": _str(report.get("region")),
        "year": year,
    }
    return {k: v for k, v in known.items() if v is not None}


def _cells(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    cells = report.get("cells") or {}
    details = report.get("cell_details") or {}
    if not isinstance(cells, Mapping) or not isinstance(details, Mapping):
        raise BadReport("cells and cell_details must be objects keyed by cell key")
    rows = []
    for cell_key, value in cells.items():
        table_key, row_key, col_key = split_cell_key(cell_key)
        detail = details.get(cell_key) or {}
        rows.append(
            {
                "cell_key": cell_key,
                "table_key": table_key,
                "row_key": row_key,
                "col_key": col_key,
                "value": _number(cell_key, value),
                "raw": _str(detail.get("raw")),
                "source": _str(detail.get("source")),
            }
        )
    return rows


def _number(cell_key: str, value: Any) -> Decimal | None:
    if value is None:
        return None
    if type(value) is int:  # the common case, exact either way
        return Decimal(value)
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise BadReport(f"cell {cell_key}: {value!r} is not a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise BadReport(f"cell {cell_key}: {value!r} is not a finite number")
    try:
        # Through str: a float 0.1 is stored as 0.1, not as its binary expansion.
        return Decimal(str(value))
    except InvalidOperation as err:
        raise BadReport(f"cell {cell_key}: {value!r} is not a number") from err


def _checks(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    checks = report.get("checks") or []
    if not isinstance(checks, list):
        raise BadReport("checks must be a list")
    rows = []
    for check in checks:
        if not isinstance(check, Mapping) or not check.get("rule") or not check.get("status"):
            raise BadReport(f"check {check!r} lacks rule or status")
        rows.append(
            {
                "rule": str(check["rule"]),
                "status": str(check["status"]),
                "detail": _str(check.get("detail")),
                "cells": _jsonable(list(check.get("cells") or [])),
            }
        )
    return rows


def _date(value: Any, name: str) -> tuple[date | None, list[str]]:
    if value is None or isinstance(value, date):
        return value, []
    try:
        return date.fromisoformat(str(value)), []
    except ValueError:
        # Kept verbatim in `fields`; the column stays empty rather than wrong.
        return None, [f"{name} {value!r} is not an ISO date"]


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def _jsonable(value: Any) -> Any:
    """JSON-safe copy (dates and decimals as text), so both databases store the same thing."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))
