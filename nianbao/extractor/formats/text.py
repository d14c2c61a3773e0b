"""Plain text, as Word's and OCR's text exports give reports: its tables are read by tables.lines (tab rows,
one cell a line, pipes, spaced numbers). `[image: …]` markers stand for pictures in the original (003's tables)
and become Image blocks; `[bookmark: …]` markers are dropped.
"""

from __future__ import annotations

import codecs
import re
from typing import TYPE_CHECKING

import cchardet

from nianbao.extractor.formats.charset import normalise
from nianbao.extractor.layout import Block, Image, Layout, Paragraph
from nianbao.extractor.tables.lines import line_blocks
from nianbao.extractor.textnorm import clean, drop_markers

if TYPE_CHECKING:
    from nianbao.extractor.bundle import Bundle

_IMAGE = re.compile(r"\[image:\s*([^\]]*)\]")


def decode_text(body: bytes) -> str:
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", errors="replace")
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body.decode("utf-16", errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    guess = normalise(cchardet.detect(body[:200_000]).get("encoding")) or "gb18030"
    return body.decode(guess, errors="replace")


def read(bundle: Bundle) -> Layout:
    text = decode_text(bundle.body).replace("\r\n", "\n").replace("\r", "\n")
    lines = [drop_markers(line) for line in text.split("\n")]
    return Layout(format="text", blocks=list(line_blocks(lines, paragraph=_paragraph_blocks)))


def _paragraph_blocks(line: str) -> list[Block]:
    out: list[Block] = []
    pos = 0
    for match in _IMAGE.finditer(line):
        before = clean(line[pos : match.start()])
        if before:
            out.append(Paragraph(before))
        out.append(Image(url=match.group(1).strip() or None, alt=""))
        pos = match.end()
    rest = clean(line[pos:])
    if rest:
        out.append(Paragraph(rest))
    return out
