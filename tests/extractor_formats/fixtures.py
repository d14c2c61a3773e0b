"""Documents whose tables we know, made with the real tools (python-docx, LibreOffice, openpyxl, Pillow).

Layout-level tests need a table with merged cells like the national template's table 3, filled with random
non-zero numbers, and the grid a reader must return (spans expanded). `SpecCell` rows describe the printed
table; `expand` gives the grid.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

from nianbao.corpus.render_pdf import soffice_convert as soffice_convert  # one LibreOffice call for corpus and tests

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

T3_COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
T3_ROWS: list[tuple[str, str, str]] = [
    # (level-1 label, level-2 label, level-3 label); equal neighbours are merged
    ("一、本年新收政府信息公开申请数量", "", ""),
    ("二、上年结转政府信息公开申请数量", "", ""),
    ("三、本年度办理结果", "（一）予以公开", ""),
    ("三、本年度办理结果", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ""),
    ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"),
    ("三、本年度办理结果", "（三）不予公开", "2.其他法律行政法规禁止公开"),
    ("三、本年度办理结果", "（三）不予公开", "3.危及“三安全一稳定”"),
    ("三、本年度办理结果", "（三）不予公开", "4.保护第三方合法权益"),
    ("三、本年度办理结果", "（三）不予公开", "5.属于三类内部事务信息"),
    ("三、本年度办理结果", "（三）不予公开", "6.属于四类过程性信息"),
    ("三、本年度办理结果", "（三）不予公开", "7.属于行政执法案卷"),
    ("三、本年度办理结果", "（三）不予公开", "8.属于行政查询事项"),
    ("三、本年度办理结果", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("三、本年度办理结果", "（四）无法提供", "2.没有现成信息需要另行制作"),
    ("三、本年度办理结果", "（四）无法提供", "3.补正后申请内容仍不明确"),
    ("三、本年度办理结果", "（五）不予处理", "1.信访举报投诉类申请"),
    ("三、本年度办理结果", "（五）不予处理", "2.重复申请"),
    ("三、本年度办理结果", "（五）不予处理", "3.要求提供公开出版物"),
    ("三、本年度办理结果", "（五）不予处理", "4.无正当理由大量反复申请"),
    ("三、本年度办理结果", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
    ("三、本年度办理结果", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    (
        "三、本年度办理结果",
        "（六）其他处理",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    ("三、本年度办理结果", "（六）其他处理", "3.其他"),
    ("三、本年度办理结果", "（七）总计", ""),
    ("四、结转下年度继续办理", "", ""),
]


@dataclass
class SpecCell:
    text: str
    rowspan: int = 1
    colspan: int = 1


SpecRows = list[list[SpecCell]]


def t3_spec(rng: random.Random, *, zero_share: float = 0.1) -> SpecRows:
    """Table 3 as printed (3 label columns, 7 number columns), numbers random and mostly non-zero."""
    rows: SpecRows = [
        [
            SpecCell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
            SpecCell("申请人情况", 1, 7),
        ],
        [SpecCell("自然人", 2, 1), SpecCell("法人或其他组织", 1, 5), SpecCell("总计", 2, 1)],
        [SpecCell(name) for name in T3_COLUMNS[1:6]],
    ]
    body: SpecRows = []
    for index, (l1, l2, l3) in enumerate(T3_ROWS):
        cells: list[SpecCell] = []
        if not l2:
            cells.append(SpecCell(l1, 1, 3))
        else:
            if index == 0 or T3_ROWS[index - 1][0] != l1:
                cells.append(SpecCell(l1, sum(1 for r in T3_ROWS if r[0] == l1), 1))
            if not l3:
                cells.append(SpecCell(l2, 1, 2))
            else:
                if T3_ROWS[index - 1][1] != l2:
                    cells.append(SpecCell(l2, sum(1 for r in T3_ROWS if r[1] == l2), 1))
                cells.append(SpecCell(l3))
        numbers = [0 if rng.random() < zero_share else rng.randint(1, 999) for _ in range(6)]
        cells.extend(SpecCell(str(n)) for n in numbers)
        cells.append(SpecCell(str(sum(numbers))))
        body.append(cells)
    return rows + body


def small_spec(rng: random.Random, rows: int = 6) -> SpecRows:
    """A plain table (table 2 style): label + three number columns."""
    spec: SpecRows = [
        [SpecCell("信息内容"), SpecCell("本年制发件数"), SpecCell("本年废止件数"), SpecCell("现行有效件数")]
    ]
    labels = ["规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费", "其他事项", "合计"]
    for i in range(rows):
        spec.append([SpecCell(labels[i % len(labels)]), *(SpecCell(str(rng.randint(1, 5000))) for _ in range(3))])
    return spec


def expand(spec: SpecRows) -> list[list[str]]:
    """The grid a reader must return: every merged cell's text in every position it covers."""
    placed: dict[tuple[int, int], str] = {}
    for r, row in enumerate(spec):
        c = 0
        for cell in row:
            while (r, c) in placed:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    placed[(r + dr, c + dc)] = cell.text
            c += cell.colspan
    height = max(r for r, _ in placed) + 1
    width = max(c for _, c in placed) + 1
    return [[placed.get((r, c), "") for c in range(width)] for r in range(height)]


