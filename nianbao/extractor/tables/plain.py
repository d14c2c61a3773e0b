"""Tables that reach us as plain lines: what web pages, copy-paste and PDF text exports make of a report's grid.

Met on real report pages (tests/realworld/fixtures), besides the tab layouts text.py reads itself:

- pipe rows, one table row a line: `规章 | 0 | 0 | 0 |` (with or without a leading bar);
- one cell a line, ended by a bar: `规章 |` / `0 |` / `0 |`, where bar-only lines (`|||`) are merged cells;
- one cell a line between bar lines: `规章` / `|` / `0` / `|`, a cell's text possibly over two lines;
- one cell a line with blank lines between (a page's `<td>`s turned into paragraphs);
- a PDF page's text: `四、结转下年度继续办理 0 0 0 0 0 0 0`, the fifteen numbers of table 4 on one line.

Where the layout keeps no row boundaries, rows are rebuilt from the cell sequence the way a reader does: a
row label stands before its numbers, so a label after numbers starts the next row. Column headers printed
before a row's label (信息内容, 自然人, 商业企业 …) are split off into a header row, so that the row label
matches the template and the headers still name the table. Section headings end a table region, and a region
with fewer than three numbers is prose, never a table.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from nianbao.extractor.fields import heading_key
from nianbao.extractor.layout import Table
from nianbao.extractor.numbers import is_absent_marker, parse_value, to_halfwidth
from nianbao.extractor.tables.grid import grid_table
from nianbao.extractor.textnorm import clean, compact, has_han

# Column headers of tables 2–4, as cells print them (whitespace removed). A label cell in this set, or one
# starting with 第二十条 or holding the 勾稽关系 note, is a header, not a row label.
_HEADER_CELLS = frozenset(
    {
        "信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额",
        "本年收费金额(单位:万元)", "本年收费金额（单位：万元）", "本年新制作数量", "本年新公开数量",
        "对外公开总数量", "上一年项目数量", "本年增/减", "处理决定数量", "采购项目数量", "采购总金额",
        "申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他",
        "总计", "小计", "合计", "行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结",
        "未经复议直接起诉", "复议后起诉",
    }
)  # fmt: skip
_MAX_CELL = 80  # longer lines are prose, not cells
_MIN_NUMBERS = 3  # a region with fewer numbers is prose that happens to be short
# a number, or a zero marker standing in a row of numbers ("5 / 4 0")
_TOKEN = r"(?:[+\-]?[0-9０-９][0-9０-９,，.．]*|[\-－—–―─‐]{1,2}|[/／])"
_NUMBER_TOKEN = re.compile(rf"^{_TOKEN}$")
_DIGIT = re.compile(r"[0-9０-９]")
_PAGE_NUMBER = re.compile(r"^\s*[\-－—–―─‐]{1,2}\s*[0-9０-９]+\s*[\-－—–―─‐]{1,2}\s*$")  # "— 4 —" under a page
_TRAILING_NUMBERS = re.compile(rf"^(?P<label>.*?\S)?(?P<numbers>(?:\s+{_TOKEN})+)\s*$")


def is_value(cell: str) -> bool:
    """A cell that prints a number, a dash or 无: what stands in a table's value columns."""
    text = cell.strip()
    return bool(text) and (parse_value(text) is not None or is_absent_marker(to_halfwidth(text)))


def is_header(cell: str) -> bool:
    flat = compact(cell)
    return flat in _HEADER_CELLS or flat.startswith("第二十条") or "勾稽关系" in flat


def _candidate(line: str) -> bool:
    """A line that could be a table cell or row: short, and not a sentence (which ends in 。)."""
    text = line.strip()
    if not text:
        return False
    if "|" in text:
        return True
    return len(compact(text)) <= _MAX_CELL and "。" not in text


def split_spaced(line: str) -> list[str]:
    """`四、结转下年度继续办理 0 0 0` -> label and numbers; a line of numbers -> the numbers; else the line."""
    tokens = line.split()
    if _PAGE_NUMBER.match(line):
        return [clean(line)]
    if len(tokens) >= 2 and all(_NUMBER_TOKEN.match(t) for t in tokens) and any(_DIGIT.search(t) for t in tokens):
        return tokens
    match = _TRAILING_NUMBERS.match(line.strip())
    if not match:
        return [clean(line)]
    numbers = match.group("numbers").split()
    label = (match.group("label") or "").strip()
    if label and not has_han(label):  # "2020 年" wraps, dates and codes are not rows
        return [clean(line)]
    if len(numbers) < 2 and not label:
        return [clean(line)]
    return ([clean(label)] if label else []) + numbers


