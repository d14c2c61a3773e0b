"""Soak: 2,000 fetches of the replicas with about 10 % of them faulted, crawl after crawl into one archive.

The replicas hold about 200 URLs, so the portals are crawled again and again with the revisit interval at
zero (every known document is asked again: mostly 304s) until the server has answered 2,000 requests. The
faults are the replicas' own, fired at random from a seeded generator on any portal URL: connection resets,
503s, bodies cut short of their Content-Length, stalls and slow answers. At the end every report is archived,
once (a fault never makes a version), and each run's own counts equal its rows in the fetch log.
"""

from __future__ import annotations

import collections
from collections.abc import Iterator
from typing import Any

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from nianbao.archive import Archive
from nianbao.replicas.server import ReplicaServer
from tests.crawler.crawling import document_id, expected_urls, manifest, rows, run_crawl, unarchived

pytestmark = [pytest.mark.slow, pytest.mark.browser]
FETCHES = 2000
SEED = 2026
#: Fault kinds and the chance each fires on a request the ones before it spared: about 10 % in all.
FAULTS: list[tuple[str, float, dict[str, Any]]] = [
    ("reset", 0.03, {}),
    ("status", 0.03, {"status": 503}),
    ("truncate", 0.02, {}),
    ("stall", 0.01, {"seconds": 3}),
    ("slow", 0.01, {"seconds": 1}),
]
#: The outcomes the archive pipeline counts per run (crawl_run.stats) and writes to the fetch log.
OUTCOMES = ("new_document", "new_version", "unchanged", "not_modified", "error", "refused")


@pytest.fixture
def server() -> Iterator[ReplicaServer]:
    with ReplicaServer(port=0) as srv:
        yield srv


@deferred_f_from_coro_f
async def test_2000_fetches_with_10_percent_faults_archive_every_report_and_count_every_fetch(
    server: ReplicaServer, database_url: str
) -> None:
    for offset, (kind, probability, params) in enumerate(FAULTS):
        server.inject(r"^http://www\.", kind, probability=probability, seed=SEED + offset, **params)
    totals: collections.Counter[str] = collections.Counter()
    while len(server.requests()) < FETCHES:
        stats = await run_crawl(database_url, server.proxy_url, extract=False, revisit_after=0)
        totals.update({k: v for k, v in stats.items() if isinstance(v, int) and k.startswith(("retry/", "nianbao/"))})
        totals["passes"] += 1
    served = server.requests()
    faulted = collections.Counter(r.fault for r in served if r.fault)
    print(
        f"\nsoak: {totals['passes']} crawls, {len(served)} requests served, {sum(faulted.values())} faulted "
        f"({dict(faulted)}), {totals['retry/count']} retries, {totals['retry/max_reached']} gave up, "
        f"{totals['nianbao/fetch_errors']} fetch errors logged"
    )
    assert 0.07 <= sum(faulted.values()) / len(served) <= 0.13

    archive = Archive.open(database_url)
    entries = manifest(server)
    assert unarchived(archive, entries) == []
    # a fault never becomes a document or a version: the replicas did not change
    expected = {document_id(archive, u) for u in expected_urls(entries)}
    documents = rows(archive, "SELECT document_id, url, versions FROM documents")
    assert [d.url for d in documents if d.document_id not in expected] == []
    assert [d.url for d in documents if d.versions != 1] == []

    # each run's own counts (kept by the crawler as it went) equal its rows in the fetch log
    logged = collections.Counter(
        (r.run_id, r.outcome) for r in rows(archive, "SELECT run_id, outcome FROM fetch_record")
    )
    runs = rows(archive, "SELECT id, finished, stats FROM crawl_run ORDER BY id")
    assert len(runs) == totals["passes"]
    for run in runs:
        counted = _json(run.stats)
        assert run.finished is not None
        assert {o: counted.get(o, 0) for o in OUTCOMES} == {o: logged[run.id, o] for o in OUTCOMES}, run.id
    view = rows(archive, "SELECT run_id, pages_fetched, errors FROM crawl_runs")
    for run in view:
        fetched = sum(logged[run.run_id, o] for o in ("new_document", "new_version", "unchanged", "not_modified"))
        assert (run.pages_fetched, run.errors) == (fetched, logged[run.run_id, "error"])
    archive.close()


def _json(value: Any) -> dict[str, Any]:
    import json

    return value if isinstance(value, dict) else json.loads(value or "{}")
