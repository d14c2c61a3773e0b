"""Text of a PDF page as positioned chunks, lines and paragraphs, and tables laid out without ruling lines.

pypdfium2 gives a page's text runs with their boxes in about a millisecond; everything here works on those
boxes. A *chunk* is a run of text with no wide gap inside; a *line* is chunks sharing a baseline. Lines become
paragraphs (re-joined where the PDF wrapped them), and runs of lines whose numbers stand in columns far from
their labels become Tables — the layout of a Word table without borders, or a report typeset with tab stops.
"""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass, field

from extractor.layout import Paragraph, Table

NUMBER = re.compile(r"^[+\-－]?[\d０-９][\d０-９,，]*(?:[.．][\d０-９]+)?%?$|^[—\-－/／无]$")
PAGE_NUMBER = re.compile(
    r"^(?:[-—－‒]\s*\d+\s*[-—－‒]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d{1,3})$"
)


@dataclass
class Chunk:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)

    @property
    def is_number(self) -> bool:
        return bool(NUMBER.match(self.text.replace(" ", "")))


@dataclass
class LineParagraph(Paragraph):
    """A paragraph still knowing where its (single) line stood, until the page joins are done."""

    x0: float = 0.0
    x1: float = 0.0


@dataclass
class UnruledTable(Table):
    """A table rebuilt from text positions, with its columns' x-extents (to align its continuation)."""

    columns: list[tuple[float, float]] = field(default_factory=list)


@dataclass
class Line:
    chunks: list[Chunk] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(c.top for c in self.chunks)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.chunks)

    @property
    def x0(self) -> float:
        return min(c.x0 for c in self.chunks)

    @property
    def x1(self) -> float:
        return max(c.x1 for c in self.chunks)

    @property
    def height(self) -> float:
        return statistics.median(c.height for c in self.chunks)

    @property
    def text(self) -> str:
        return join_fragments([c.text for c in self.chunks], sep=" ")


def join_fragments(parts: list[str], sep: str = "") -> str:
    """Join wrapped pieces of one text: Chinese runs join directly, Latin words and numbers keep a space."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and (sep or (out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum())):
            out += " "
        out += part
    return out


def lines_of(chunks: list[Chunk]) -> list[Line]:
    """Group chunks into lines: a chunk joins the line its vertical centre falls into."""
    lines: list[Line] = []
    for chunk in sorted(chunks, key=lambda c: (c.top + c.bottom) / 2):
        centre = (chunk.top + chunk.bottom) / 2
        for line in reversed(lines[-3:]):
            if line.top - 0.5 < centre < line.bottom + 0.5 and abs(line.height - chunk.height) < line.height:
                line.chunks.append(chunk)
                break
        else:
            lines.append(Line([chunk]))
    for line in lines:
        line.chunks.sort(key=lambda c: c.x0)
        line.chunks = _merge_close(line.chunks)
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines


def _merge_close(chunks: list[Chunk]) -> list[Chunk]:
    """Merge runs split only by a font change; keep apart what a wide gap (a column) separates."""
    merged: list[Chunk] = []
    for chunk in chunks:
        if merged:
            prev = merged[-1]
            gap = chunk.x0 - prev.x1
            if gap < 0.9 * min(prev.height, chunk.height):
                merged[-1] = Chunk(prev.x0, min(prev.top, chunk.top), max(prev.x1, chunk.x1),
                                   max(prev.bottom, chunk.bottom), join_fragments([prev.text, chunk.text]))
                continue
        merged.append(chunk)
    return merged


def is_page_furniture(line: Line, page_height: float) -> bool:
    """Page numbers in the top or bottom margin: not part of the report's text."""
    in_margin = line.bottom < 0.08 * page_height or line.top > 0.92 * page_height
    return in_margin and bool(PAGE_NUMBER.match(line.text.replace(" ", "")))


def _is_anchor(line: Line) -> bool:
    """A table row: a number standing apart (a wide gap) from the text before it."""
    chunks = line.chunks
    if len(chunks) < 2:
        return False
    h = line.height
    return any(c.is_number and c.x0 - p.x1 > 1.5 * h for p, c in itertools.pairwise(chunks))


