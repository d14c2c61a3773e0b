"""The HTTP exchange behind one fetch, as a WARC record needs it (issue 19).

The fetch log's `headers` column is a lookup table ({lower-case name: joined value}); a WARC `response` record
wants the status line and the headers as the server sent them — order kept, repeats kept — and its `request`
record the request as sent. The crawler fills an `Exchange` from Scrapy's response; `nianbao import` fills one
from the WARC it reads. Stored in `fetch_record` (migration 0006).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

Pairs = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Exchange:
    status_line: str | None = None  # "HTTP/1.1 200 OK"
    response_headers: Pairs = ()
    request_method: str | None = None
    request_url: str | None = None
    request_headers: Pairs = ()


def status_line(status: int, protocol: str | None = None, reason: str | None = None) -> str:
    """`HTTP/1.1 200 OK`: Scrapy keeps no reason phrase, so the standard one stands in (HTTP/1.1 makes the
    phrase informative only; clients and replay tools ignore it)."""
    if reason is None:
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = ""
    return f"{protocol or 'HTTP/1.1'} {status} {reason}".rstrip()


def pairs(items: Iterable[tuple[Any, Any]]) -> Pairs:
    """[name, value] pairs as text: header bytes are ISO-8859-1 by HTTP's definition, so every byte survives."""
    return tuple((_text(name), _text(value)) for name, value in items)


def _text(value: Any) -> str:
    return value.decode("latin-1") if isinstance(value, bytes | bytearray) else str(value)
