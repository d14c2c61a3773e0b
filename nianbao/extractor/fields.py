"""Report-level fields from the body text: title, agency, year, sections, signature date, contact.

Titles break over lines ("汶上街道办事处2024年政府信息公开" / "工作年度报告") and headings are misnumbered
("2、 主动公开…"), so both are recognised by their words, not their layout.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from nianbao.extractor import keys
from nianbao.extractor.dates import STANDALONE_DATE, parse_date
from nianbao.extractor.numbers import cn_to_int
from nianbao.extractor.textnorm import compact

# "…政府信息公开工作年度报告", "…年报", and titles without 年度 ("大川镇2023年度政府信息公开工作报告")
_TITLE_END = re.compile(r"(?:工作)?年度报告|年报|信息公开工作报告")
# the year may lack its 年 ("西藏自治区政府国资委2020政府信息公开…"); 政务信息公开 stands for 政府信息公开 in some,
# and some drop 政府 after a unit that ends in it ("下湿壕镇政府2022年信息公开工作年度报告")
_AGENCY = re.compile(
    r"^(?:关于)?[“\"《]?(.+?)(?:\d{4}|[〇零一二三四五六七八九]{4})\s*(?:年度?)?\s*(?:度)?(?:政府|政务)?信息公开"
)
_AGENCY_NO_YEAR = re.compile(r"^(?:关于)?[“\"《]?(.+?)政府信息公开")
# without year and without 政府: "会同县林业局信息公开工作年度报告"
_AGENCY_BARE = re.compile(r"^(?:关于)?[“\"《]?(.+?)信息公开(?:工作)?(?:年度)?报告")
_YEAR = re.compile(r"(\d{4})\s*年度?")
_PERIOD_YEAR = re.compile(r"统计(?:期限|时限|时间|期间|区间)(?:自|为|是|从)?[:：]?(\d{4})年?")

# section key -> words that identify its heading
_SECTION_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("overview", ("总体情况", "概述", "基本情况")),  # 概述: the reports of 2008–2018
    ("active_disclosure", ("主动公开政府信息情况", "主动公开政府信息", "主动公开情况")),
    ("applications", ("收到和处理政府信息公开申请", "收到和处理政府信息公开", "依申请公开")),
    ("review_litigation", ("行政复议", "行政诉讼")),
    ("problems", ("存在的主要问题", "主要问题及改进", "存在问题及改进")),
    ("other_matters", ("其他需要报告的事项", "其他需要报告")),
)
# up to 九: the reports of 2008–2018 had seven or eight sections (收费及减免, 其他需要报告的事项 last)
_HEADING_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九][、.．,，]|[1-9]\s*[、.．]|第[一二三四五六七八九]部分)\s*")


def title_lines(paragraphs: list[str]) -> tuple[str | None, int]:
    """The report title from the first lines (joining a title broken over two lines) and the lines it took.

    Pages put breadcrumbs ("首页 > … > 信息公开年度报告") and column names ("2020年信息公开年报") above the
    title, so the first candidate that names a unit wins over an earlier one that names none.
    """
    head = [_PAGE_PREFIX.sub("", _TITLE_LABEL.sub("", p)) for p in paragraphs[:12]]  # metadata ("标题：…") first
    candidates: list[tuple[str, int]] = []
    for end, line in enumerate(head):
        text = compact(line)
        if not _TITLE_END.search(text) or len(text) > 80 or _NOT_TITLE.search(text):
            continue
        start = end
        # the break left the unit's name (or name and year) on the line before: "市中区矿区街道办事处" /
        # "2024年政府信息公开工作年度报告"
        if end > 0 and _CONTINUES_TITLE.match(text):
            previous = compact(head[end - 1])
            if (
                previous
                and len(previous) <= 40
                and is_unit_name(re.sub(r"\d", "", previous))  # not page furniture ("【字体：】打印")
                and not _HEADING_NUMBER.match(head[end - 1])
                and not _NOT_TITLE.search(previous)
            ):
                start = end - 1
        title = compact("".join(head[start : end + 1]))
        # or on the line after a title that begins with its year: "2025年政府信息公开工作年度报告" / "区数据局"
        if start == end and _YEAR_FIRST.match(text) and not agency_of(text) and end + 1 < len(head):
            following = compact(head[end + 1])
            if _NAME_AFTER_TITLE.fullmatch(following) and not _NOT_TITLE.search(following):
                candidates.append((following + title, end + 2))
        candidates.append((title, end + 1))
    for title, used in candidates:
        if agency_of(title):
            return title, used
    return candidates[0] if candidates else (None, 0)


_PAGE_PREFIX = re.compile(r"^\s*(?:Page\s*\d+\s*[-–—]\s*)")  # flip-book page titles: "Page 8 - …"
# breadcrumbs and page furniture that mention 年度报告 without being the title
_NOT_TITLE = re.compile(r"[>＞»|｜]|当前位置|所在位置|上一篇|下一篇|相关(?:文章|链接|阅读)")


# "标题：…", and "标      题 …" where a metadata table lost its borders (the text reader drops spaces between
# Chinese characters, so the label may run into the title: no unit's name begins with 标题 or 名称)
_TITLE_LABEL = re.compile(r"^\s*(?:标\s*题|名\s*称|文件名称|信息名称)\s*[:：]?\s*")
_YEAR_FIRST = re.compile(r"^(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年")
# a unit's name alone on a line: Chinese characters ending in a kind of office, never page furniture
_NAME_AFTER_TITLE = re.compile(
    r"(?!.*(?:发布|来源|时间|日期|字体|打印|浏览|点击))[\u4e00-\u9fff（）()]{2,24}?"
    r"(?:局|委员会|委|办公室|办|办事处|街道|镇|乡|人民政府|中心|厅|署|管委会)"
)
_CONTINUES_TITLE = re.compile(r"^(?:工作年度报告|年度报告|政府信息公开|\d{4}年|[〇零一二三四五六七八九]{4}年)")


def agency_of(title: str | None) -> str | None:
    """The reporting unit: what the title says before the year (or before 政府信息公开), or after a leading
    year ("2021年迎宾路街道政府信息公开工作年度报告")."""
    if not title:
        return None
    for pattern in (_AGENCY, _AGENCY_YEAR_FIRST, _AGENCY_NO_YEAR, _AGENCY_BARE):
        match = pattern.search(compact(_zero_as_printed(title)))
        if match:
            name = re.sub(r"(?:关于|的)$", "", match.group(1).strip('“”"《》 '))
            name = re.sub(r"^(?:关于)?(?:印发|公布|发布)", "", name)  # "关于印发X2022年度…年度报告的通知"
            name = re.sub(r"(?<=.{2})政务$", "", name)  # "城关镇政务信息公开工作年度报告": no unit ends in 政务
            if (
                len(name) >= 2
                and is_unit_name(name)
                and not re.match(r"^[\d〇零一二三四五六七八九]{4}年", name)
                and not _NOT_A_NAME.search(name)
            ):
                return name
    return None


_AGENCY_YEAR_FIRST = re.compile(r"^(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年度?(.+?)政府信息公开")
_UNIT_NAME = re.compile(r"[\u4e00-\u9fff（）()·]+")


def is_unit_name(name: str) -> bool:
    """Chinese characters (and brackets) only: page furniture ("首页>政务公开>") and codes are not names."""
    return _UNIT_NAME.fullmatch(name) is not None


def year_of(title: str | None, text: str) -> int | None:
    """The year reported on: the title's, else the statistics period's, else the year the opening text
    names most often ("2023年，在区委…"; a year of plans ahead is named less often than the year reported)."""
    if title:
        match = _YEAR.search(title)
        if match and 2000 <= int(match.group(1)) <= 2100:
            return int(match.group(1))
        match = _CN_YEAR.search(_zero_as_printed(title))  # "二〇二三年"
        if match:
            year = cn_to_int(match.group(1))
            if year is not None and 2000 <= year <= 2100:
                return year
    head = compact(text[:5000])
    match = _PERIOD_YEAR.search(head)
    if match:
        return int(match.group(1))
    years = Counter(int(y) for y in _MENTIONED_YEAR.findall(head[:3000]) if 2007 <= int(y) <= 2100)
    if years:
        (year, count), *rest = years.most_common(2)
        if not rest or count > rest[0][1]:
            return year
        # a tie ("2024年,…坚持…" / "2023年结转…" / "结转2025年…"): the year the overview opens with
        opening = _OVERVIEW_YEAR.search(head[:3000])
        if opening and years[int(opening.group(1))] == count:
            return int(opening.group(1))
    return None


_OVERVIEW_YEAR = re.compile(r"总体情况(?:[:：])?(\d{4})年")


_CN_YEAR = re.compile(r"([〇零一二三四五六七八九]{4})\s*年")


def _zero_as_printed(text: str) -> str:
    """Years are typed with ○ (a circle) or Ｏ as often as with 〇: one zero for the numeral readers."""
    return text.replace("○", "〇").replace("Ｏ", "〇")


_MENTIONED_YEAR = re.compile(r"(?<![0-9])(\d{4})年")


def agency_named(text: str) -> str | None:
    """The unit as the opening sentence names the report: "现公布2021年石家庄市教育局政府信息公开工作年度报告",
    "编制《西咸新区底张街道办事处2023年度政府信息公开工作年度报告》"."""
    for match in _NAMED_REPORT.finditer(compact(text[:3000])):
        name = match.group("name") or match.group("maker")
        if name and is_unit_name(name) and not _NOT_A_NAME.search(name):
            return name
    return None


# a name stops at punctuation, full-width or half-width (stored copies of pages turn "，" into ",")
_NAMED_REPORT = re.compile(
    r"(?:公布|编制|发布|公开|现将)(?:了|本)?《?(?:\d{4}年度?)?(?P<name>[^，,。；;、《》“”\d]{2,30}?)(?:\d{4}年度?)?"
    r"(?:本级)?(?:政府|政务)?信息公开(?:工作)?(?:年度|情况)?(?:工作)?报告"
    # "本报告…由上饶市教育局结合有关统计数据编制", "本年报是根据…要求,由武进区卫生健康局编制的…"
    r"|(?:报告|年报)[^。]{0,60}?由(?P<maker>[^，,。；;、《》“”\d]{2,30}?)"
    r"(?:(?:结合|根据|按照|综合|汇总|负责)[^，,。；;]{0,16}?)?编制"
)
# "特向社会公布2023年政府信息公开工作年度报告" names no unit: 政府 alone is none
_NOT_A_NAME = re.compile(r"^(?:本|我|现|该|其|各)|年度报告|的$|关于|条例|通知|要求|规定|有关|^(?:政府|政务)$")


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
