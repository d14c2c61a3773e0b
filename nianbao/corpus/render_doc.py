"""Synthetic reports as Word 97-2003 .doc files (and the same bytes under a .wps name).

Made by LibreOffice from the DOCX rendering. Kingsoft-native .wps cannot be produced here; portals that
serve .wps mostly serve Word-97 bytes under that name, which is what `render` gives for both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nianbao.corpus.render_pdf import soffice_convert

if TYPE_CHECKING:
    from nianbao.corpus.truth import ReportTruth
    from nianbao.extractor.bundle import Bundle


def render(truth: ReportTruth) -> bytes:
    from nianbao.corpus import render_docx

    return soffice_convert(render_docx.render(truth), "docx", "doc:MS Word 97")


def bundle(truth: ReportTruth) -> Bundle:
    from nianbao.extractor.bundle import Bundle

    return Bundle(render(truth), "application/msword", truth.url.replace(".html", ".doc"))


def wps_bundle(truth: ReportTruth) -> Bundle:
    """Word-97 bytes under a .wps name and WPS content type (what portals serve as WPS)."""
    from nianbao.extractor.bundle import Bundle

    return Bundle(render(truth), "application/kswps", truth.url.replace(".html", ".wps"))
