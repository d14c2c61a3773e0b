"""WARC records of one stored fetch, built with warcio (issue 19): response, request, revisit, metadata.

The archive keeps bodies decoded of any Content-Encoding and whole (no chunks), so the HTTP headers written
with a body are made to describe it: Content-Encoding and Transfer-Encoding go, Content-Length is the true
length. Every record says how its headers came to be, in `WARC-Nianbao-Headers`:

- `as-received`: the status line and headers the crawler saw, unchanged;
- `adjusted; <what changed>`: as received, less what the stored body contradicts;
- `reconstructed`: fetched before the archive kept headers as received (migration 0006), rebuilt from the
  fetch log's lower-case {name: value} table (order and repeats lost) and the status.

Record ids are derived from the fetch (UUID 5), so exporting the same archive twice gives the same records.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from warcio.recordbuilder import RecordBuilder
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date

from nianbao.archive.warc_exchange import status_line

WARC_VERSION = "1.1"  # microsecond WARC-Dates: an import gives back the fetch times the archive held
HEADERS_FIELD = "WARC-Nianbao-Headers"
#: Hop-by-hop or body-describing headers that a decoded, whole body makes false.
_BODY_HEADERS = ("content-encoding", "transfer-encoding", "content-length")
_NAMESPACE = uuid.UUID("5b0e1e8c-6c1a-4f0e-9a57-6e69616e6261")

_builder = RecordBuilder(warc_version=WARC_VERSION)


def payload_digest(body: bytes) -> str:
    """`sha1:<base32>`: the form warcio check, pywb and the CDX(J) indexers compute and compare."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


@dataclass(frozen=True)
class StoredFetch:
    """One fetch log row with what its records need (see warc_export for the query)."""

    id: int
    url: str
    outcome: str
    status: int | None
    fetched_at: datetime
    headers: dict[str, Any] | None
    status_line: str | None
    response_headers: Sequence[Sequence[str]] | None
    request_method: str | None
    request_url: str | None
    request_headers: Sequence[Sequence[str]] | None

    @property
    def date(self) -> str:
        return datetime_to_iso_date(self.fetched_at.replace(tzinfo=None), use_micros=True)


def record_id(*parts: object) -> str:
    return f"<urn:uuid:{uuid.uuid5(_NAMESPACE, '|'.join(str(p) for p in parts))}>"


def response_headers(fetch: StoredFetch, status: int, body_length: int | None) -> tuple[StatusAndHeaders, str]:
    """The HTTP status line and headers to write, and how they came to be (the `WARC-Nianbao-Headers` value).

    `body_length` None: no body follows (a 304), so no Content-Length is claimed either.
    """
    if fetch.response_headers is not None and fetch.status_line:
        line, pairs, how = fetch.status_line, [(str(n), str(v)) for n, v in fetch.response_headers], "as-received"
    else:
        line, pairs, how = status_line(status), [(n, str(v)) for n, v in (fetch.headers or {}).items()], ""
    kept = [(n, v) for n, v in pairs if n.lower() not in _BODY_HEADERS]
    changes = [f"removed {n}: {v}" for n, v in pairs if n.lower() in ("content-encoding", "transfer-encoding")]
    if body_length is not None:
        claimed = [v for n, v in pairs if n.lower() == "content-length"]
        if claimed != [str(body_length)]:
            changes.append(f"Content-Length {','.join(claimed) or 'absent'} -> {body_length}")
        kept.append(("Content-Length", str(body_length)))
    if not how:
        how = "; ".join(["reconstructed", *changes])
    elif changes:
        how = "; ".join(["adjusted", *changes])
    protocol, _, rest = line.partition(" ")
    return StatusAndHeaders(rest, kept, protocol=protocol or "HTTP/1.1"), how


