"""Table rows as readers give them: split into label and value area, assigned to tables 2–4 by their words.

A row is split into its label (the cells with Chinese text) and its value area (the cells after the label).
Values are taken in order when a row has exactly as many as the table has columns, by position when the
row's value area has the table's width or its cells stand in the table's value columns, and not at all
otherwise: a cell nobody can place is left out, never guessed.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from nianbao.extractor import keys
from nianbao.extractor.fields import heading_key
from nianbao.extractor.layout import Layout, Paragraph, Table
from nianbao.extractor.numbers import Value, is_absent_marker, parse_cell, parse_value, to_halfwidth
from nianbao.extractor.report import Cell, CellSource
from nianbao.extractor.textnorm import compact, has_han

T2_MARKERS = (
    "第二十条",
    "信息内容",
    "规章",
    "规范性文件",
    "行政许可",
    "行政处罚",
    "行政强制",
    "事业性收费",
    "集中采购",
)
T3_MARKERS = (
    "勾稽关系", "申请人情况", "自然人", "商业企业", "科研机构", "新收", "上年结转", "予以公开", "部分公开",
    "不予公开", "国家秘密", "无法提供", "不予处理", "其他处理", "结转下年度", "办理结果",
)  # fmt: skip
T4_MARKERS = ("行政复议", "行政诉讼", "维持", "纠正", "审结", "直接起诉", "复议后起诉")


@dataclass
class Row:
    label: str  # label cells, with rowspan repeats of group labels removed (for matching rows)
    values: list[str]  # the value area, trailing empty cells removed
    source: CellSource
    printed: str = ""  # every label cell as printed (for header words)
    proper: bool = True  # not inside a prose-only section (总体情况, 存在的问题, 其他事项)
    cells: list[str] = field(default_factory=list)  # the whole row as the reader gave it
    start: int = 0  # index in `cells` where the value area begins
    blanks_kept: bool = True  # blank cells hold their places (not a row whose cells stood apart by spaces)
    #: a merged cell stands repeated in every column it covers (a PDF's ruled grid, a spreadsheet, OCR, whose
    #: readers cannot say where each cell began): a value run longer than one cell may be one cell
    spans_repeated: bool = False

    def value_area(self) -> list[str]:
        """The cells after the label, trailing empties kept (they hold places in a grid)."""
        return self.cells[self.start :]

    def filled_positions(self) -> tuple[int, ...]:
        return tuple(i for i, c in enumerate(self.cells) if i >= self.start and c.strip())


@dataclass
class TableReading:
    cells: dict[str, Cell] = field(default_factory=dict)
    found: set[str] = field(default_factory=set)  # "t2", "t3", "t4" whose rows were seen
    template: str | None = None  # what table 2's wording says
    org_subtotal: bool = False
    other_single: bool | None = None
    warnings: list[str] = field(default_factory=list)


def _value_start(cells: list[str]) -> int:
    label_idx = [i for i, c in enumerate(cells) if has_han(c) and parse_value(c) is None]
    return label_idx[-1] + 1 if label_idx else 0


def split_row(cells: list[str]) -> tuple[str, list[str]]:
    """A row's label (its Chinese-text cells, merged repeats once) and the value area after the last of them."""
    label_idx = [i for i, c in enumerate(cells) if has_han(c) and parse_value(c) is None]
    if not label_idx:
        values = cells
        label_cells: list[str] = []
    else:
        values = cells[label_idx[-1] + 1 :]
        label_cells = []
        for i in label_idx:
            if not label_cells or label_cells[-1] != cells[i]:
                label_cells.append(cells[i])
    values = list(values)
    while values and not values[-1].strip():
        values.pop()
    return " ".join(label_cells), values


def merged_once(cells: list[str], begins: list[int], start: int) -> list[str]:
    """The value area of a grid row with each merged cell once (Word puts a colspan on a value where the header
    has none, or the other way round: "893" over two columns is one number), trailing empties removed."""
    values = [cells[j] for j in range(start, len(cells)) if begins[j] == j]
    while values and not values[-1].strip():
        values.pop()
    return values


