"""Exports for pandas, R and Excel: the cells of each version's latest extraction, long or wide.

Long: one row per cell — the `report_cells` columns, then the fields of the document and of the extraction
the cell belongs to. Wide: one row per extracted version, those fields, then one column per cell key (in
print order, only keys that occur). Rows stream from the database in batches, so memory stays bounded for the
long form; the wide form holds one version's cells at a time.

Values: a cell is an exact decimal in the archive; CSV writes it as printed (`6`, `0.5`), JSON as a number,
Parquet as float64 (every count and 万元 amount of a report fits a double exactly enough for analysis).
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.parquet as pq
import sqlalchemy as sa

from nianbao.archive.database import reading
from nianbao.archive.labels import key_order
from nianbao.archive.store import Archive
from nianbao.models import ArchivedPortal, Document, Extraction, ExtractionCell, Version

FORMATS = ("csv", "jsonl", "parquet")
BATCH = 10_000

_document = Document.__table__
_portal = ArchivedPortal.__table__
_version = Version.__table__
_extraction = Extraction.__table__
_cell = ExtractionCell.__table__

#: The columns of `report_cells`, in its order.
CELL_COLUMNS: tuple[tuple[str, pa.DataType], ...] = (
    ("document_id", pa.int64()), ("version_id", pa.int64()), ("cell_key", pa.string()),
    ("table_key", pa.string()), ("row_key", pa.string()), ("col_key", pa.string()), ("value", pa.float64()),
    ("raw", pa.string()), ("source", pa.string()), ("extractor_version", pa.string()),
)
#: What a row says about its report: the document, the version, and the extraction's reading of it.
REPORT_COLUMNS: tuple[tuple[str, pa.DataType], ...] = (
    ("portal", pa.string()), ("url", pa.string()), ("kind", pa.string()), ("version_seq", pa.int64()),
    ("first_seen", pa.timestamp("us", tz="UTC")), ("title", pa.string()), ("agency", pa.string()),
    ("region", pa.string()), ("province", pa.string()), ("city", pa.string()), ("county", pa.string()),
    ("year", pa.int64()), ("published", pa.date32()), ("signed", pa.date32()), ("template", pa.string()),
    ("format", pa.string()),
)
#: Wide rows start with these, then one column per cell key.
WIDE_COLUMNS = (("document_id", pa.int64()), ("version_id", pa.int64()), ("extractor_version", pa.string()),
                *REPORT_COLUMNS)
LONG_COLUMNS = (*CELL_COLUMNS, *REPORT_COLUMNS)


def _latest() -> sa.Subquery:
    return sa.select(sa.func.max(_extraction.c.id).label("id")).group_by(_extraction.c.version_id).subquery()


def _cell_query() -> sa.Select[Any]:
    latest = _latest()
    e = _extraction
    return (
        sa.select(
            _version.c.document_id, _version.c.id.label("version_id"), _cell.c.cell_key, _cell.c.table_key,
            _cell.c.row_key, _cell.c.col_key, _cell.c.value, _cell.c.raw, _cell.c.source, e.c.extractor_version,
            _portal.c.name.label("portal"), _document.c.url, _document.c.kind, _version.c.seq.label("version_seq"),
            _version.c.first_seen, e.c.title, e.c.agency, e.c.region, e.c.province, e.c.city, e.c.county,
            e.c.year, e.c.published, e.c.signed, e.c.template, e.c.format,
        )
        .select_from(_cell)
        .join(latest, latest.c.id == _cell.c.extraction_id)
        .join(e, e.c.id == _cell.c.extraction_id)
        .join(_version, _version.c.id == e.c.version_id)
        .join(_document, _document.c.id == _version.c.document_id)
        .outerjoin(_portal, _portal.c.id == _document.c.portal_id)
        .order_by(_version.c.id, _cell.c.cell_key)
    )


def _value(value: Any) -> int | float | None:
    if value is None:
        return None
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else float(number)


def long_rows(archive: Archive) -> Iterator[dict[str, Any]]:
    with archive.engine.connect() as conn:
        result = reading(conn).execution_options(stream_results=True, yield_per=BATCH).execute(_cell_query())
        for row in result.mappings():
            out = dict(row)
            out["value"] = _value(out["value"])
            yield out


def cell_keys(archive: Archive) -> list[str]:
    """The cell keys that occur in some version's latest extraction, in print order."""
    latest = _latest()
    query = sa.select(_cell.c.cell_key).join(latest, latest.c.id == _cell.c.extraction_id).distinct()
    with archive.engine.connect() as conn:
        return sorted(reading(conn).execute(query).scalars(), key=key_order)


def wide_rows(archive: Archive, keys: list[str]) -> Iterator[dict[str, Any]]:
    current: dict[str, Any] | None = None
    for row in long_rows(archive):
        if current is None or current["version_id"] != row["version_id"]:
            if current is not None:
                yield current
            current = {name: row[name] for name, _ in WIDE_COLUMNS}
            current.update(dict.fromkeys(keys))
        current[row["cell_key"]] = row["value"]
    if current is not None:
        yield current


def export(archive: Archive, path: Path, fmt: str, *, wide: bool = False, bom: bool = False) -> int:
    """Write the export to `path` (atomically); returns the number of rows written."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    if wide:
        keys = cell_keys(archive)
        columns = [*WIDE_COLUMNS, *((key, pa.float64()) for key in keys)]
        rows: Iterable[dict[str, Any]] = wide_rows(archive, keys)
    else:
        columns = list(LONG_COLUMNS)
        rows = long_rows(archive)
    with replacing(path) as tmp:
        if fmt == "parquet":
            return _parquet(tmp, columns, rows)
        with open(tmp, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as out:
            return _csv(out, columns, rows) if fmt == "csv" else _jsonl(out, rows)


class replacing:
    """A temporary file beside `path`, renamed over it only when the export completed."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> Path:
        directory = self.path.parent if str(self.path.parent) else Path(".")
        fd, name = tempfile.mkstemp(dir=directory, prefix=f".{self.path.name}.", suffix=".partial")
        os.close(fd)
        self.tmp = Path(name)
        return self.tmp

    def __exit__(self, exc_type: object, *_: object) -> None:
        try:
            if exc_type is None:
                os.replace(self.tmp, self.path)
        finally:
            self.tmp.unlink(missing_ok=True)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _csv(out: TextIO, columns: list[tuple[str, pa.DataType]], rows: Iterable[dict[str, Any]]) -> int:
    writer = csv.writer(out)
    writer.writerow(name for name, _ in columns)
    n = 0
    for row in rows:
        writer.writerow(_text(row[name]) for name, _ in columns)
        n += 1
    return n


def _jsonl(out: TextIO, rows: Iterable[dict[str, Any]]) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, default=_text))
        out.write("\n")
        n += 1
    return n


def _parquet(path: Path, columns: list[tuple[str, pa.DataType]], rows: Iterable[dict[str, Any]]) -> int:
    schema = pa.schema(columns)
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        # Always one table, so an empty archive still gives a file with the schema.
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
        n += len(batch)
    return n
