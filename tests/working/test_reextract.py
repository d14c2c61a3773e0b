"""`nianbao reextract`: stale versions updated with old rows kept, resumable after SIGKILL, no network."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
from typing import Any

import pytest

from nianbao import extractor
from nianbao.archive import Archive, Fetch
from nianbao.archive.reextract import Selection, due_versions, is_older, stored_bundle
from tests.archive.helpers import nianbao, only_sqlite
from tests.working.helpers import at, nianbao_command, rows, store, store_extracted, truths


def test_a_bumped_extractor_updates_every_stale_version_and_keeps_the_old_rows(
    archive: Archive, capsysbinary: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports = truths(4)
    old_ids = store_extracted(archive, reports)
    old_ids += store_extracted(archive, [truths(1, start=50)[0]], minutes=5)
    # A second version of the first document (another report's body under the same URL).
    second = store(archive, reports[1], minutes=10, url=reports[0].url)
    old_ids.append(second)
    current = extractor.EXTRACTOR_VERSION
    cells_before = rows(archive, "SELECT version_id, cell_key, value FROM report_cells ORDER BY 1, 2")

    monkeypatch.setattr(extractor, "EXTRACTOR_VERSION", "99.0.0")
    code, out, err = nianbao(capsysbinary, "reextract", "--stale", "--workers", "1")
    assert (code, err) == (0, "")
    # The never-extracted second version is not stale (it has no extraction to be older than).
    assert "5 versions due, 5 re-extracted, 0 failed" in out.decode()
    assert "0 versions changed" in out.decode() and "0 cells changed" in out.decode()
    by_version = rows(archive, "SELECT version_id, extractor_version FROM extraction ORDER BY id")
    assert sorted(v for v, e in by_version if e == current) == sorted(old_ids[:5])  # old rows kept
    assert sorted(v for v, e in by_version if e == "99.0.0") == sorted(old_ids[:5])
    assert {e for (e,) in rows(archive, "SELECT DISTINCT extractor_version FROM report_cells")} == {"99.0.0"}
    assert {e for (e,) in rows(archive, "SELECT extractor_version FROM documents")} == {"99.0.0", None}
    assert rows(archive, "SELECT version_id, cell_key, value FROM report_cells ORDER BY 1, 2") == cells_before

    code, out, _ = nianbao(capsysbinary, "reextract", "--stale", "--workers", "1")
    assert "0 versions due" in out.decode()
    code, out, _ = nianbao(capsysbinary, "reextract", "--all", "--workers", "1")
    assert "1 versions due, 1 re-extracted" in out.decode()
    assert "1 versions changed (1 extracted for the first time)" in out.decode()
    assert rows(archive, "SELECT extractor_version FROM documents WHERE url = :u", u=reports[0].url) == \
        [("99.0.0",)]


def test_document_and_since_narrow_the_run_and_force_redoes(archive: Archive, capsysbinary: Any) -> None:
    reports = truths(3)
    ids = [store(archive, truth, minutes=i * 60) for i, truth in enumerate(reports)]
    current = extractor.EXTRACTOR_VERSION
    assert due_versions(archive, Selection("all", since=at(60)), current) == ids[1:]
    document = rows(archive, "SELECT document_id FROM document_versions WHERE version_id = :v", v=ids[2])[0][0]
    code, out, _ = nianbao(capsysbinary, "reextract", "--document", reports[2].url, "--workers", "1")
    assert code == 0 and "1 versions due, 1 re-extracted" in out.decode()
    assert due_versions(archive, Selection("document", document_id=document), current) == []
    assert due_versions(archive, Selection("document", document_id=document, force=True), current) == [ids[2]]
    code, out, _ = nianbao(capsysbinary, "reextract", "--document", str(document), "--force", "--workers", "1")
    assert "1 re-extracted" in out.decode()
    assert len(rows(archive, "SELECT id FROM extraction WHERE version_id = :v", v=ids[2])) == 1  # replaced
    # The search index followed the replaced extraction (its old rows went with it; the regrouping re-indexed).
    indexed = "SELECT count(*) FROM report_text t JOIN extraction e ON e.id = t.extraction_id WHERE e.version_id = :v"
    assert rows(archive, indexed, v=ids[2]) == [(1,)]
    code, _, err = nianbao(capsysbinary, "reextract", "--document", "999999")
    assert code == 1 and "no document" in err
    code, _, _ = nianbao(capsysbinary, "reextract", "--all", "--stale")
    assert code == 2


def test_an_unreadable_body_is_reported_and_stored_with_its_reason(archive: Archive, capsysbinary: Any) -> None:
    archive.ingest(Fetch(url="http://www.example.gov.cn/a.bin", status=200, kind="attachment",
                         headers={"Content-Type": "application/octet-stream"}, body=b"\x00\x01garbage" * 10,
                         fetched_at=at(0)))
    code, out, _ = nianbao(capsysbinary, "reextract", "--all", "--workers", "1")
    assert code == 0
    text = out.decode()
    assert "1 versions due, 0 re-extracted, 1 failed" in text and "UnsupportedFormat" in text
    # The version keeps the reason; nothing was found in it; the same extractor does not try it again.
    (warnings,) = rows(archive, "SELECT warnings FROM extraction")[0]
    warnings = json.loads(warnings) if isinstance(warnings, str) else warnings
    assert warnings[0].startswith("not read: UnsupportedFormat")
    # ... and says it in a field of its own, which the archive keeps with the extraction's fields
    (fields,) = rows(archive, "SELECT fields FROM extraction")[0]
    fields = json.loads(fields) if isinstance(fields, str) else fields
    assert fields["unreadable"].startswith("UnsupportedFormat") and f"not read: {fields['unreadable']}" == warnings[0]
    assert rows(archive, "SELECT count(*) FROM extraction_cell") == [(0,)]
    code, out, _ = nianbao(capsysbinary, "reextract", "--stale", "--workers", "1")
    assert code == 0 and "0 versions due" in out.decode()


def test_the_bundle_is_rebuilt_from_the_archive_with_the_images_of_its_time(archive: Archive) -> None:
    page_url = "http://www.example.gov.cn/art/2025/1/10/art_1_1.html"
    image_url = "http://www.example.gov.cn/picture/0/t3.png"
    page = archive.ingest(Fetch(url=page_url, status=200, body="<html>报告</html>".encode("gb18030"),
                                headers={"Content-Type": "text/html; charset=GBK", "ETag": '"a"'},
                                fetched_at=at(0)))
    archive.ingest(Fetch(url=image_url, status=200, body=b"PNG-1", headers={"Content-Type": "image/png"},
                         fetched_at=at(1), parent_url=page_url, kind="image"))
    archive.ingest(Fetch(url=image_url, status=200, body=b"PNG-2", headers={"Content-Type": "image/png"},
                         fetched_at=at(60), parent_url=page_url, kind="image"))
    archive.ingest(Fetch(url=page_url, status=200, body="<html>报告</html>".encode("gb18030"),
                         headers={"Content-Type": "text/html; charset=GBK"}, fetched_at=at(2)))  # unchanged
    with archive.engine.connect() as conn:
        bundle = stored_bundle(conn, page.version_id)
    assert bundle.body == "<html>报告</html>".encode("gb18030")
    assert bundle.content_type == "text/html; charset=GBK" and bundle.url == page_url
    assert bundle.headers["etag"] == '"a"'
    assert [(r.url, r.body, r.content_type) for r in bundle.resources] == [(image_url, b"PNG-1", "image/png")]
    # The image document itself is never due: it is read as part of its page.
    assert due_versions(archive, Selection("all"), extractor.EXTRACTOR_VERSION) == [page.version_id]


def test_versions_compare_in_release_order() -> None:
    assert is_older("1.1.0", "1.10.0") and not is_older("1.10.0", "1.9.0") and not is_older("1.1.0", "1.1.0")
    assert is_older("test-1", "1.1.0")


@pytest.mark.slow
def test_a_killed_run_resumes_without_redoing_finished_work(archive: Archive, database_url: str) -> None:
    ids = store_extracted(archive, truths(1), label="0.1.0")
    body_source = truths(1)[0]
    for i in range(1, 240):  # cheap old extractions: only their label matters
        ids.append(store(archive, body_source, minutes=i, url=f"{body_source.url}?copy={i}"))
        archive.save_extraction(ids[-1], {"extractor_version": "0.1.0", "cells": {"t3.new.total": i}})
    # Whatever extractor the command runs counts as current: any reading not labelled 0.1.0 is the run's.
    env = dict(os.environ, NIANBAO_DATABASE_URL=database_url)
    proc = subprocess.Popen([*nianbao_command(), "reextract", "--stale", "--workers", "2"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    done_before: list[tuple[int, int]] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        done_before = rows(archive, "SELECT version_id, id FROM extraction WHERE extractor_version <> '0.1.0'")
        if len(done_before) >= 20:
            break
        time.sleep(0.05)
    assert proc.poll() is None, f"the run ended before it could be killed: {proc.communicate()}"
    os.killpg(proc.pid, signal.SIGKILL)  # the command and its workers, as a crash or `kill -9` would
    proc.wait(timeout=30)
    # A COMMIT a worker sent just before dying may still be in the server's queue: read until it settles.
    done_before = []
    while (now := rows(archive, "SELECT version_id, id FROM extraction WHERE extractor_version <> '0.1.0' "
                                "ORDER BY id")) != done_before:
        done_before = now
        time.sleep(1)
    assert 20 <= len(done_before) < len(ids)

    resumed = subprocess.run([*nianbao_command(), "reextract", "--stale", "--workers", "2"], env=env,
                             capture_output=True, text=True, timeout=300, check=False)
    assert resumed.returncode == 0, resumed.stderr
    left = len(ids) - len(done_before)
    assert f"{left} versions due, {left} re-extracted, 0 failed" in resumed.stdout
    after = dict(rows(archive, "SELECT version_id, id FROM extraction WHERE extractor_version <> '0.1.0'"))
    assert sorted(after) == sorted(ids)
    assert all(after[version] == extraction for version, extraction in done_before)  # not redone
    assert len(rows(archive, "SELECT id FROM extraction WHERE extractor_version = '0.1.0'")) == len(ids)


@only_sqlite
def test_a_terminal_gets_a_progress_bar(archive: Archive, database_url: str) -> None:
    import pty

    store(archive, truths(1)[0])
    leader, follower = pty.openpty()
    env = dict(os.environ, NIANBAO_DATABASE_URL=database_url, COLUMNS="100")
    proc = subprocess.Popen([*nianbao_command(), "reextract", "--all", "--workers", "1"], env=env,
                            stdout=subprocess.PIPE, stderr=follower)
    os.close(follower)
    out, _ = proc.communicate(timeout=120)
    seen = b""
    with contextlib.suppress(OSError):  # EIO once the command closed its end
        while chunk := os.read(leader, 4096):
            seen += chunk
    os.close(leader)
    assert proc.returncode == 0
    assert b"re-extracting" in seen and b"1/1" in seen
    assert b"1 versions due, 1 re-extracted" in out
