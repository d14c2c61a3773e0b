"""Table 4's column words read down each column when a narrow column prints them a character a line."""

from __future__ import annotations

from nianbao.extractor.tables.rows import Row, TableReading
from nianbao.extractor.tables.t4 import read_t4


def _row(cells: list[str]) -> Row:
    return Row(label="", values=[c for c in cells], source="table", printed="".join(cells), cells=cells)


def _read(header_lines: list[str]) -> TableReading:
    rows = [_row(list(line)) for line in header_lines]
    rows.append(_row(["4", "0", "5", "1", "10", "0", "3", "0", "4", "7", "2", "4", "0", "0", "6"]))
    out = TableReading()
    read_t4(rows, out)
    return out


def test_words_printed_down_narrow_columns_are_the_columns_labels() -> None:
    # an unruled PDF's table 4 (fresh seeds 860369910, 860369937): 结果维持 one character a line in each column
    out = _read(["结结其尚总" * 3, "果果他未计" * 3, "维纠结审 " * 3, "持正果结 " * 3])
    assert not out.warnings, out.warnings
    assert out.cells["t4.review.upheld"].value == 4 and out.cells["t4.litigation_after_review.total"].value == 6


def test_columns_with_no_words_are_still_said_unreadable() -> None:
    out = _read(["甲乙丙丁戊" * 3])
    assert any("column labels unreadable" in w for w in out.warnings)
    assert out.cells["t4.review.upheld"].value == 4  # the template's order, as warned
