"""Text of a PDF page (or of a picture's OCR boxes) as positioned chunks, lines, paragraphs and table rows.

pypdfium2 gives a page's text runs with their boxes in about a millisecond; everything here works on those
boxes. A *chunk* is a run of text with no wide gap inside; a *line* is chunks sharing a baseline. Lines become
paragraphs (re-joined where the PDF wrapped them), and runs of lines whose numbers stand in columns far from
their labels become rows of cells — the layout of a Word table without borders, or a report typeset with tab
stops. This module is only the adapter from positions to rows and columns (which words make a row, which
column each stands in, digits a narrow cell wrapped); the Table itself is made by the builder every text table
goes through (tables.grid), as for a .txt file's tab rows or a page's paragraphs.
"""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass, field

from nianbao.extractor.layout import Paragraph
from nianbao.extractor.tables.grid import NUMBER, is_number

__all__ = ["NUMBER", "Chunk", "Line", "LineParagraph", "PositionedRows", "blocks_of", "lines_of"]

DIGIT_CHARS = "0123456789０１２３４５６７８９"
DIGITS = re.compile(f"^[{DIGIT_CHARS}]+$")
DASH = re.compile(r"^[—－\-]$")  # one half of a "——" zero marker a narrow cell wrapped
SIGNS = frozenset({"+", "＋", "-", "－"})  # a sign alone: a change whose digits a narrow cell wrapped
# the end of a number a narrow cell wrapped: digits, its unit, or both ("８个" under "４０", "项" under "204")
WRAPPED_END = re.compile(f"^(?=.)[{DIGIT_CHARS}]*(?:%|万元|[件条个项次份元])?$")
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
        return is_number(self.text)


@dataclass
class LineParagraph(Paragraph):
    """A paragraph still knowing where its (single) line stood, until the page joins are done."""

    x0: float = 0.0
    x1: float = 0.0


@dataclass
class PositionedRows:
    """An unruled table as positions give it: rows of cell texts, each cell in the column its words stand in
    (a blank keeps its column's place), and the columns' x-extents (to align its continuation on the next
    page). tables.grid.grid_table makes the Table of it once the page breaks are mended."""

    rows: list[list[str]]
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
                merged[-1] = Chunk(
                    prev.x0,
                    min(prev.top, chunk.top),
                    max(prev.x1, chunk.x1),
                    max(prev.bottom, chunk.bottom),
                    join_fragments([prev.text, chunk.text]),
                )
                continue
        merged.append(chunk)
    return merged


def is_page_furniture(line: Line, page_height: float) -> bool:
    """Page numbers in the top or bottom margin: not part of the report's text."""
    in_margin = line.bottom < 0.08 * page_height or line.top > 0.92 * page_height
    return in_margin and bool(PAGE_NUMBER.match(line.text.replace(" ", "")))


def _is_anchor(line: Line) -> bool:
    """A table row: a number standing apart (a wide gap) from the text before it, or a label followed by two
    numbers or more, each a run of its own (a label that fills its column, wrapped in its cell, ends closer to
    the first number than a wide gap), or three numbers or more alone on their line (a row without a label,
    as table 4 prints: zero markers as wide as a character leave narrow columns less than a wide gap apart)."""
    chunks = line.chunks
    if len(chunks) < 2:
        return False
    if len(chunks) >= 3 and all(c.is_number for c in chunks):
        return True
    h = line.height
    if any(c.is_number and c.x0 - p.x1 > 1.5 * h for p, c in itertools.pairwise(chunks)):
        return True
    first = next((i for i, c in enumerate(chunks) if c.is_number), len(chunks))
    return 1 <= first <= len(chunks) - 2 and all(c.is_number for c in chunks[first:])


def blocks_of(lines: list[Line], text_x0: float, text_x1: float) -> list[tuple[float, Paragraph | PositionedRows]]:
    """Lines as paragraphs and unruled tables, each with its top y (to merge with ruled tables by position)."""
    blocks: list[tuple[float, Paragraph | PositionedRows]] = []
    index = 0
    while index < len(lines):
        if _is_row(lines, index):
            start, end = _table_region(lines, index)
            # Lines taken into the region above the anchor were emitted as paragraphs already: take them back.
            while (
                blocks and start < index and isinstance(blocks[-1][1], Paragraph) and blocks[-1][0] >= lines[start].top
            ):
                blocks.pop()
            blocks.extend(_unruled_tables(lines[start:end]))
            index = end
            continue
        line = lines[index]
        blocks.append((line.top, LineParagraph(line.text, x0=line.x0, x1=line.x1)))
        index += 1
    return _reflow(blocks, lines, text_x0, text_x1)


