"""The DOCX package opened by its relationships (formats.docx._open_package), not by fixed part names."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document

from nianbao.extractor.bundle import Bundle
from nianbao.extractor.formats import docx
from nianbao.extractor.layout import Paragraph, Table
from nianbao.extractor.limits import ExtractionError


def _docx() -> bytes:
    document = Document()
    document.core_properties.title = "某县2024年政府信息公开工作年度报告"
    document.add_paragraph("二、主动公开政府信息情况")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "信息内容", "本年制发件数"
    table.cell(1, 0).text, table.cell(1, 1).text = "规章", "3"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _rewritten(data: bytes, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            for name, body in change(info.filename, source.read(info)):
                target.writestr(name, body)
    return out.getvalue()


def test_a_docx_reads_its_body_and_title() -> None:
    layout = docx.read(Bundle(body=_docx()))
    assert layout.title == "某县2024年政府信息公开工作年度报告"
    assert Paragraph("二、主动公开政府信息情况") in layout.blocks
    assert [b.rows for b in layout.blocks if isinstance(b, Table)] == [[["信息内容", "本年制发件数"], ["规章", "3"]]]


def test_the_main_part_is_found_by_its_relationship_wherever_it_is() -> None:
    def move(name: str, body: bytes):
        if name == "word/document.xml":
            return [("word/main.xml", body)]
        if name == "word/_rels/document.xml.rels":
            return [("word/_rels/main.xml.rels", body)]
        if name in ("_rels/.rels", "[Content_Types].xml"):
            return [(name, body.replace(b"word/document.xml", b"word/main.xml"))]
        return [(name, body)]

    layout = docx.read(Bundle(body=_rewritten(_docx(), move)))
    assert [b.rows for b in layout.blocks if isinstance(b, Table)] == [[["信息内容", "本年制发件数"], ["规章", "3"]]]


def test_no_core_properties_means_no_title_and_no_dates_made_up() -> None:
    layout = docx.read(Bundle(body=_rewritten(_docx(), lambda n, b: [] if n == "docProps/core.xml" else [(n, b)])))
    assert layout.title is None
    assert layout.metadata == {"title": "", "author": "", "created": "", "modified": ""}


def test_a_package_without_a_main_document_is_a_clear_error() -> None:
    broken = _rewritten(_docx(), lambda n, b: [] if n == "word/document.xml" else [(n, b)])
    with pytest.raises(ExtractionError, match="not a readable DOCX"):
        docx.read(Bundle(body=broken))
