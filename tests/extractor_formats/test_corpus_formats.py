"""The synthetic corpus rendered to PDF, DOC, WPS (Word-97 bytes), XLS/XLSX and pictures, through extract().

Numbers are random and mostly non-zero, so a column or row read one place off cannot pass. The bar for text
formats is 99.5 % of cells exact; OCR is measured and must stay at the level reached (see the bench for the
numbers on more reports).
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

from nianbao.corpus import render_doc, render_image, render_pdf, render_xls
from nianbao.corpus.scoring import CellScore
from nianbao.corpus.truth import ReportTruth, corpus_truths
from nianbao.extractor import extract
from nianbao.extractor.bundle import Bundle

N_TEXT = int(os.environ.get("NIANBAO_FORMATS_N", "8"))


def accuracy(truths: list[ReportTruth], make: Callable[[ReportTruth], Bundle], *, tables_only: bool = False,
             source: str | None = None) -> tuple[float, list[str], int]:
    score = CellScore()
    for truth in truths:
        report = extract(make(truth))
        score.add(truth, report, tables_only=tables_only)
        if source:
            for key in truth.cells:
                cell = report.cells.get(key)
                assert cell is None or cell.source == source, (key, cell.source)
    return score.accuracy, score.wrong, score.cells


@pytest.fixture(scope="module")
def truths() -> list[ReportTruth]:
    return corpus_truths(N_TEXT)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "make", "tables_only"),
    [
        ("pdf", render_pdf.bundle, False),
        ("pdf_unruled", render_pdf.unruled_bundle, False),
        ("doc", render_doc.bundle, False),
        ("xlsx", render_xls.xlsx_bundle, True),
        ("xls", render_xls.xls_bundle, True),
    ],
)
def test_text_formats_are_exact(truths, name, make, tables_only):
    share, wrong, total = accuracy(truths, make, tables_only=tables_only, source="table")
    print(f"{name}: {share:.2%} of {total} cells exact")
    assert total > 900
    assert share >= 0.995, wrong[:10]
    assert not [w for w in wrong if "not printed" in w]


@pytest.mark.slow
def test_wps_named_word97(truths):
    # Kingsoft-native .wps cannot be produced here: Word-97 bytes under a .wps name and WPS content type.
    share, wrong, _ = accuracy(truths[:2], render_doc.wps_bundle)
    assert share >= 0.995, wrong[:10]


@pytest.mark.slow
def test_html_page_whose_tables_are_pictures(truths):
    share, wrong, total = accuracy(truths[:1], render_image.html_with_pictures_bundle)
    print(f"html + table pictures (OCR): {share:.2%} of {total} cells exact")
    assert share >= 0.97, wrong[:10]


@pytest.mark.slow
def test_noisy_scanned_pdf(truths):
    share, wrong, total = accuracy(truths[1:2], render_image.scanned_pdf_bundle, source=None)
    print(f"scanned PDF (rotated, blurred, speckled): {share:.2%} of {total} cells exact")
    assert share >= 0.95, wrong[:10]