def numbers_of(grid: list[list[str]]) -> list[str]:
    return [cell for row in grid for cell in row if cell.isdigit()]


def docx_bytes(blocks: list[str | SpecRows], *, ruled: bool = True, number_width: float = 0.55) -> bytes:
    """A DOCX of paragraphs and tables; merged cells through python-docx's merge(); number columns
    `number_width` inches wide."""
    import docx

    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        grid = expand(block)
        table = document.add_table(rows=len(grid), cols=len(grid[0]))
        if ruled:
            table.style = "Table Grid"
        widths = _column_widths(grid, number_width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
        placed: set[tuple[int, int]] = set()
        for r, row in enumerate(block):
            c = 0
            for cell in row:
                while (r, c) in placed:
                    c += 1
                top = table.cell(r, c)
                if cell.rowspan > 1 or cell.colspan > 1:
                    top = top.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
                top.text = cell.text
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        placed.add((r + dr, c + dc))
                c += cell.colspan
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _column_widths(grid: list[list[str]], number_width: float) -> list[int]:
    """Label columns wide, number columns narrow, as report tables are laid out (EMU, 6 inches in all)."""
    from docx.shared import Inches

    numeric = [all(row[c].isdigit() for row in grid[-3:]) for c in range(len(grid[0]))]
    n_numbers = sum(numeric)
    label_share = 6.0 - number_width * n_numbers
    n_labels = max(len(numeric) - n_numbers, 1)
    return [Inches(number_width) if is_number else Inches(label_share / n_labels) for is_number in numeric]


def full_width_every(spec: SpecRows, step: int) -> SpecRows:
    """The spec with every `step`-th number printed in full-width digits (２１８), as some reports do."""
    table = str.maketrans("0123456789", "０１２３４５６７８９")
    count = 0
    out: SpecRows = []
    for row in spec:
        cells = []
        for cell in row:
            if cell.text.isascii() and cell.text.isdigit():
                count += 1
                if count % step == 0:
                    cell = SpecCell(cell.text.translate(table), cell.rowspan, cell.colspan)
            cells.append(cell)
        out.append(cells)
    return out


def xlsx_bytes(specs: list[SpecRows], title: str | None = None) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for index, spec in enumerate(specs):
        sheet = book.create_sheet(f"表{index + 1}")
        offset = 0
        if title:
            sheet.cell(1, 1, title)
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(expand(spec)[0]))
            offset = 1
        placed: set[tuple[int, int]] = set()
        for r, row in enumerate(spec):
            c = 0
            for cell in row:
                while (r, c) in placed:
                    c += 1
                value: str | int = int(cell.text) if cell.text.isdigit() else cell.text
                sheet.cell(r + 1 + offset, c + 1, value)
                if cell.rowspan > 1 or cell.colspan > 1:
                    sheet.merge_cells(
                        start_row=r + 1 + offset,
                        start_column=c + 1,
                        end_row=r + offset + cell.rowspan,
                        end_column=c + cell.colspan,
                    )
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        placed.add((r + dr, c + dc))
                c += cell.colspan
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
