"""Synthetic reports as text-layer PDFs: the DOCX rendering printed by LibreOffice headless.

LibreOffice lays tables out as Word would (rows split over pages, merged cells, wrapped labels), which is
what a portal's PDF attachment of a Word report looks like.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from corpus.truth import ReportTruth
    from extractor.bundle import Bundle


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
    from corpus import render_docx

    return soffice_convert(render_docx.render(truth), "docx", "pdf")


def bundle(truth: ReportTruth) -> Bundle:
    """The PDF as a crawler holds it (for the renderings registry)."""
    from extractor.bundle import Bundle

    return Bundle(render(truth), "application/pdf", truth.url.replace(".html", ".pdf"))


def render_unruled(truth: ReportTruth) -> bytes:
    """The report as a PDF whose tables have no ruling lines (Word tables with borders switched off)."""
    import io

    import docx

    from corpus import render_docx

    document = docx.Document(io.BytesIO(render_docx.render(truth)))
    for table in document.tables:
        table.style = document.styles["Normal Table"]
        borders = table._tbl.tblPr.find(docx.oxml.ns.qn("w:tblBorders"))
        if borders is not None:
            table._tbl.tblPr.remove(borders)
    out = io.BytesIO()
    document.save(out)
    return soffice_convert(out.getvalue(), "docx", "pdf")


def unruled_bundle(truth: ReportTruth) -> Bundle:
    from extractor.bundle import Bundle

    return Bundle(render_unruled(truth), "application/pdf", truth.url.replace(".html", ".pdf"))
