"""The rules of dedupe and versioning (archive/ingest.py), on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import os
import random
from datetime import datetime

import pytest

from nianbao.archive import Archive, Fetch
from tests.archive.helpers import at, count, page, rows

URL = "http://www.example.gov.cn/art/2025/1/10/art_1_1.html"


def test_first_fetch_makes_a_document_a_version_and_a_blob(archive: Archive) -> None:
    result = archive.ingest(page(URL, b"<html>A</html>"))
    assert (result.outcome, result.blob_is_new) == ("new_document", True)
    assert result.document_id is not None and result.version_id is not None
    assert (count(archive, "document"), count(archive, "version"), count(archive, "blob")) == (1, 1, 1)
    assert archive.body(result.version_id) == b"<html>A</html>"


def test_same_body_again_is_unchanged_and_moves_last_seen(archive: Archive) -> None:
    first = archive.ingest(page(URL, b"A", minutes=0))
    again = archive.ingest(page(URL, b"A", minutes=30))
    assert (again.outcome, again.version_id, again.blob_is_new) == ("unchanged", first.version_id, False)
    [version] = archive.versions(first.document_id)
    assert (version.first_seen, version.last_seen) == (at(0), at(30))
    [(last_seen,)] = rows(archive, "SELECT last_seen FROM document")
    assert str(last_seen).startswith("2026-01-10 08:30")
    assert count(archive, "version") == 1
    assert count(archive, "fetch_record") == 2


def test_a_b_a_makes_three_versions_and_stores_a_once(archive: Archive) -> None:
    outcomes = [archive.ingest(page(URL, body, minutes=i)) for i, body in enumerate([b"A", b"B", b"A"])]
    assert [r.outcome for r in outcomes] == ["new_document", "new_version", "new_version"]
    assert [r.blob_is_new for r in outcomes] == [True, True, False]
    versions = archive.versions(outcomes[0].document_id)
    assert [v.seq for v in versions] == [1, 2, 3]
    assert versions[0].sha256 == versions[2].sha256 != versions[1].sha256
    assert count(archive, "blob") == 2
    assert [archive.body(v.version_id) for v in versions] == [b"A", b"B", b"A"]


def test_a_body_stored_for_another_url_is_not_stored_twice(archive: Archive) -> None:
    one = archive.ingest(page(URL, b"%PDF-1.7 same bytes", kind="attachment"))
    two = archive.ingest(page(URL + "?copy", b"%PDF-1.7 same bytes", kind="attachment"))
    assert (one.outcome, two.outcome) == ("new_document", "new_document")
    assert (one.blob_is_new, two.blob_is_new) == (True, False)
    assert one.document_id != two.document_id
    assert (count(archive, "blob"), count(archive, "version")) == (1, 2)


def test_304_is_not_modified_and_moves_last_seen(archive: Archive) -> None:
    first = archive.ingest(page(URL, b"A", headers={"ETag": '"v1"'}))
    result = archive.ingest(page(URL, None, minutes=60, status=304, headers={"ETag": '"v1"'}))
    assert (result.outcome, result.version_id) == ("not_modified", first.version_id)
    [version] = archive.versions(first.document_id)
    assert version.last_seen == at(60)
    # A cached body the crawler's conditional request confirmed says so too.
    cached = archive.ingest(page(URL, b"A", minutes=90, outcome="not_modified"))
    assert cached.outcome == "not_modified"
    with_body = archive.ingest(page(URL, b"A", minutes=95, status=304))
    assert (with_body.outcome, with_body.version_id) == ("not_modified", first.version_id)


def test_304_without_a_stored_version_is_an_error(archive: Archive) -> None:
    result = archive.ingest(page(URL, None, status=304))
    assert result.outcome == "error" and result.version_id is None
    assert (count(archive, "document"), count(archive, "version")) == (0, 0)


def test_failed_fetches_are_logged_without_documents(archive: Archive) -> None:
    run_id = archive.start_run(["testportal"])
    result = archive.ingest(page(URL, None, status=500, run_id=run_id, error="HTTP 500"))
    assert result.outcome == "error"
    refused = archive.record_fetch_error(URL + "x", run_id, "robots.txt", outcome="refused")
    assert refused.outcome == "refused"
    assert count(archive, "document") == 0
    assert rows(archive, "SELECT outcome, error FROM fetch_record ORDER BY id") == [
        ("error", "HTTP 500"), ("refused", "robots.txt")
    ]


def test_a_body_with_an_error_status_is_not_a_version(archive: Archive) -> None:
    archive.ingest(page(URL, b"the report"))
    for status in (404, 500, 302):
        result = archive.ingest(page(URL, b"<html>Not Found</html>", minutes=1, status=status))
        assert (result.outcome, result.version_id) == ("error", None)
    assert count(archive, "version") == 1
    assert rows(archive, "SELECT error FROM fetch_record WHERE outcome = 'error' ORDER BY id") == [
        ("HTTP 404",), ("HTTP 500",), ("HTTP 302",)
    ]


def test_an_alias_reaches_the_same_document(archive: Archive) -> None:
    alias = "http://www.example.gov.cn/attach/0/report.pdf"
    first = archive.ingest(page(URL, b"A", aliases=(alias,)))
    via_alias = archive.ingest(page(alias, b"A", minutes=5))
    assert (via_alias.outcome, via_alias.document_id) == ("unchanged", first.document_id)
    assert archive.resolve(alias) == first.document_id
    assert count(archive, "document") == 1


def test_an_alias_that_is_another_documents_url_is_not_recorded(archive: Archive) -> None:
    other = archive.ingest(page(URL + "?other", b"B"))
    first = archive.ingest(page(URL, b"A", aliases=(URL + "?other", URL)))
    assert archive.resolve(URL + "?other") == other.document_id
    assert archive.resolve(URL) == first.document_id
    assert count(archive, "document_alias") == 0


def test_attachments_point_at_their_page(archive: Archive) -> None:
    pdf = archive.ingest(page(URL + ".pdf", b"%PDF", parent_url=URL, kind="attachment"))
    parent = archive.ingest(page(URL, b"<html>", minutes=1))
    assert parent.outcome == "new_document"  # known as a parent before, fetched now: its first version
    [(parent_id, kind)] = rows(archive, "SELECT parent_id, kind FROM document WHERE id = :i", i=pdf.document_id)
    assert (parent_id, kind) == (parent.document_id, "attachment")


def test_headers_are_kept_with_the_version(archive: Archive) -> None:
    headers = {"Content-Type": "text/html; charset=gbk", "ETag": b'"abc"', "Set-Cookie": ["a=1", "b=2"]}
    result = archive.ingest(page(URL, b"A", headers=headers))
    assert archive.version_headers(result.version_id) == {
        "content-type": "text/html; charset=gbk", "etag": '"abc"', "set-cookie": "a=1, b=2"
    }


def test_validators_belong_to_the_latest_body(archive: Archive) -> None:
    assert archive.validators(URL) is None
    archive.ingest(page(URL, b"A", headers={"ETag": '"a"', "Last-Modified": "Fri, 10 Jan 2025 00:00:00 GMT"}))
    assert archive.validators(URL) == ('"a"', "Fri, 10 Jan 2025 00:00:00 GMT")
    archive.ingest(page(URL, b"B", minutes=1, headers={}))  # a new body without validators
    assert archive.validators(URL) is None
    archive.ingest(page(URL, None, minutes=2, status=304, headers={"ETag": '"b"'}))
    assert archive.validators(URL) == ('"b"', None)
    cached = archive.cached_response(URL)
    assert cached is not None and cached.body == b"B"


def test_gone_is_kept_until_seen_again(archive: Archive) -> None:
    result = archive.ingest(page(URL, b"A"))
    assert archive.mark_gone(URL, at(10)) and archive.mark_gone(result.document_id, at(20))
    [(gone,)] = rows(archive, "SELECT gone_since FROM document")
    assert str(gone).startswith("2026-01-10 08:10")
    archive.ingest(page(URL, b"A", minutes=30))
    assert rows(archive, "SELECT gone_since FROM document") == [(None,)]
    assert not archive.mark_gone("http://nowhere.example/", at(0))


def test_bad_fetches_are_refused_before_touching_the_archive(archive: Archive) -> None:
    with pytest.raises(ValueError, match="naive"):
        Fetch(url=URL, status=200, headers={}, body=b"A", fetched_at=datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="kind"):
        page(URL, b"A", kind="video")
    with pytest.raises(TypeError):
        page(URL, "text, not bytes")  # type: ignore[arg-type]
    assert count(archive, "fetch_record") == 0


def test_bodies_come_back_byte_exact(archive: Archive) -> None:
    bodies = [bytes(range(256)) * 3, b"\r\n\x00\xff trailing spaces   \n", os.urandom(300_000), b""]
    results = [archive.ingest(page(f"{URL}?{i}", body, kind="attachment")) for i, body in enumerate(bodies)]
    assert [archive.body(r.version_id) for r in results] == bodies


def _sequences() -> list[tuple[bytes, ...]]:
    """Every sequence of up to three bodies over {A, B, empty}, and some longer seeded ones over four."""
    exhaustive = [seq for n in (1, 2, 3) for seq in itertools.product([b"A", b"B", b""], repeat=n)]
    rng = random.Random(2)
    longer = [tuple(rng.choice([b"A", b"B", b"C", b""]) for _ in range(8)) for _ in range(12)]
    return exhaustive + longer


def test_versions_follow_changes_against_the_latest_only(archive: Archive) -> None:
    """Any sequence of bodies: a version per change from the latest; each distinct body stored once."""
    for case, bodies in enumerate(_sequences()):
        url = f"{URL}?case={case}"
        outcomes = [archive.ingest(page(url, body, minutes=i)).outcome for i, body in enumerate(bodies)]
        changes = [body for i, body in enumerate(bodies) if i == 0 or body != bodies[i - 1]]
        document_id = archive.resolve(url)
        assert [archive.body(v.version_id) for v in archive.versions(document_id)] == changes, bodies
        assert outcomes.count("unchanged") == len(bodies) - len(changes), bodies
    assert count(archive, "blob") == 4  # A, B, C and the empty body, however many URLs and versions
