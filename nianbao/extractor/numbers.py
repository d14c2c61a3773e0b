"""Reading the number a table cell or a sentence prints.

Cells hold "0", "", "—", "/", "无", full-width digits, Chinese numerals, thousands separators and annotations
("22（其中修订16件）"). The rules here are the spec's: an empty cell is absent (None), "无" means none (0), an
annotation keeps its leading number, and anything else with words in it is not a number at all. A zero marker
("—", "-", "/") prints no number either; `parse_cell` reads it as a provisional 0 that only the table's own
totals can confirm (extractor.zero_markers), because the same dash also stands for "not filled in".
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import cn2an

_FULL_WIDTH = str.maketrans("０１２３４５６７８９，．－＋（）", "0123456789,.-+()")
# A cell that says "nothing printed here": dashes, slashes, a lone asterisk.
_ABSENT = re.compile(r"^[\s\-－—–―─‐/／\\*＊xX×]*$")
_NUMBER = re.compile(r"^([+\-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?")
# the 2019 template's 本年增/减 written in words: "减4" is -4, "增加12" is +12
_SIGN_WORDS = re.compile(r"^(?:(增加?)|(减少?))(?=\d)")
_UNIT = re.compile(r"^(?:件|条|个|项|次|人|万元|元|%)?$")
_ANNOTATION = re.compile(r"^[(（\[【]")
_CN_NUMERAL = re.compile(r"^[零〇一二两三四五六七八九十百千万]+$")
_NONE_WORDS = frozenset({"无", "没有", "零"})
# What Word-pasted tables print for zero: one or two dashes of any width, or a slash (after to_halfwidth).
_ZERO_MARKER = re.compile(r"^(?:[\-—–―─‐]{1,2}|[/／])$")


@dataclass(frozen=True)
class Value:
    """A number as printed: its value and the cell's text."""

    value: int | float
    raw: str
    zero_marker: bool = False  # printed as a dash or slash: 0 only if the table's totals agree


def to_halfwidth(text: str) -> str:
    return text.translate(_FULL_WIDTH)


def is_absent_marker(text: str) -> bool:
    """An empty or dash cell: printed, but with no number (recorded as absent, not as 0)."""
    return _ABSENT.match(text) is not None


def cn_to_int(text: str) -> int | None:
    """A Chinese numeral ("十二", "一百零五", "〇") as an int; None if it is not one."""
    if not _CN_NUMERAL.match(text):
        return None
    if set(text) <= set("〇零一二三四五六七八九"):  # digit by digit, as years are written
        digits = "".join("0123456789"["〇一二三四五六七八九".index(c)] if c != "零" else "0" for c in text)
        return int(digits)
    try:
        return int(cn2an.cn2an(text, "normal"))
    except (ValueError, KeyError):
        return None


@functools.lru_cache(maxsize=8192)  # tables repeat a few texts ("0", "1", labels) thousands of times
def parse_value(text: str) -> Value | None:
    """The number a cell prints, or None if the cell prints none (empty, a dash, or words)."""
    raw = text.strip()
    s = re.sub(r"\s+", "", to_halfwidth(raw))
    if not s or is_absent_marker(s):
        return None
    if s in _NONE_WORDS:
        return Value(0, raw)
    n = cn_to_int(s)
    if n is not None:
        return Value(n, raw)
    if worded := _SIGN_WORDS.match(s):
        s = ("+" if worded.group(1) else "-") + s[worded.end() :]
    match = _NUMBER.match(s)
    if not match:
        return None
    rest = s[match.end() :]
    if rest and not (_UNIT.match(rest) or _ANNOTATION.match(rest)):
        return None
    sign, digits, frac = match.groups()
    digits = digits.replace(",", "")
    number: int | float = float(digits + frac) if frac else int(digits)
    if sign == "-":
        number = -number
    return Value(number, raw)


def is_zero_marker(text: str) -> bool:
    """A cell printing a dash or slash where a count stands (not "*", "x" or an empty cell)."""
    return _ZERO_MARKER.match(re.sub(r"\s+", "", to_halfwidth(text))) is not None


@functools.lru_cache(maxsize=8192)  # as parse_value: a few texts thousands of times
def parse_cell(text: str) -> Value | None:
    """A table cell's number, or a zero marker as a provisional 0 (`zero_marker` set); None for anything else."""
    value = parse_value(text)
    if value is None and is_zero_marker(text):
        return Value(0, text.strip(), zero_marker=True)
    return value


def is_value_cell(text: str) -> bool:
    """A cell in the value area of a table: a number, an absent marker, or empty."""
    s = text.strip()
    return not s or parse_value(s) is not None or is_absent_marker(to_halfwidth(s))


def parse_count(text: str) -> int | float | None:
    """A number written in a sentence: Arabic (half or full width, with separators) or Chinese numerals."""
    s = to_halfwidth(text).replace(",", "").strip()
    if not s:
        return None
    if re.fullmatch(r"\d+", s):
        return int(s)
    if re.fullmatch(r"\d+\.\d+", s):
        return float(s)
    return cn_to_int(s)
