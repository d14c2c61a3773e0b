"""Synthetic reports as plain text, in the two layouts Word's text export gives the seeds.

`tab_rows`: a table row is one line, cells separated by tabs, a merged cell's text in its first position
only (seed 002). `cell_lines`: every cell on its own line after a tab, a blank line between rows, a vertically
merged cell continued as an empty cell and a horizontally merged one printed once (seed 004).
"""

from __future__ import annotations

from nianbao.corpus import printed, prose
from nianbao.corpus.truth import ReportTruth


def _tab_rows(rows: list[printed.PRow]) -> list[str]:
    lines = []
    for row in printed.expand(rows):
        lines.append("\t".join(cell.text if cell is not None else "" for cell in row))
    return lines


def _cell_lines(rows: list[printed.PRow]) -> list[str]:
    lines: list[str] = []
    grid = printed.expand(rows)
    for i, row in enumerate(grid):
        j = 0
        while j < len(row):
            cell = row[j]
            if cell is not None:
                lines.append("\t" + cell.text)
                j += cell.colspan
                continue
            # a None is either a vertical continuation (printed as an empty cell) or the tail of a colspan
            above = _owner(grid, i, j)
            lines.append("\t")
            j += above.colspan if above is not None else 1
        lines.append("")
    return lines


def _owner(grid: list[list[printed.PCell | None]], i: int, j: int) -> printed.PCell | None:
    for k in range(i - 1, -1, -1):
        if grid[k][j] is not None:
            return grid[k][j]
    return None


def lines(truth: ReportTruth, layout: str = "tab_rows", *, with_tables: bool = True) -> list[str]:
    """The report as lines of text, its tables in `layout` (or left out: a report stating its numbers only in
    prose)."""
    if layout not in ("tab_rows", "cell_lines"):
        raise ValueError("layout is tab_rows or cell_lines")
    out = [*prose.title_lines(truth), *prose.intro(truth)]
    tables = printed.table_groups(truth) if with_tables else {}
    for section in prose.sections(truth):
        out.append(section.heading)
        out += section.paragraphs
        for rows in tables.get(section.key, ()):
            out += _tab_rows(rows) if layout == "tab_rows" else _cell_lines(rows)
    out += prose.signature(truth)
    return out


def render(truth: ReportTruth, layout: str = "tab_rows") -> bytes:
    return ("\n".join(lines(truth, layout)) + "\n").encode("utf-8")
