"""Reading captures out of WARC and WACZ files for `nianbao import` (issue 19), with warcio.

A WARC from anywhere — wget, Browsertrix, Heritrix, pywb, our own export — is a sequence of records; what an
import needs of each `response` is its URL, WARC-Date, HTTP status and headers, the request that asked for it,
and the body with any Transfer-/Content-Encoding undone (the archive keeps decoded bodies). Nothing here may
end an import: a record that cannot be read is reported as a `Skip` with the reason, and a file whose framing
is broken is read up to the break.

Captures are read twice (`nianbao import` classifies first, then stores in date order), so a capture can be
found again by its place: the file, the WACZ member, the offset (`Place`). Bodies are loaded only when asked,
so memory holds one body at a time however large the file.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.timeutils import iso_date_to_datetime

from nianbao.archive.warc_exchange import Exchange, pairs

#: Failures a damaged file raises from the readers below (zlib/gzip framing, short reads, bad headers; warcio
#: itself fails with AttributeError on a record without WARC-Target-URI).
DAMAGE = (ArchiveLoadFailed, EOFError, OSError, ValueError, KeyError, IndexError, AttributeError, TypeError)


@dataclass(frozen=True)
class Place:
    path: Path
    member: str | None  # the WARC inside a WACZ
    offset: int

    @property
    def source(self) -> str:
        """`FILE#OFFSET` (or `FILE!MEMBER#OFFSET` in a WACZ), as the fetch log records it."""
        inner = f"!{self.member}" if self.member else ""
        return f"{self.path.name}{inner}#{self.offset}"


@dataclass
class Capture:
    place: Place
    url: str
    date: datetime
    status: int | None
    exchange: Exchange
    content_type: str | None
    record_id: str | None
    concurrent_to: tuple[str, ...] = ()
    body: bytes | None = None

    @property
    def headers(self) -> dict[str, str]:
        """The response headers as a {name: value} table (repeats joined), as the archive's Fetch takes them."""
        table: dict[str, str] = {}
        for name, value in self.exchange.response_headers:
            table[name] = f"{table[name]}, {value}" if name in table else value
        return table


@dataclass(frozen=True)
class Request:
    method: str
    url: str
    headers: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Skip:
    place: Place
    url: str
    reason: str


@dataclass(frozen=True)
class Hint:
    """What a nianbao export said of a capture in its metadata record: the document's kind and parent page.
    An archive's own decision, kept: a report file linked only from a list page (not in the export) is still
    known for one."""

    url: str
    kind: str
    parent_url: str | None


@dataclass
class WarcStream:
    """The requests seen so far by record id, so each response is paired with the request that asked for it."""

    requests: dict[str, Request] = field(default_factory=dict)
    request_of: dict[str, str] = field(default_factory=dict)  # response id -> request id (Concurrent-To)


