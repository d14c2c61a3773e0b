"""From a Layout to a Report: the template read out of paragraphs and tables, whatever format they came from."""

from __future__ import annotations

import dataclasses
import re

from nianbao.extractor import completeness, fields, keys, zero_markers
from nianbao.extractor.checks import judge_all
from nianbao.extractor.dates import PUBDATE_STAMP, PUBDATE_TEXT, parse_date
from nianbao.extractor.glosses import unglossed
from nianbao.extractor.layout import Image, Layout, Paragraph
from nianbao.extractor.prose import Statement, statements
from nianbao.extractor.regions import find_region
from nianbao.extractor.report import Cell, Report
from nianbao.extractor.script import simplified
from nianbao.extractor.tables import read_tables
from nianbao.extractor.tables.lines import paragraph_tables
from nianbao.extractor.tables.rows import TableReading
from nianbao.extractor.textnorm import clean, compact

_FIELD_KEYS = ("active_disclosures", "npc_suggestions", "cppcc_proposals", "processing_fees")
_TABLE_NAMES = {"t2": "table 2 (主动公开)", "t3": "table 3 (申请)", "t4": "table 4 (复议诉讼)"}


# headings only one template's table 2 prints: they decide even where the cells are blank or the table was
# not read as one (螅镇 printed the 2019 table empty in its report for 2022)
_T2_WORDS = {
    "2019": ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量"),
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数"),
}


def _template_hint(text: str, year: int | None) -> str | None:
    flat = compact(text[:6000])
    worded = [template for template, words in _T2_WORDS.items() if any(w in flat for w in words)]
    if len(worded) == 1:
        return worded[0]
    if re.search(r"2019[〕\]）)]60号", flat):
        return "2019"
    if re.search(r"2021[〕\]）)]30号", flat):
        return "2021"
    if year is not None:
        return "2019" if year <= 2020 else "2021"
    return None


def interpret(layout: Layout) -> Report:
    layout = paragraph_tables(simplified(unglossed(layout)))
    paragraphs = [b.text for b in layout.blocks if isinstance(b, Paragraph)]
    full_text = "\n".join(paragraphs)
    title, _ = fields.title_lines(paragraphs)
    if title is None and layout.title:
        title = compact(clean(layout.title)) or None
    report = Report(title=title, format=layout.format, warnings=list(layout.warnings))
    report.agency = fields.agency_of(title) or fields.agency_of(layout.title) or fields.agency_named(full_text)
    report.year = fields.year_of(title, full_text)
    early = report.year is not None and report.year < completeness.FIRST_TEMPLATE_YEAR
    hint = _template_hint(full_text, None if early else report.year)

    reading = read_tables(layout, hint)
    if early and hint is None and not _national_tables(reading):
        return _pre_template_report(report, layout, paragraphs, full_text)
    report.template = reading.template or hint
    report.warnings.extend(reading.warnings)

    stated: list[Statement] = []
    for para in paragraphs:
        stated.extend(statements(para, report.year))
    cells, marker_warnings = zero_markers.confirmed(
        dict(reading.cells), org_subtotal=reading.org_subtotal, other_single=bool(reading.other_single), stated=stated
    )
    report.warnings.extend(marker_warnings)
    for st in stated:
        if st.key in _FIELD_KEYS:
            if getattr(report, st.key) is None:
                setattr(report, st.key, st.value)
        elif st.key not in cells:
            cells[st.key] = Cell(st.key, st.value, st.raw, "prose")
    for key in keys.DECIMAL_CELLS & cells.keys():  # amounts are decimals (万元) however they were printed
        cells[key] = dataclasses.replace(cells[key], value=float(cells[key].value))
    report.cells = cells

    _describe(report, layout, paragraphs, full_text)

    tables_found = bool(reading.found)
    report.checks = judge_all(
        cells,
        template=report.template or "2021",
        org_subtotal=reading.org_subtotal,
        other_single=bool(reading.other_single),
        stated=[st for st in stated if st.key not in _FIELD_KEYS],
        tables_found=tables_found,
    )
    _warn_missing_tables(layout, reading.found, report)
    if report.template is not None and completeness.on_template(report.template, report.year):
        shape = {"org_subtotal": reading.org_subtotal, "other_single": bool(reading.other_single)}
        report.completeness = completeness.completeness(cells, report.template, **shape)
        report.warnings.extend(completeness.missed_rows_warnings(cells, reading.found, report.template, **shape))
    _warn_ocr_misreads(report)
    return report