def foot_header_start(lines: list[Line]) -> int:
    """Where a table header left alone at the foot of a page starts (len(lines) if there is none).

    Word moves a row that does not fit to the next page, so a tall header can end a page with its rows on the
    next one. Without its rows a header has no anchor line and would read as paragraphs; the caller carries
    these lines over to the top of the next page. A header is a run of lines of cells (wide gaps between
    chunks, no numbers) and the wrapped pieces between them, after the page's last table, starting with a
    line of cells.
    """
    tables_end = 0
    index = 0
    while index < len(lines):
        if _is_anchor(lines[index]):
            tables_end = index = _table_region(lines, index)[1]
        else:
            index += 1
    start = len(lines)
    while start > tables_end and _in_header(lines[start - 1], lines[start:]):
        start -= 1
    while start < len(lines) and len(lines[start].chunks) < 2:
        start += 1
    return start


def _in_header(line: Line, below: list[Line]) -> bool:
    """A line of header cells, or a piece of a header cell wrapped within its column (above `below`)."""
    if any(c.is_number for c in line.chunks):
        return False
    if len(line.chunks) >= 2:
        # cells stand wide apart; the short pieces of header cells in narrow columns (a table 3 of six value
        # columns: "商业企 | 科研机 | 社会公", one character's width apart) a little less (seed 758310411)
        short = all(len(c.text) <= 7 for c in line.chunks)
        return all(b.x0 - a.x1 > (0.9 if short else 1.5) * line.height for a, b in itertools.pairwise(line.chunks))
    # A single run: short, or ending before the second cell of a header line (prose runs across the page).
    cells = [ln for ln in below if len(ln.chunks) >= 2]
    return len(line.text) <= 12 or any(line.x1 < ln.chunks[1].x0 for ln in cells[:3])