def _kind_of(text: str) -> str | None:
    scores = {
        "t4": sum(m in text for m in T4_MARKERS),
        "t3": sum(m in text for m in T3_MARKERS),
        "t2": sum(m in text for m in T2_MARKERS),
    }
    kind, score = max(scores.items(), key=lambda kv: kv[1])
    return kind if score else None


def _drop_vertical_repeats(rows: list[list[str]]) -> list[list[str]]:
    """Blank label cells that only repeat the cell above or below (a rowspan expanded by the reader)."""
    out = [list(r) for r in rows]
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            if not cell or not has_han(cell) or parse_value(cell) is not None:
                continue  # "1件" twice in a column is two counts, not a merged label
            above = rows[i - 1][j] if i > 0 and j < len(rows[i - 1]) else None
            below = rows[i + 1][j] if i + 1 < len(rows) and j < len(rows[i + 1]) else None
            if cell in (above, below):
                out[i][j] = ""
    return out


def group_rows(layout: Layout) -> dict[str, list[Row]]:
    """The rows of every table block, assigned to t2/t3/t4 by their markers (a row without one inherits)."""
    groups: dict[str, list[Row]] = {"t2": [], "t3": [], "t4": []}
    current: str | None = None
    section: str | None = None
    for block in layout.blocks:
        if isinstance(block, Paragraph):
            heading = heading_key(block.text)
            if heading is not None:
                # a table whose own words name no table (the fifteen zeros of table 4 under their heading, its
                # header lost to a PDF's text layer) belongs to the section it stands in, not the table before
                section = heading
                current = _SECTION_TABLES.get(heading)
            continue
        if not isinstance(block, Table):
            continue
        proper = section not in _PROSE_SECTIONS
        source: CellSource = "ocr" if block.source == "ocr" else "table"
        block_kind = _kind_of(compact("".join("".join(r) for r in block.rows)))
        if block_kind is not None and current is None:
            current = block_kind
        rows = _drop_vertical_repeats(block.rows)
        starts = block.starts or [None] * len(rows)
        for raw_cells, cells, begins in zip(block.rows, rows, starts, strict=True):
            kind = _kind_of(compact("".join(raw_cells)))
            if kind is not None:
                current = kind
            elif current is None:
                current = block_kind
            if current is None:
                continue
            label, values = split_row(cells)
            printed, _ = split_row(raw_cells)
            start = _value_start(raw_cells)
            if begins is not None:
                values = merged_once(raw_cells, begins, start)
            groups[current].append(
                Row(
                    label, values, source, printed, proper, list(raw_cells), start, block.blanks_kept,
                    begins is None and block.spans_repeated,
                )
            )
    for kind, rows in groups.items():
        # a table of the same kind inside 总体情况 (a custom statistics table) yields to the one in its section
        if any(r.proper and r.values for r in rows) and any(not r.proper for r in rows):
            groups[kind] = [r for r in rows if r.proper]
    return groups


_PROSE_SECTIONS = frozenset({"overview", "problems", "other_matters"})
_SECTION_TABLES = {"active_disclosure": "t2", "applications": "t3", "review_litigation": "t4"}


def header_text(rows: list[Row], value_rows: list[Row]) -> str:
    """The printed labels of the rows without numbers (headers), as one compact string."""
    ids = {id(r) for r in value_rows}
    return compact("".join(r.printed for r in rows if id(r) not in ids))


