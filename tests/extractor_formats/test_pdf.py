from __future__ import annotations

import pytest

from nianbao.extractor.bundle import Bundle
from nianbao.extractor.formats import pdf, pdf_text
from nianbao.extractor.layout import Paragraph, Table
from nianbao.extractor.limits import ExtractionError
from nianbao.extractor.tables import grid
from tests.extractor_formats import fixtures

pytestmark = pytest.mark.slow  # LibreOffice makes the fixtures (a few seconds, once per session)


def _tables(layout):
    return [block.rows for block in layout.blocks if isinstance(block, Table)]


def test_ruled_tables_exact_and_joined_over_the_page_break(report_pdf, t3_spec, small_spec):
    layout = pdf.read(Bundle(body=report_pdf))
    assert _tables(layout) == [fixtures.expand(small_spec), fixtures.expand(t3_spec)]
    assert all(block.source == "table" for block in layout.blocks if isinstance(block, Table))


def test_paragraphs_in_reading_order_and_rejoined(report_pdf):
    layout = pdf.read(Bundle(body=report_pdf))
    texts = [block.text for block in layout.blocks if isinstance(block, Paragraph)]
    assert texts[:2] == ["某某县人民政府2024年政府信息公开工作年度报告", "二、主动公开政府信息情况"]
    # A paragraph wrapped over several printed lines comes back whole.
    assert texts.count("本机关认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息1259条，" * 3) == 12
    assert texts[-1] == "四、政府信息公开行政复议、行政诉讼情况"
    kinds = [type(block).__name__ for block in layout.blocks]
    assert kinds.index("Table") == 2 and kinds.count("Table") == 2


def test_metadata_date(report_pdf):
    layout = pdf.read(Bundle(body=report_pdf))
    assert layout.published is not None and len(layout.published) == 10
    assert layout.metadata["Producer"].startswith("LibreOffice")


def test_table_without_ruling_lines(unruled_pdf, small_spec):
    layout = pdf.read(Bundle(body=unruled_pdf))
    assert _tables(layout) == [fixtures.expand(small_spec)]
    assert [b.text for b in layout.blocks if isinstance(b, Paragraph)] == [
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
    ]


def test_numbers_wrapped_in_narrow_unruled_cells_come_back_whole(narrow_unruled_pdf, narrow_t3_spec):
    layout = pdf.read(Bundle(body=narrow_unruled_pdf))
    read = [row for rows in _tables(layout) for row in rows]
    expected = fixtures.numbers_of(fixtures.expand(narrow_t3_spec))
    assert any(len(n) == 3 and not n.isascii() for n in expected)  # "２１８" does not fit a 0.42-inch column
    assert fixtures.numbers_of(read) == expected


def test_wrapped_digits_over_a_page_break_join_the_number_above():
    last = ["（七）总计", "21", "45", "4"]
    assert pdf._wrapped_digits(last, ["", "8", "", "0"]) == ["（七）总计", "218", "45", "40"]
    assert pdf._wrapped_digits(last, ["", "8", "3", "0"]) is None  # every number: a row of its own
    assert pdf._wrapped_digits(last, ["计", "8", "", ""]) == ["（七）总计计", "218", "45", "4"]  # the label's rest
    assert pdf._wrapped_digits(last, ["（八）其他", "8", "", ""]) is None  # a new label: a new row
    assert pdf._wrapped_digits(["规章", "3（其中修订1件）", "2"], ["", "5", ""]) is None


def test_join_rows_mends_a_row_and_a_label_cut_by_the_break():
    head = [["三、办理结果", "（三）不予公开", "3.危及“三安全", "5", "6"]]
    tail = [["", "", "一稳定”", "", ""], ["", "", "4.保护第三方", "1", "2"]]
    assert pdf._join_rows(head, tail) == [
        ["三、办理结果", "（三）不予公开", "3.危及“三安全一稳定”", "5", "6"],
        ["三、办理结果", "（三）不予公开", "4.保护第三方", "1", "2"],
    ]


def test_join_rows_keeps_a_new_row_apart():
    head = [["规章", "3", "1", "2"]]
    tail = [["行政许可", "5", "", ""]]
    assert pdf._join_rows(head, tail) == head + tail


@pytest.mark.parametrize("raw", ["", "%PDF-1.7\n", "hello"])
def test_not_a_pdf_is_a_clean_error(raw):
    with pytest.raises(ExtractionError):
        pdf.read(Bundle(body=raw.encode()))


def test_pdf_date():
    assert pdf._pdf_date("D:20250110093000+08'00'") == "2025-01-10"
    assert pdf._pdf_date("garbage") is None