def warc_members(path: Path) -> Iterator[tuple[str | None, Callable[[], IO[bytes]]]]:
    """The WARC streams of a file: itself, or each `archive/*.warc[.gz]` of a WACZ (a zip)."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as package:
            names = [n for n in package.namelist() if n.endswith((".warc", ".warc.gz")) and not n.endswith("/")]
        for name in sorted(names):
            yield name, lambda name=name: _member(path, name)
    else:
        yield None, lambda: open(path, "rb")  # noqa: SIM115 - the caller's `with` closes it


def _member(path: Path, name: str) -> IO[bytes]:
    package = zipfile.ZipFile(path)
    stream = package.open(name)
    stream._nianbao_zip = package  # type: ignore[attr-defined]  # kept open as long as the member is
    return stream


def captures(path: Path, want_body: Callable[[Capture], bool]) -> Iterator[Capture | Skip | Hint]:
    """Every `response` record of `path` as a Capture (body loaded when `want_body` says so), and every record
    that cannot be one as a Skip with the reason; other record types are passed over silently."""
    for member, opener in warc_members(path):
        stream = WarcStream()
        try:
            with opener() as fh:
                yield from _read(fh, path, member, stream, want_body)
        except DAMAGE as err:
            yield Skip(Place(path, member, -1), "", f"unreadable file: {type(err).__name__}: {err}")


def _read(
    fh: IO[bytes], path: Path, member: str | None, stream: WarcStream, want_body: Callable[[Capture], bool]
) -> Iterator[Capture | Skip | Hint]:
    records = ArchiveIterator(fh, arc2warc=True)
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except DAMAGE as err:
            yield Skip(Place(path, member, records.offset or -1), "", f"malformed record: {type(err).__name__}: {err}")
            return  # the framing is lost: nothing after it can be trusted to start where it seems to
        place = Place(path, member, records.offset)  # before the body is read (get_record_offset reads it)
        try:
            found = _capture(record, place, stream, want_body)
        except DAMAGE as err:
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            found = Skip(place, url, f"malformed record: {type(err).__name__}: {err}")
        if found is not None:
            yield found


def _hint(record: Any, place: Place, url: str) -> Hint | None:
    try:
        described = json.loads(record.content_stream().read(1_000_000))
    except ValueError:
        return None
    kind = described.get("kind") if isinstance(described, dict) else None
    if kind not in ("page", "attachment", "image"):
        return None
    return Hint(url, kind, described.get("parent_url"))


def _capture(
    record: Any, place: Place, stream: WarcStream, want_body: Callable[[Capture], bool]
) -> Capture | Skip | Hint | None:
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI") or ""
    record_id = headers.get_header("WARC-Record-ID")
    if record.rec_type == "request" and record.http_headers is not None:
        http = record.http_headers  # warcio parses "GET /path HTTP/1.1" as protocol "GET", the rest as status
        if record_id:
            stream.requests[record_id] = Request(http.protocol or "GET", url, pairs(http.headers))
            for other in headers.get_header("WARC-Concurrent-To", "").split():
                stream.request_of[other] = record_id
        return None
    if record.rec_type == "metadata" and (headers.get_header("Content-Type") or "").startswith("application/json"):
        return _hint(record, place, headers.get_header("WARC-Refers-To-Target-URI") or url)
    if record.rec_type not in ("response", "revisit"):
        return None
    if record.rec_type == "revisit":
        return Skip(place, url, "revisit record (no body of its own)")
    if headers.get_header("WARC-Truncated"):
        return Skip(place, url, f"truncated: WARC-Truncated {headers.get_header('WARC-Truncated')}")
    http = record.http_headers
    if http is None or not url.startswith(("http://", "https://")):
        return Skip(place, url, "not an HTTP response")
    status = int(http.get_statuscode() or 0)
    date = iso_date_to_datetime(headers.get_header("WARC-Date")).replace(tzinfo=UTC)
    concurrent = tuple(headers.get_header("WARC-Concurrent-To", "").split())
    request = _request(stream, record_id, concurrent)
    exchange = Exchange(
        status_line=f"{http.protocol} {http.statusline}".strip(),
        response_headers=pairs(http.headers),
        request_method=None if request is None else request.method,
        request_url=None if request is None else request.url,
        request_headers=() if request is None else request.headers,
    )
    capture = Capture(place, url, date, status, exchange, http.get_header("Content-Type"), record_id, concurrent)
    if status != 200:
        return capture  # the caller counts it by status; no body needed
    if want_body(capture):
        body = record.content_stream().read()
        if _short(http, body):
            return Skip(place, url, f"truncated body: {len(body)} of {http.get_header('Content-Length')} bytes")
        capture.body = body
    return capture


def _request(stream: WarcStream, record_id: str | None, concurrent: tuple[str, ...]) -> Request | None:
    for rid in concurrent:  # the response names its request (Browsertrix, pywb)
        if rid in stream.requests:
            return stream.requests[rid]
    if record_id and record_id in stream.request_of:  # the request names its response (wget, our export)
        return stream.requests.get(stream.request_of[record_id])
    return None


def _short(http: Any, body: bytes) -> bool:
    """A body shorter than the Content-Length it came with (when no encoding changed its length)."""
    if http.get_header("Transfer-Encoding") or http.get_header("Content-Encoding"):
        return False
    declared = http.get_header("Content-Length")
    return declared is not None and declared.strip().isdigit() and len(body) < int(declared)


def load(place: Place, stack: ExitStack) -> Capture | Skip:
    """The capture at `place` again, with its body (files stay open in `stack` for the next one)."""
    opened: dict[tuple[Path, str | None], IO[bytes]] = stack.__dict__.setdefault("_nianbao_files", {})
    key = (place.path, place.member)
    if key not in opened:
        opener = dict(warc_members(place.path))[place.member]
        opened[key] = stack.enter_context(opener())
    fh = opened[key]
    try:
        fh.seek(place.offset)
        record = next(ArchiveIterator(fh, arc2warc=True))
        found = _capture(record, place, WarcStream(), lambda _: True)
    except (StopIteration, *DAMAGE) as err:
        return Skip(place, "", f"malformed record: {type(err).__name__}: {err}")
    return found if isinstance(found, Capture | Skip) else Skip(place, "", "not a response record")
