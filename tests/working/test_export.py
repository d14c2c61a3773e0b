"""`nianbao export`: long and wide files that pandas and pyarrow read back equal to `report_cells`."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest

from nianbao.archive import Archive
from nianbao.archive.labels import key_order
from tests.archive.helpers import nianbao
from tests.working.helpers import rows, store, store_extracted, truths

CELL_COLUMNS = ["document_id", "version_id", "cell_key", "table_key", "row_key", "col_key", "value", "raw",
                "source", "extractor_version"]


@pytest.fixture
def filled(archive: Archive) -> Archive:
    reports = truths(5)
    store_extracted(archive, reports[:4], label="0.9.0")  # older readings, to be hidden by newer ones
    store_extracted(archive, reports[:3])
    store(archive, reports[4], minutes=3)  # never extracted: in no export
    archive.save_extraction(
        store(archive, reports[0], minutes=9, url=reports[0].url + "?v2"),
        {"extractor_version": "1.1.0", "cells": {"prose.litigation_total": 2, "t2.fees.amount": 0.25},
         "cell_details": {"t2.fees.amount": {"raw": "0.25", "source": "table"}}},
    )
    return archive


def _plain(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


def _tuples(frame: pd.DataFrame) -> set[tuple[Any, ...]]:
    frame = frame.astype(object)
    return {tuple(_plain(v) for v in row) for row in frame[CELL_COLUMNS].itertuples(index=False)}


def _report_cells(archive: Archive) -> set[tuple[Any, ...]]:
    found = rows(archive, f"SELECT {', '.join(CELL_COLUMNS)} FROM report_cells")
    return {tuple(_plain(float(v) if i == 6 and v is not None else v) for i, v in enumerate(row)) for row in found}


def _read(path: Path, fmt: str, wide: bool = False) -> pd.DataFrame:
    if fmt == "csv" and wide:
        return pd.read_csv(path, encoding="utf-8-sig")
    if fmt == "csv":
        return pd.read_csv(path, dtype={"col_key": str, "raw": str, "extractor_version": str}, keep_default_na=False,
                           na_values={"col_key": [""], "raw": [""], "source": [""], "value": [""]},
                           encoding="utf-8-sig")
    if fmt == "jsonl":
        return pd.read_json(path, lines=True, dtype={"extractor_version": str, "raw": str})
    return pd.read_parquet(path)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_the_long_export_reads_back_equal_to_report_cells(
    filled: Archive, fmt: str, tmp_path: Path, capsysbinary: Any
) -> None:
    target = tmp_path / f"cells.{fmt}"
    code, out, err = nianbao(capsysbinary, "export", "--format", fmt, "-o", str(target))
    assert (code, err) == (0, "")
    expected = _report_cells(filled)
    assert len(expected) > 500
    frame = _read(target, fmt)
    assert len(frame) == len(expected)
    assert f"{len(expected)} rows (long)" in out.decode()
    assert _tuples(frame) == expected
    assert (frame.groupby("version_id")["extractor_version"].nunique() == 1).all()  # the latest reading only
    assert "0.9.0" in set(frame["extractor_version"]) and len(frame[frame["extractor_version"] == "0.9.0"]) == \
        len([c for c in expected if c[-1] == "0.9.0"])
    titles = set(frame["title"].dropna())
    assert any("政府信息公开工作年度报告" in t for t in titles)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_the_wide_export_has_a_row_per_version_and_a_column_per_cell_key(
    filled: Archive, fmt: str, tmp_path: Path, capsysbinary: Any
) -> None:
    target = tmp_path / f"wide.{fmt}"
    code, _, err = nianbao(capsysbinary, "export", "--format", fmt, "--wide", "-o", str(target))
    assert (code, err) == (0, "")
    frame = _read(target, fmt, wide=True)
    versions = rows(filled, "SELECT DISTINCT version_id FROM report_cells")
    assert sorted(frame["version_id"]) == sorted(v for (v,) in versions)
    keys = [c for c in frame.columns if c.startswith(("t2.", "t3.", "t4.", "prose."))]
    assert keys == sorted(keys, key=key_order)
    long = pd.DataFrame([dict(zip(CELL_COLUMNS, r, strict=True)) for r in _report_cells(filled)])
    back = frame.melt(id_vars=["version_id"], value_vars=keys, var_name="cell_key", value_name="value")
    back = back[back["value"].notna()]
    assert {(int(v), k, float(x)) for v, k, x in back[["version_id", "cell_key", "value"]].itertuples(index=False)} \
        == {(v, k, x) for v, k, x in long[["version_id", "cell_key", "value"]].itertuples(index=False)
            if x is not None}


def test_parquet_types_and_an_excel_csv_with_a_bom(filled: Archive, tmp_path: Path, capsysbinary: Any) -> None:
    parquet = tmp_path / "cells.parquet"
    nianbao(capsysbinary, "export", "--format", "parquet", "-o", str(parquet))
    schema = pq.read_schema(parquet)
    assert str(schema.field("value").type) == "double" and str(schema.field("published").type) == "date32[day]"
    excel = tmp_path / "cells.csv"
    code, _, _ = nianbao(capsysbinary, "export", "--format", "csv", "--wide", "--bom", "-o", str(excel))
    assert code == 0
    data = excel.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfdocument_id,") and "年度报告".encode() in data
    code, _, err = nianbao(capsysbinary, "export", "--format", "jsonl", "--bom", "-o", str(excel))
    assert code == 2 and "--bom" in err
    code, _, err = nianbao(capsysbinary, "export", "--format", "csv", "-o", str(tmp_path / "no" / "such.csv"))
    assert code == 1 and "cannot write" in err


@pytest.mark.parametrize("wide", [False, True], ids=["long", "wide"])
def test_a_count_beyond_int64_is_exported_to_parquet_as_the_nearest_double(
    archive: Archive, wide: bool, tmp_path: Path, capsysbinary: Any
) -> None:
    """A misread or hostile document's 10^20 must not end the export: Arrow takes a Python int into a double
    through int64, which such a number overflows."""
    [report] = truths(1)
    archive.save_extraction(
        store(archive, report),
        {"extractor_version": "1.1.0", "cells": {"t2.fees.amount": 10**20, "prose.litigation_total": 2}},
    )
    target = tmp_path / "cells.parquet"
    code, _, err = nianbao(capsysbinary, "export", "--format", "parquet", *(["--wide"] if wide else []), "-o",
                           str(target))
    assert (code, err) == (0, "")
    frame = pd.read_parquet(target)
    if wide:
        assert list(frame["t2.fees.amount"]) == [1e20] and list(frame["prose.litigation_total"]) == [2.0]
    else:
        assert sorted(frame["value"]) == [2.0, 1e20]
