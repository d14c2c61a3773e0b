"""Shared by the database-fault tests: what "the crawl lost nothing" means, checked against the replicas."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

import pytest

from nianbao.archive import Archive, Fetch, NotFound
from nianbao.archive.errors import ArchiveFull
from nianbao.cli import main
from tests.crawler.crawling import document_id, expected_urls, manifest, rows

#: A portal served without Chromium, with PDF, DOC and image reports: a crawl of it takes seconds.
PORTAL = "yanzhou"
#: Each fetched item stored as it comes (batches of one). These tests act once the crawl has logged a few
#: fetches and need the crawl still running then; in batches of 50 or 0.5 s a crawl of seconds logs most of
#: its fetches at once near its end. Batches failing and retried alone: tests/crawler/test_pipeline_batches.py.
ONE_AT_A_TIME = {"NIANBAO_INGEST_BATCH": 1}


def portal_manifest(server: Any, portal: str = PORTAL) -> list[dict[str, Any]]:
    return [m for m in manifest(server) if m["portal"] == portal]


def missing(archive: Archive, entries: list[dict[str, Any]]) -> list[str]:
    """URLs of the replicas' reports (pages, documents, attachments, images) with no stored version."""
    lost = []
    for url in sorted(expected_urls(entries)):
        found = document_id(archive, url)
        if found is None or not archive.versions(found):
            lost.append(url)
    return lost


def assert_archive_equals_manifest(archive: Archive, entries: list[dict[str, Any]], extracted: bool = True) -> None:
    """Every report archived once (and extracted, for a crawl that extracts); nothing stored twice."""
    assert missing(archive, entries) == []
    assert rows(archive, "SELECT url, versions FROM documents WHERE versions <> 1") == []
    assert rows(archive, "SELECT sha256, count(*) FROM version GROUP BY document_id, sha256 HAVING count(*) > 1") == []
    if not extracted:
        return
    unextracted = rows(
        archive,
        "SELECT url FROM documents WHERE kind IN ('page', 'attachment') AND versions > 0 AND extractor_version IS NULL",
    )
    assert unextracted == []


#: Each names rows that break the archive's invariants; all must be empty after any fault.
CONSISTENCY = {
    "version without its blob": "SELECT v.id FROM version v WHERE NOT EXISTS "
    "(SELECT 1 FROM blob b WHERE b.sha256 = v.sha256)",
    "blob no version uses": "SELECT b.sha256 FROM blob b WHERE NOT EXISTS "
    "(SELECT 1 FROM version v WHERE v.sha256 = b.sha256)",
    "version without its fetch": "SELECT v.id FROM version v WHERE NOT EXISTS "
    "(SELECT 1 FROM fetch_record f WHERE f.id = v.fetch_id)",
    "gap in a document's versions": "SELECT document_id FROM version GROUP BY document_id HAVING max(seq) <> count(*)",
    "stored fetch without a blob": "SELECT f.id FROM fetch_record f WHERE f.outcome IN ('new_document', 'new_version') "
    "AND NOT EXISTS (SELECT 1 FROM blob b WHERE b.sha256 = f.sha256)",
}


def inconsistencies(archive: Archive) -> dict[str, list[Any]]:
    """The invariants' violations, by name (empty: consistent)."""
    found = {name: rows(archive, sql) for name, sql in CONSISTENCY.items()}
    return {name: hits for name, hits in found.items() if hits}


def incompressible_bodies(count: int = 8, size: int = 60_000) -> list[bytes]:
    """Bodies that take their full size in the database whatever it compresses."""
    return [os.urandom(size) for _ in range(count)]


def attachment(n: int, body: bytes) -> Fetch:
    return Fetch(
        url=f"http://www.example.gov.cn/art/2026/1/{n}/report.pdf",
        status=200,
        headers={"Content-Type": "application/pdf"},
        body=body,
        fetched_at=datetime.now(UTC),
        portal="testportal",
        kind="attachment",
    )


def ingest_until_full(url: str, bodies: list[bytes]) -> int:
    """Ingest `bodies` until the disk is full; how many went in. The failed one must have left nothing."""
    stored = 0
    with Archive.open(url) as archive:
        with pytest.raises(ArchiveFull, match="the archive's disk is full") as full:
            for n, body in enumerate(bodies):
                archive.ingest(attachment(n, body))
                stored += 1
        assert "free space and run again" in str(full.value)
        with pytest.raises(NotFound):  # no document, no version, no blob of the failed ingest
            archive.resolve(attachment(stored, b"").url)
    assert 0 < stored < len(bodies)
    return stored


def ingest_again(url: str, bodies: list[bytes], stored: int) -> None:
    """With room again the same bodies go in; those stored before the disk filled are unchanged."""
    with Archive.open(url) as archive:
        outcomes = [archive.ingest(attachment(n, body)).outcome for n, body in enumerate(bodies)]
    assert outcomes == ["unchanged"] * stored + ["new_document"] * (len(bodies) - stored)


def assert_consistent(url: str, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """`nianbao verify` passes on the archive and no invariant is broken."""
    monkeypatch.setenv("NIANBAO_DATABASE_URL", url)
    assert main(["verify"]) == 0, capsys.readouterr()
    with Archive.open(url) as archive:
        assert inconsistencies(archive) == {}
