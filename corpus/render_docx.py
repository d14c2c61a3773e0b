"""Synthetic reports as DOCX, with the template's merged cells made by python-docx `merge`."""

from __future__ import annotations

import io

from docx import Document
from docx.shared import Pt

from corpus import printed, prose
from corpus.truth import ReportTruth


def _table(doc, rows: list[printed.PRow]) -> None:
    grid = printed.expand(rows)
    width = max(len(r) for r in grid)
    table = doc.add_table(rows=len(grid), cols=width)
    table.style = "Table Grid"
    for i, row in enumerate(grid):
        for j, cell in enumerate(row):
            if cell is None:
                continue
            target = table.cell(i, j)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(table.cell(i + cell.rowspan - 1, j + cell.colspan - 1))
            target.text = cell.text


def render(truth: ReportTruth) -> bytes:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(12)
    doc.core_properties.title = truth.title
    doc.core_properties.author = truth.agency.name
    doc.add_paragraph(truth.title)
    for text in prose.intro(truth):
        doc.add_paragraph(text)
    tables = printed.tables(truth)
    for section in prose.sections(truth):
        doc.add_paragraph(section.heading)
        for text in section.paragraphs:
            doc.add_paragraph(text)
        if section.key in tables:
            _table(doc, tables[section.key])
    for line in prose.signature(truth):
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
