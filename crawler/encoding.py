"""Reading a page in the encoding it is really in.

Older pages are GBK/GB18030 under a wrong or missing meta charset (portals.md). Scrapy trusts the header
and the meta; when that decoding is full of replacement characters the page is decoded again with the
encoding cchardet guesses (right on GBK even for short snippets, where charset-normalizer reads Korean —
library-notes.md). GB2312 and GBK are read as their superset GB18030 so "—" and rarer characters survive.
The archive keeps the bytes as fetched; this only affects how the crawler reads the page.
"""

from __future__ import annotations

import cchardet
from scrapy.http import HtmlResponse, TextResponse

_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "hz-gb-2312": "gb18030", "ascii": "utf-8"}
#: Replacement characters per thousand decoded characters above which the declared encoding is wrong.
_BAD = 5


def _mangled(text: str) -> bool:
    return text.count("\ufffd") * 1000 > _BAD * max(len(text), 1)


def readable(response: TextResponse) -> TextResponse:
    """`response` itself, or a copy decoded with the encoding its bytes are actually in."""
    if not _mangled(response.text):
        return response
    guess = (cchardet.detect(response.body[:200_000]).get("encoding") or "").lower()
    encoding = _SUPERSET.get(guess, guess)
    if not encoding or encoding == response.encoding:
        return response
    cls = HtmlResponse if isinstance(response, HtmlResponse) else TextResponse
    fixed = cls(url=response.url, status=response.status, headers=response.headers, body=response.body,
                encoding=encoding, request=response.request, flags=response.flags)
    return response if _mangled(fixed.text) else fixed
