"""Session-scoped generated documents: LibreOffice conversions take about a second each, so make them once."""

from __future__ import annotations

import random

import pytest

from tests.extractor_formats import fixtures


@pytest.fixture(scope="session")
def t3_spec() -> fixtures.SpecRows:
    return fixtures.t3_spec(random.Random(20260401))


@pytest.fixture(scope="session")
def small_spec() -> fixtures.SpecRows:
    return fixtures.small_spec(random.Random(7))


@pytest.fixture(scope="session")
def workbook(t3_spec: fixtures.SpecRows, small_spec: fixtures.SpecRows) -> bytes:
    return fixtures.xlsx_bytes([small_spec, t3_spec], title="表三 收到和处理政府信息公开申请情况")


LONG_PROSE = ["本机关认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息1259条，" * 3] * 12


@pytest.fixture(scope="session")
def report_docx(t3_spec: fixtures.SpecRows, small_spec: fixtures.SpecRows) -> bytes:
    """A report-like DOCX: prose long enough that table 3 breaks over a page."""
    return fixtures.docx_bytes(
        [
            "某某县人民政府2024年政府信息公开工作年度报告",
            "二、主动公开政府信息情况",
            small_spec,
            "三、收到和处理政府信息公开申请情况",
            *LONG_PROSE,
            t3_spec,
            "四、政府信息公开行政复议、行政诉讼情况",
        ]
    )


@pytest.fixture(scope="session")
def report_pdf(report_docx: bytes) -> bytes:
    return fixtures.soffice_convert(report_docx, "docx", "pdf")


@pytest.fixture(scope="session")
def unruled_pdf(small_spec: fixtures.SpecRows) -> bytes:
    docx = fixtures.docx_bytes(
        ["二、主动公开政府信息情况", small_spec, "三、收到和处理政府信息公开申请情况"], ruled=False
    )
    return fixtures.soffice_convert(docx, "docx", "pdf")


@pytest.fixture(scope="session")
def narrow_t3_spec() -> fixtures.SpecRows:
    return fixtures.full_width_every(fixtures.t3_spec(random.Random(20261122), zero_share=0.0), 3)


@pytest.fixture(scope="session")
def narrow_unruled_pdf(narrow_t3_spec: fixtures.SpecRows) -> bytes:
    """Table 3 without ruling, number columns so narrow that three-digit numbers wrap inside their cells."""
    docx = fixtures.docx_bytes(["三、收到和处理政府信息公开申请情况", narrow_t3_spec], ruled=False, number_width=0.42)
    return fixtures.soffice_convert(docx, "docx", "pdf")


@pytest.fixture(scope="session")
def report_doc(report_docx: bytes) -> bytes:
    return fixtures.soffice_convert(report_docx, "docx", "doc:MS Word 97")
