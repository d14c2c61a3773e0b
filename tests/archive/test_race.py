"""Two ingests racing on one new body make exactly one version: by constraints, with threads and processes."""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from nianbao.archive import Archive, Fetch
from tests.archive.helpers import count, race_worker, rows

URL = "http://www.example.gov.cn/art/2025/1/10/race.html"
RACERS = 6


def _fetch(url: str, body: bytes) -> Fetch:
    return Fetch(url=url, status=200, headers={}, body=body, fetched_at=datetime.now(UTC), portal="race")


def _race_threads(archive: Archive, fetches: list[Fetch]) -> list[tuple[str, int | None, bool]]:
    barrier = threading.Barrier(len(fetches))

    def go(fetch: Fetch) -> tuple[str, int | None, bool]:
        barrier.wait(timeout=60)
        result = archive.ingest(fetch)
        return result.outcome, result.version_id, result.blob_is_new

    with ThreadPoolExecutor(len(fetches)) as pool:
        return list(pool.map(go, fetches))


def test_threads_racing_on_a_new_document_make_one_version(archive: Archive) -> None:
    results = _race_threads(archive, [_fetch(URL, b"the same new body")] * RACERS)
    assert sorted(r[0] for r in results) == ["new_document"] + ["unchanged"] * (RACERS - 1)
    assert len({r[1] for r in results}) == 1
    assert sum(r[2] for r in results) == 1
    assert (count(archive, "document"), count(archive, "version"), count(archive, "blob")) == (1, 1, 1)


def test_threads_racing_on_a_new_version_make_one_version(archive: Archive) -> None:
    archive.ingest(_fetch(URL, b"old body"))
    results = _race_threads(archive, [_fetch(URL, b"new body")] * RACERS)
    assert sorted(r[0] for r in results) == ["new_version"] + ["unchanged"] * (RACERS - 1)
    assert rows(archive, "SELECT seq FROM version ORDER BY seq") == [(1,), (2,)]


def test_threads_racing_one_body_under_many_urls_store_it_once(archive: Archive) -> None:
    results = _race_threads(archive, [_fetch(f"{URL}?copy={i}", b"shared attachment") for i in range(RACERS)])
    assert [r[0] for r in results] == ["new_document"] * RACERS
    assert sum(r[2] for r in results) == 1
    assert (count(archive, "version"), count(archive, "blob")) == (RACERS, 1)


def test_threads_racing_different_bodies_keep_every_version_numbered(archive: Archive) -> None:
    bodies = [f"body {i}".encode() for i in range(RACERS)]
    results = _race_threads(archive, [_fetch(URL, body) for body in bodies])
    assert sorted(r[0] for r in results) == ["new_document"] + ["new_version"] * (RACERS - 1)
    assert rows(archive, "SELECT seq FROM version ORDER BY seq") == [(i,) for i in range(1, RACERS + 1)]


def test_processes_racing_on_a_new_document_make_one_version(archive: Archive, database_url: str) -> None:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(4)
    results = context.Queue()
    racers = [
        context.Process(target=race_worker, args=(database_url, URL, b"one body, four processes", barrier, results))
        for _ in range(4)
    ]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(timeout=120)
    assert [racer.exitcode for racer in racers] == [0] * 4
    outcomes = sorted(results.get(timeout=5) for _ in racers)
    assert [o[0] for o in outcomes] == ["new_document"] + ["unchanged"] * 3
    assert len({o[1] for o in outcomes}) == 1 and sum(o[2] for o in outcomes) == 1
    assert (count(archive, "document"), count(archive, "version"), count(archive, "blob")) == (1, 1, 1)
