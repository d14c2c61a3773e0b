"""Exports for pandas, R and Excel: the cells of each version's latest extraction, long or wide.

Long: one row per cell — the `report_cells` columns, then the fields of the document and of the extraction
the cell belongs to. Wide: one row per extracted version, those fields, then one column per cell key (in
print order, only keys that occur). Rows stream from the database in batches of BATCH cells, so memory stays
bounded; the wide form holds BATCH versions at a time. A batch is columns, not a dict a row (see `Batch`): the
cells' own columns come from one query, each report's fields once a report from another.

Values: a cell is an exact decimal in the archive; CSV writes it as printed (`6`, `0.5`), JSON as a number,
Parquet as float64 (every count and 万元 amount of a report fits a double exactly enough for analysis).
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from itertools import chain, groupby, repeat
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
    """The cells of every version's latest extraction, by version and key: the cell's own columns and its
    extraction's id (the report's columns are read once a report, by `_REPORTS`, not once a cell)."""
    latest = _latest()
    return (
        sa.select(
            _extraction.c.id, _cell.c.cell_key, _cell.c.table_key, _cell.c.row_key, _cell.c.col_key, _cell.c.value,
            _cell.c.raw, _cell.c.source,
        )
        .select_from(_cell)
        .join(latest, latest.c.id == _cell.c.extraction_id)
        .join(_extraction, _extraction.c.id == _cell.c.extraction_id)
        .order_by(_extraction.c.version_id, _cell.c.cell_key)
    )


#: What the rows of a report (an extraction) say about it, for the extractions of a batch of cells.
_REPORTS = (
    sa.select(
        _extraction.c.id, _version.c.document_id, _version.c.id.label("version_id"), _extraction.c.extractor_version,
        _portal.c.name.label("portal"), _document.c.url, _document.c.kind, _version.c.seq.label("version_seq"),
        _version.c.first_seen, _extraction.c.title, _extraction.c.agency, _extraction.c.region,
        _extraction.c.province, _extraction.c.city, _extraction.c.county, _extraction.c.year,
        _extraction.c.published, _extraction.c.signed, _extraction.c.template, _extraction.c.format,
    )
    .select_from(_extraction)
    .join(_version, _version.c.id == _extraction.c.version_id)
    .join(_document, _document.c.id == _version.c.document_id)
    .outerjoin(_portal, _portal.c.id == _document.c.portal_id)
    .where(_extraction.c.id.in_(sa.bindparam("ids", expanding=True)))
)
_REPORT_NAMES = list(_REPORTS.selected_columns.keys())[1:]  # after the extraction id
_CELL_NAMES = ("cell_key", "table_key", "row_key", "col_key", "value", "raw", "source")


def _value(value: Any) -> int | float | None:
    if value is None:
        return None
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else float(number)


@dataclass
class Batch:
    """Up to BATCH cells, as columns: the cells' own (`_CELL_NAMES`, values as `_value` makes them), and
    their reports' (`_REPORT_NAMES`) once a report, each report's cells being the next `runs[i]` cells.

    Why columns and runs instead of a dict a row: a report's twenty fields are the same for its few hundred
    cells, so they are read, converted and (for Parquet) built into Arrow arrays once a report and repeated by
    Arrow; the cells' rows are transposed in one C call and each column built by Arrow from its list.
    """

    cells: dict[str, Sequence[Any]]
    reports: dict[str, Sequence[Any]]
    runs: list[int]

    def __len__(self) -> int:
        return sum(self.runs)

    def column(self, name: str) -> Sequence[Any]:
        """A long column as Python values, a report's field repeated for each of its cells."""
        if name in self.cells:
            return self.cells[name]
        return list(chain.from_iterable(map(repeat, self.reports[name], self.runs)))

    def array(self, name: str, kind: pa.DataType) -> pa.Array:
        """A long column as an Arrow array (a report's field converted once, repeated by `take`)."""
        if name in self.cells:
            return _arrow(self.cells[name], kind)
        return _arrow(self.reports[name], kind).take(self._positions)

    @cached_property
    def _positions(self) -> pa.Array:
        """For each cell, its report's index among the batch's reports."""
        return pa.array(list(chain.from_iterable(map(repeat, range(len(self.runs)), self.runs))), type=pa.int32())


def long_batches(archive: Archive) -> Iterator[Batch]:
    """The long rows, BATCH cells at a time (the last batch shorter), by version and cell key."""
    with archive.engine.connect() as conn:
        conn = reading(conn)
        result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(_cell_query())
        while rows := result.fetchmany(BATCH):
            extraction_ids, *cell_columns = zip(*rows, strict=True)
            cells = dict(zip(_CELL_NAMES, cell_columns, strict=True))
            cells["value"] = [None if v is None else _value(v) for v in cells["value"]]
            order = [extraction for extraction, _ in groupby(extraction_ids)]
            runs = [sum(1 for _ in run) for _, run in groupby(extraction_ids)]
            found = {row[0]: row[1:] for row in conn.execute(_REPORTS, {"ids": sorted(set(order))})}
            reports = dict(zip(_REPORT_NAMES, zip(*(found[e] for e in order), strict=True), strict=True))
            yield Batch(cells, reports, runs)


