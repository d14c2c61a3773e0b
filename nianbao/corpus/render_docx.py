"""Synthetic reports as DOCX, with the template's merged cells made by python-docx `merge`."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import _Cell

from nianbao.corpus import perturb, printed, prose
from nianbao.corpus.truth import ReportTruth


def _table(doc: DocxDocument | _Cell, rows: list[printed.PRow]) -> None:
    """Write the table's XML with `w:gridSpan` and `w:vMerge` directly: python-docx's `merge()` is quadratic
    and takes about a second a report, too slow for a corpus of hundreds. `doc` is the document, or the cell
    of a frame table the table goes inside."""
    grid = printed.expand(rows)
    width = max(len(r) for r in grid)
    table = doc.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    covered: dict[tuple[int, int], tuple[printed.PCell, int, int]] = {}
    for i, row in enumerate(grid):
        for j, cell in enumerate(row):
            if cell is not None:
                for di in range(cell.rowspan):
                    for dj in range(cell.colspan):
                        covered[(i + di, j + dj)] = (cell, di, dj)
    tbl = table._tbl
    for i in range(len(grid)):
        tr = OxmlElement("w:tr")
        for j in range(width):
            owner = covered.get((i, j))
            if owner is None:
                tr.append(_tc("", 1, None))
                continue
            cell, di, dj = owner
            if dj:
                continue  # inside a horizontal span: the first column's w:tc covers it
            vmerge = None if cell.rowspan == 1 else ("restart" if di == 0 else "continue")
            tr.append(_tc(cell.text if di == 0 else "", cell.colspan, vmerge))
        tbl.append(tr)


def _tc(text: str, span: int, vmerge: str | None) -> OxmlElement:
    tc = OxmlElement("w:tc")
    tc_pr = OxmlElement("w:tcPr")
    if span > 1:
        grid_span = OxmlElement("w:gridSpan")
        grid_span.set(qn("w:val"), str(span))
        tc_pr.append(grid_span)
    if vmerge:
        merge = OxmlElement("w:vMerge")
        if vmerge == "restart":
            merge.set(qn("w:val"), "restart")
        tc_pr.append(merge)
    tc.append(tc_pr)
    p = OxmlElement("w:p")
    if text:
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = text
        t.set(qn("xml:space"), "preserve")
        r.append(t)
        p.append(r)
    tc.append(p)
    return tc


def render(truth: ReportTruth) -> bytes:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(12)
    doc.core_properties.title = truth.title
    doc.core_properties.author = truth.agency.name
    for line in prose.title_lines(truth):
        doc.add_paragraph(line)
    for text in prose.intro(truth):
        doc.add_paragraph(text)
    tables = printed.table_groups(truth)
    for section in prose.sections(truth):
        doc.add_paragraph(section.heading)
        for text in section.paragraphs:
            doc.add_paragraph(text)
        for rows in tables.get(section.key, ()):
            if perturb.nested(truth):  # tables inside tables: the template table in a frame table's cell
                frame = doc.add_table(rows=2, cols=1)
                frame.style = "Table Grid"
                frame.cell(0, 0).text = perturb.frame_caption(section.key)
                _table(frame.cell(1, 0), rows)
            else:
                _table(doc, rows)
    for line in prose.signature(truth):
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
