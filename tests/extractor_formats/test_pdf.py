from __future__ import annotations

import pytest

from extractor.bundle import Bundle
from extractor.formats import pdf
from extractor.layout import Paragraph, Table
from extractor.limits import ExtractionError
from tests.extractor_formats import fixtures

pytestmark = pytest.mark.slow  # LibreOffice makes the fixtures (a few seconds, once per session)


def _tables(layout):
    return [block.rows for block in layout.blocks if isinstance(block, Table)]


def test_ruled_tables_exact_and_joined_over_the_page_break(report_pdf, t3_spec, small_spec):
    layout = pdf.read(Bundle(body=report_pdf))
    assert _tables(layout) == [fixtures.expand(small_spec), fixtures.expand(t3_spec)]
    assert all(block.source == "table" for block in layout.blocks if isinstance(block, Table))


def test_paragraphs_in_reading_order_and_rejoined(report_pdf):
    layout = pdf.read(Bundle(body=report_pdf))
    texts = [block.text for block in layout.blocks if isinstance(block, Paragraph)]
    assert texts[:2] == ["某某县人民政府2024年政府信息公开工作年度报告", "二、主动公开政府信息情况"]
    # A paragraph wrapped over several printed lines comes back whole.
    assert texts.count("本机关认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息1259条，" * 3) == 12
    assert texts[-1] == "四、政府信息公开行政复议、行政诉讼情况"
    kinds = [type(block).__name__ for block in layout.blocks]
    assert kinds.index("Table") == 2 and kinds.count("Table") == 2


def test_metadata_date(report_pdf):
    layout = pdf.read(Bundle(body=report_pdf))
    assert layout.published is not None and len(layout.published) == 10
    assert layout.metadata["Producer"].startswith("LibreOffice")


def test_table_without_ruling_lines(unruled_pdf, small_spec):
    layout = pdf.read(Bundle(body=unruled_pdf))
    assert _tables(layout) == [fixtures.expand(small_spec)]
    assert [b.text for b in layout.blocks if isinstance(b, Paragraph)] == [
        "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]


def test_join_rows_mends_a_row_and_a_label_cut_by_the_break():
    head = [["三、办理结果", "（三）不予公开", "3.危及“三安全", "5", "6"]]
    tail = [["", "", "一稳定”", "", ""], ["", "", "4.保护第三方", "1", "2"]]
    assert pdf._join_rows(head, tail) == [
        ["三、办理结果", "（三）不予公开", "3.危及“三安全一稳定”", "5", "6"],
        ["三、办理结果", "（三）不予公开", "4.保护第三方", "1", "2"],
    ]


def test_join_rows_keeps_a_new_row_apart():
    head = [["规章", "3", "1", "2"]]
    tail = [["行政许可", "5", "", ""]]
    assert pdf._join_rows(head, tail) == head + tail


@pytest.mark.parametrize("raw", ["", "%PDF-1.7\n", "hello"])
def test_not_a_pdf_is_a_clean_error(raw):
    with pytest.raises(ExtractionError):
        pdf.read(Bundle(body=raw.encode()))


def test_pdf_date():
    assert pdf._pdf_date("D:20250110093000+08'00'") == "2025-01-10"
    assert pdf._pdf_date("garbage") is None
