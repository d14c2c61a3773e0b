"""Zero markers ("—", "-", "/") in count cells, on crafted variants of a real report (seed 002).

A dash is 0 only where the table's own sums confirm it; a dash standing for a number (the sums then break) or
in a sum the table cannot complete stays absent, its rules not assessable, and a warning names it.
"""

from __future__ import annotations

import pytest

from nianbao.extractor import keys
from nianbao.extractor.numbers import parse_cell
from nianbao.extractor.report import Cell
from nianbao.extractor.zero_markers import confirmed
from tests.extractor.test_interpret import SEED_002, read

NEW_ROW = "一、本年新收政府信息公开申请数量\t\t6\t0\t0\t0\t0\t0\t6"


@pytest.mark.parametrize("marker", ["—", "-", "－", "——", "/", "／"])
def test_every_marker_is_a_provisional_zero(marker: str) -> None:
    value = parse_cell(marker)
    assert value is not None and (value.value, value.raw, value.zero_marker) == (0, marker, True)


@pytest.mark.parametrize("text", ["", " ", "*", "x", "---", "无关"])
def test_other_texts_are_no_zero_marker(text: str) -> None:
    value = parse_cell(text)
    assert value is None or not value.zero_marker


def test_dashes_the_totals_confirm_are_zero_with_their_raw_text() -> None:
    text = SEED_002.replace("规章\t0\t0\t0", "规章\t—\t/\t0").replace(
        NEW_ROW, "一、本年新收政府信息公开申请数量\t\t6\t—\t－\t/\t——\t-\t6"
    )
    report = read(text)
    made = report.cells["t2.regulations.made"]
    assert (made.value, made.raw, made.source, made.zero_marker) == (0, "—", "table", True)
    commercial = report.cells["t3.new.commercial"]
    assert (commercial.value, commercial.raw, commercial.zero_marker) == (0, "—", True)
    assert report.to_json()["cell_details"]["t3.new.research"] == {"raw": "－", "source": "table", "zero_marker": True}
    assert "zero_marker" not in report.to_json()["cell_details"]["t3.new.total"]
    for rule in ("t3_balance", "t3_row_total", "non_negative"):
        assert report.check(rule).status == "pass"  # type: ignore[union-attr]
    assert not any("zero marker" in w for w in report.warnings)


def test_a_dash_standing_for_a_number_is_absent_and_named() -> None:
    # the row's total says 6 applications, the dash hides the natural person's 6: 0 would break the sums
    report = read(SEED_002.replace(NEW_ROW, "一、本年新收政府信息公开申请数量\t\t—\t0\t0\t0\t0\t0\t6"))
    assert "t3.new.natural_person" not in report.cells
    assert report.check("t3_row_total").status == "not_assessable"  # type: ignore[union-attr]
    assert report.check("t3_balance").status == "not_assessable"  # type: ignore[union-attr]
    assert any("zero marker" in w and "t3.new.natural_person=—" in w for w in report.warnings)


def test_a_dash_in_a_sum_with_an_empty_cell_is_not_confirmed() -> None:
    row = {c: Cell(f"t4.review.{c}", 0, "0", "table") for c in ("upheld", "corrected", "total")}
    row["other"] = Cell("t4.review.other", 0, "—", "table", zero_marker=True)  # "pending" printed blank
    cells, warnings = confirmed({c.key: c for c in row.values()}, org_subtotal=False, other_single=False)
    assert "t4.review.other" not in cells and "t4.review.total" in cells
    assert warnings and "t4.review.other=—" in warnings[0]


def test_markers_in_one_failing_sum_fall_together() -> None:
    cells = {f"t4.review.{c}": Cell(f"t4.review.{c}", 0, "—", "table", zero_marker=True) for c in keys.T4_COLUMNS}
    cells["t4.review.total"] = Cell("t4.review.total", 3, "3", "table")
    kept, _ = confirmed(cells, org_subtotal=False, other_single=False)
    assert list(kept) == ["t4.review.total"]


def test_prose_contradicting_a_dash_in_table_2_keeps_it_out() -> None:
    text = SEED_002.replace("行政许可\t0", "行政许可\t—").replace(
        "2024年，冶源街道深入贯彻", "2024年，作出行政许可为263件。冶源街道深入贯彻", 1
    )
    report = read(text)
    cell = report.cells.get("t2.licensing.decisions")
    assert cell is None or (cell.source == "prose" and not cell.zero_marker)
    assert any("t2.licensing.decisions" in w for w in report.warnings)


def _t3_without_other_column() -> dict[str, Cell]:
    """Table 3 printed without its 其他 column: two natural persons' applications, both granted."""
    cells = {}
    for row in keys.t3_rows():
        for column in keys.t3_columns():
            if column != "other_org":
                filled = row.key in ("new", "granted", "handled_total") and column in ("natural_person", "total")
                value = 2 if filled else 0
                cells[f"t3.{row.key}.{column}"] = Cell(f"t3.{row.key}.{column}", value, str(value), "table")
    return cells


def test_a_table_without_its_other_column_confirms_markers_by_its_column_sums() -> None:
    cells = _t3_without_other_column()
    cells["t3.new.commercial"] = Cell("t3.new.commercial", 0, "—", "table", zero_marker=True)
    cells["t3.granted.research"] = Cell("t3.granted.research", 0, "—", "table", zero_marker=True)
    kept, warnings = confirmed(cells, org_subtotal=False, other_single=False)
    assert kept["t3.new.commercial"].value == 0 and kept["t3.granted.research"].value == 0
    assert warnings == []


def test_without_the_other_column_a_marker_its_column_sum_refutes_stays_out() -> None:
    cells = _t3_without_other_column()
    cells["t3.handled_total.research"] = Cell("t3.handled_total.research", 1, "1", "table")
    cells["t3.granted.research"] = Cell("t3.granted.research", 0, "—", "table", zero_marker=True)  # stands for 1
    kept, warnings = confirmed(cells, org_subtotal=False, other_single=False)
    assert "t3.granted.research" not in kept
    assert warnings and "t3.granted.research=—" in warnings[0]
