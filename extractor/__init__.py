"""Pure extraction of 政府信息公开工作年度报告: bytes in, a report out.

No Scrapy, no database, no network: the crawler, the archive's re-extraction and `nianbao extract` all call
the same function, so a report extracted today and re-extracted next year differ only by the extractor.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from extractor.bundle import Bundle
    from extractor.report import Report

# Bump whenever the output for some input changes: `nianbao reextract --stale` keys on it.
EXTRACTOR_VERSION = "1.7.0"


def extract(bundle: Bundle) -> Report:
    """Read one document version into a Report (see Report.to_json for the JSON of interfaces.md).

    Raises extractor.formats.UnsupportedFormat for bytes of no known format or a format without a reader,
    and the reader's own errors (extractor.limits.ExtractionError) for broken or hostile files.
    """
    from extractor.formats import UnsupportedFormat, reader_for
    from extractor.formats.sniff import sniff
    from extractor.interpret import interpret
    from extractor.layout import Image

    try:
        format_name = sniff(bundle)
    except ValueError as err:
        raise UnsupportedFormat(str(err)) from err
    layout = reader_for(format_name)(bundle)
    if any(isinstance(b, Image) and not b.read for b in layout.blocks):
        if format_name == "docx":  # pictures inside the package travel with it
            from extractor.formats.docx import media_resources

            bundle = dataclasses.replace(bundle, resources=bundle.resources + media_resources(bundle))
        if bundle.resources:
            from extractor.formats.ocr import read_images  # OCR only for pictures that came with the document

            layout = read_images(layout, bundle)
    report = interpret(layout)
    report.extractor_version = EXTRACTOR_VERSION
    return report