def _reflow(
    blocks: list[tuple[float, Paragraph | PositionedRows]], lines: list[Line], text_x0: float, text_x1: float
) -> list[tuple[float, Paragraph | PositionedRows]]:
    """Re-join paragraph lines the PDF wrapped: a line that runs to the right margin continues on the next."""
    by_top = {ln.top: ln for ln in lines}
    out: list[tuple[float, Paragraph | PositionedRows]] = []
    prev_line: Line | None = None
    for top, block in blocks:
        line = by_top.get(top) if isinstance(block, Paragraph) else None
        if (
            line is not None
            and prev_line is not None
            and out
            and isinstance(out[-1][1], Paragraph)
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
        # One run of text reaching from the labels into the number columns is a heading or prose, never a
        # wrapped label; a run within the number columns is a piece of a header cell or of a number.
        only = line.chunks[0]
        return (
            len(line.chunks) == 1
            and not only.is_number
            and not _is_anchor(line)
            and line.x0 < first_number - 1 < line.x1 - 2
        )

    end = anchor + 1
    while end < len(lines) and belongs(lines[end], lines[end - 1]) and not runs_across_numbers(lines[end]):
        # Trailing text lines: keep only wrapped label fragments, not the paragraph after the table.
        trailing = not any(_is_row(lines, k) for k in range(end, min(end + 8, len(lines))))
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


def _is_row(lines: list[Line], index: int) -> bool:
    """Whether lines[index] is a table row: an anchor, or a label and its number under a header line."""
    return _is_anchor(lines[index]) or (index > 0 and _under_its_header(lines[index - 1], lines[index]))


def _under_its_header(header: Line, line: Line) -> bool:
    """A row of a label and one number standing under a header line of as many cells, each starting where its
    header cell starts: a table row although its label, filling its column, ends close to the number (no wide
    gap makes it an anchor). Seed 31337041: '行政事业性收|费  316.92' under '信息内容  本年收费金额'."""
    cells, heads = line.chunks, header.chunks
    return (
        len(cells) == len(heads) >= 2
        and cells[-1].is_number
        and not any(c.is_number for c in [*cells[:-1], *heads])
        and all(abs(c.x0 - h.x0) <= 1.0 for c, h in zip(cells, heads, strict=True))
    )


def _unruled_tables(lines: list[Line]) -> list[tuple[float, PositionedRows]]:
    """The tables of a region of lines, each with its top y: rows from vertical gaps and anchor lines, columns
    from the x-extent of the chunks."""
    tables: list[tuple[float, PositionedRows]] = []
    for rows in _split_where_columns_change(_row_groups(_join_wrapped_numbers(lines))):
        grid, columns = _grid(rows)
        tables.append((rows[0][0].top, PositionedRows(rows=grid, columns=columns)))
    return tables


def _numbers_of(row: list[Line]) -> list[Chunk]:
    """The numbers of a row standing apart from its label (the label itself may start with a digit)."""
    return [c for line in row if _is_anchor(line) for c in line.chunks[1:] if c.is_number]


def _split_where_columns_change(rows: list[list[Line]]) -> list[list[list[Line]]]:
    """Separate tables printed one under the other with no gap: a table's numbers stand in the same columns
    all the way down, so a row whose numbers mostly stand outside them starts a new table, together with the
    header and caption rows above it (those after the last row of numbers)."""
    parts: list[list[list[Line]]] = [[]]
    spans: list[tuple[float, float]] = []  # the x-extents of the numbers of the current table
    last_numeric = -1  # the index in the current part of its last row of numbers
    for row in rows:
        numbers = _numbers_of(row)
        inside = sum(1 for c in numbers if any(min(c.x1, b) - max(c.x0, a) > 0 for a, b in spans))
        if numbers and spans and 2 * inside < len(numbers):
            head, tail = parts[-1][: last_numeric + 1], parts[-1][last_numeric + 1 :]
            parts[-1:] = [head, tail]
            spans = []
        parts[-1].append(row)
        if numbers:
            spans.extend((c.x0, c.x1) for c in numbers)
            last_numeric = len(parts[-1]) - 1
    return [part for part in parts if part]


def _grid(rows: list[list[Line]]) -> tuple[list[list[str]], list[tuple[float, float]]]:
    """The cells of rows of lines: each chunk goes to the columns it covers."""
    lines = [line for row in rows for line in row]
    # lines that hold a row's cells apart: anchors, and any label with a number beside it (a narrow label
    # column wraps "行政事业性收|费" and leaves its number less than a wide gap away)
    anchors = [ln for ln in lines if _is_anchor(ln) or (len(ln.chunks) >= 2 and any(c.is_number for c in ln.chunks))]

    def spans_anchor_columns(chunk: Chunk) -> bool:
        # A header or caption spanning several columns (法人或其他组织, 第二十条第（八）项) must not fuse the
        # columns beneath it.
        return any(sum(1 for c in ln.chunks if c.x0 < chunk.x1 and c.x1 > chunk.x0) >= 2 for ln in anchors)

    columns = _columns([c for ln in lines for c in ln.chunks if not spans_anchor_columns(c)])
    grid: list[list[str]] = []
    for row in rows:
        cells: list[list[str]] = [[] for _ in columns]
        for line in row:
            for chunk in line.chunks:
                for col in _number_columns(chunk, columns) if chunk.is_number else _columns_of(chunk, columns):
                    cells[col].append(chunk.text)
        grid.append([join_fragments(parts) for parts in cells])
    return grid, columns


def _number_columns(chunk: Chunk, columns: list[tuple[float, float]]) -> list[int]:
    """The column of a number: the one it starts in. A number is one cell; a wide one ('669.99万元') runs on
    into the next column's extent where a part of the table printed one cell there, and copied into both it
    read as two cells (seed 31337045: the procurement row left out)."""
    cols = _columns_of(chunk, columns)
    starting = [i for i in cols if columns[i][0] - 0.5 <= chunk.x0 < columns[i][1]]
    return starting[:1] or cols


def _line_pitch(lines: list[Line]) -> float:
    """The line pitch inside a cell: the smallest step between text lines of one column that recurs.

    Steps are taken chunk to chunk down a column, not line to line: a merged cell's text sits between the
    lines of its neighbours and a line's top is its highest chunk's. The smallest step that another step
    matches (within 10 %) is the in-cell pitch even when most steps are rows (pitch plus cell padding); a
    lone step is not taken for it, unless no step recurs.
    """
    if len(lines) < 2:
        return 0.0
    floor = 0.6 * statistics.median(line.height for line in lines)
    steps: list[float] = []
    for index, line in enumerate(lines):
        for chunk in line.chunks:
            below = next((c for ln in lines[index + 1 :] for c in ln.chunks if _overlap(c, chunk) > 0), None)
            if below is not None and below.top - chunk.top > floor:
                steps.append(below.top - chunk.top)
    steps.sort()
    for step, following in itertools.pairwise(steps):
        if following <= 1.1 * step + 0.5:
            return step
    return steps[0] if steps else 0.0


def _overlap(a: Chunk, b: Chunk) -> float:
    return min(a.x1, b.x1) - max(a.x0, b.x0)


def _join_wrapped_numbers(lines: list[Line]) -> list[Line]:
    """Put back the digits a narrow column wrapped onto the next line of its cell ("２１" over "８" is 218), and
    the second half of a "——" zero marker ("—" over "—").

    A piece is a wrap when it is digits, a unit or both (or a dash under a dash), one in-cell line pitch below a
    number of the line just above
    (not a row's step, which adds the cell padding), continuing it (see _continued_number), when its line
    holds no other number, and when fewer numbers wrap than the line above holds: a wrap hits some cells of a
    row, a row of numbers fills them all.
    """
    pitch = _line_pitch(lines)
    out: list[Line] = []
    reach: dict[int, float] = {}  # the top of the last piece put back into a number (a number wraps twice)
    # a wrap's line less its pieces (a label's wrapped rest, "数量"): the numbers it continued stay above it
    rests: dict[int, Line] = {}
    for line in lines:
        above = out[-1] if out else None
        if above is not None and id(above) in rests:
            above = rests[id(above)]
        pieces = [c for c in line.chunks if WRAPPED_END.match(c.text) or DASH.match(c.text)]
        others = [c for c in line.chunks if c.is_number and c not in pieces]  # "+6", "/": a row of its own
        if above is None or not pieces or others:
            out.append(line)
            continue
        targets = [_continued_number(piece, above) for piece in pieces]
        numbers = sum(1 for c in above.chunks if c.is_number or c.text in SIGNS)
        # a row's label opens the line above: a line of numbers alone one in-cell pitch under it is the wrapped
        # ends of its cells, all of them where every column is narrow (seed 44568948: "５|+1|35" over "２|2|1")
        labelled = (
            len(pieces) == len(line.chunks)
            and bool(above.chunks)
            and not (above.chunks[0].is_number or above.chunks[0].text in SIGNS)
        )
        if (
            any(
                t is None or not 0 < p.top - reach.get(id(t), t.top) <= 1.25 * pitch + 0.5
                for p, t in zip(pieces, targets, strict=True)
            )
            or len(set(map(id, targets))) < len(pieces)
            or (sum(1 for p in pieces if p.is_number) >= numbers and not labelled)
        ):
            out.append(line)
            continue
        tails = {id(target): piece for target, piece in zip(targets, pieces, strict=True)}
        extended = {id(c): _extended(c, tails[id(c)]) for c in above.chunks if id(c) in tails}
        for c in above.chunks:
            if id(c) in extended:
                reach[id(extended[id(c)])] = tails[id(c)].top
        above.chunks = [extended.get(id(c), c) for c in above.chunks]
        rest = [c for c in line.chunks if c not in pieces]
        if rest:
            out.append(Line(rest))
            rests[id(out[-1])] = above
    return out


def _continued_number(piece: Chunk, above: Line) -> Chunk | None:
    """The number of the line above that `piece` would be the wrapped end of, if any.

    It stands over the piece (x-overlap), ends in a digit (or is the dash the piece repeats), and fills its
    column: the piece's first character would not have fitted after it before the next column (less about a
    line height of cell margins).
    """
    chunks = above.chunks
    for index, number in enumerate(chunks):
        sign = number.text in SIGNS  # a signed change whose digits all wrapped ("+" over "１")
        if not (number.is_number or sign):
            continue
        if DASH.match(piece.text):
            if number.text != piece.text:
                continue
        elif not (sign or number.text[-1] in DIGIT_CHARS):
            continue
        if _overlap(number, piece) <= 0:
            continue
        digit_width = (piece.x1 - piece.x0) / len(piece.text)
        nxt = chunks[index + 1] if index + 1 < len(chunks) else None
        if nxt is not None and number.x1 + digit_width < nxt.x0 - 1.5 * above.height:
            return None
        return number
    return None


def _extended(chunk: Chunk, tail: Chunk) -> Chunk:
    return Chunk(chunk.x0, chunk.top, max(chunk.x1, tail.x1), max(chunk.bottom, tail.bottom), chunk.text + tail.text)


def _row_groups(lines: list[Line]) -> list[list[Line]]:
    """Split region lines into table rows.

    Lines of one cell are a line pitch apart; rows are separated by the cell padding on top of that. Where no
    such gap shows, every anchor line starts a row and text lines go with the anchor above (cells are
    top-aligned by default in Word and WPS).
    """
    if len(lines) == 1:
        return [lines]
    gaps = [_step(a, b) for a, b in itertools.pairwise(lines)]
    pitch = _line_pitch(lines)
    groups: list[list[Line]] = [[lines[0]]]
    for gap, line in zip(gaps, lines[1:], strict=False):
        if gap > 1.25 * pitch + 0.5:
            groups.append([line])
        else:
            groups[-1].append(line)
    numbers_from = min((c.x0 for ln in lines if _is_anchor(ln) for c in ln.chunks if c.is_number), default=0.0)
    rows: list[list[Line]] = []
    for group in groups:
        anchors = [i for i in range(len(group)) if _is_row(group, i)]
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


def _step(above: Line, line: Line) -> float:
    """How far `line` stands below `above`: from top to top, or, where a chunk of `line` stands under a chunk of
    `above`, the smallest such step down a column. A line's top is its highest chunk's; in a tall header a cell's
    second line (科研|机构) steps one pitch from its first, while the line that first shares (the label column's
    wrapped note) starts a few points higher, and the top-to-top gap would look like a new row."""
    steps = [c.top - a.top for c in line.chunks for a in above.chunks if _overlap(a, c) > 0 and c.top > a.top]
    return min([line.top - above.top, *steps])


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
