"""The format registry: which reader turns a bundle's bytes into a `Layout`.

Like Scrapy's `DOWNLOAD_HANDLERS`, a format is a name mapped to an import path, loaded on first use, so a new
format is one module and one entry here, and a format whose heavy dependencies (OCR, LibreOffice) are not
needed is never imported.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nianbao.extractor.bundle import Bundle
    from nianbao.extractor.layout import Layout

Reader = Callable[["Bundle"], "Layout"]

# format name -> "module:function"; each reader takes a Bundle and returns a Layout.
READERS: dict[str, str] = {
    "html": "nianbao.extractor.formats.html:read",
    "docx": "nianbao.extractor.formats.docx:read",
    "text": "nianbao.extractor.formats.text:read",
    "xlsx": "nianbao.extractor.formats.xls:read_xlsx",
    "xls": "nianbao.extractor.formats.xls:read_xls",
    "pdf": "nianbao.extractor.formats.pdf:read",
    "image": "nianbao.extractor.formats.ocr:read",
    "doc": "nianbao.extractor.formats.doc:read",
    "wps": "nianbao.extractor.formats.doc:read_wps",
}


class UnsupportedFormat(ValueError):
    """The bytes are of no format the extractor reads."""


def reader_for(format_name: str) -> Reader:
    """The reader registered for `format_name`."""
    try:
        target = READERS[format_name]
    except KeyError:
        raise UnsupportedFormat(f"no reader for format {format_name!r}") from None
    module_name, _, func_name = target.partition(":")
    return getattr(importlib.import_module(module_name), func_name)
