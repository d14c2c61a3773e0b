"""Storing an extraction: the `nianbao extract --json` object of interfaces.md, split into rows users query.

One extraction per (version, extractor version): saving again with the same extractor version replaces it
(a new row with a higher id, which is what the views call the latest).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
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
#: The version's document and seq, and whether it is the document's latest version.
_VERSION = sa.select(
    _version.c.document_id,
    _version.c.seq,
    sa.select(sa.func.max(_latest.c.seq))
    .where(_latest.c.document_id == _version.c.document_id)
    .scalar_subquery()
    .label("latest_seq"),
).where(_version.c.id == sa.bindparam("version_id"))
_EARLIER = sa.select(_extraction.c.id).where(
    _extraction.c.version_id == sa.bindparam("version_id"),
    _extraction.c.extractor_version == sa.bindparam("extractor_version"),
)
_INSERT = _extraction.insert().returning(_extraction.c.id)
_INSERT_CELLS = _cell.insert()
_INSERT_CHECKS = _check.insert()


class BadReport(ValueError):
    """An extraction report that does not follow interfaces.md; nothing of it is stored."""


def split_cell_key(cell_key: str) -> tuple[str, str, str | None]:
    """`t3.new.total` -> ("t3", "new", "total"); `prose.litigation_total` -> ("prose", "litigation_total", None)."""
    parts = cell_key.split(".")
    if len(parts) < 2 or not all(parts):
        raise BadReport(f"cell key {cell_key!r} is not TABLE.ROW[.COLUMN]")
    return parts[0], parts[1], ".".join(parts[2:]) or None


def save_extraction(conn: Connection, version_id: int, report: Mapping[str, Any], now: Any) -> int:
    """Store `report` for `version_id`; returns the extraction id. Caller provides the transaction."""
    extractor_version = report.get("extractor_version")
    if not extractor_version or not isinstance(extractor_version, str):
        raise BadReport("the report has no extractor_version")
    cells = _cells(report)
    checks = _checks(report)
    warnings = list(report.get("warnings") or [])
    published, warn = _date(report.get("published"), "published")
    warnings += warn
    signed, warn = _date(report.get("signed"), "signed")
    warnings += warn
    year = report.get("year")
    if year is not None and not isinstance(year, int):
        raise BadReport(f"year {year!r} is not an integer")

    version = conn.execute(_VERSION, {"version_id": version_id}).first()
    if version is None:
        raise KeyError(f"no version {version_id}")

    # Replacing this extractor's earlier extraction is the rare case: looked for first, deleted if found.
    earlier = conn.execute(_EARLIER, {"version_id": version_id, "extractor_version": extractor_version}).scalars()
    if earlier_ids := list(earlier):
        # Children first: foreign-key cascades are not something to rely on across both databases.
        conn.execute(_cell.delete().where(_cell.c.extraction_id.in_(earlier_ids)))
        conn.execute(_check.delete().where(_check.c.extraction_id.in_(earlier_ids)))
        conn.execute(_extraction.delete().where(_extraction.c.id.in_(earlier_ids)))

    fields = {k: v for k, v in report.items() if k not in _SPLIT_KEYS}
    row = {
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
    extraction_id = conn.execute(_INSERT, row).scalar_one()
    if cells:
        conn.execute(_INSERT_CELLS, [dict(c, extraction_id=extraction_id) for c in cells])
    if checks:
        conn.execute(_INSERT_CHECKS, [dict(c, extraction_id=extraction_id) for c in checks])
    if version.seq == version.latest_seq:
        _name_document(conn, version.document_id, report, year)
    return extraction_id


def _name_document(conn: Connection, document_id: int, report: Mapping[str, Any], year: Any) -> None:
    """Title, agency, region and year are "known" once the latest version's extraction names them."""
    known = {
        "title": _str(report.get("title")),
        "agency": _str(report.get("agency")),
        "region": _str(report.get("region")),
        "year": year,
    }
    known = {k: v for k, v in known.items() if v is not None}
    if known:
        conn.execute(_document.update().where(_document.c.id == document_id).values(**known))


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
