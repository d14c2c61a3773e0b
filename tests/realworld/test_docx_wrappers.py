"""DOCX reports whose rows, cells or tables sit inside content controls (w:sdt) or custom XML, as reports
made from Word templates with form fields are: a plain child walk of the XML drops exactly those numbers."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from nianbao.extractor import extract
from nianbao.extractor.bundle import Bundle

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
T4 = [1, 1, 0, 1, 3, 2, 0, 1, 0, 3, 0, 1, 0, 2, 3]


def _wrap(el: etree._Element, how: str) -> None:
    """Put `el` inside a content control (sdt/sdtContent) or a customXml element, where it stood."""
    parent = el.getparent()
    index = parent.index(el)
    if how == "sdt":
        wrapper = etree.Element(qn("w:sdt"))
        etree.SubElement(wrapper, qn("w:sdtPr"))
        content = etree.SubElement(wrapper, qn("w:sdtContent"))
    else:
        wrapper = content = etree.Element(qn("w:customXml"))
    parent.remove(el)
    content.append(el)
    parent.insert(index, wrapper)


def _report(wrap: bool) -> bytes:
    doc = Document()
    doc.add_paragraph("石门乡人民政府2024年政府信息公开工作年度报告")
    doc.add_paragraph("二、主动公开政府信息情况")
    t2 = doc.add_table(rows=3, cols=4)
    t2_rows = [
        ["第二十条第（一）项", "", "", ""],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["行政规范性文件", "3", "1", "17"],
    ]
    for i, row in enumerate(t2_rows):
        for j, text in enumerate(row):
            t2.cell(i, j).text = text
    doc.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    t4 = doc.add_table(rows=3, cols=15)
    for j, text in enumerate(["行政复议"] * 5 + ["行政诉讼"] * 10):
        t4.cell(0, j).text = text
    for j, text in enumerate(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3):
        t4.cell(1, j).text = text
    for j, n in enumerate(T4):
        t4.cell(2, j).text = str(n)
    if wrap:
        body = doc.element.body
        tables = body.findall(qn("w:tbl"))
        _wrap(tables[0], "customXml")  # a whole table in custom XML
        rows = tables[1].findall(qn("w:tr"))
        cells = rows[2].findall(qn("w:tc"))
        _wrap(cells[4], "sdt")  # one cell a form field
        _wrap(rows[2], "sdt")  # the row of numbers a repeating section
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_numbers_inside_content_controls_and_custom_xml_are_read() -> None:
    plain = extract(Bundle(_report(wrap=False), DOCX_TYPE))
    wrapped = extract(Bundle(_report(wrap=True), DOCX_TYPE))
    expected = {f"t4.{r}.{c}": n for (r, c), n in zip(
        ((r, c) for r in ("review", "litigation_direct", "litigation_after_review")
         for c in ("upheld", "corrected", "other", "pending", "total")), T4, strict=True)}  # fmt: skip
    expected.update({"t2.normative_documents.made": 3, "t2.normative_documents.repealed": 1,
                     "t2.normative_documents.in_force": 17})  # fmt: skip
    for report in (plain, wrapped):
        got = {k: report.value(k) for k in expected}
        assert got == expected
    check = wrapped.check("t4_total")
    assert check is not None and check.status == "pass"
