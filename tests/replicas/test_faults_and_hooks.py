"""Fault injection, the request log, the admin endpoint and the content hooks the crawl tests drive."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time

import pytest

from nianbao.replicas import ADMIN_HOST, ReplicaServer
from tests.replicas.client import fetch

PAGE = "http://www.zzszq.gov.cn/zw/gknb/index.html"


def test_reset(server: ReplicaServer) -> None:
    server.inject(r"zzszq\.gov\.cn/zw/gknb/index\.html$", "reset", times=1)
    with pytest.raises((ConnectionResetError, http.client.RemoteDisconnected, BrokenPipeError)):
        fetch(server.port, PAGE)
    assert fetch(server.port, PAGE).status == 200, "times=1: the next request is served"


def test_stall(server: ReplicaServer) -> None:
    server.inject(r"gknb/index\.html$", "stall", seconds=5)
    started = time.monotonic()
    with pytest.raises((TimeoutError, socket.timeout)):
        fetch(server.port, PAGE, timeout=1)
    assert time.monotonic() - started < 3


def test_truncate_sends_fewer_bytes_than_announced(server: ReplicaServer) -> None:
    server.inject(r"gknb/index\.html$", "truncate")
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("GET", PAGE)
    resp = conn.getresponse()
    announced = int(resp.getheader("Content-Length"))
    with pytest.raises(http.client.IncompleteRead) as info:
        resp.read()
    assert len(info.value.partial) < announced
    conn.close()


@pytest.mark.parametrize("status", [500, 502, 503])
def test_status(server: ReplicaServer, status: int) -> None:
    server.inject(r"gknb/index\.html$", "status", status=status)
    assert fetch(server.port, PAGE).status == status
    assert fetch(server.port, "http://www.zzszq.gov.cn/").status == 200, "only the matching URL fails"


def test_huge_body_streams(server: ReplicaServer) -> None:
    server.inject(r"gknb/index\.html$", "huge", size=8 * 1024 * 1024)
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("GET", PAGE)
    resp = conn.getresponse()
    assert int(resp.getheader("Content-Length")) == 8 * 1024 * 1024
    got = 0
    while chunk := resp.read(1 << 20):
        got += len(chunk)
    assert got == 8 * 1024 * 1024
    conn.close()


def test_slow(server: ReplicaServer) -> None:
    server.inject(r"gknb/index\.html$", "slow", seconds=1.0, times=1)
    started = time.monotonic()
    assert fetch(server.port, PAGE).status == 200
    assert time.monotonic() - started >= 0.9


def test_hold_keeps_requests_waiting_until_released(server: ReplicaServer) -> None:
    gate = server.inject(r"gknb/index\.html$", "hold", seconds=30)
    answers: list[int] = []
    waiting = [threading.Thread(target=lambda: answers.append(fetch(server.port, PAGE).status)) for _ in range(3)]
    for thread in waiting:
        thread.start()
    time.sleep(0.5)
    assert answers == [] and gate.fired == 3, "held: nothing answered yet"
    released_at = time.monotonic()
    gate.release()
    for thread in waiting:
        thread.join(timeout=10)
    assert answers == [200, 200, 200] and time.monotonic() - released_at < 3
    assert fetch(server.port, PAGE).status == 200, "a released gate lets later requests through at once"


def test_clearing_the_faults_releases_a_hold(server: ReplicaServer) -> None:
    server.inject(r"gknb/index\.html$", "hold", seconds=30)
    answers: list[int] = []
    waiting = threading.Thread(target=lambda: answers.append(fetch(server.port, PAGE).status))
    waiting.start()
    time.sleep(0.3)
    assert answers == []
    server.clear_faults()
    waiting.join(timeout=10)
    assert answers == [200]


def test_unknown_fault_kind_is_refused(server: ReplicaServer) -> None:
    with pytest.raises(ValueError, match="unknown fault kind"):
        server.inject("x", "explode")


def test_request_log(server: ReplicaServer) -> None:
    server.clear_log()
    fetch(server.port, PAGE)
    fetch(server.port, "http://www.zzszq.gov.cn/nothing-here.html")
    fetch(server.port, "http://www.example.org/")
    log = [(r.url, r.status) for r in server.requests()]
    assert log == [(PAGE, 200), ("http://www.zzszq.gov.cn/nothing-here.html", 404), ("http://www.example.org/", 502)]


def test_admin_endpoint(server: ReplicaServer) -> None:
    spec = {"pattern": r"gknb/index\.html$", "kind": "status", "status": 500, "times": 1}
    armed = fetch(server.port, f"http://{ADMIN_HOST}/faults", "POST", body=json.dumps(spec).encode())
    assert armed.status == 200 and armed.json()["kind"] == "status"
    assert fetch(server.port, PAGE).status == 500
    assert fetch(server.port, PAGE).status == 200
    manifest = fetch(server.port, f"http://{ADMIN_HOST}/manifest.json").json()
    assert len(manifest) == len(server.manifest()) and {"truth", "document_url", "agency"} <= set(manifest[0])
    log = fetch(server.port, f"http://{ADMIN_HOST}/requests.json").json()
    assert any(r["url"] == PAGE and r["status"] == 500 for r in log)
    bad = fetch(server.port, f"http://{ADMIN_HOST}/faults", "POST", body=b'{"pattern": "x", "kind": "nope"}')
    assert bad.status == 400
    assert fetch(server.port, f"http://{ADMIN_HOST}/faults/clear", "POST").status == 200


# -- content hooks ---------------------------------------------------------------------------------------


def test_change_report_gives_new_numbers_under_the_same_urls(server: ReplicaServer) -> None:
    before = next(e for e in server.manifest() if e.portal == "wenshang" and e.format == "pdf")
    page = fetch(server.port, before.page_url)
    doc = fetch(server.port, before.document_url)
    column = fetch(server.port, "http://www.wenshang.gov.cn/col/col61950/index.html")
    after = server.change_report(before.report_id)
    assert after.document_url == before.document_url and after.revision == before.revision + 1
    assert after.truth != before.truth
    new_doc = fetch(server.port, before.document_url, headers={"If-None-Match": doc.headers["etag"]})
    assert new_doc.status == 200 and new_doc.body != doc.body and new_doc.headers["etag"] != doc.headers["etag"]
    assert fetch(server.port, after.alias_urls[0]).body == new_doc.body
    # the page text did not change, so its validators still answer 304
    assert fetch(server.port, before.page_url, headers={"If-None-Match": page.headers["etag"]}).status == 304
    assert (
        fetch(
            server.port,
            "http://www.wenshang.gov.cn/col/col61950/index.html",
            headers={"If-Modified-Since": column.headers["last-modified"]},
        ).status
        == 304
    )


def test_change_image_corrects_one_table_picture_under_an_unchanged_page(server: ReplicaServer) -> None:
    before = next(e for e in server.manifest() if e.form == "images" and e.seed is None)
    page = fetch(server.port, before.page_url)
    pictures = [fetch(server.port, url) for url in before.image_urls]
    after = server.change_image(before.report_id, 1)  # the second picture: table 3, the applications
    assert (after.page_url, after.image_urls) == (before.page_url, before.image_urls)
    assert fetch(server.port, before.page_url, headers={"If-None-Match": page.headers["etag"]}).status == 304
    changed = fetch(server.port, before.image_urls[1], headers={"If-None-Match": pictures[1].headers["etag"]})
    assert changed.status == 200 and changed.body != pictures[1].body
    for i in (0, 2):
        assert (
            fetch(server.port, before.image_urls[i], headers={"If-None-Match": pictures[i].headers["etag"]}).status
            == 304
        )
    assert before.truth and after.truth
    moved = {k for k in before.truth.keys() | after.truth.keys() if before.truth.get(k) != after.truth.get(k)}
    assert moved and all(k.startswith("t3.") for k in moved)
    again = server.change_image(before.report_id, 1)  # a second correction draws new numbers again
    assert fetch(server.port, before.image_urls[1]).body != changed.body and again.truth != after.truth
    with pytest.raises(ValueError, match="no synthetic table picture"):
        server.change_image(next(e for e in server.manifest() if e.form == "images" and e.seed).report_id)


def test_change_html_report(server: ReplicaServer) -> None:
    before = next(e for e in server.manifest() if e.portal == "zzszq" and e.format == "html" and not e.seed)
    old = fetch(server.port, before.page_url)
    after = server.change_report(before.report_id)
    new = fetch(server.port, before.page_url, headers={"If-Modified-Since": old.headers["last-modified"]})
    assert new.status == 200 and new.body != old.body and after.truth != before.truth


@pytest.mark.parametrize("form", ["doc", "module"])
def test_delete_report(server: ReplicaServer, form: str) -> None:
    gone = next(e for e in server.manifest() if e.portal == "yanzhou" and e.form == form)
    server.delete_report(gone.report_id)
    assert fetch(server.port, gone.page_url).status == 404
    for url in gone.alias_urls:  # /attach/0/<file>
        assert fetch(server.port, url).status == 404
    for url in gone.attachment_urls:  # downfile.jsp answers a script page, as the real JSP does
        reply = fetch(server.port, url)
        assert reply.status == 200 and "文件不存在" in reply.text
    assert gone.report_id not in {e.report_id for e in server.manifest()}
    column = fetch(server.port, "http://www.yanzhou.gov.cn/col/col36660/index.html").text
    assert gone.title not in column
    with pytest.raises(KeyError):
        server.delete_report(gone.report_id)


def test_change_seed_republishes_with_a_correction(server: ReplicaServer) -> None:
    seed = next(e for e in server.manifest() if e.seed == "004")
    old = fetch(server.port, seed.page_url)
    after = server.change_report(seed.report_id)
    new = fetch(server.port, seed.page_url)
    assert new.body != old.body and "更正说明" in new.text and after.truth == seed.truth


@pytest.mark.parametrize("portal", ["wenshang", "zzszq", "linqu", "xigong"])
def test_add_report(server: ReplicaServer, portal: str) -> None:
    added = server.add_report(portal, year=2025)
    assert added.report_id in {e.report_id for e in server.manifest()}
    page = fetch(server.port, added.page_url)
    assert page.status == 200 and added.title in page.text
    assert fetch(server.port, added.document_url).status == 200
    with pytest.raises(ValueError, match="already exists"):
        server.add_report(portal, agency=added.agency, year=2025)
