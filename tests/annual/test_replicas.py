"""The replicas' publications, fetched over HTTP through the replica proxy, archived and extracted as the
crawler would: each report (its page and its attachment, the attachment also reachable under an alias URL)
becomes exactly one annual report of the right agency and year; a stale copy of a corrected report is
flagged as disagreeing."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from nianbao.archive import Archive, Fetch
from nianbao.archive.annual import refresh
from nianbao.crawler.portals import load_portals
from nianbao.extractor import extract
from nianbao.extractor.bundle import Bundle
from nianbao.replicas import ReplicaServer
from tests.annual.helpers import rows

#: Forms extracted without OCR or LibreOffice (those are tested by the extractor's own suites); each is a
#: page alone or a page with its attachment.
FORMS = ("page", "module", "pdf", "docx", "gbk")


@pytest.fixture(scope="module")
def server(replica_extractions: None) -> Iterator[ReplicaServer]:
    with ReplicaServer(port=0, challenge=False, slow_seconds=0) as srv:
        yield srv


def _get(server: ReplicaServer, url: str) -> tuple[bytes, dict[str, str]]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": server.proxy_url}))
    with opener.open(url, timeout=30) as response:
        return response.read(), {k.lower(): v for k, v in response.headers.items()}


def _archive(archive: Archive, server: ReplicaServer, url: str, portal: str, *, parent_url: str | None = None,
             aliases: tuple[str, ...] = (), body: bytes | None = None) -> int:
    fetched, headers = _get(server, url)
    body = fetched if body is None else body
    result = archive.ingest(Fetch(url=url, status=200, headers=headers, body=body, fetched_at=datetime.now(UTC),
                                  portal=portal, parent_url=parent_url,
                                  kind="attachment" if parent_url else "page", aliases=aliases))
    if result.stored:
        bundle = Bundle(body=body, content_type=headers.get("content-type"), url=url, headers=headers)
        archive.save_extraction(result.version_id, extract(bundle).to_json())
    return result.document_id


def _regions() -> list[tuple[str, str | None, str | None, str | None]]:
    return [(p.name, p.province, p.city, p.county) for p in load_portals()]


@pytest.mark.slow
def test_each_replica_report_is_one_annual_report(archive: Archive, server: ReplicaServer) -> None:
    entries = [e for e in server.manifest() if e.form in FORMS]
    assert len({e.portal for e in entries}) == 5 and len(entries) >= 30
    documents: dict[str, set[int]] = {}
    for e in entries:
        ids = {_archive(archive, server, e.page_url, e.portal)}
        if e.document_url != e.page_url:
            ids.add(_archive(archive, server, e.document_url, e.portal, parent_url=e.page_url,
                             aliases=tuple(e.alias_urls)))
        documents[e.report_id] = ids

    summary = refresh(archive, _regions())

    assert summary.annual_reports == len(entries)
    assert summary.disagreeing_copies == 0
    for e in entries:
        found = rows(archive, "SELECT annual_report_id, document_id FROM annual_report_documents "
                              "WHERE document_id IN (" + ",".join(map(str, documents[e.report_id])) + ")")
        assert {r["document_id"] for r in found} == documents[e.report_id], e.report_id
        (report_id,) = {r["annual_report_id"] for r in found}
        (report,) = rows(archive, "SELECT * FROM annual_reports WHERE annual_report_id = :r", r=report_id)
        assert (report["year"], report["documents"]) == (e.year, len(documents[e.report_id])), e.report_id
        aliases = [a["alias"] for a in rows(archive, "SELECT alias FROM agency_alias WHERE agency_id = :a",
                                             a=report["agency_id"])]
        assert e.agency in aliases, (e.report_id, aliases)
        if report["published"] is not None:
            assert str(report["published"])[:10] == e.published[:10], e.report_id
        if e.truth:  # the canonical copy carries the numbers: the attachment, not the short page
            assert report["cells_found"] > 0, e.report_id


@pytest.mark.slow
def test_a_stale_copy_of_a_corrected_report_is_flagged(archive: Archive, server: ReplicaServer) -> None:
    entry = next(e for e in server.manifest() if e.form == "pdf" and e.truth)
    stale, _ = _get(server, entry.document_url)
    server.change_report(entry.report_id)  # the publisher corrects its numbers under the same URLs
    _archive(archive, server, entry.page_url, entry.portal)
    fresh = _archive(archive, server, entry.document_url, entry.portal, parent_url=entry.page_url)
    # A mirror (say the city portal) still serves the file as first published, under its own URL.
    mirror_url = "http://www.example-city.gov.cn/attach/" + entry.document_url.rsplit("=", 1)[-1]
    mirror = archive.ingest(Fetch(url=mirror_url, status=200, headers={"content-type": "application/pdf"},
                                  body=stale, fetched_at=datetime.now(UTC), portal="mirror", kind="attachment"))
    bundle = Bundle(body=stale, content_type="application/pdf", url=mirror_url)
    archive.save_extraction(mirror.version_id, extract(bundle).to_json())
    refresh(archive, _regions())
    (report,) = rows(archive, "SELECT * FROM annual_reports")
    assert report["documents"] == 3 and report["disagreeing_copies"] == 1
    members = {m["document_id"]: m for m in rows(archive, "SELECT * FROM annual_report_documents")}
    # Whichever of the two files is canonical (most cells, then fewest failed rules: the correction may
    # itself break a rule), the other is the one flagged; the short page holds no numbers to disagree with.
    canonical, other = sorted((members[fresh], members[mirror.document_id]), key=lambda m: -m["canonical"])
    assert canonical["canonical"] == 1 and other["canonical"] == 0
    assert other["cells_differing"] > 0 and canonical["cells_differing"] == 0
    assert (canonical["cells_found"], -canonical["rules_failed"]) >= (other["cells_found"], -other["rules_failed"])
    assert report["canonical_document_id"] == canonical["document_id"]
    assert [m["document_id"] for m in members.values() if m["cells_differing"]] == [other["document_id"]]
