"""WARC export and import on a small archive (SQLite and PostgreSQL): the records, their digests and header
marks as the tools read them, the WACZ, a round trip, and an import of damaged and foreign records."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from nianbao.archive import Archive
from nianbao.archive.warc_exchange import Exchange
from nianbao.archive.warc_export import export_warc
from nianbao.crawler.run import configured_portals
from nianbao.crawler.warc_import import import_files
from tests.archive.helpers import page
from tests.archive.test_cli import report
from tests.warc.helpers import nianbao, summary, tool

URL = "http://www.zzszq.gov.cn/zw/gknb/2025/t20250110_1.html"
PDF = "http://www.zzszq.gov.cn/zw/gknb/2025/P0202501.pdf"
RECEIVED = Exchange(
    "HTTP/1.1 200 OK",
    (("Content-Type", "text/html"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2"), ("Transfer-Encoding", "chunked")),
    "GET",
    URL,
    (("User-Agent", "nianbao"), ("Accept", "*/*")),
)


def _fill(archive: Archive) -> None:
    """v1 fetched before headers were kept (gzip-encoded), v2 with them, v2 again, a 304, and the PDF."""
    run = archive.start_run(["zzszq"])
    old = {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip", "Content-Length": "5"}
    v1 = archive.ingest(page(URL, "<p>v1 年报</p>".encode(), minutes=0, run_id=run, headers=old, portal="zzszq"))
    archive.save_extraction(v1.version_id, report(6))
    archive.ingest(replace(page(URL, b"<p>v2</p>", minutes=1, run_id=run, portal="zzszq"), exchange=RECEIVED))
    archive.ingest(replace(page(URL, b"<p>v2</p>", minutes=2, run_id=run, portal="zzszq"), exchange=RECEIVED))
    archive.ingest(page(URL, None, minutes=3, run_id=run, status=304, headers={"ETag": '"x"'}, portal="zzszq"))
    archive.ingest(
        page(
            PDF,
            b"%PDF-1.4 fake",
            minutes=2,
            run_id=run,
            parent_url=URL,
            kind="attachment",
            headers={"Content-Type": "application/pdf"},
            portal="zzszq",
        )
    )
    archive.finish_run(run)


def _records(path: Path) -> list[tuple[str, dict[str, str], bytes]]:
    with open(path, "rb") as fh:
        return [(r.rec_type, dict(r.rec_headers.headers), r.content_stream().read()) for r in ArchiveIterator(fh)]


def test_export_writes_responses_requests_revisits_and_metadata_that_warcio_checks(
    archive: Archive, tmp_path: Path
) -> None:
    _fill(archive)
    path = tmp_path / "out.warc.gz"
    counts = export_warc(archive, path)
    assert (counts.responses, counts.revisits, counts.metadata) == (3, 2, 3)
    checked = tool("warcio", "check", "-v", path)
    assert checked.returncode == 0 and checked.stdout.count("digest pass") == 12, checked.stdout
    assert tool("warcio", "index", path).returncode == 0

    records = _records(path)
    assert [t for t, _, _ in records] == [
        "warcinfo",
        "response",
        "request",
        "metadata",
        "response",
        "request",
        "metadata",
        "revisit",
        "request",
        "response",
        "request",
        "metadata",
        "revisit",
        "request",
    ]
    responses = [(h, body) for t, h, body in records if t == "response"]
    for headers, body in responses:  # the digest other tools compute and compare
        assert headers["WARC-Payload-Digest"] == "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode()
    first, second = (h["WARC-Nianbao-Headers"] for h, _ in responses[:2])
    assert first.startswith("reconstructed") and "removed content-encoding: gzip" in first
    assert second == "adjusted; removed Transfer-Encoding: chunked; Content-Length absent -> 9"
    revisits = [h for t, h, _ in records if t == "revisit"]
    assert [h["WARC-Profile"].rsplit("/", 1)[-1] for h in revisits] == [
        "identical-payload-digest",
        "server-not-modified",
    ]
    assert revisits[0]["WARC-Payload-Digest"] == responses[1][0]["WARC-Payload-Digest"]
    metadata = json.loads(next(body for t, _, body in records if t == "metadata"))
    assert metadata["extraction"]["cells"] == 3 and metadata["kind"] == "page"

    # the HTTP headers as written: repeats kept, the body's true length, nothing that contradicts it
    with open(path, "rb") as fh:
        http = [r.http_headers for r in ArchiveIterator(fh) if r.rec_type == "response"][1]
    assert http.headers == [
        ("Content-Type", "text/html"),
        ("Set-Cookie", "a=1"),
        ("Set-Cookie", "b=2"),
        ("Content-Length", "9"),
    ]
    assert export_warc(archive, tmp_path / "again.warc.gz") == counts  # same records, same ids
    assert [h.get("WARC-Record-ID") for _, h, _ in _records(tmp_path / "again.warc.gz")][1:] == [
        h.get("WARC-Record-ID") for _, h, _ in records
    ][1:]


def test_portal_and_since_select_fetches(archive: Archive, tmp_path: Path) -> None:
    _fill(archive)
    assert export_warc(archive, tmp_path / "none.warc.gz", portal="wenshang").responses == 0
    later = export_warc(archive, tmp_path / "later.warc.gz", since=datetime(2026, 1, 10, 8, 2, tzinfo=UTC))
    assert (later.responses, later.revisits) == (1, 2)


def test_round_trip_gives_the_same_documents_versions_and_blobs(
    archive: Archive, database_url: str, tmp_path: Path
) -> None:
    _fill(archive)
    path = tmp_path / "out.warc.gz"
    export_warc(archive, path)
    other = f"sqlite:///{tmp_path / 'other.sqlite'}"
    [zzszq] = configured_portals(["zzszq"])
    with Archive.open(other) as fresh:
        done = import_files(fresh, [path], [zzszq], extract=False)
        assert done.versions_new == 3 and done.skipped["revisit record (no body of its own)"] == 2
        again = import_files(fresh, [path], [zzszq], extract=False)
        assert again.versions_new == 0 and again.skipped["already imported"] == 3
    mine, theirs = summary(database_url), summary(other)
    assert theirs["documents"] == mine["documents"] and theirs["versions"] == mine["versions"]
    assert theirs["blobs"] == mine["blobs"]


@pytest.mark.slow
def test_wacz_passes_wacz_validate(archive: Archive, tmp_path: Path, database_url: str) -> None:
    _fill(archive)
    path = tmp_path / "out.wacz"
    nianbao(database_url, "export", "--format", "wacz", "-o", path)
    checked = tool("wacz", "validate", "-f", path)
    assert checked.returncode == 0 and "is valid" in checked.stdout, checked.stdout + checked.stderr
    [zzszq] = configured_portals(["zzszq"])
    with Archive.open(f"sqlite:///{tmp_path / 'from-wacz.sqlite'}") as fresh:
        assert import_files(fresh, [path], [zzszq], extract=False).versions_new == 3


def test_import_counts_damaged_foreign_and_failed_records_and_never_crashes(tmp_path: Path) -> None:
    path = tmp_path / "mixed.warc.gz"
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        body = b"<html><body><p>x</p></body></html>"

        def response(url: str, status: str, payload: bytes, length: int | None = None) -> None:
            http = StatusAndHeaders(
                status,
                [("Content-Type", "text/html"), ("Content-Length", str(length or len(payload)))],
                protocol="HTTP/1.1",
            )
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(payload), length=len(payload), http_headers=http
                )
            )

        response("http://www.zzszq.gov.cn/zw/gknb/list.html", "200 OK", body)  # a page, no report
        response("http://www.zzszq.gov.cn/gone.html", "404 Not Found", body)
        response("http://www.zzszq.gov.cn/cut.html", "200 OK", body, length=len(body) + 100)  # truncated
        response("http://www.example.com/other.html", "200 OK", body)  # another host
    with open(path, "ab") as out:
        out.write(gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort"))
    portals = configured_portals(["zzszq"])
    with Archive.open(f"sqlite:///{tmp_path / 'a.sqlite'}") as fresh:
        done = import_files(fresh, [path], portals)
    assert done.versions_new == 0
    assert done.skipped["not a report page"] == 1 and done.skipped["HTTP 404"] == 1
    assert done.skipped["truncated body"] == 1 and done.skipped["host of no configured portal"] == 1
    assert done.skipped["malformed record"] == 1


def _capture_file(path: Path, captures: list[tuple[str, bytes]]) -> Path:
    """A WARC of report-file captures of PDF at the given WARC-Dates (what another tool made, another year)."""
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for date, body in captures:
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "application/pdf"), ("Content-Length", str(len(body)))], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    PDF,
                    "response",
                    payload=io.BytesIO(body),
                    length=len(body),
                    http_headers=http,
                    warc_headers_dict={"WARC-Date": date},
                )
            )
    return path


def test_older_captures_go_into_the_history_by_date_and_the_latest_stays_latest(
    archive: Archive, database_url: str, tmp_path: Path
) -> None:
    run = archive.start_run(["zzszq"])
    archive.ingest(page(URL, b"<p>the page</p>", minutes=0, run_id=run, portal="zzszq"))
    archive.ingest(
        page(
            PDF,
            b"%PDF 2026",
            minutes=10,
            run_id=run,
            parent_url=URL,
            kind="attachment",
            headers={"Content-Type": "application/pdf"},
            portal="zzszq",
        )
    )
    # last year's captures: B, then A, then A again, then the body the archive holds now, still before it
    older = _capture_file(
        tmp_path / "2025.warc.gz",
        [
            ("2025-03-01T00:00:00Z", b"%PDF B"),
            ("2025-06-01T00:00:00Z", b"%PDF A"),
            ("2025-07-01T00:00:00Z", b"%PDF A"),
            ("2025-12-01T00:00:00Z", b"%PDF 2026"),
        ],
    )
    [zzszq] = configured_portals(["zzszq"])
    done = import_files(archive, [older], [zzszq], forced=zzszq, extract=False)
    assert done.versions_new == 2 and done.outcomes["unchanged"] == 2
    history = [(v.seq, archive.body(v.version_id)) for v in archive.versions(archive.resolve(PDF))]
    assert history == [(1, b"%PDF B"), (2, b"%PDF A"), (3, b"%PDF 2026")]
    [latest] = [v for v in archive.versions(archive.resolve(PDF)) if v.seq == 3]
    assert latest.first_seen.year == 2025  # merged with the equal capture before it
    assert import_files(archive, [older], [zzszq], forced=zzszq, extract=False).versions_new == 0