def regroup(cells: list[str]) -> list[list[str]]:
    """Rows rebuilt from a cell sequence without row boundaries: a label after numbers starts a new row, and
    header cells before a row's own label go to a header row of their own."""
    rows: list[list[str]] = []
    labels: list[str] = []
    values: list[str] = []

    def flush() -> None:
        if not (values and values[0]):
            while values and not values[-1]:
                values.pop()  # trailing empties hold no place…
        # …except after a number that stands right after its label ("18 |" then "|" lines: one cell printed of a
        # sparse row), where they show that the other columns are blank (rows.row_values reads such a row)
        if not labels and not values:
            return
        last_header = max((i for i, c in enumerate(labels) if is_header(c)), default=-1)
        header, own = labels[: last_header + 1], labels[last_header + 1 :]
        if values and header and own:
            rows.append(list(header))
            rows.append(own + values)
        else:
            rows.append(labels + values)
        labels.clear()
        values.clear()

    for cell in cells:
        if not cell:
            if labels:  # an empty cell after a row label holds a column's place ("| | | 0 |": only 总计 printed)
                values.append("")
            continue
        if is_value(cell):
            values.append(cell)
            continue
        if any(values):
            flush()
        values.clear()  # empties between labels were merged header cells, not places
        labels.append(cell)
    flush()
    return rows


def _pipe_cells(line: str) -> list[str]:
    """A pipe row's cells: the bars at either end are borders, not empty cells."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|"):
        text = text[:-1]
    return [clean(c) for c in text.split("|")]


def _starts_table(line: str) -> bool:
    """A line a table can begin with: a bar row, a header, a number, or a label followed by numbers."""
    if "|" in line or is_value(line) or is_header(line):
        return True
    tokens = line.split()
    return all(is_header(t) for t in tokens) or len(split_spaced(line)) > 1


def _table_from_region(lines: list[str]) -> Table | None:
    """The table a region of short lines prints, or None if it prints fewer than three numbers."""
    piped = [line for line in lines if "|" in line]
    if piped:
        rows_by_line = [_pipe_cells(line) for line in lines]
        multi = sum(1 for cells in rows_by_line if sum(1 for c in cells if c) >= 2)
        if multi * 2 >= len(lines):  # a row a line
            rows = [cells for cells in rows_by_line if any(cells)]
        else:  # a cell a line (or a cell between bar lines): the bars only separate cells
            # a bar ends a cell; a bar-only line is empty cells, which hold places in a sparse row
            cells = [clean(c) for c in "\n".join(lines).split("|")]
            rows = regroup(cells)
    else:
        cells = [cell for line in lines for cell in split_spaced(line)]
        rows = regroup(cells)
    # bars are table syntax, so one number makes a table; bare lines need three to tell a table from prose
    if sum(1 for row in rows for cell in row if is_value(cell)) < (1 if piped else _MIN_NUMBERS):
        return None
    # rows keep their own length, as the tab reader's do: padding would widen a sparse row's value area
    # between bars a blank cell keeps its place; among spaced numbers it leaves no trace
    return grid_table(rows, blanks_kept=bool(piped))


def split_regions(lines: list[str]) -> Iterator[tuple[str, list[str]]]:
    """The lines cut into ("table", lines) regions of candidate lines and ("text", [line]) for the rest.

    Blank lines inside a region are skipped (one-cell-a-line pages put one between every cell); a section
    heading always ends a region and stays text.
    """
    region: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        if _candidate(line) and heading_key(line) is None:
            region.append(line)
            continue
        if region:
            yield "table", region
            region = []
        yield "text", [line]
    if region:
        yield "table", region


def plain_blocks(lines: list[str]) -> Iterator[Table | str]:
    """Tables found among plain lines, and every other line as it was (for the caller's paragraph rules).

    Short lines before a region's first table-like line (a title broken over lines, a sub-heading) stay text.
    """
    for kind, region in split_regions(lines):
        start = next((i for i, line in enumerate(region) if _starts_table(line)), len(region))
        table = _table_from_region(region[start:]) if kind == "table" and start < len(region) else None
        if table is None:
            yield from region
        else:
            yield from region[:start]
            yield table
