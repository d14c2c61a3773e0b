"""Synthetic reports as Word 97-2003 .doc files (and the same bytes under a .wps name).

Made by LibreOffice from the DOCX rendering. Kingsoft-native .wps cannot be produced here; portals that
serve .wps mostly serve Word-97 bytes under that name, which is what `render` gives for both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from corpus.render_pdf import soffice_convert

if TYPE_CHECKING:
    from corpus.truth import ReportTruth


def render(truth: ReportTruth) -> bytes:
    from corpus import render_docx

    return soffice_convert(render_docx.render(truth), "docx", "doc:MS Word 97")
