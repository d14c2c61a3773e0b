"""How a line's cells stand apart: tabs, runs of spaces, single spaces between a label and its numbers.

Readers of containers that carry lines (a page's paragraphs, a DOCX's) turn each paragraph into the text the
line builder (tables.lines) reads: cells apart by tabs, or by `SPACED` where runs of spaces separated them (no
blank cell kept its place there), and a row's single spaces kept where cleaning would glue label and number.
"""

from __future__ import annotations

import re

from nianbao.extractor.tables.plain import is_header, is_value, split_spaced
from nianbao.extractor.textnorm import SPACED, clean_cells

# cells apart by a run of spaces: in text any two; in HTML two that a browser shows (nbsp, full-width), since
# source spaces and line breaks collapse on screen
TEXT_GAP = re.compile(r"[ \u00a0\u3000]{2,}")
HTML_GAP = re.compile(r"[\u00a0\u3000][ \t\r\n\u00a0\u3000]*[\u00a0\u3000]")
_ROW_CELL_MAX = 60  # a longer piece is a sentence, not a cell
_ROW_MAX = 300  # a longer paragraph is prose (and is not searched for a row's numbers)
_ENDS_LIKE_A_ROW = re.compile(r"[0-9０-９/／\-－—–―─‐]\s*$")
_UNIT_WORDS = frozenset({"件", "条", "个", "项", "次", "份", "元", "万元"})


def spaced_cells(line: str, gap: re.Pattern[str] = TEXT_GAP) -> str:
    """A line whose cells stand apart by runs of spaces, with tabs between them instead, if it reads as a
    table row: short pieces without a sentence's 。, one of them a number or two a table's column headings (a
    header row names the columns; 小计 before 商业企业 changes their order). Anything else is returned
    as it was (prose keeps its spaces)."""
    text = line.strip(" \u00a0\u3000\r\n")
    if "\t" in line or SPACED in line or "|" in line or not gap.search(text):  # bars are cells of their own
        return line
    pieces = gap.split(text)
    if any(len(p.strip()) > _ROW_CELL_MAX or "。" in p or p.strip() in _UNIT_WORDS for p in pieces):
        return line  # a sentence, or a form's blank filled in ("收到申请  12  件")
    if not any(is_value(p) for p in pieces) and sum(1 for p in pieces if _heading(p)) < 2:
        return line  # neither numbers nor a table's column headings
    return SPACED.join(pieces)


_COLUMN_WORDS = re.compile(r"件数|数量|金额|单位")


def _heading(piece: str) -> bool:
    """A column heading: the template's, or one in its words (本年收费金额（单位：元）)."""
    return is_header(piece) or _COLUMN_WORDS.search(piece) is not None


def row_text(text: str, gap: re.Pattern[str] = TEXT_GAP) -> str:
    """A paragraph's text as the line builder reads it: cells apart by tabs (or spaced as a row), each
    cleaned; a label and numbers apart by single spaces keep them ("规章 0 1 45", which cleaning would make
    "规章0 1 45"); plain text cleaned as ever."""
    text = spaced_cells(text, gap)
    if "\t" not in text and SPACED not in text and len(text) <= _ROW_MAX and _ENDS_LIKE_A_ROW.search(text):
        cells = split_spaced(text)
        if len(cells) > 1:
            return " ".join(cells)
    return clean_cells(text)