def _describe(report: Report, layout: Layout, paragraphs: list[str], full_text: str) -> None:
    """What every report has, on a template or not: region, dates, contact and sections."""
    region = find_region(report.agency, full_text)
    report.province, report.city, report.county = region.province, region.city, region.county
    report.region = region.name
    report.published = parse_date(layout.published or _printed_pubdate(paragraphs))
    report.signed = fields.signed_date(paragraphs)
    report.contact = fields.contact(full_text)
    report.sections = fields.split_sections(paragraphs).texts


def _national_tables(reading: TableReading) -> bool:
    """The tables read are the national template's: at least half of one of its tables came out of them.

    A report for 2008–2018 whose year is read right prints no such table, and its own 统计表 (指标名称 | 单位 |
    统计数, with rows such as 行政复议数量) yields at most a few scattered template keys; a report that prints the
    template (a mistyped year, a unit that used the new form early) yields whole tables.
    """
    template = reading.template or "2019"
    shape = {"org_subtotal": reading.org_subtotal, "other_single": bool(reading.other_single)}
    found = completeness.completeness(reading.cells, template, **shape)
    return any(got * 2 >= total for got, total in found.values())


def _pre_template_report(report: Report, layout: Layout, paragraphs: list[str], full_text: str) -> Report:
    """A report from before the template: agency, year, dates, sections and the prose's totals (主动公开 …);
    no template cells (its own 统计表 counts other things), no completeness, and every template rule not
    applicable — so the scorecard counts it neither incomplete nor failing (report-format.md)."""
    for para in paragraphs:
        for st in statements(para, report.year):
            if st.key in _FIELD_KEYS and getattr(report, st.key) is None:
                setattr(report, st.key, st.value)
    _describe(report, layout, paragraphs, full_text)
    report.checks = [
        dataclasses.replace(check, status="not_applicable", detail=_PRE_TEMPLATE, cells=())
        for check in judge_all({}, template="2021", org_subtotal=False, other_single=False, stated=[],
                               tables_found=False)
    ]  # fmt: skip
    return report


_PRE_TEMPLATE = "a report for 2008–2018, before the national tables: no template rule applies"


def _warn_ocr_misreads(report: Report) -> None:
    """Point at OCR-read cells a failing rule involves: the likeliest misreads, left as read, never corrected.

    A rule only says that some cell of an instance is wrong, not which one, so the warning names them all
    and the numbers stay what OCR read; a person (or a better scan) decides.
    """
    for check in report.checks:
        if check.status != "fail":
            continue
        suspects = [key for key in check.cells if key in report.cells and report.cells[key].source == "ocr"]
        if suspects:
            shown = ", ".join(f"{key}={report.cells[key].raw}" for key in suspects[:12])
            more = f" and {len(suspects) - 12} more" if len(suspects) > 12 else ""
            report.warnings.append(f"{check.rule} fails on cells read by OCR, a misread is likely: {shown}{more}")


def _printed_pubdate(paragraphs: list[str]) -> str | None:
    """A 发布日期 line printed near the top of a document that carries no metadata (text, DOCX)."""
    for para in paragraphs[:15]:
        match = PUBDATE_TEXT.search(para)
        if match:
            return match.group(1)
    for para in paragraphs[:5]:
        match = PUBDATE_STAMP.match(para)
        if match:
            return match.group(1)
    return None


def _warn_missing_tables(layout: Layout, found: set[str], report: Report) -> None:
    missing = [name for key, name in _TABLE_NAMES.items() if key not in found]
    if not missing:
        return
    images = [b for b in layout.blocks if isinstance(b, Image) and not b.read]
    if images:
        names = ", ".join((b.url or b.alt or "?") for b in images[:5])
        report.warnings.append(
            f"{', '.join(missing)} not found as text; the body has {len(images)} unread image(s) that may be the "
            f"tables (tables pasted as images): {names}"
        )
    elif not found:
        report.warnings.append("no tables found; numbers are taken from the prose only")
    else:
        report.warnings.append(f"{', '.join(missing)} not found")
