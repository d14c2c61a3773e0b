"""Reading a page in the encoding it is really in.

Older pages are GBK/GB18030 under a wrong or missing meta charset (portals.md). Scrapy trusts the header
and the meta; when that decoding is full of replacement characters, or is a Latin one the bytes are not in,
the page is decoded again with the encoding cchardet guesses (right on GBK even for short snippets, where
charset-normalizer reads Korean — library-notes.md). GB2312 and GBK are read as their superset GB18030 so "—"
and rarer characters survive.
The archive keeps the bytes as fetched; this only affects how the crawler reads the page.
"""

from __future__ import annotations

import codecs

import cchardet
from scrapy.http import HtmlResponse, TextResponse

_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "hz-gb-2312": "gb18030", "ascii": "utf-8"}
_LATIN = frozenset({"cp1250", "cp1251", "cp1252", "mac-roman"})  # and every iso8859-N
#: The multi-byte encodings of Chinese portals, which a Latin declaration may hide (a guess of another Latin
#: code page for a Latin page is no reason to re-read it).
_CHINESE = frozenset({"gb18030", "utf-8", "big5"})
#: Replacement characters per thousand decoded characters above which the declared encoding is wrong.
_BAD = 5


def _mangled(text: str) -> bool:
    return text.count("\ufffd") * 1000 > _BAD * max(len(text), 1)


def _latin(encoding: str) -> bool:
    """A single-byte Western encoding: every byte decodes, so a wrong one leaves no replacement characters."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    return name in _LATIN or name.startswith("iso8859")


def readable(response: TextResponse) -> TextResponse:
    """`response` itself, or a copy decoded with the encoding its bytes are actually in.

    Two signs of a wrong declaration: replacement characters (GBK read as UTF-8), or a page read in a Latin
    encoding (old JSP servers answer `charset=ISO-8859-1` whatever the page is in) whose bytes cchardet finds
    to be a multi-byte encoding: Latin never leaves a replacement character, only mojibake.
    """
    latin = _latin(response.encoding)
    if not latin and not _mangled(response.text):
        return response
    guess = (cchardet.detect(response.body[:200_000]).get("encoding") or "").lower()
    encoding = _SUPERSET.get(guess, guess)
    if not encoding or encoding == response.encoding or (latin and encoding not in _CHINESE):
        return response
    cls = HtmlResponse if isinstance(response, HtmlResponse) else TextResponse
    fixed = cls(url=response.url, status=response.status, headers=response.headers, body=response.body,
                encoding=encoding, request=response.request, flags=response.flags)
    return response if _mangled(fixed.text) else fixed
