"""The server itself: concurrency, HEAD, determinism and a warm start within the demo's budget."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from nianbao.replicas import ReplicaServer
from nianbao.replicas.world import World
from tests.replicas.client import fetch


def test_many_concurrent_connections(server: ReplicaServer) -> None:
    urls = [e.document_url for e in server.manifest()] * 3
    with ThreadPoolExecutor(32) as pool:
        replies = list(pool.map(lambda u: fetch(server.port, u), urls))
    assert all(r.status == 200 for r in replies)
    by_url: dict[str, set[bytes]] = {}
    for url, reply in zip(urls, replies, strict=True):
        by_url.setdefault(url, set()).add(reply.body)
    assert all(len(bodies) == 1 for bodies in by_url.values())


def test_head_has_headers_and_no_body(server: ReplicaServer) -> None:
    url = server.manifest()[0].page_url
    got = fetch(server.port, url)
    head = fetch(server.port, url, method="HEAD")
    assert head.status == 200 and head.body == b""
    assert head.headers["etag"] == got.headers["etag"] and int(head.headers["content-length"]) == len(got.body)


def test_same_seed_same_internet_and_warm_start_is_fast(server: ReplicaServer) -> None:
    started = time.monotonic()
    again = World(seed=server.world.seed)  # the server fixture has already filled the cache
    assert time.monotonic() - started < 10
    first = {e.report_id: e.to_json() for e in server.world.manifest()}
    second = {e.report_id: e.to_json() for e in again.manifest()}
    for key in first.keys() & second.keys():
        assert first[key] == second[key] or first[key]["revision"] != second[key]["revision"]
    with ReplicaServer(port=0, world=again) as other:
        for e in list(again.manifest())[::7]:
            assert fetch(server.port, e.document_url).body == fetch(other.port, e.document_url).body


def test_stop_returns_promptly_even_with_a_stalled_client(server: ReplicaServer) -> None:
    with ReplicaServer(port=0, world=server.world) as other:
        other.inject(".", "stall", seconds=60)
        with ThreadPoolExecutor(1) as pool:
            pending = pool.submit(lambda: fetch(other.port, "http://www.zzszq.gov.cn/", timeout=30))
            time.sleep(0.3)
            started = time.monotonic()
            other.stop()
            assert time.monotonic() - started < 5
            pending.exception()  # the stalled client is let go


def test_cache_prunes_renderings_unused_for_a_month(tmp_path) -> None:
    import os

    from nianbao.replicas.content import prune_cache

    old, fresh = tmp_path / "old.pdf", tmp_path / "fresh.pdf"
    old.write_bytes(b"x")
    fresh.write_bytes(b"y")
    os.utime(old, (time.time() - 40 * 86400,) * 2)
    assert prune_cache(tmp_path) == 1
    assert not old.exists() and fresh.exists()
