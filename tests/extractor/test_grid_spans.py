"""Grids whose data rows put a merged cell somewhere else than the header (Word's HTML and DOCX do), signed
changes of the 2019 template, and amounts in 元 or 万元 (issue #17's examples)."""

from __future__ import annotations

import io

import pytest
from docx import Document

from nianbao.extractor import extract
from nianbao.extractor.bundle import Bundle
from nianbao.extractor.report import Report

T2_2019 = [
    [("第二十条第（一）项", 5)],
    [("信息内容", 1), ("本年新制作数量", 1), ("本年新公开数量", 2), ("对外公开总数量", 1)],
    [("规章", 1), ("12", 1), ("12", 2), ("287", 1)],
    [("规范性文件", 1), ("3", 2), ("2", 1), ("40", 1)],
    [("第二十条第（五）项", 5)],
    [("信息内容", 1), ("上一年项目数量", 1), ("本年增/减", 2), ("处理决定数量", 1)],
    [("行政许可", 1), ("893", 2), ("-183", 1), ("12854581", 1)],
    [("其他对外管理服务事项", 1), ("5", 1), ("+5174", 2), ("7", 1)],
    [("行政处罚", 1), ("4", 1), ("", 2), ("9", 1)],
    [("第二十条第（九）项", 5)],
    [("信息内容", 1), ("采购项目数量", 1), ("采购总金额（元）", 3)],
    [("政府集中采购", 1), ("4", 1), ("125000", 3)],
]
EXPECTED = {
    "t2.regulations.made": 12, "t2.regulations.published": 12, "t2.regulations.in_force": 287,
    "t2.normative_documents.made": 3, "t2.normative_documents.published": 2, "t2.normative_documents.in_force": 40,
    "t2.licensing.prior_year_items": 893, "t2.licensing.change": -183, "t2.licensing.decisions": 12854581,
    "t2.other_services.prior_year_items": 5, "t2.other_services.change": 5174, "t2.other_services.decisions": 7,
    "t2.punishment.prior_year_items": 4, "t2.punishment.decisions": 9,
    "t2.procurement.items": 4, "t2.procurement.amount": 12.5,
}  # fmt: skip
TITLE = "某县交通运输局2020年政府信息公开工作年度报告"


def html_report(rows: list[list[tuple[str, int]]]) -> Report:
    trs = "".join(
        "<tr>" + "".join(f"<td colspan={span}>{text}</td>" for text, span in row) + "</tr>" for row in rows
    )
    page = (
        f"<html><head><title>{TITLE}</title></head><body><div id='zoom'><p>{TITLE}</p>"
        f"<p>二、主动公开政府信息情况</p><table border=1>{trs}</table></div></body></html>"
    )
    return extract(Bundle(page.encode("utf-8"), "text/html; charset=utf-8"))


def docx_report(rows: list[list[tuple[str, int]]]) -> Report:
    doc = Document()
    doc.add_paragraph(TITLE)
    doc.add_paragraph("二、主动公开政府信息情况")
    table = doc.add_table(rows=len(rows), cols=5)
    for i, row in enumerate(rows):
        j = 0
        for text, span in row:
            cell = table.cell(i, j)
            if span > 1:
                cell = cell.merge(table.cell(i, j + span - 1))
            cell.text = text
            j += span
    out = io.BytesIO()
    doc.save(out)
    ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return extract(Bundle(out.getvalue(), ctype))


@pytest.mark.parametrize("read", [html_report, docx_report])
def test_a_merged_value_counts_once_and_rows_map_in_order(read) -> None:
    report = read(T2_2019)
    assert {k: c.value for k, c in report.cells.items() if k.startswith("t2.")} == EXPECTED
    assert report.cells["t2.other_services.change"].raw == "+5174"
    assert report.cells["t2.procurement.amount"].raw == "125000"  # printed in 元, stored in 万元


def test_an_amount_in_wan_yuan_stays_and_a_cell_unit_wins() -> None:
    rows = [r[:] for r in T2_2019]
    rows[-2] = [("信息内容", 1), ("采购项目数量", 1), ("采购总金额（万元）", 3)]
    assert html_report(rows).value("t2.procurement.amount") == 125000.0
    rows[-1] = [("政府集中采购", 1), ("4", 1), ("3600元", 3)]
    assert html_report(rows).value("t2.procurement.amount") == 0.36


