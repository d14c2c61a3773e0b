"""Pure extraction of 政府信息公开工作年度报告: bytes in, a report out.

No Scrapy, no database, no network: the crawler, the archive's re-extraction and `nianbao extract` all call
the same function, so a report extracted today and re-extracted next year differ only by the extractor.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nianbao.extractor.bundle import Bundle
    from nianbao.extractor.report import Report

# Bump whenever the output for some input changes: `nianbao reextract --stale` keys on it.
EXTRACTOR_VERSION = "1.24.0"


def extract(bundle: Bundle) -> Report:
    """Read one document version into a Report (see Report.to_json for the JSON of interfaces.md).

    Raises extractor.formats.UnsupportedFormat for bytes of no known format or a format without a reader,
    and the reader's own errors (extractor.limits.ExtractionError) for broken or hostile files.
    """
    from nianbao.extractor.formats import UnsupportedFormat, reader_for
    from nianbao.extractor.formats.sniff import sniff
    from nianbao.extractor.interpret import interpret
    from nianbao.extractor.layout import Image

    try:
        format_name = sniff(bundle)
    except ValueError as err:
        raise UnsupportedFormat(str(err)) from err
    layout = reader_for(format_name)(bundle)
    if any(isinstance(b, Image) and not b.read for b in layout.blocks):
        if format_name == "docx":  # pictures inside the package travel with it
            from nianbao.extractor.formats.docx import media_resources

            bundle = dataclasses.replace(bundle, resources=bundle.resources + media_resources(bundle))
        if bundle.resources:
            from nianbao.extractor.formats.ocr import read_images  # OCR only for pictures that came with the document

            layout = read_images(layout, bundle)
    report = interpret(layout)
    report.extractor_version = EXTRACTOR_VERSION
    return report


#: How the first warning of a report of an unreadable document begins.
UNREADABLE = "not read: "


def extract_or_explain(bundle: Bundle) -> Report:
    """`extract`, or for a document that cannot be read (hostile, broken, over a per-document cap, of no known
    format) a report that found nothing and whose first warning says why.

    The archive stores that report like any other, so the reason stays with the version (not only in one night's
    log), and a crawl does not try a hostile file again on every run: only a newer extractor does, through
    `nianbao reextract --stale`. Anything else (a worker that died, a bug) still raises and is retried.
    """
    from nianbao.extractor.formats import UnsupportedFormat
    from nianbao.extractor.formats.sniff import sniff
    from nianbao.extractor.interpret import interpret
    from nianbao.extractor.layout import Layout
    from nianbao.extractor.limits import ExtractionError

    try:
        return extract(bundle)
    except (ExtractionError, UnsupportedFormat) as err:
        reason = f"{type(err).__name__}: {err}"[: 1000 - len(UNREADABLE)]
    try:
        format_name: str | None = sniff(bundle)
    except ValueError:
        format_name = None
    report = interpret(Layout(format=format_name or "unknown"))
    report.format = format_name
    report.extractor_version = EXTRACTOR_VERSION
    report.unreadable = reason
    report.warnings = [UNREADABLE + reason]
    return report


def unreadable_reason(report: dict) -> str | None:
    """The reason an `extract_or_explain` JSON report found nothing because its document could not be read, as its
    first warning says it ("not read: …"). Reports stored before `unreadable` was a field carry only the warning."""
    if reason := report.get("unreadable"):
        return f"{UNREADABLE}{reason}"
    warnings = report.get("warnings") or []
    first = warnings[0] if warnings else None
    return first if isinstance(first, str) and first.startswith(UNREADABLE) else None


def report_json(bundle: Bundle) -> dict:
    """The JSON of `extract_or_explain`: what the crawl and the re-extraction store (module-level, so that
    worker processes can run it)."""
    return extract_or_explain(bundle).to_json()
