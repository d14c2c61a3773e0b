"""Tables printed as lines of text, whatever container carried the lines: a .txt export, a web page's `<p>`s
or `<br>` lines, a DOCX without a table. One reading for all, so that the same text reads the same everywhere;
the rows it finds are made into Tables by tables.grid, as a PDF's or a picture's unruled rows are.

Three layouts occur (see the seeds): a row per line with tab-separated cells (002, OCR'd 001, a TRS page's
`<p>行政规范性文件\t0\t0\t51</p>`); every cell on its own tab-led line with a blank line closing the row (004),
where a line without a tab continues the cell above; and lines without tabs (pipes, a cell a line, spaced
numbers), which tables.plain rebuilds.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

from nianbao.extractor.layout import Block, Layout, Paragraph, Table
from nianbao.extractor.tables.grid import grid_table
from nianbao.extractor.tables.plain import is_value, plain_blocks
from nianbao.extractor.tables.spacing import spaced_cells
from nianbao.extractor.textnorm import SPACED, clean


def _text_paragraph(line: str) -> list[Block]:
    text = clean(line)
    return [Paragraph(text)] if text else []


def is_cell_line(line: str) -> bool:
    return line.startswith("\t") and "\t" not in line[1:]


def _is_tab_row(line: str) -> bool:
    return ("\t" in line or SPACED in line) and bool(line.strip())


def _cells(line: str) -> list[str]:
    return line.split(SPACED) if SPACED in line else line.split("\t")


def line_blocks(
    lines: list[str],
    *,
    paragraph: Callable[[str], list[Block]] = _text_paragraph,
    min_tab_numbers: int = 0,
    spaced: bool = True,
) -> Iterator[Block]:
    """Tables and paragraphs of the lines, in order.

    `min_tab_numbers`: how many numbers the lines' tab rows must print together to be tables; containers where
    a tab may be mere spacing (a page's paragraphs) ask for a few, a text export (where tabs are Word's cells)
    for none. `spaced`: whether runs of spaces may still separate cells (a reader that made its paragraphs with
    `row_text` has turned them into cells already).
    """
    if spaced:
        lines = [spaced_cells(line) for line in lines]
    i, n = 0, len(lines)
    tab_rows: list[str] = []
    plain: list[str] = []  # lines without tabs, read together: their tables span many lines

    def plain_run() -> Iterator[Block]:
        for item in plain_blocks(plain):
            yield from ([item] if isinstance(item, Table) else paragraph(item))
        plain.clear()

    tables = min_tab_numbers == 0 or (
        sum(1 for line in lines if _is_tab_row(line) for cell in _cells(line) if is_value(cell)) >= min_tab_numbers
    )

    def tab_run() -> Iterator[Block]:
        if tables and tab_rows:
            yield grid_table(
                [_cells(line) for line in tab_rows], blanks_kept=not any(SPACED in line for line in tab_rows)
            )
        else:
            for line in tab_rows:
                yield from paragraph(line)
        tab_rows.clear()

    while i < n:
        line = lines[i]
        cell_line = is_cell_line(line)
        if cell_line or _is_tab_row(line):
            yield from plain_run()
        else:
            yield from tab_run()
            plain.append(line)
            i += 1
            continue
        if cell_line:
            yield from tab_run()
            rows, i = _cell_line_table(lines, i)
            yield grid_table(rows)
            continue
        tab_rows.append(line)
        i += 1
    yield from tab_run()
    yield from plain_run()


def _cell_line_table(lines: list[str], i: int) -> tuple[list[list[str]], int]:
    """Rows of a one-cell-a-line table starting at line `i`, and the index of the first line after it."""
    rows: list[list[str]] = []
    row: list[str] = []
    n = len(lines)
    while i < n:
        line = lines[i]
        if is_cell_line(line):
            row.append(line[1:])
        elif not line.strip():
            if row:
                rows.append([clean(c) for c in row])
                row = []
            # two blank lines, or a blank line followed by plain text, end the table
            nxt = lines[i + 1] if i + 1 < n else ""
            if not is_cell_line(nxt):
                i += 1
                break
        elif row and not line.startswith("\t"):
            row[-1] += "\n" + line  # a cell's text continued on the next line
        else:
            break
        i += 1
    if row:
        rows.append([clean(c) for c in row])
    return rows, i


# a page's paragraphs with tabs are a table only with this many numbers: a tab elsewhere is spacing
_MIN_TAB_NUMBERS = 3


def paragraph_tables(layout: Layout) -> Layout:
    """The layout with tables found in runs of paragraphs: a page that pasted every row as a `<p>` with tabs or
    every cell as its own `<p>`, a document whose table became lines. The text reader built its tables from the
    same lines already; for other formats it is the same rule."""
    blocks: list[Block] = []
    run: list[str] = []
    changed = False

    def flush() -> None:
        nonlocal changed
        if not run:
            return
        for item in line_blocks(run, min_tab_numbers=_MIN_TAB_NUMBERS, spaced=False):
            changed = changed or isinstance(item, Table)
            blocks.append(item)
        run.clear()

    for block in layout.blocks:
        if isinstance(block, Paragraph):
            run.append(block.text)
            changed = changed or "\t" in block.text
            continue
        flush()
        blocks.append(block)
    flush()
    return dataclasses.replace(layout, blocks=blocks) if changed else layout
