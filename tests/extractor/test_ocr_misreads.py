"""A rule that fails on OCR-read cells points at them as likely misreads, and changes no number."""

from __future__ import annotations

import dataclasses

import pytest

from nianbao.corpus.render_html import page
from nianbao.corpus.truth import generate
from nianbao.extractor.bundle import Bundle
from nianbao.extractor.formats.html import read
from nianbao.extractor.interpret import interpret
from nianbao.extractor.layout import Table


def layout_of(truth, source: str):
    layout = read(Bundle(page(truth), "text/html; charset=utf-8", "http://example.gov.cn/a.html"))
    layout.blocks = [dataclasses.replace(b, source=source) if isinstance(b, Table) else b for b in layout.blocks]
    return layout


@pytest.mark.parametrize("rule", ["t3_balance", "t4_total"])
def test_failing_rule_on_ocr_cells_names_them_as_likely_misreads(rule: str) -> None:
    truth = generate(7, broken=(rule,))
    report = interpret(layout_of(truth, "ocr"))
    check = next(c for c in report.checks if c.rule == rule)
    assert check.status == "fail"
    warning = next(w for w in report.warnings if w.startswith(f"{rule} fails on cells read by OCR"))
    assert check.cells[0] in warning
    for key, value in truth.cells.items():  # nothing was corrected
        assert report.cells[key].value == value


def test_no_misread_warning_for_cells_read_from_a_real_table() -> None:
    report = interpret(layout_of(generate(7, broken=("t3_balance",)), "table"))
    assert not [w for w in report.warnings if "read by OCR" in w]


def test_no_misread_warning_when_ocr_cells_obey_the_rules() -> None:
    report = interpret(layout_of(generate(8), "ocr"))
    assert all(c.status != "fail" for c in report.checks)
    assert not [w for w in report.warnings if "read by OCR" in w]
