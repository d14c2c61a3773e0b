"""The registry of renderings: a name -> a function turning a truth into the bundle a crawler would hold.

Tests and benches loop over this registry, so a new format (part 2's PDF, DOC, XLS, images) is one module and
one entry here.
"""

from __future__ import annotations

from collections.abc import Callable

from nianbao.corpus import render_docx, render_html, render_text
from nianbao.corpus.truth import ReportTruth
from nianbao.extractor.bundle import Bundle

Rendering = Callable[[ReportTruth], Bundle]


def _html(truth: ReportTruth) -> Bundle:
    chrome = ("hanweb", "trs", "plain")[truth.seed % 3]
    return Bundle(render_html.page(truth, "clean", chrome), "text/html; charset=utf-8", truth.url)


def _word_html(truth: ReportTruth) -> Bundle:
    chrome = ("hanweb", "trs", "plain")[truth.seed % 3]
    return Bundle(render_html.page(truth, "word", chrome), "text/html", truth.url)


def _gb18030_html(truth: ReportTruth) -> Bundle:
    return Bundle(render_html.word_page_gb18030(truth), "text/html", truth.url)


def _docx(truth: ReportTruth) -> Bundle:
    ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return Bundle(render_docx.render(truth), ctype, truth.url.replace(".html", ".docx"))


def _text_tabs(truth: ReportTruth) -> Bundle:
    return Bundle(render_text.render(truth, "tab_rows"), "text/plain; charset=utf-8", None)


def _text_cells(truth: ReportTruth) -> Bundle:
    return Bundle(render_text.render(truth, "cell_lines"), "text/plain; charset=utf-8", None)


RENDERINGS: dict[str, Rendering] = {
    "html": _html,
    "word_html": _word_html,
    "gb18030_html": _gb18030_html,
    "docx": _docx,
    "text_tabs": _text_tabs,
    "text_cells": _text_cells,
}


def render(truth: ReportTruth, name: str) -> Bundle:
    try:
        return RENDERINGS[name](truth)
    except KeyError:
        raise ValueError(f"no rendering {name!r}; known: {', '.join(RENDERINGS)}") from None
