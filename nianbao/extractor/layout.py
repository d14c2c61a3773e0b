"""The common shape every format reader produces, and the only thing the report interpreter reads.

Format readers (HTML, DOCX, PDF, DOC, XLS, images …) know bytes; the interpreter knows the template. Between
them stands a `Layout`: the report body as paragraphs and tables in reading order. A new format is a reader
that returns a Layout; it never touches cell keys or rules.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

Source = Literal["table", "ocr"]


@dataclass
class Paragraph:
    """One line or paragraph of body text, whitespace as printed (readers do not reflow)."""

    text: str


@dataclass
class Table:
    """A table as a rectangular grid of cell texts, with row and column spans expanded.

    A merged cell's text is repeated in every grid position it covers, so row `i`, column `j` always means
    the same place on the page. `source` says how the cells were read: from the document's own table
    structure, or rebuilt from OCR text boxes.
    """

    rows: list[list[str]]
    source: Source = "table"
    blanks_kept: bool = True  # False where cells stood apart by runs of spaces: a blank cell left no place
    #: per row and position, the column where the cell covering it begins (grids only): a merged cell is one
    #: cell, however many positions it covers
    starts: list[list[int]] | None = None
    #: the reader repeats a merged cell's text in every column it covers without saying where it began (a PDF's
    #: ruled grid, a spreadsheet, OCR): equal neighbours may be one cell
    spans_repeated: bool = False


@dataclass
class Image:
    """An image in the body that the reader could not or did not read (e.g. a table pasted as a picture)."""

    url: str | None = None
    alt: str = ""
    read: bool = False


Block = Paragraph | Table | Image


@dataclass
class Layout:
    """A document body in reading order, plus what its container says about it."""

    format: str
    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    published: str | None = None  # the raw 发布日期 / pubdate text of the page or file metadata
    metadata: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def text(self) -> str:
        """The body as plain text: paragraphs as lines, table rows as tab-separated lines."""
        lines: list[str] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                lines.append(block.text)
            elif isinstance(block, Table):
                lines.extend("\t".join(row) for row in block.rows)
        return "\n".join(lines)

    def map_text(self, convert: Callable[[str], str]) -> Layout:
        """The same layout with `convert` applied to every paragraph, table cell and the title (a whole-text
        rewrite such as traditional to simplified); images and metadata stay as they were."""
        blocks: list[Block] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                blocks.append(Paragraph(convert(block.text)))
            elif isinstance(block, Table):
                blocks.append(dataclasses.replace(block, rows=[[convert(c) for c in row] for row in block.rows]))
            else:
                blocks.append(block)
        title = convert(self.title) if self.title else self.title
        return dataclasses.replace(self, blocks=blocks, title=title)
