"""Every report on a template says per table how many of its cells were found; a printed table read short names
the rows it lost; a report from before the template (2008–2018) gets neither. One test per format."""

from __future__ import annotations

import pytest

from nianbao.corpus import render_lines
from nianbao.corpus.renderings import render
from nianbao.corpus.truth import generate
from nianbao.extractor import extract, keys
from nianbao.extractor.bundle import Bundle
from nianbao.extractor.report import Report

FORMATS = ["html", "word_html", "gb18030_html", "docx", "text_tabs", "text_cells"]


def expected(truth) -> dict[str, list[int]]:  # type: ignore[no-untyped-def]
    counts = {"t2": 0, "t3": 0, "t4": 0}
    for key in truth.table_keys():
        counts[key[:2]] += 1
    return {t: [n, n] for t, n in counts.items()}


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_full_report_is_complete_and_says_so(fmt: str) -> None:
    truth = generate(11, org_subtotal=True)
    report = extract(render(truth, fmt))
    assert report.completeness == expected(truth)
    assert not any("cells read; rows missed" in w for w in report.warnings)
    assert report.to_json()["completeness"] == expected(truth)


@pytest.mark.parametrize("fmt", [*FORMATS, "html_p"])
def test_rows_not_printed_are_named(fmt: str) -> None:
    truth = generate(12, quirks=("missing_row",))
    bundle = render_lines.render(truth, "html_p") if fmt == "html_p" else render(truth, fmt)
    report = extract(bundle)
    assert report.completeness is not None
    found, total = report.completeness["t3"]
    width = len(keys.t3_columns(truth.org_subtotal))
    assert total - found == width * len(truth.missing_rows)
    warning = next(w for w in report.warnings if w.startswith("table 3 (申请)") and "rows missed" in w)
    assert all(f"{row} (0/{width})" in warning for row in truth.missing_rows)


def test_a_pdf_report_is_complete() -> None:
    from nianbao.corpus import render_pdf

    truth = generate(13)
    report = extract(render_pdf.bundle(truth))
    assert report.completeness == expected(truth)


def test_a_report_from_before_the_template_has_no_completeness() -> None:
    text = (
        "某县民政局2015年政府信息公开工作年度报告\n一、概述\n2015年，我局主动公开政府信息120条。\n"
        "二、依申请公开情况\n全年共收到政府信息公开申请3件，均已按时答复。\n"
    )
    report: Report = extract(Bundle(text.encode("utf-8"), "text/plain"))
    assert report.year == 2015
    assert report.completeness is None and report.to_json()["completeness"] is None
    assert not any("rows missed" in w for w in report.warnings)


def test_a_prose_only_report_on_the_template_counts_but_names_no_rows() -> None:
    text = "某镇人民政府2023年政府信息公开工作年度报告\n一、总体情况\n本年新收政府信息公开申请6件。\n"
    report = extract(Bundle(text.encode("utf-8"), "text/plain"))
    assert report.completeness is not None and report.completeness["t3"][0] == 1
    assert not any("rows missed" in w for w in report.warnings)
