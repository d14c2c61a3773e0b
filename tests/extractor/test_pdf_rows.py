"""Unruled PDF tables: which lines make one row (pdf_text._row_groups), on positions taken from fuzz seeds."""

from __future__ import annotations

from nianbao.extractor.formats import pdf_text
from nianbao.extractor.formats.pdf_text import Chunk, Line


def _line(*cells: tuple[float, float, str]) -> Line:
    """A line of chunks (x0, top, text), 12 pt a character wide and 11 pt tall."""
    return Line([Chunk(x, top, x + 12 * len(text), top + 11, text) for x, top, text in cells])


def test_a_tall_header_whose_cells_start_below_the_label_note_is_one_row():
    # Seed 176891656 (table 3, columns reordered): the note in the label column wraps at its own pitch, so the
    # line holding its last piece starts 6 pt above the organisation cells' first line (科研, 商业, ...); from
    # line top to line top their second line (机构, 企业, ...) looked a row's step away, and the header fell
    # into two rows (科研 | 机构), the order of its columns then unreadable.
    header = [
        _line((90, 489.8, "（本列数据的勾稽关"), (220, 490.0, "申请人情况")),
        _line((90, 505.2, "系为：第一项加第二")),
        _line((220, 515.9, "自然"), (263, 516.0, "法人或其他组织"), (479, 516.0, "总计")),
        _line((90, 520.6, "项之和，等于第三项")),
        _line((220, 532.2, "人")),
        _line(
            (90, 536.0, "加第四项之和）"),
            (263, 542.1, "科研"),
            (306, 542.1, "商业"),
            (349, 542.1, "社会"),
            (392, 542.1, "法律"),
            (436, 542.1, "其他"),
        ),
        _line((263, 558.2, "机构"), (306, 558.1, "企业"), (349, 558.2, "公益"), (392, 558.2, "服务")),
        _line((349, 574.3, "组织"), (392, 574.3, "机构")),
    ]
    numbers = [(220, "150"), (263, "42"), (306, "51"), (349, "63"), (392, "38"), (436, "55"), (479, "399")]
    rows = [
        _line((90, 600.2, "一、本年新收政府信"), *((x, 601.5, n) for x, n in numbers)),
        _line((90, 616.3, "息公开申请数量")),
        _line((90, 642.4, "二、上年结转政府信"), *((x, 643.7, n) for x, n in numbers)),
        _line((90, 658.5, "息公开申请数量")),
    ]
    groups = pdf_text._row_groups([*header, *rows])
    assert [len(g) for g in groups] == [len(header), 2, 2]
    grid, _ = pdf_text._grid(groups)
    assert "科研机构" in "".join(grid[0]) and "法律服务机构" in "".join(grid[0])


def test_rows_a_padding_apart_stay_apart_though_their_numbers_sit_lower():
    # The numbers of a row stand a little below its label; the next row's label is still a row's step below
    # them (pitch plus padding), not a line of the same cell.
    numbers = [(220, "1"), (263, "2")]
    lines = [
        _line((90, 100.0, "规章"), *((x, 101.5, n) for x, n in numbers)),
        _line((90, 116.0, "制度")),  # a wrapped label: one pitch below
        _line((90, 142.0, "行政规范性文件"), *((x, 143.5, n) for x, n in numbers)),
        _line((90, 168.0, "其他文件"), *((x, 169.5, n) for x, n in numbers)),
    ]
    assert [len(g) for g in pdf_text._row_groups(lines)] == [2, 1, 1]


def test_a_single_number_row_under_its_header_is_a_row_though_its_label_ends_close_to_the_number():
    # Seed 31337041 (table 2's fees): the label fills its column and wraps ('行政事业性收|费'), ending 14 pt
    # before the number, less than the wide gap that makes a line an anchor; its cells start where the header
    # line's cells start, which makes it a row. It was read as paragraphs, the fees missed.
    lines = [
        _line((90, 375.5, "第二十条第（八）项")),
        _line((90, 401.6, "信息内容"), (176, 401.6, "本年收费金额（单位：万元）")),
        _line((90, 427.8, "行政事业性收"), (176, 429.0, "316.92")),
        _line((90, 443.9, "费")),
        _line((90, 469.9, "3、收到和处理政府信息公开申请情况")),
    ]
    blocks = [block for _, block in pdf_text.blocks_of(lines, 90, 520)]
    tables = [block.rows for block in blocks if isinstance(block, pdf_text.PositionedRows)]
    assert tables == [[["信息内容", "本年收费金额（单位：万元）"], ["行政事业性收费", "316.92"]]]


def test_a_label_and_number_not_under_its_header_cells_stays_prose():
    header = _line((90, 100.0, "信息内容"), (176, 100.0, "本年收费金额"))
    assert not pdf_text._under_its_header(header, _line((90, 126.0, "共收费"), (150, 126.0, "316.92")))
    assert pdf_text._under_its_header(header, _line((90, 126.0, "行政事业性收"), (176, 126.0, "316.92")))


def test_a_wide_number_stays_in_the_column_it_starts_in():
    # Seed 31337045 (table 2, 2019 template): a part of the table prints its third column from x=336; the
    # procurement part has two, and its amount '669.99万元' (306-374) runs on into that extent. Copied into both
    # columns it read as three cells for two, and the row was left out.
    rows = [
        [_line((90, 426.4, "行政处罚"), (276, 426.4, "35"), (306, 426.4, "-1"), (336, 426.4, "1155个"))],
        [_line((90, 582.6, "信息内容"), (198, 582.6, "采购项目数量"), (306, 582.6, "采购总金额"))],
        [_line((90, 608.6, "政府集中采购"), (198, 608.6, "25项"), (306, 608.6, "669.99万元"))],
    ]
    grid, _ = pdf_text._grid(rows)
    assert grid[2] == ["政府集中采购", "25项", "", "669.99万元", ""]
    assert grid[1] == ["信息内容", "采购项目数量", "", "采购总金额", "采购总金额"]  # words keep their spans
