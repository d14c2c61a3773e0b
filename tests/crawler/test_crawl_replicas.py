"""End to end: the real spider, through the replica proxy, into a real archive (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from scrapy.utils.defer import deferred_f_from_coro_f

from nianbao.archive import Archive
from nianbao.crawler.portals import PortalConfigError, load_portals
from nianbao.crawler.run import IMPOLITE, crawl_async
from nianbao.replicas.server import ReplicaServer
from tests.crawler.crawling import document_id, expected_urls, manifest, rows, run_crawl, unarchived

pytestmark = [pytest.mark.slow, pytest.mark.browser]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def server(replica_extractions: None) -> Iterator[ReplicaServer]:
    with ReplicaServer(port=0) as srv:
        yield srv


@deferred_f_from_coro_f
async def test_every_report_archived_and_extracted_then_a_second_crawl_is_mostly_304(
    server: ReplicaServer, archive: Archive, database_url: str
) -> None:
    stats = await run_crawl(database_url, server.proxy_url, revisit_after=0)
    entries = manifest(server)
    assert {m["portal"] for m in entries} == {"wenshang", "yanzhou", "zzszq", "linqu", "xigong"}

    # recall 100 %: every report's page and document, with every attachment, alias and image
    for m in entries:
        for url in (m["page_url"], m["document_url"], *m["attachment_urls"], *m["image_urls"]):
            found = document_id(archive, url)
            assert found is not None and archive.versions(found), f"{m['report_id']}: {url} not archived"
        for alias in m["alias_urls"]:  # the doubly linked attachment is one document
            assert document_id(archive, alias) == document_id(archive, m["document_url"]), m["report_id"]
    # nothing else archived
    expected = {document_id(archive, u) for u in expected_urls(entries)}
    documents = rows(archive, "SELECT document_id, url, kind FROM documents")
    assert [d for d in documents if d.document_id not in expected] == []
    # one document per attachment however many URLs link it, one version each
    assert all(r.versions == 1 for r in rows(archive, "SELECT versions FROM documents"))
    # every report page and file extracted (images are read with their page)
    unextracted = rows(archive, """SELECT d.url FROM documents d WHERE d.kind IN ('page', 'attachment')
                                   AND d.extractor_version IS NULL""")
    assert unextracted == []
    # the JavaScript list (linqu) went through Chromium, and so did the 瑞数 challenge, once
    assert stats.get("playwright/page_count", 0) >= 2
    assert stats.get("nianbao/challenges", 0) >= 1
    assert stats.get("nianbao/fetch_errors", 0) == 0
    [run] = rows(archive, "SELECT * FROM crawl_runs")
    assert run.finished is not None and run.documents_new == len(documents) and run.errors == 0

    # second crawl of unchanged replicas: nothing new, answered mostly by 304
    stats2 = await run_crawl(database_url, server.proxy_url, revisit_after=0)
    second = rows(archive, "SELECT * FROM crawl_runs ORDER BY run_id")[1]
    assert (second.documents_new, second.versions_new, second.errors) == (0, 0, 0)
    # every page and file confirmed (the images of an unchanged page are asked with it, conditionally)
    assert second.unchanged == second.pages_fetched >= len([d for d in documents if d.kind != "image"])
    not_modified = stats2.get("downloader/response_status_count/304", 0)
    assert not_modified >= 0.8 * second.pages_fetched, (not_modified, second.pages_fetched)
    assert all(r.versions == 1 for r in rows(archive, "SELECT versions FROM documents"))


@deferred_f_from_coro_f
async def test_changed_deleted_and_new_reports_are_seen(server: ReplicaServer, tmp_path) -> None:
    database_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    await run_crawl(database_url, server.proxy_url, extract=False, revisit_after=0)
    archive = Archive.open(database_url)
    entries = {m["report_id"]: m for m in manifest(server)}
    page_report = next(m for m in entries.values() if m["form"] == "page" and m["portal"] == "zzszq")
    file_report = next(m for m in entries.values() if m["form"] == "pdf" and m["alias_urls"])
    # (not linqu: its replica renumbers the other reports' URLs when one is deleted)
    deleted = next(m for m in entries.values() if m["form"] in ("doc", "docx") and m["portal"] == "zzszq")
    before = {r.document_id: r.versions for r in rows(archive, "SELECT document_id, versions FROM documents")}

    server.change_report(page_report["report_id"])
    server.change_report(file_report["report_id"])
    server.delete_report(deleted["report_id"])
    added = manifest_entry(server.add_report("zzszq"))

    stats = await run_crawl(database_url, server.proxy_url, extract=True, revisit_after=0)
    after = {r.document_id: r for r in rows(archive, "SELECT * FROM documents")}
    changed = {d for d, r in after.items() if d in before and r.versions > before[d]}
    assert changed == {document_id(archive, page_report["document_url"]),
                       document_id(archive, file_report["document_url"])}
    # each new version extracted
    for doc in changed:
        assert after[doc].versions == 2 and after[doc].extractor_version is not None
    # the deleted report's page and file are gone, not deleted
    for url in (deleted["page_url"], deleted["document_url"]):
        doc = document_id(archive, url)
        assert doc is not None and after[doc].gone_since is not None, url
    gone = {document_id(archive, deleted["page_url"]), document_id(archive, deleted["document_url"])}
    assert [r.url for d, r in after.items() if d not in gone and r.gone_since is not None] == []
    # the new report is found and extracted
    new_doc = document_id(archive, added["document_url"])
    assert new_doc is not None and after[new_doc].extractor_version is not None
    assert stats.get("nianbao/extraction_failed", 0) == 0
    archive.close()


def manifest_entry(entry) -> dict:
    return entry if isinstance(entry, dict) else entry.__dict__


def _count(database_url: str, sql: str) -> int:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.text(sql)).scalar() or 0)
    except sa.exc.OperationalError:  # not created yet
        return 0
    finally:
        engine.dispose()


@deferred_f_from_coro_f
async def test_a_crawl_killed_half_way_loses_nothing_and_duplicates_nothing(server: ReplicaServer, tmp_path) -> None:
    database_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    total = len(expected_urls(manifest(server)))
    env = {**os.environ, "http_proxy": server.proxy_url, "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-m", "scrapy", "crawl", "portals", "-s", f"NIANBAO_DATABASE_URL={database_url}",
            "-s", "DOWNLOAD_DELAY=0.05", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=WARNING",
            # versions stored by the killed run are extracted by the next run's catch-up (never revisited)
            "-s", "NIANBAO_EXTRACT=False"]
    crawl = subprocess.Popen(argv, cwd=ROOT, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while _count(database_url, "SELECT count(*) FROM version") < total // 3:
            assert crawl.poll() is None, "the crawl ended before it could be killed"
            assert time.monotonic() < deadline, "the crawl made no progress"
            await asyncio.sleep(0.1)
    finally:
        os.killpg(crawl.pid, signal.SIGKILL)  # the crawl, its extraction workers and its browser
        crawl.wait()
    stored_before = _count(database_url, "SELECT count(*) FROM version")
    assert 0 < stored_before < total
    assert _count(database_url, "SELECT count(*) FROM crawl_run WHERE finished IS NULL") == 1

    await run_crawl(database_url, server.proxy_url, extract=True)  # the default weekly revisit interval
    archive = Archive.open(database_url)
    # including the embedded images of a page stored just before the kill: the re-run skips the page (not
    # due) but sees from its stored body that its images are missing, and fetches them
    assert unarchived(archive, manifest(server)) == []
    assert all(r.versions == 1 for r in rows(archive, "SELECT versions FROM documents"))
    assert rows(archive, """SELECT url FROM documents WHERE kind IN ('page', 'attachment')
                            AND extractor_version IS NULL""") == []
    archive.close()


@deferred_f_from_coro_f
async def test_a_stored_page_missing_its_images_gets_them_and_is_extracted_again(
    server: ReplicaServer, tmp_path
) -> None:
    """The images of a page stored without them (they failed, or the crawl was killed before them) are fetched
    by the next run although the page is not due, and the page is read again with them."""
    database_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    report = next(m for m in manifest(server) if m["form"] == "images" and m["portal"] == "wenshang")
    server.inject("|".join(re.escape(u) for u in report["image_urls"]), "status", status=500)
    await run_crawl(database_url, server.proxy_url, portals="wenshang")
    archive = Archive.open(database_url)
    page = document_id(archive, report["page_url"])
    assert page is not None and all(document_id(archive, u) is None for u in report["image_urls"])
    cells_query = "SELECT cell_key, value FROM report_cells WHERE document_id = :d"
    without = {r.cell_key for r in rows(archive, cells_query, d=page)}
    assert not set(report["truth"]) <= without  # the tables are in the pictures

    server.clear_faults()
    stats = await run_crawl(database_url, server.proxy_url, portals="wenshang")  # the weekly revisit interval
    assert stats.get("nianbao/incomplete_pages") == 1
    for url in report["image_urls"]:
        found = document_id(archive, url)
        assert found is not None and archive.versions(found), url
    assert len(archive.versions(page)) == 1
    cells = {r.cell_key: r.value for r in rows(archive, cells_query, d=page)}
    assert {k: cells.get(k) for k in report["truth"]} == pytest.approx(report["truth"])
    archive.close()


@deferred_f_from_coro_f
async def test_failing_pages_are_retried_or_logged_and_never_stop_the_run(server: ReplicaServer, tmp_path) -> None:
    database_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    entries = manifest(server)
    flaky = next(m for m in entries if m["form"] == "page" and m["portal"] == "wenshang")
    truncated = next(m for m in entries if m["form"] == "pdf" and m["portal"] == "xigong")
    broken = next(m for m in entries if m["form"] == "page" and m["portal"] == "zzszq")
    server.inject(re.escape(flaky["page_url"]), "status", times=2, status=503)  # retried, then fine
    server.inject(re.escape(truncated["document_url"]), "truncate", times=1)  # data loss: retried
    server.inject(r"/col/col61950/index\.html", "reset", times=1)  # a list page's connection reset once
    server.inject(re.escape(broken["page_url"]), "status", status=500)  # never answers

    await run_crawl(database_url, server.proxy_url, extract=False)
    archive = Archive.open(database_url)
    for m in entries:
        if m is broken:
            continue
        for url in (m["page_url"], m["document_url"]):
            found = document_id(archive, url)
            assert found is not None and archive.versions(found), f"{m['report_id']}: {url} not archived"
    [run] = rows(archive, "SELECT * FROM crawl_runs")
    assert run.finished is not None and run.errors == 1
    [failure] = rows(archive, "SELECT url, status, outcome FROM fetch_record WHERE outcome = 'error'")
    assert (failure.url, failure.status) == (broken["page_url"], 500)
    # the truncated body was not stored as a version
    doc = document_id(archive, truncated["document_url"])
    assert doc is not None and len(archive.versions(doc)) == 1
    archive.close()


@deferred_f_from_coro_f
async def test_generic_discovery_from_the_home_page_alone_finds_every_report(server: ReplicaServer, tmp_path) -> None:
    """The portals as if nobody had written their adapters: platform "generic", the home page as the only
    start URL. (Not linqu: its list exists only in JavaScript, which needs the 潍坊 adapter.)"""
    entries = [m for m in manifest(server) if m["portal"] != "linqu"]
    config = tmp_path / "portals.toml"
    config.write_text("\n".join(
        f'[[portal]]\nname = "{p.name}"\nprovince = "{p.province}"\nplatform = "generic"\n'
        f'start_urls = ["{p.start_urls[0]}"]\nallowed_domains = ["{p.allowed_domains[0]}"]\n'
        for p in load_portals() if p.name != "linqu"
    ), encoding="utf-8")
    database_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    await run_crawl(database_url, server.proxy_url, extract=False, portals_file=str(config))
    archive = Archive.open(database_url)
    for m in entries:
        for url in (m["page_url"], m["document_url"], *m["attachment_urls"], *m["image_urls"]):
            found = document_id(archive, url)
            assert found is not None and archive.versions(found), f"{m['report_id']}: {url} not archived"
    expected = {document_id(archive, u) for u in expected_urls(entries)}
    documents = rows(archive, "SELECT document_id, url FROM documents")
    assert [d.url for d in documents if d.document_id not in expected] == []
    archive.close()


@deferred_f_from_coro_f
async def test_crawl_async_counts_per_portal_and_refuses_unknown_portals(server: ReplicaServer, tmp_path) -> None:
    database_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    with pytest.raises(PortalConfigError, match="unknown portal"):
        await crawl_async(portals=["nowhere"], database_url=database_url)
    os.environ["http_proxy"] = server.proxy_url
    outcome = await crawl_async(portals=["xigong"], database_url=database_url,
                                overrides={**IMPOLITE, "NIANBAO_EXTRACT": False, "LOG_LEVEL": "WARNING"})
    expected = [m for m in manifest(server) if m["portal"] == "xigong"]
    assert outcome.portals == ["xigong"] and outcome.run_id is not None
    assert outcome.by_portal["xigong"]["reports"] == len(expected) == outcome.totals["reports"]
    assert outcome.totals["new_document"] >= len(expected) and outcome.finish_reason == "finished"
