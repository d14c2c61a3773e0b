"""A Scrapy response's HTTP exchange as the archive keeps it for WARC export (`archive.warc_exchange`)."""

from __future__ import annotations

from scrapy.http import Headers, Response

from nianbao.archive.warc_exchange import Exchange, pairs, status_line


def header_pairs(headers: Headers | None) -> tuple[tuple[str, str], ...]:
    """Scrapy's headers as [name, value] pairs: its order, every repeat (names as Scrapy capitalises them)."""
    if headers is None:
        return ()
    return pairs((name, value) for name, values in headers.items() for value in values)


def exchange_of(response: Response, status: int | None = None, headers: Headers | None = None) -> Exchange:
    """The exchange that brought `response`; `status`/`headers` stand for the response itself when the
    archive cache answered a 304 with the stored body (the WARC keeps the 304)."""
    request = response.request
    return Exchange(
        status_line=status_line(status or response.status, response.protocol),
        response_headers=header_pairs(response.headers if headers is None else headers),
        request_method=None if request is None else request.method,
        request_url=None if request is None else request.url,
        request_headers=() if request is None else header_pairs(request.headers),
    )
