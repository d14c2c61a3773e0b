"""Dates as reports and pages print them, to ISO `YYYY-MM-DD`.

The common shapes ("2025-01-10 09:30", "2025年1月10日", "二〇二五年一月十日") are read by a regular expression
after Chinese numerals are converted, because dateparser costs milliseconds a call and most pages print one
of them; dateparser (imported on first need) reads whatever else, after the "发布日期：" prefix is stripped,
since it returns None with the prefix on.
"""

from __future__ import annotations

import re
from datetime import date

from nianbao.extractor.numbers import cn_to_int, to_halfwidth

_PREFIX = re.compile(r"^.*?(?:发布日期|发布时间|成文日期|发文日期|更新时间|日期|时间)\s*[:：]\s*")
_YMD = re.compile(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?")
_CN_DATE = re.compile(
    r"([〇零一二三四五六七八九○Ｏ0-9]{4})\s*年\s*([一二三四五六七八九十\d]{1,3})\s*月\s*([一二三四五六七八九十\d]{1,3})\s*日"
)


def _cn_part(text: str) -> int | None:
    text = text.replace("○", "〇").replace("Ｏ", "〇")
    if text.isdigit():
        return int(text)
    return cn_to_int(text)


def parse_date(text: str | None) -> str | None:
    """The ISO date a text states, or None."""
    if not text:
        return None
    s = _PREFIX.sub("", to_halfwidth(text.strip()))
    match = _CN_DATE.search(s)
    if match:
        parts = [_cn_part(g) for g in match.groups()]
        if None not in parts:
            return _iso(*parts)  # type: ignore[arg-type]
    match = _YMD.search(s)
    if match:
        return _iso(*(int(g) for g in match.groups()))
    import dateparser  # slow to import; only for shapes the expressions above do not know

    parsed = dateparser.parse(s, languages=["zh", "en"], settings={"STRICT_PARSING": True})
    return parsed.date().isoformat() if parsed else None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


STANDALONE_DATE = re.compile(
    r"^\s*(?:\d{4}|[〇零一二三四五六七八九○]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日\s*$"
)


# 发布日期 / 发布时间 as page headers print it (成文日期, the signing date, is not a publication date)
# "发布日期：2024-01-15", "发布日期 2026-01-16 18:22:45" (a metadata table flattened to spaces or bars), and a
# bare "时间：" only with its colon and never the statistics period's or a processing time
PUBDATE_TEXT = re.compile(
    r"(?:(?:发布日期|发布时间|发文日期|更新时间)\s*[:：|]?"
    r"|(?:(?<!成文)(?<!生成)(?<!印发)日期|(?<!统计)(?<!办理)(?<!截止)(?<!答复)时间)\s*[:：])"
    r"\s*(\d{4}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)"
)

# a page header's stamp with no label, on a line of its own under the title: "2022-01-29 10:27:52 陆丰市人民政府办公室"
# (a date with a clock time is when the page went up; a statistics period or a signing date has none)
PUBDATE_STAMP = re.compile(r"^\s*(\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?)(?!\d)")
