"""The one builder of a table printed as text, whatever told its cells apart.

A table that reaches us without a document's own table structure has rows of cells all the same: cells apart
by tabs or runs of spaces in a line (a .txt export, a page's `<p>`s or `<br>` lines, a DOCX's paragraphs:
tables.lines), or by where their words stand on a PDF page or in a picture (formats.pdf_text turns positions
into rows of cells, each in the column it stands in). Every such reader hands its rows here, so the same table
reads the same from every container: cells cleaned alike, and a label merged over several rows — printed once,
in its first row, with the rows below it blank in that column — repeated into each row of numbers it covers,
as a grid reader expands a rowspan.
"""

from __future__ import annotations

import re

from nianbao.extractor.layout import Source, Table
from nianbao.extractor.textnorm import clean

#: a cell that prints a count, an amount, a signed change or a share, its unit after it as a cell may print it
#: ("12件", "3.5万元"), or a zero marker (—, -, －, ——, /, 无)
NUMBER = re.compile(
    r"^(?:[+\-－]|增加?|减少?)?[\d０-９][\d０-９,，]*(?:[.．][\d０-９]+)?(?:%|万元|[件条个项次份元])?$|^(?:[—\-－]{1,2}|[/／无])$"
)


def is_number(text: str) -> bool:
    return bool(NUMBER.match(text.replace(" ", "")))


def grid_table(rows: list[list[str]], *, blanks_kept: bool = True, source: Source = "table") -> Table:
    """The Table of rows of cell texts. `blanks_kept`: a blank cell holds its column's place (tabs, positions,
    bars); where runs of spaces separated the cells a blank left no trace, so no column can be filled down."""
    cells = [[clean(cell) for cell in row] for row in rows]
    return Table(fill_spanned_labels(cells) if blanks_kept else cells, source=source, blanks_kept=blanks_kept)


def fill_spanned_labels(rows: list[list[str]]) -> list[list[str]]:
    """Repeat a label merged over several rows into each row it covers, as the reader of a ruled table does.

    Without a grid a merged label prints once, in its first row; below it the row's own (deeper) label stands
    further right, and the cells left of it are empty. Only rows of numbers are filled, from the last row of
    numbers whose cell in that column had text; header rows and a label's wrapped pieces are left as read.
    """
    above: dict[int, str] = {}
    out: list[list[str]] = []
    for row in rows:
        row = row[:]
        numbers = [j for j, text in enumerate(row) if text and is_number(text)]
        own = next((j for j in range(min(numbers, default=0)) if row[j]), None)
        if own is not None:
            for j in range(own):
                row[j] = above.get(j, "")
            for j in range(own, min(numbers)):
                if row[j]:
                    above[j] = row[j]
            for j in [k for k in above if own < k < min(numbers) and not row[k]]:
                del above[j]  # a deeper label ends where a shallower one starts
        out.append(row)
    return out