def row_values(
    values: list[str],
    ncols: int,
    area: list[str] | None = None,
    placed: list[str] | None = None,
    blanks_in_place: bool = False,
    spans_repeated: bool = False,
    holds: Callable[[list[str]], bool] | None = None,
) -> list[Value | None] | None:
    """The row's numbers by column, None for an absent cell; None for the row if positions are unknowable.

    In order when the row has exactly `ncols` filled cells; otherwise by position: in its own value area when
    that is exactly `ncols` wide (`area`, trailing empties kept), or in the table's value columns (`placed`,
    the row's cells at the columns where complete rows hold their numbers). Where the table keeps its blank
    cells in place (`blanks_in_place`), a value area wider than the table with only blanks beyond `ncols` is
    the columns and then padding: a lone number right after its label stands in the first column.
    """
    filled = [v for v in values if v.strip()]
    if len(filled) > ncols:
        filled = [v for v in filled if parse_value(v) is not None or is_absent_marker(to_halfwidth(v))]
    if len(filled) > ncols and spans_repeated:
        filled = merged_runs(filled, ncols, holds)
    if len(filled) == ncols:
        return [parse_cell(v) for v in filled]
    if len(filled) < ncols:
        if blanks_in_place and area is not None and len(area) > ncols and not any(c.strip() for c in area[ncols:]):
            area = area[:ncols]
        if area is not None and len(area) == ncols:
            return [parse_cell(v) for v in area]
        if placed is not None and len(placed) == ncols:
            return [parse_cell(v) for v in placed]
    return None


def merged_runs(filled: list[str], ncols: int, holds: Callable[[list[str]], bool] | None = None) -> list[str]:
    """A row whose merged cells a reader repeated, read as `ncols` cells, or the row as it was if that is unsure.

    Repeating a cell only lengthens its run, so the runs are those of the printed row: when there are exactly
    as many as columns, no two neighbouring cells were equal and the runs are its cells. Otherwise each way of
    taking the surplus out of equal neighbours is a reading; the table's rule for the row (`holds`) keeps the
    readings it can, and a reading is taken only when all that are kept agree."""
    runs = [v for i, v in enumerate(filled) if i == 0 or v != filled[i - 1]]
    if len(runs) == ncols:
        return runs
    surplus = len(filled) - ncols
    repeats = [i for i in range(1, len(filled)) if filled[i] == filled[i - 1]]
    if holds is None or surplus < 1 or len(repeats) < surplus or len(repeats) > 8:
        return filled
    readings = {
        tuple(v for i, v in enumerate(filled) if i not in dropped)
        for dropped in map(set, itertools.combinations(repeats, surplus))
    }
    kept = [list(r) for r in readings if holds(list(r))]
    return kept[0] if len(kept) == 1 else filled


def blanks_in_place(rows: list[Row]) -> bool:
    """Whether the table's blank cells stand where they are printed: some row has a blank between two numbers
    ("56 | | | | | | 56"). Page-to-text conversions that gather a row's blanks at its end ("3 | 3 | |||||||")
    never show one, and then a lone number's trailing blanks say nothing about its column."""
    for row in rows:
        filled = [i for i, c in enumerate(row.value_area()) if c.strip()]
        if len(filled) >= 2 and filled[-1] - filled[0] + 1 > len(filled):
            return True
    return False


def value_columns(rows: list[Row], ncols: int) -> tuple[int, ...] | None:
    """The grid columns where most complete rows hold their numbers (None if complete rows disagree)."""
    complete = [r.filled_positions() for r in rows if len(r.filled_positions()) == ncols]
    if not complete:
        return None
    positions, count = Counter(complete).most_common(1)[0]
    return positions if count * 2 > len(complete) else None


def placed_cells(row: Row, columns: tuple[int, ...] | None) -> list[str] | None:
    """The row's cells at the table's value columns, if its own filled cells all stand in them."""
    if columns is None or not set(row.filled_positions()) <= set(columns):
        return None
    if row.start > columns[0]:  # its label reaches into the value columns: its cells stand shifted
        return None
    if not row.blanks_kept:  # cells apart by spaces: a blank cell left no trace, positions say nothing
        return None
    return [row.cells[i] if i < len(row.cells) else "" for i in columns]


def put(out: TableReading, key: str, text: str, source: CellSource) -> None:
    put_value(out, key, parse_cell(text), source)


def put_value(out: TableReading, key: str, value: Value | None, source: CellSource) -> None:
    """The first value read for a key stands; a zero marker only where a count stands (an amount's dash is
    no statement of zero yuan)."""
    if value is None or key in out.cells or (value.zero_marker and key in keys.DECIMAL_CELLS):
        return
    out.cells[key] = Cell(key, value.value, value.raw, source, zero_marker=value.zero_marker)
