"""Synthetic reports as text-layer PDFs: the DOCX rendering printed by LibreOffice headless.

LibreOffice lays tables out as Word would (rows split over pages, merged cells, wrapped labels), which is
what a portal's PDF attachment of a Word report looks like.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docx.table import Table as DocxTable

    from nianbao.corpus.truth import ReportTruth
    from nianbao.extractor.bundle import Bundle


def soffice_convert(data: bytes, source_ext: str, target: str, *, timeout: float = 180.0) -> bytes:
    """Convert bytes with LibreOffice headless; one profile directory per call, so calls can run in parallel."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is needed to render PDF/DOC/XLS")
    with tempfile.TemporaryDirectory(prefix="nianbao-render-") as tmp:
        source = Path(tmp) / f"report.{source_ext}"
        source.write_bytes(data)
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--norestore",
                "--convert-to",
                target,
                "--outdir",
                str(Path(tmp) / "out"),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
        return next((Path(tmp) / "out").iterdir()).read_bytes()


def render(truth: ReportTruth) -> bytes:
    """The report as a PDF with a text layer."""
    from nianbao.corpus import render_docx

    return soffice_convert(render_docx.render(truth), "docx", "pdf")


def bundle(truth: ReportTruth) -> Bundle:
    """The PDF as a crawler holds it (for the renderings registry)."""
    from nianbao.extractor.bundle import Bundle

    return Bundle(render(truth), "application/pdf", truth.url.replace(".html", ".pdf"))


def render_unruled(truth: ReportTruth) -> bytes:
    """The report as a PDF whose tables have no ruling lines (Word tables with borders switched off).

    Number columns get a seeded width: as laid out by Word (even), or narrow, as many portals' reports have
    them, so that long numbers (full-width digits, thousands separators) wrap inside their cells.
    """
    import io
    import random

    import docx

    from nianbao.corpus import render_docx

    document = docx.Document(io.BytesIO(render_docx.render(truth)))
    number_width = random.Random(truth.seed * 31 + 7).choice([None, 0.5, 0.42])  # inches
    for table in document.tables:
        table.style = document.styles["Normal Table"]
        borders = table._tbl.tblPr.find(docx.oxml.ns.qn("w:tblBorders"))
        if borders is not None:
            table._tbl.tblPr.remove(borders)
        if number_width is not None:
            _narrow_number_columns(table, number_width)
    out = io.BytesIO()
    document.save(out)
    return soffice_convert(out.getvalue(), "docx", "pdf")


NUMBER_TEXT = re.compile(r"^[+\-]?[\d０-９][\d０-９,.]*$|^[—/]?$")


def _narrow_number_columns(table: DocxTable, inches: float) -> None:
    """Give the columns that hold only numbers below the header `inches` each, and their width to the labels."""
    from docx.oxml.ns import qn
    from docx.shared import Inches

    grid_cols = table._tbl.tblGrid.findall(qn("w:gridCol"))
    numeric = [True] * len(grid_cols)
    rows = table._tbl.findall(qn("w:tr"))
    for index, tr in enumerate(rows):
        col = 0
        for tc in tr.findall(qn("w:tc")):
            span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
            width = int(span.get(qn("w:val"))) if span is not None else 1
            text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
            if index >= len(rows) // 2 and not NUMBER_TEXT.match(text.strip()):
                for j in range(col, min(col + width, len(numeric))):
                    numeric[j] = False
            col += width
    n_numbers, n_labels = sum(numeric), len(numeric) - sum(numeric)
    total = sum(int(c.get(qn("w:w"))) for c in grid_cols)
    narrow = int(Inches(inches).twips)
    if not n_numbers or not n_labels or total - n_numbers * narrow < n_labels * narrow:
        return
    wide = (total - n_numbers * narrow) // n_labels
    for gc, is_number in zip(grid_cols, numeric, strict=True):
        gc.set(qn("w:w"), str(narrow if is_number else wide))


def unruled_bundle(truth: ReportTruth) -> Bundle:
    from nianbao.extractor.bundle import Bundle

    return Bundle(render_unruled(truth), "application/pdf", truth.url.replace(".html", ".pdf"))