def cell_keys(archive: Archive) -> list[str]:
    """The cell keys that occur in some version's latest extraction, in print order."""
    latest = _latest()
    query = sa.select(_cell.c.cell_key).join(latest, latest.c.id == _cell.c.extraction_id).distinct()
    with archive.engine.connect() as conn:
        return sorted(reading(conn).execute(query).scalars(), key=key_order)


def wide_batches(archive: Archive, keys: list[str]) -> Iterator[list[list[Any]]]:
    """The wide rows (WIDE_COLUMNS, then a value per key of `keys`), BATCH at a time: a list a version, its
    report's fields and its cells' values in their keys' places (a version's cells may span two batches)."""
    place = {key: len(WIDE_COLUMNS) + i for i, key in enumerate(keys)}
    fields = [_REPORT_NAMES.index(name) for name, _ in WIDE_COLUMNS]
    rows: list[list[Any]] = []
    current: list[Any] | None = None
    version_at = [name for name, _ in WIDE_COLUMNS].index("version_id")
    for batch in long_batches(archive):
        keys_, values = batch.cells["cell_key"], batch.cells["value"]
        reports = list(zip(*batch.reports.values(), strict=True))
        start = 0
        for report, run in zip(reports, batch.runs, strict=True):
            if current is None or current[version_at] != report[fields[version_at]]:
                if len(rows) == BATCH:
                    yield rows
                    rows = []
                current = [report[i] for i in fields] + [None] * len(keys)
                rows.append(current)
            for i in range(start, start + run):
                current[place[keys_[i]]] = values[i]
            start += run
    if rows:
        yield rows


def export(archive: Archive, path: Path, fmt: str, *, wide: bool = False, bom: bool = False) -> int:
    """Write the export to `path` (atomically); returns the number of rows written."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    if wide:
        keys = cell_keys(archive)
        columns = [*WIDE_COLUMNS, *((key, pa.float64()) for key in keys)]
        batches: Iterable[Batch | list[list[Any]]] = wide_batches(archive, keys)
    else:
        columns = list(LONG_COLUMNS)
        batches = long_batches(archive)
    with replacing(path) as tmp:
        if fmt == "parquet":
            return _parquet(tmp, columns, batches)
        with open(tmp, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as out:
            return _csv(out, columns, batches) if fmt == "csv" else _jsonl(out, columns, batches)


def _columns(batch: Batch | list[list[Any]], columns: list[tuple[str, pa.DataType]]) -> list[Sequence[Any]]:
    """A batch's columns as Python values: a long batch's by name, wide rows transposed."""
    if isinstance(batch, Batch):
        return [batch.column(name) for name, _ in columns]
    return list(zip(*batch, strict=True))


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


def _arrow(values: Sequence[Any], kind: pa.DataType) -> pa.Array:
    """`values` as an Arrow array of `kind`. Arrow converts a Python int to a double through int64, so a count
    beyond int64 (a hostile or misread document's) would end the export; such a column is converted number by
    number instead, to the nearest double, as the file's float64 column says."""
    try:
        return pa.array(values, type=kind)
    except (OverflowError, pa.ArrowInvalid):
        if not pa.types.is_floating(kind):
            raise
        return pa.array([None if v is None else float(v) for v in values], type=kind)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _csv(out: TextIO, columns: list[tuple[str, pa.DataType]], batches: Iterable[Batch | list[list[Any]]]) -> int:
    """Rows written from their columns; the csv module writes None as "" and numbers by str(), so only
    timestamps (which str() would print with a space, not isoformat's T) are turned into text first."""
    writer = csv.writer(out)
    writer.writerow(name for name, _ in columns)
    times = [i for i, (_, kind) in enumerate(columns) if pa.types.is_timestamp(kind)]
    n = 0
    for batch in batches:
        values = _columns(batch, columns)
        for i in times:
            values[i] = [None if v is None else v.isoformat() for v in values[i]]
        writer.writerows(zip(*values, strict=True))
        n += len(batch)
    return n


def _jsonl(out: TextIO, columns: list[tuple[str, pa.DataType]], batches: Iterable[Batch | list[list[Any]]]) -> int:
    names = [name for name, _ in columns]
    n = 0
    for batch in batches:
        for row in zip(*_columns(batch, columns), strict=True):
            out.write(json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False, default=_text))
            out.write("\n")
        n += len(batch)
    return n


def _parquet(path: Path, columns: list[tuple[str, pa.DataType]], batches: Iterable[Batch | list[list[Any]]]) -> int:
    """A row group a batch (BATCH rows, the last shorter), each column an Arrow array built from a list."""
    schema = pa.schema(columns)
    n = last = 0
    with pq.ParquetWriter(path, schema) as writer:
        for batch in batches:
            if isinstance(batch, Batch):
                arrays = [batch.array(name, kind) for name, kind in columns]
            else:
                values = _columns(batch, columns)
                arrays = [_arrow(column, kind) for column, (_, kind) in zip(values, columns, strict=True)]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
            last = len(batch)
            n += last
        if last in (0, BATCH):  # a last, empty table: an empty archive still gives a file with the schema
            writer.write_table(schema.empty_table())
    return n