def test_a_row_wider_than_its_header_is_left_out_with_a_warning() -> None:
    rows = [r[:] for r in T2_2019]
    rows[2] = [("规章", 1), ("12", 1), ("12", 1), ("5", 1), ("287", 1)]  # four numbers under three headings
    report = html_report(rows)
    assert not any(k.startswith("t2.regulations.") for k in report.cells)
    assert any("table 2 row regulations" in w for w in report.warnings)


def test_a_repeated_merged_cell_is_one_cell_when_the_runs_or_the_row_rule_say_so() -> None:
    from nianbao.extractor.tables.rows import merged_runs

    assert merged_runs(["171", "171", "41", "42", "54", "39", "8", "355"], 7) == [
        "171", "41", "42", "54", "39", "8", "355"
    ]  # fmt: skip
    # two equal neighbours: which pair is the merged cell? the row's total decides (171+41+42+42+54+39 = 389)
    row = ["171", "171", "41", "42", "42", "54", "39", "389"]

    def holds(cells: list[str]) -> bool:
        return sum(map(int, cells[:6])) == int(cells[6])

    assert merged_runs(row, 7, holds) == ["171", "41", "42", "42", "54", "39", "389"]
    assert merged_runs(row, 7) == row  # no rule to decide: left as it was (the row is then not read)
    # every way of dropping a repeat reads the same row: no choice to make
    assert merged_runs(["5", "5", "5", "5", "5", "5", "5", "30"], 7, holds) == ["5", "5", "5", "5", "5", "5", "30"]


def test_libreoffice_split_columns_go_by_where_cells_begin() -> None:
    from nianbao.extractor.formats.doc import drop_split_columns

    rows = [["规章", "1", "1", "1", "49"], ["信息内容", "本年制发件数", "本年废止件数", "本年废止件数", "现行有效件数"]]
    starts = [[0, 1, 2, 2, 4], [0, 1, 2, 2, 4]]  # column 3 is the tail of a two-column cell in every row
    narrowed, begins = drop_split_columns(rows, starts)
    assert narrowed == [["规章", "1", "1", "49"], ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]]
    assert begins == [[0, 1, 2, 3], [0, 1, 2, 3]]
    # the data row's two-column cell elsewhere than the header's: a column is split only where no row has a
    # cell of its own in it, and the narrowed rows still line up
    shifted = [[0, 1, 1, 3, 4], [0, 1, 2, 2, 4]]
    kept, begins = drop_split_columns(rows, shifted)
    assert kept == [["规章", "1", "1", "49"], ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]]
    # a real column of its own in some row is never dropped, equal texts or not
    own = [[0, 1, 2, 3, 4], [0, 1, 2, 2, 4]]
    assert drop_split_columns(rows, own)[0][0] == ["规章", "1", "1", "1", "49"]


def test_table4_in_a_grid_with_blank_cells_reads_each_number_at_its_column() -> None:
    """One row of fifteen cells, blanks printed as empty cells (the 2019 上海市人民政府办公厅 report): each
    number in its column, the blanks absent (an empty cell is no 0)."""
    head = "".join(f"<td>{w}</td>" for w in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 3)
    numbers = ["5", "", "", "2", "7", "8", "", "", "1", "9", "", "", "", "", ""]
    row = "".join(f"<td>{n or '&nbsp;'}</td>" for n in numbers)
    page = (
        f"<html><body><div id='zoom'><p>{TITLE}</p><p>四、政府信息公开行政复议、行政诉讼情况</p><table border=1>"
        "<tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>"
        "<tr><td colspan=5></td><td colspan=5>未经复议直接起诉</td><td colspan=5>复议后起诉</td></tr>"
        f"<tr>{head}</tr><tr>{row}</tr></table></div></body></html>"
    )
    report = extract(Bundle(page.encode("utf-8"), "text/html; charset=utf-8"))
    got = {k: report.value(k) for k in report.cells if k.startswith("t4.")}
    assert got == {
        "t4.review.upheld": 5, "t4.review.pending": 2, "t4.review.total": 7,
        "t4.litigation_direct.upheld": 8, "t4.litigation_direct.pending": 1, "t4.litigation_direct.total": 9,
    }  # fmt: skip
