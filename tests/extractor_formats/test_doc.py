from __future__ import annotations

import pytest

from nianbao.extractor.bundle import Bundle
from nianbao.extractor.formats import doc
from nianbao.extractor.layout import Paragraph, Table
from nianbao.extractor.limits import ExtractionError
from tests.extractor_formats import fixtures

pytestmark = pytest.mark.slow  # LibreOffice converts each file (about a second)


def _tables(layout):
    return [block.rows for block in layout.blocks if isinstance(block, Table)]


def test_doc_through_libreoffice_keeps_tables_exact(report_doc, t3_spec, small_spec):
    assert report_doc.startswith(doc.OLE_MAGIC)
    layout = doc.read(Bundle(body=report_doc, url="http://example.gov.cn/a.doc"))
    assert layout.format == "doc"
    assert _tables(layout) == [fixtures.expand(small_spec), fixtures.expand(t3_spec)]
    texts = [b.text for b in layout.blocks if isinstance(b, Paragraph)]
    assert texts[0] == "某某县人民政府2024年政府信息公开工作年度报告"


def test_word97_named_wps(report_doc, t3_spec):
    # Kingsoft-native .wps cannot be made here; portals mostly serve Word-97 bytes under .wps.
    layout = doc.read_wps(Bundle(body=report_doc, url="http://example.gov.cn/a.wps"))
    assert layout.format == "wps"
    assert fixtures.expand(t3_spec) in _tables(layout)


def test_antiword_sees_the_same_numbers(report_doc, small_spec):
    tables = doc.antiword_tables(report_doc)
    assert tables is not None and len(tables) == 2
    assert tables[0] == fixtures.expand(small_spec)


def test_parse_antiword_rows():
    text = "二、主动公开\n|信息内容|本年制发件数|\n|规章|3|\n\n正文\n|行政许可|25|\n"
    assert doc.parse_antiword(text) == [[["信息内容", "本年制发件数"], ["规章", "3"]], [["行政许可", "25"]]]


def test_garbage_is_a_clean_error():
    with pytest.raises(ExtractionError):
        doc.read(Bundle(body=b"not a word file"))
    with pytest.raises(ExtractionError):
        doc.read(Bundle(body=doc.OLE_MAGIC + b"\x00" * 2000))
