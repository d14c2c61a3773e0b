"""Report-level fields from the body text: title, agency, year, sections, signature date, contact.

Titles break over lines ("汶上街道办事处2024年政府信息公开" / "工作年度报告") and headings are misnumbered
("2、 主动公开…"), so both are recognised by their words, not their layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor import keys
from extractor.dates import STANDALONE_DATE, parse_date
from extractor.textnorm import compact, has_han

_TITLE_END = re.compile(r"(?:工作)?年度报告|年报")
_AGENCY = re.compile(r"^(?:关于)?[“\"《]?(.+?)(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年度?\s*(?:度)?政府信息公开")
_AGENCY_NO_YEAR = re.compile(r"^(?:关于)?[“\"《]?(.+?)政府信息公开")
_YEAR = re.compile(r"(\d{4})\s*年度?")
_PERIOD_YEAR = re.compile(r"统计期限(?:自|为|是)?(\d{4})年")

# section key -> words that identify its heading
_SECTION_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("overview", ("总体情况",)),
    ("active_disclosure", ("主动公开政府信息情况", "主动公开政府信息", "主动公开情况")),
    ("applications", ("收到和处理政府信息公开申请", "收到和处理政府信息公开", "依申请公开政府信息情况")),
    ("review_litigation", ("行政复议", "行政诉讼")),
    ("problems", ("存在的主要问题", "主要问题及改进", "存在问题及改进")),
    ("other_matters", ("其他需要报告的事项", "其他需要报告")),
)
_HEADING_NUMBER = re.compile(r"^\s*(?:[一二三四五六][、.．,，]|[1-6]\s*[、.．]|第[一二三四五六]部分)\s*")


def title_lines(paragraphs: list[str]) -> tuple[str | None, int]:
    """The report title from the first lines (joining a title broken over two lines) and the lines it took."""
    head = [_TITLE_LABEL.sub("", p) for p in paragraphs[:8]]  # metadata blocks ("标题：…") come first
    for end, line in enumerate(head):
        text = compact(line)
        if not _TITLE_END.search(text) or len(text) > 80:
            continue
        start = end
        # the break left the unit's name (or name and year) on the line before: "市中区矿区街道办事处" /
        # "2024年政府信息公开工作年度报告"
        if end > 0 and _CONTINUES_TITLE.match(text):
            previous = compact(head[end - 1])
            if previous and len(previous) <= 40 and not _HEADING_NUMBER.match(head[end - 1]):
                start = end - 1
        return compact("".join(head[start : end + 1])), end + 1
    return None, 0


_TITLE_LABEL = re.compile(r"^\s*(?:标\s*题|名\s*称|文件名称|信息名称)\s*[:：]\s*")
_CONTINUES_TITLE = re.compile(r"^(?:工作年度报告|年度报告|政府信息公开|\d{4}年|[〇零一二三四五六七八九]{4}年)")


def agency_of(title: str | None) -> str | None:
    """The reporting unit: what the title says before the year (or before 政府信息公开)."""
    if not title:
        return None
    for pattern in (_AGENCY, _AGENCY_NO_YEAR):
        match = pattern.search(compact(title))
        if match:
            name = re.sub(r"(?:关于|的)$", "", match.group(1).strip('“”"《》 '))
            if len(name) >= 2 and has_han(name) and not re.match(r"^[\d〇零一二三四五六七八九]{4}年", name):
                return name
    return None


def year_of(title: str | None, text: str) -> int | None:
    if title:
        match = _YEAR.search(title)
        if match and 2000 <= int(match.group(1)) <= 2100:
            return int(match.group(1))
    match = _PERIOD_YEAR.search(compact(text[:5000]))
    if match:
        return int(match.group(1))
    return None


def heading_key(paragraph: str) -> str | None:
    """The section a paragraph heads, if it is a section heading (numbered, short, with the section's words)."""
    text = compact(paragraph)
    if len(text) > 45 or not _HEADING_NUMBER.match(paragraph.strip()):
        return None
    for key, words in _SECTION_WORDS:
        if any(w in text for w in words):
            return key
    return None


@dataclass
class Sections:
    texts: dict[str, str]
    heading_index: dict[str, int]  # section key -> index of its heading paragraph


def split_sections(paragraphs: list[str]) -> Sections:
    """The six sections' prose, in order; a heading is taken only in template order (no going back)."""
    order = list(keys.SECTIONS)
    texts: dict[str, list[str]] = {}
    index: dict[str, int] = {}
    current: str | None = None
    for i, para in enumerate(paragraphs):
        key = heading_key(para)
        if key is not None and key not in index and (current is None or order.index(key) > order.index(current)):
            current = key
            index[key] = i
            texts[key] = []
            continue
        if current is not None:
            texts[current].append(para)
    return Sections({k: "\n".join(v) for k, v in texts.items()}, index)


def signed_date(paragraphs: list[str]) -> str | None:
    """The date printed under the signature: a short line ending in a date, among the last lines."""
    for para in reversed(paragraphs[-8:]):
        text = compact(para)
        match = _SIGNATURE_DATE.search(text)
        if match and (STANDALONE_DATE.match(text) or len(text) <= 40):
            return parse_date(match.group(0))
    return None


_SIGNATURE_DATE = re.compile(
    r"(?:\d{4}|[〇零一二三四五六七八九○]{4})年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日$"
)


_PHONE = re.compile(r"(?:电话|联系电话|咨询电话|联系方式)\s*[:：]?\s*((?:\(?0\d{2,3}\)?[-－—\s]?)?\d{7,8})")
_ADDRESS = re.compile(r"(?:通讯地址|联系地址|办公地址|地址)\s*[:：]\s*([^，,；;。）)\s]+)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_WEBSITE = re.compile(r"(?:https?://|www\.)[A-Za-z0-9.\-]+(?:/[A-Za-z0-9._~/%\-?=&#]*)?")


def contact(text: str) -> dict[str, str | None]:
    out: dict[str, str | None] = {"phone": None, "address": None, "email": None, "website": None}
    if match := _PHONE.search(text):
        out["phone"] = match.group(1).replace("－", "-").replace("—", "-").replace(" ", "-")
    if match := _ADDRESS.search(text):
        out["address"] = match.group(1)
    if match := _EMAIL.search(text):
        out["email"] = match.group(0)
    if match := _WEBSITE.search(text):
        out["website"] = match.group(0).rstrip(".")
    return out
