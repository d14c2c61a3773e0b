"""A report whose tables are lines of text, in the containers that carry such text: a .txt export, a web
page's `<p>` per row (TRS), `<br>`-separated lines, Word's HTML with its tab spans, a DOCX without a table.

The same lines in every container must read the same (extractor.tables.lines): these renderings show
whether they do, with cells separated by tabs, runs of spaces, full-width spaces or pipes.
"""

from __future__ import annotations

import html
import io
from typing import Literal

from docx import Document

from nianbao.corpus import render_text
from nianbao.corpus.truth import ReportTruth
from nianbao.extractor.bundle import Bundle

Container = Literal["text", "html_p", "html_br", "word_tabs", "docx"]
Separator = Literal["tab", "spaces", "fullwidth", "space", "pipes"]
CONTAINERS: tuple[Container, ...] = ("text", "html_p", "html_br", "word_tabs", "docx")
SEPARATORS: tuple[Separator, ...] = ("tab", "spaces", "fullwidth", "space", "pipes")

_SEPARATOR_TEXT = {"tab": "\t", "spaces": "   ", "fullwidth": "\u3000\u3000", "space": " ", "pipes": " | "}
_WORD_TAB = "<span style='mso-tab-count:1'>&nbsp;&nbsp;&nbsp; </span>"


def table_lines(truth: ReportTruth, separator: Separator = "tab") -> list[str]:
    """The report's lines, table rows with their cells joined by `separator` (blank cells kept in place)."""
    out = []
    for line in render_text.lines(truth, "tab_rows"):
        if "\t" in line and separator != "tab":
            cells = line.split("\t")
            if separator != "pipes":
                cells = [c for c in cells if c]  # a blank cell is only a wider gap where spaces separate
            line = _SEPARATOR_TEXT[separator].join(cells)
        out.append(line)
    return out


def _page(truth: ReportTruth, body: str) -> bytes:
    return (
        f"<html><head><meta charset='utf-8'><title>{html.escape(truth.title)}</title></head><body>"
        f"<div class='TRS_Editor'>{body}</div></body></html>"
    ).encode()


def render(truth: ReportTruth, container: Container = "html_p", separator: Separator = "tab") -> Bundle:
    lines = table_lines(truth, separator)
    esc = [html.escape(line, quote=False) for line in lines]
    if container == "text":
        return Bundle(("\n".join(lines) + "\n").encode("utf-8"), "text/plain; charset=utf-8", None)
    if container == "html_p":
        return Bundle(_page(truth, "".join(f"<p>{line}</p>\n" for line in esc)), "text/html; charset=utf-8", truth.url)
    if container == "html_br":
        return Bundle(_page(truth, "<p>" + "<br>\n".join(esc) + "</p>"), "text/html; charset=utf-8", truth.url)
    if container == "word_tabs":
        body = "".join(f"<p class=MsoNormal><span>{line.replace(chr(9), _WORD_TAB)}</span></p>\n" for line in esc)
        return Bundle(_page(truth, body), "text/html; charset=utf-8", truth.url)
    if container == "docx":
        doc = Document()
        for line in lines:
            doc.add_paragraph(line)  # python-docx writes each tab as a w:tab
        out = io.BytesIO()
        doc.save(out)
        ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        return Bundle(out.getvalue(), ctype, truth.url.replace(".html", ".docx"))
    raise ValueError(f"unknown container {container!r}; known: {', '.join(CONTAINERS)}")