def blocks_of(lines: list[Line], text_x0: float, text_x1: float) -> list[tuple[float, Paragraph | Table]]:
    """Lines as paragraphs and unruled tables, each with its top y (to merge with ruled tables by position)."""
    blocks: list[tuple[float, Paragraph | Table]] = []
    index = 0
    while index < len(lines):
        if _is_anchor(lines[index]):
            start, end = _table_region(lines, index)
            rows, columns = _unruled_rows(lines[start:end])
            # Lines taken into the region above the anchor were emitted as paragraphs already: take them back.
            while (blocks and start < index and isinstance(blocks[-1][1], Paragraph)
                   and blocks[-1][0] >= lines[start].top):
                blocks.pop()
            blocks.append((lines[start].top, UnruledTable(rows=rows, source="table", columns=columns)))
            index = end
            continue
        line = lines[index]
        blocks.append((line.top, LineParagraph(line.text, x0=line.x0, x1=line.x1)))
        index += 1
    return _reflow(blocks, lines, text_x0, text_x1)


def _reflow(blocks: list[tuple[float, Paragraph | Table]], lines: list[Line], text_x0: float,
            text_x1: float) -> list[tuple[float, Paragraph | Table]]:
    """Re-join paragraph lines the PDF wrapped: a line that runs to the right margin continues on the next."""
    by_top = {ln.top: ln for ln in lines}
    out: list[tuple[float, Paragraph | Table]] = []
    prev_line: Line | None = None
    for top, block in blocks:
        line = by_top.get(top) if isinstance(block, Paragraph) else None
        if (
            line is not None and prev_line is not None and out and isinstance(out[-1][1], Paragraph)
            and prev_line.x1 > text_x1 - 2.5 * prev_line.height
            and line.x0 < text_x0 + 0.6 * line.height
            and 0 <= line.top - prev_line.bottom < 1.2 * line.height
        ):
            last = out[-1][1]
            assert isinstance(last, Paragraph)
            out[-1] = (out[-1][0], Paragraph(join_fragments([last.text, block.text])))
        else:
            out.append((top, block))
        prev_line = line
    return out


def _table_region(lines: list[Line], anchor: int) -> tuple[int, int]:
    """The lines [start, end) of the unruled table around an anchor line."""
    pitch = lines[anchor].height * 1.9

    def belongs(line: Line, neighbour: Line) -> bool:
        gap = line.top - neighbour.bottom if line.top > neighbour.top else neighbour.top - line.bottom
        return _is_anchor(line) or (len(line.chunks) >= 2 and gap < 2.5 * pitch) or gap < 0.8 * pitch

    first_number = min(c.x0 for c in lines[anchor].chunks if c.is_number)

    def runs_across_numbers(line: Line) -> bool:
        # One run of text reaching into the number columns is a heading or prose, never a wrapped label.
        return len(line.chunks) == 1 and not _is_anchor(line) and line.x1 > first_number + 1

    end = anchor + 1
    while end < len(lines) and belongs(lines[end], lines[end - 1]) and not runs_across_numbers(lines[end]):
        # Trailing text lines: keep only wrapped label fragments, not the paragraph after the table.
        trailing = not _is_anchor(lines[end]) and not any(_is_anchor(ln) for ln in lines[end + 1:end + 8])
        if trailing and len(lines[end].text) > 12:
            break
        end += 1

    def wrapped_fragment(line: Line, below: Line) -> bool:
        # A label wrapped inside its cell: a short piece one line pitch above the rest of the table.
        return len(line.text) <= 12 and below.top - line.bottom < 0.8 * pitch and not runs_across_numbers(line)

    start = anchor
    walk = anchor
    while walk > 0:
        above, below = lines[walk - 1], lines[walk]
        if len(above.chunks) >= 2 and belongs(above, below):
            walk -= 1
            start = walk  # header lines, and the wrapped fragments between them and the rows
        elif wrapped_fragment(above, below):
            walk -= 1
        else:
            break
    return start, end


