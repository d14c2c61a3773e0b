"""Plain text, as Word's and OCR's text exports give reports: tab rows, or one cell a line.

Two table layouts occur (see the seeds): a row per line with tab-separated cells (002, and OCR'd 001), and
every cell on its own tab-led line with a blank line closing the row (004), where a line without a tab
continues the cell above. `[image: …]` markers stand for pictures in the original (003's tables) and become
Image blocks; `[bookmark: …]` markers are dropped.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import cchardet

from nianbao.extractor.formats.charset import normalise
from nianbao.extractor.layout import Block, Image, Layout, Paragraph, Table
from nianbao.extractor.tables.plain import plain_blocks
from nianbao.extractor.textnorm import clean, drop_markers

if TYPE_CHECKING:
    from nianbao.extractor.bundle import Bundle

_IMAGE = re.compile(r"\[image:\s*([^\]]*)\]")


def decode_text(body: bytes) -> str:
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", errors="replace")
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body.decode("utf-16", errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    guess = normalise(cchardet.detect(body[:200_000]).get("encoding")) or "gb18030"
    return body.decode(guess, errors="replace")


def read(bundle: Bundle) -> Layout:
    text = decode_text(bundle.body).replace("\r\n", "\n").replace("\r", "\n")
    lines = [drop_markers(line) for line in text.split("\n")]
    return Layout(format="text", blocks=list(_blocks(lines)))


def _is_cell_line(line: str) -> bool:
    return line.startswith("\t") and "\t" not in line[1:]


def _blocks(lines: list[str]) -> Iterator[Block]:
    i = 0
    n = len(lines)
    tab_rows: list[list[str]] = []
    plain: list[str] = []  # lines without tabs, read together: their tables span many lines
    while i < n:
        line = lines[i]
        if _is_cell_line(line) or ("\t" in line and line.strip()):
            yield from _plain(plain)
        if _is_cell_line(line):
            if tab_rows:
                yield Table(tab_rows)
                tab_rows = []
            rows, i = _cell_line_table(lines, i)
            yield Table(rows)
            continue
        if "\t" in line and line.strip():
            tab_rows.append([clean(cell) for cell in line.split("\t")])
            i += 1
            continue
        if tab_rows:
            yield Table(tab_rows)
            tab_rows = []
        plain.append(line)
        i += 1
    if tab_rows:
        yield Table(tab_rows)
    yield from _plain(plain)


def _plain(lines: list[str]) -> Iterator[Block]:
    """Paragraphs of plain lines, and the tables printed among them as pipes, cells a line or spaced numbers."""
    for item in plain_blocks(lines):
        if isinstance(item, Table):
            yield item
        else:
            yield from _paragraph_blocks(item)
    lines.clear()


def _paragraph_blocks(line: str) -> list[Block]:
    out: list[Block] = []
    pos = 0
    for match in _IMAGE.finditer(line):
        before = clean(line[pos : match.start()])
        if before:
            out.append(Paragraph(before))
        out.append(Image(url=match.group(1).strip() or None, alt=""))
        pos = match.end()
    rest = clean(line[pos:])
    if rest:
        out.append(Paragraph(rest))
    return out


def _cell_line_table(lines: list[str], i: int) -> tuple[list[list[str]], int]:
    """Rows of a one-cell-a-line table starting at line `i`, and the index of the first line after it."""
    rows: list[list[str]] = []
    row: list[str] = []
    n = len(lines)
    while i < n:
        line = lines[i]
        if _is_cell_line(line):
            row.append(line[1:])
        elif not line.strip():
            if row:
                rows.append([clean(c) for c in row])
                row = []
            # two blank lines, or a blank line followed by plain text, end the table
            nxt = lines[i + 1] if i + 1 < n else ""
            if not _is_cell_line(nxt):
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
