"""Text clean-up shared by readers and the interpreter: whitespace as a Chinese reader sees it.

Word, PDF and OCR put spaces and line breaks inside Chinese words ("年 度报告", "结果\n维持"); a Chinese reader
ignores them, so the extractor drops whitespace between CJK characters and keeps it between Latin words.
"""

from __future__ import annotations

import re

_WS = re.compile(r"[ \t\r\n\f\v\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff\x1f]+")
#: between cells that stood apart by runs of spaces (a tab's stand-in that says no blank cell kept its place)
SPACED = "\x1f"
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])|(?<=[{_CJK}]) (?=[0-9])|(?<=[0-9]) (?=[{_CJK}])")
_MARKERS = re.compile(r"\[(?:bookmark|anchor): [^\]]*\]")


def clean(text: str) -> str:
    """One line of text: whitespace runs collapsed, spaces between Chinese characters (and digits) dropped."""
    if text.isascii() and text.isalnum():  # a number or a word (most table cells): nothing to clean
        return text
    text = _WS.sub(" ", text).strip()
    if " " in text:
        text = _CJK_GAP.sub("", text)
    return text


def clean_cells(text: str) -> str:
    """One line whose tabs separate table cells (a Word row pasted as a paragraph): each cell cleaned, the tabs
    kept, leading empty cells too (a merged label's place, as a text export keeps it); a line with fewer than
    two cells that print something is plain text (a tab as indentation)."""
    if "\t" not in text and SPACED not in text:
        return clean(text)
    sep = SPACED if SPACED in text else "\t"
    cells = [clean(cell) for cell in text.split(sep)]
    if sum(1 for cell in cells if cell) < 2:
        return clean(text)
    return sep.join(cells)


def compact(text: str) -> str:
    """Text with every whitespace removed, for matching labels and phrases."""
    return _WS.sub("", text)


def drop_markers(text: str) -> str:
    """Remove the `[bookmark: …]` markers a Word-to-text export leaves in the text."""
    return _MARKERS.sub("", text)


_HAN = re.compile(r"[\u4e00-\u9fff]")


def han_chars(text: str) -> list[str]:
    return _HAN.findall(text)


def has_han(text: str) -> bool:
    # isascii() is a flag lookup: most texts asked about are numbers, read without the search
    return not text.isascii() and _HAN.search(text) is not None