def request_headers(fetch: StoredFetch) -> tuple[StatusAndHeaders, str]:
    """The request line and headers as sent, or a GET rebuilt from the URL for fetches that did not keep it."""
    url = fetch.request_url or fetch.url
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    if fetch.request_method:
        pairs, how = [(str(n), str(v)) for n, v in fetch.request_headers or ()], "as-sent"
    else:
        pairs, how = [], "reconstructed"
    if not any(n.lower() == "host" for n, _ in pairs):
        # The HTTP client adds Host itself, after Scrapy's middlewares saw the request.
        pairs.insert(0, ("Host", parts.netloc))
    method = fetch.request_method or "GET"
    return StatusAndHeaders(f"{method} {target} HTTP/1.1", pairs, is_http_request=True), how


def response_records(fetch: StoredFetch, body: bytes) -> Iterator[Any]:
    """A `response` record with the stored body, then its `request`."""
    http, how = response_headers(fetch, fetch.status or 200, len(body))
    response_id = record_id("response", fetch.id, fetch.url, fetch.date)
    response = _builder.create_warc_record(
        fetch.url,
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=http,
        warc_headers_dict={
            "WARC-Record-ID": response_id,
            "WARC-Date": fetch.date,
            HEADERS_FIELD: how,
            "WARC-Payload-Digest": payload_digest(body),
        },
    )
    yield response
    yield request_record(fetch, response_id)


def request_record(fetch: StoredFetch, concurrent_to: str) -> Any:
    http, how = request_headers(fetch)
    return _builder.create_warc_record(
        fetch.url,
        "request",
        http_headers=http,
        warc_headers_dict={
            "WARC-Record-ID": record_id("request", fetch.id, fetch.url, fetch.date),
            "WARC-Date": fetch.date,
            "WARC-Concurrent-To": concurrent_to,
            HEADERS_FIELD: how,
        },
    )


def revisit_records(
    fetch: StoredFetch, digest: str, original_url: str, original_date: datetime | None, body_length: int | None
) -> Iterator[Any]:
    """A fetch that found the stored body again: `identical-payload-digest` with the 200's headers, or for a 304
    `server-not-modified` with the 304's own; then its request."""
    not_modified = fetch.outcome == "not_modified" or fetch.status == 304
    status = 304 if not_modified else (fetch.status or 200)
    http, how = response_headers(fetch, status, None if not_modified else body_length)
    if not_modified and not fetch.status_line:
        http = StatusAndHeaders(status_line(304).partition(" ")[2], http.headers, protocol="HTTP/1.1")
    revisit_id = record_id("revisit", fetch.id, fetch.url, fetch.date)
    revisit = _builder.create_revisit_record(
        fetch.url,
        digest,
        original_url,
        "" if original_date is None else datetime_to_iso_date(original_date.replace(tzinfo=None), use_micros=True),
        http_headers=http,
        warc_headers_dict={"WARC-Record-ID": revisit_id, "WARC-Date": fetch.date, HEADERS_FIELD: how},
    )
    if original_date is None:  # the crawl's own WARC: the archive, not the file, holds the original
        revisit.rec_headers.remove_header("WARC-Refers-To-Date")
    if not_modified:
        revisit.rec_headers.replace_header(
            "WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
        )
    yield revisit
    yield request_record(fetch, revisit_id)


def metadata_record(fetch: StoredFetch, response_id: str, description: dict[str, Any]) -> Any:
    """What the archive made of the version this fetch stored: its extraction, as JSON beside the capture."""
    data = json.dumps(description, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")
    # Not the capture's own URI: replay tools index metadata records too, and pywb served this JSON for the
    # report captured at the same instant. WARC-Refers-To(-Target-URI, -Date) name the capture.
    return _builder.create_warc_record(
        f"urn:nianbao:version:{description.get('sha256', fetch.id)}",
        "metadata",
        payload=io.BytesIO(data),
        length=len(data),
        warc_content_type="application/json",
        warc_headers_dict={
            "WARC-Record-ID": record_id("metadata", fetch.id, fetch.url, fetch.date),
            "WARC-Date": fetch.date,
            "WARC-Refers-To": response_id,
            "WARC-Refers-To-Target-URI": fetch.url,
            "WARC-Refers-To-Date": fetch.date,
        },
    )


def warcinfo_record(filename: str, info: dict[str, str]) -> Any:
    return _builder.create_warcinfo_record(filename, info)
