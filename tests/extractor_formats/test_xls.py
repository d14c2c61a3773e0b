from __future__ import annotations

import pytest

from nianbao.extractor.bundle import Bundle
from nianbao.extractor.formats.xls import cell_text, read_xls, read_xlsx
from nianbao.extractor.layout import Paragraph, Table
from nianbao.extractor.limits import ExtractionError
from tests.extractor_formats import fixtures


def _tables(layout):
    return [block.rows for block in layout.blocks if isinstance(block, Table)]


def test_xlsx_sheets_become_tables_with_merges_expanded(workbook, t3_spec, small_spec):
    layout = read_xlsx(Bundle(body=workbook))
    assert _tables(layout) == [fixtures.expand(small_spec), fixtures.expand(t3_spec)]
    assert Paragraph("表三 收到和处理政府信息公开申请情况") in layout.blocks
    assert len(fixtures.numbers_of(fixtures.expand(t3_spec))) > 150


@pytest.mark.slow
def test_legacy_xls_from_libreoffice(workbook, t3_spec, small_spec):
    xls = fixtures.soffice_convert(workbook, "xlsx", "xls")
    assert xls[:4] == b"\xd0\xcf\x11\xe0"
    layout = read_xls(Bundle(body=xls))
    assert layout.format == "xls"
    assert _tables(layout) == [fixtures.expand(small_spec), fixtures.expand(t3_spec)]


def test_xlsx_named_xls_is_read_as_xlsx(workbook, t3_spec):
    assert fixtures.expand(t3_spec) in _tables(read_xls(Bundle(body=workbook)))


@pytest.mark.parametrize(("value", "text"), [(3.0, "3"), (12.5, "12.5"), (None, ""), (" 7 ", "7"), (0.1, "0.1")])
def test_cell_text_shows_what_the_sheet_shows(value, text):
    assert cell_text(value) == text


def test_broken_workbooks_are_clean_errors():
    with pytest.raises(ExtractionError):
        read_xlsx(Bundle(body=b"PK\x03\x04 not really"))
    with pytest.raises(ExtractionError):
        read_xls(Bundle(body=b"\xd0\xcf\x11\xe0" + b"\0" * 600))
