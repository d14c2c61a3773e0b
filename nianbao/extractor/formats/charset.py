"""Decoding Chinese pages: declared GB charsets read as GB18030, missing or wrong declarations guessed.

GB18030 is a superset of GB2312 and GBK, and lxml's own GBK codec maps "—" to "―", so every GB label is
decoded as gb18030. A declaration is trusted only if the bytes decode under it; otherwise UTF-8 is tried, then
cchardet's guess (it reads short GBK right where charset-normalizer sees Korean). A Latin declaration decodes any
bytes, so on a page cchardet reads as multi-byte its guess is tried first.
"""

from __future__ import annotations

import codecs
import re

import cchardet

_GB = frozenset({"gb2312", "gbk", "gb18030", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "hz-gb-2312", "csgb2312"})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)


def normalise(label: str | None) -> str | None:
    """A Python codec name for a declared charset label, GB family mapped to gb18030; None if unknown."""
    if not label:
        return None
    name = label.strip().lower()
    if name in _GB:
        return "gb18030"
    if name in ("utf8", "utf-8", "unicode"):
        return "utf-8"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared(body: bytes, content_type: str | None) -> str | None:
    if body.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    match = _META_CHARSET.search(body[:4096])
    if match:
        return normalise(match.group(1).decode("ascii", "replace"))
    if content_type:
        found = _HEADER_CHARSET.search(content_type)
        if found:
            return normalise(found.group(1))
    return None


def guess(body: bytes) -> str:
    detected = cchardet.detect(body[:200_000]).get("encoding")
    codec = normalise(detected) if detected else None
    return codec or "gb18030"


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str, list[str]]:
    """The page's text, the codec used, and warnings about a missing or wrong declaration."""
    warnings: list[str] = []
    label = declared(body, content_type)
    candidates: list[str] = []
    if label == "gb18030" and not body.isascii() and _is_utf8(body):
        # GB18030 decodes almost any bytes, so a UTF-8 page declared gb2312 would be silently garbled
        candidates.append("utf-8")
    if label and _single_byte(label) and not body.isascii() and guess(body) in _CHINESE:
        # a Latin label (old JSP servers say ISO-8859-1 of any page) decodes every byte: a GBK or UTF-8 page
        # under it would be read as mojibake without a single error, so cchardet's multi-byte reading goes first
        candidates.append(guess(body))
    if label:
        candidates.append(label)
    else:
        warnings.append("no charset declared; guessed")
    for fallback in ("utf-8", guess(body)):
        if fallback not in candidates:
            candidates.append(fallback)
    for codec in candidates:
        try:
            text = body.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if label and codec != label:
            warnings.append(f"declared charset {label} does not fit the bytes; read as {codec}")
        return text.lstrip("\ufeff"), codec, warnings
    codec = candidates[0]
    warnings.append(f"undecodable bytes replaced (read as {codec})")
    return body.decode(codec, errors="replace").lstrip("\ufeff"), codec, warnings


_CHINESE = ("gb18030", "utf-8", "big5")
"""What Chinese portals' pages are really in: the multi-byte readings a Latin label may hide."""


def _single_byte(codec: str) -> bool:
    return codec in ("cp1250", "cp1251", "cp1252", "mac-roman") or codec.startswith("iso8859")


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