def test_labels_merged_over_rows_fill_the_rows_they_cover():
    rows = [
        ["", "", "自然人", "总计"],
        ["三、办理结果", "（三）不予公开", "1.国家秘密", "5", "6"],
        ["", "", "2.禁止公开", "1", "2"],
        ["", "（四）无法提供", "1.不掌握", "3", "4"],
        ["", "", "的信息", "", ""],  # a wrapped piece of a label: left as read
        ["", "", "2.另行制作", "7", "8"],
        ["四、结转下年度", "", "", "9", "9"],
    ]
    assert grid.fill_spanned_labels(rows) == [
        ["", "", "自然人", "总计"],
        ["三、办理结果", "（三）不予公开", "1.国家秘密", "5", "6"],
        ["三、办理结果", "（三）不予公开", "2.禁止公开", "1", "2"],
        ["三、办理结果", "（四）无法提供", "1.不掌握", "3", "4"],
        ["", "", "的信息", "", ""],
        ["三、办理结果", "（四）无法提供", "2.另行制作", "7", "8"],
        ["四、结转下年度", "", "", "9", "9"],
    ]


def _line(top: float, *cells: tuple[float, str]) -> pdf_text.Line:
    return pdf_text.Line([pdf_text.Chunk(x, top, x + 12 * len(text), top + 11, text) for x, text in cells])


def test_a_header_left_at_the_page_foot_is_found_and_prose_is_not():
    prose = _line(500, (90, "本年度新收政府信息公开申请396件，具体办理情况如下表："))
    header = [
        _line(530, (90, "（本列数据的勾稽关系"), (280, "申请人情况")),
        _line(546, (90, "为：第一项加第二")),  # a label cell wrapped within its column
        _line(562, (280, "自"), (310, "法人或其他组织"), (492, "总")),
        _line(578, (280, "然"), (492, "计")),
    ]
    assert pdf_text.foot_header_start([prose, *header]) == 1
    assert pdf_text.foot_header_start([prose]) == 1
    rows = [_line(400, (90, "规章"), (280, "3"), (330, "5")), _line(426, (90, "行政许可"), (280, "7"), (330, "1"))]
    assert pdf_text.foot_header_start([*rows, prose, *header]) == 3


def test_digits_a_page_break_carried_over_go_back_to_the_row_it_cut():
    label = ["一、本年新收政府信息公开申请数量", "２", "42", "４", "53"]
    before = pdf.PageTable(
        rows=[["", "自然人", "商业企业", "科研机构", "总计"], label],
        top=0,
        bottom=0,
        columns=[(90, 282), (310, 322), (340, 356), (371, 383), (492, 507)],
    )
    blocks: list = [Table(rows=[r[:] for r in before.rows])]
    # the next page's part: its label column split in two, so it does not line up as a whole
    after = pdf.PageTable(
        rows=[["", "", "７８", "", "６", "4"], ["二、上年", "结转", "2", "1", "0", "3"]],
        top=0,
        bottom=0,
        columns=[(90, 150), (164, 248), (310, 322), (340, 356), (371, 383), (492, 499)],
    )
    rest = pdf._digits_carried_back(before, after, blocks)
    assert blocks[0].rows[-1] == ["一、本年新收政府信息公开申请数量", "２７８", "42", "４６", "534"]
    assert rest.rows == after.rows[1:]
    # a first row with a label is a row of its own
    blocks = [Table(rows=[r[:] for r in before.rows])]
    assert (
        pdf._digits_carried_back(
            before, pdf.PageTable(rows=after.rows[1:], top=0, bottom=0, columns=after.columns), blocks
        ).rows
        == after.rows[1:]
    )
    assert blocks[0].rows[-1] == label


def test_a_wrapped_double_dash_and_a_wrapped_unit_join_their_cells():
    # narrow columns: the dash and "４０" fill theirs, so what stands under them one line lower is their rest
    row = _line(100, (90, "结果维持"), (200, "—"), (228, "4"), (320, "４０"), (358, "3"))
    wrap = _line(112, (200, "—"), (320, "８个"))
    next_row = _line(140, (90, "结果纠正"), (200, "1"), (228, "2"), (320, "5"), (358, "—"))
    lines = pdf_text._join_wrapped_numbers([row, wrap, next_row, _line(152, (90, "其他"))])
    assert [c.text for c in lines[0].chunks] == ["结果维持", "——", "4", "４０８个", "3"]
    assert [c.text for c in lines[1].chunks] == ["结果纠正", "1", "2", "5", "—"]