def _unruled_rows(lines: list[Line]) -> tuple[list[list[str]], list[tuple[float, float]]]:
    """Rebuild a grid: rows from vertical gaps and anchor lines, columns from the x-extent of the chunks."""
    groups = _row_groups(lines)
    anchors = [ln for ln in lines if _is_anchor(ln)]

    def spans_anchor_columns(chunk: Chunk) -> bool:
        # A header spanning several columns (法人或其他组织) must not fuse the columns beneath it.
        return any(sum(1 for c in ln.chunks if c.x0 < chunk.x1 and c.x1 > chunk.x0) >= 2 for ln in anchors)

    columns = _columns([c for ln in lines for c in ln.chunks if not spans_anchor_columns(c)])
    grid: list[list[str]] = []
    for group in groups:
        cells: list[list[str]] = [[] for _ in columns]
        for line in group:
            for chunk in line.chunks:
                for col in _columns_of(chunk, columns):
                    cells[col].append(chunk.text)
        grid.append([join_fragments(parts) for parts in cells])
    return grid, columns


def _row_groups(lines: list[Line]) -> list[list[Line]]:
    """Split region lines into table rows.

    Lines of one cell are a line pitch apart; rows are separated by the cell padding on top of that. Where no
    such gap shows, every anchor line starts a row and text lines go with the anchor above (cells are
    top-aligned by default in Word and WPS).
    """
    if len(lines) == 1:
        return [lines]
    gaps = [b.top - a.top for a, b in itertools.pairwise(lines)]
    # The line pitch inside a cell: the smallest gap that is a real line step (not a stray glyph's offset).
    steps = sorted(g for g in gaps if g > 0.6 * lines[0].height)
    pitch = steps[len(steps) // 5] if steps else 0.0
    groups: list[list[Line]] = [[lines[0]]]
    for gap, line in zip(gaps, lines[1:], strict=False):
        if gap > 1.25 * pitch + 0.5:
            groups.append([line])
        else:
            groups[-1].append(line)
    numbers_from = min((c.x0 for ln in lines if _is_anchor(ln) for c in ln.chunks if c.is_number), default=0.0)
    rows: list[list[Line]] = []
    for group in groups:
        anchors = [i for i, ln in enumerate(group) if _is_anchor(ln)]
        if len(anchors) == 1 and anchors[0] > 0:
            # Text standing above the number columns is a header row, not part of the row below it.
            head = [i for i in range(anchors[0]) if any(c.x0 >= numbers_from - 1 for c in group[i].chunks)]
            if head:
                cut = head[-1] + 1
                current: list[Line] = []
                for i in range(cut):  # each header line starts a row; pieces between go with the one above
                    if i in head and current:
                        rows.append(current)
                        current = []
                    current.append(group[i])
                rows.append(current)
                if cut < len(group):
                    rows.append(group[cut:])
                continue
        if len(anchors) <= 1:
            rows.append(group)
            continue
        # No padding shows between rows: every line of several cells (a header, a row) starts a row.
        starts = [i for i, ln in enumerate(group) if i == 0 or _is_anchor(ln) or len(ln.chunks) >= 2]
        cuts = [*starts, len(group)]
        rows.extend(group[a:b] for a, b in itertools.pairwise(cuts))
    return rows


def _columns(chunks: list[Chunk]) -> list[tuple[float, float]]:
    """Column extents: the union of overlapping chunk intervals (wide spanning headers left out)."""
    if not chunks:
        return []
    spans: list[list[float]] = []
    for chunk in sorted(chunks, key=lambda c: c.x0):
        if spans and chunk.x0 < spans[-1][1] - 0.5:
            spans[-1][1] = max(spans[-1][1], chunk.x1)
        else:
            spans.append([chunk.x0, chunk.x1])
    return [(a, b) for a, b in spans]


def _columns_of(chunk: Chunk, columns: list[tuple[float, float]]) -> list[int]:
    """The columns a chunk covers: the ones it overlaps, or the nearest one."""
    hits = [i for i, (a, b) in enumerate(columns) if min(b, chunk.x1) - max(a, chunk.x0) > 0]
    if hits:
        return hits
    centre = (chunk.x0 + chunk.x1) / 2
    return [min(range(len(columns)), key=lambda i: abs((columns[i][0] + columns[i][1]) / 2 - centre))]
