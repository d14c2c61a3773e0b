"""The archive pipeline stores items in batches (group commit) and hands each on only once it is stored.

Batches are written by count, by time and when the spider closes; a batch that fails is stored item by item
and the failing item is an error in the fetch log, never the end of the crawl; a revisit whose body the
revisit policy knew is one statement; two crawls storing the same URLs at once make each version once. Run
on both databases, with the pipeline on an asyncio loop of its own (as under Scrapy's asyncio reactor).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa
from scrapy.settings import Settings
from scrapy.signalmanager import SignalManager

from nianbao.archive import Archive
from nianbao.archive.blobs import sha256_hex
from nianbao.crawl_session import archive_for
from nianbao.crawler.revisits import KnownDocument, RevisitPolicy
from nianbao.fetched import FetchedDocument, Outcome
from nianbao.pipelines.archive import ArchivePipeline
from tests.archive.helpers import count, rows

pytestmark = pytest.mark.db

T = TypeVar("T")
T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
URL = "http://www.example.gov.cn/art/2026/3/1/art_{}.html"


class Stats:
    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def inc_value(self, key: str, count: int = 1) -> None:
        self.values[key] = self.values.get(key, 0) + count

    def get_stats(self) -> dict[str, Any]:
        return dict(self.values)


class Spider:
    def __init__(self, policy: RevisitPolicy | None = None) -> None:
        self.portals = {"testportal": None}
        self.policy = policy
        self.run_id: int | None = None


class Crawler:
    """What the pipeline uses of Scrapy's crawler."""

    def __init__(self, database_url: str, spider: Spider, **settings: Any) -> None:
        self.settings = Settings({"NIANBAO_DATABASE_URL": database_url, **settings})
        self.stats = Stats()
        self.spider = spider
        self.signals = SignalManager(self)
        self.engine = None


@pytest.fixture
def crawlers() -> Iterator[list[Crawler]]:
    made: list[Crawler] = []
    yield made
    for crawler in made:
        archive_for(crawler).close()  # Scrapy closes it when the engine stops


def _crawler(made: list[Crawler], database_url: str, policy: RevisitPolicy | None = None, **settings: Any) -> Crawler:
    crawler = Crawler(database_url, Spider(policy), **settings)
    made.append(crawler)
    return crawler


def item(i: int, body: bytes | None = None, minutes: int = 0, **kw: Any) -> FetchedDocument:
    kw.setdefault("status", 200)
    return FetchedDocument(
        url=URL.format(i),
        portal="testportal",
        kind="page",
        headers={"Content-Type": "text/html; charset=utf-8"},
        body=f"body {i}".encode() if body is None else body,
        fetched_at=T0 + timedelta(minutes=minutes, microseconds=i),
        **kw,
    )


def crawl(crawler: Crawler, items: list[Any], *, delay: float = 0.0) -> tuple[list[Any], list[float]]:
    """Open the pipeline, send `items` through it (each `delay` seconds after the last, all concurrently, as
    Scrapy does), close it; (what process_item returned, when each returned, in seconds from the start)."""

    async def go() -> tuple[list[Any], list[float]]:
        pipeline = ArchivePipeline(crawler)  # type: ignore[arg-type]
        await asyncio.to_thread(pipeline.open_spider)
        loop = asyncio.get_running_loop()
        start = loop.time()
        returned: list[float] = []

        async def one(thing: Any) -> Any:
            out = await pipeline.process_item(thing)
            returned.append(loop.time() - start)
            assert out is thing
            if isinstance(thing, FetchedDocument):  # what the extraction pipeline after this one needs
                assert thing.result is not None or thing.error is not None, thing.url
            return out

        tasks = []
        for thing in items:
            tasks.append(asyncio.ensure_future(one(thing)))
            if delay:
                await asyncio.sleep(delay)
        out = await asyncio.gather(*tasks)
        await pipeline.close_spider()
        return out, returned

    return on_a_loop(go)


def on_a_loop(main: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run `main()` on a new asyncio loop, in a thread of its own (the test's thread may have a loop running)."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, main()).result()


def _batches(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The size of every batch that reaches `Archive.ingest_many`."""
    sizes: list[int] = []
    real = Archive.ingest_many

    def noted(self: Archive, fetches: Any) -> Any:
        sizes.append(len(fetches))
        return real(self, fetches)

    monkeypatch.setattr(Archive, "ingest_many", noted)
    return sizes


def test_items_are_stored_in_batches_by_count_and_by_time(
    database_url: str, crawlers: list[Crawler], monkeypatch: pytest.MonkeyPatch
) -> None:
    sizes = _batches(monkeypatch)
    crawler = _crawler(crawlers, database_url, NIANBAO_INGEST_BATCH=50, NIANBAO_INGEST_WAIT=0.3)
    items = [item(i, body=f"body {i % 100}".encode()) for i in range(120)] + ["not a fetched document"]
    out, returned = crawl(crawler, items)
    assert sizes == [50, 50, 20]  # the last 20 by time
    assert max(returned) >= 0.3
    assert [i.result.outcome for i in out[:120]] == ["new_document"] * 120
    assert sum(i.result.blob_is_new for i in out[:120]) == 100
    with Archive.open(database_url) as archive:
        assert (count(archive, "document"), count(archive, "version"), count(archive, "blob")) == (120, 120, 100)
        [(stats,)] = rows(archive, "SELECT stats FROM crawl_run WHERE finished IS NOT NULL")
    assert crawler.stats.values["nianbao/new_document"] == 120
    assert "new_document" in str(stats)


def test_a_lone_item_waits_no_longer_than_the_batch_wait(database_url: str, crawlers: list[Crawler]) -> None:
    crawler = _crawler(crawlers, database_url, NIANBAO_INGEST_WAIT=0.2)
    out, returned = crawl(crawler, [item(1), item(2)], delay=0.05)
    assert min(returned) >= 0.2 and max(returned) < 2.0
    assert {i.result.outcome for i in out} == {"new_document"}


def test_the_last_items_are_stored_when_the_spider_closes(database_url: str, crawlers: list[Crawler]) -> None:
    crawler = _crawler(crawlers, database_url, NIANBAO_INGEST_WAIT=60.0)

    async def go() -> list[FetchedDocument]:
        pipeline = ArchivePipeline(crawler)  # type: ignore[arg-type]
        await asyncio.to_thread(pipeline.open_spider)
        tasks = [asyncio.ensure_future(pipeline.process_item(item(i))) for i in range(3)]
        await asyncio.sleep(0.05)
        await pipeline.close_spider()  # before the minute is up
        return await asyncio.gather(*tasks)

    out = on_a_loop(go)
    assert [i.result.outcome for i in out] == ["new_document"] * 3
    with Archive.open(database_url) as archive:
        assert count(archive, "version") == 3


def test_a_failing_batch_is_stored_item_by_item_and_the_bad_item_logged(
    database_url: str, crawlers: list[Crawler], monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = URL.format(3)
    real_many, real_one = Archive.ingest_many, Archive.ingest

    def many(self: Archive, fetches: Any) -> Any:
        if any(f.url == bad for f in fetches):
            raise RuntimeError("the database refused a row")
        return real_many(self, fetches)

    def one(self: Archive, fetch: Any) -> Any:
        if fetch.url == bad:
            raise RuntimeError("the database refused a row")
        return real_one(self, fetch)

    monkeypatch.setattr(Archive, "ingest_many", many)
    monkeypatch.setattr(Archive, "ingest", one)
    crawler = _crawler(crawlers, database_url, NIANBAO_INGEST_BATCH=5, NIANBAO_INGEST_WAIT=0.05)
    out, _ = crawl(crawler, [item(i) for i in range(10)])
    assert [i.result.outcome if i.result else i.error for i in out] == [
        "new_document"] * 3 + ["archive: the database refused a row"] + ["new_document"] * 6  # fmt: skip
    assert crawler.stats.values["nianbao/errors"] == 1
    with Archive.open(database_url) as archive:
        assert count(archive, "version") == 9
        assert rows(archive, "SELECT url, outcome FROM fetch_record WHERE outcome = 'error'") == [(bad, "error")]


def test_revisits_the_policy_knew_are_one_statement_each(database_url: str, crawlers: list[Crawler]) -> None:
    first = _crawler(crawlers, database_url)
    crawl(first, [item(i) for i in range(6)] + [item(9)])
    known = [KnownDocument(URL.format(i), "page", "testportal", T0, sha256_hex(f"body {i}".encode()))
             for i in range(6)]  # fmt: skip
    policy = RevisitPolicy(known, timedelta(days=7), now=T0 + timedelta(days=8))
    second = _crawler(crawlers, database_url, policy=policy)
    sent: list[str] = []
    engine = archive_for(second).engine
    sa.event.listen(engine, "before_cursor_execute", lambda _c, _k, statement, *_: sent.append(statement))
    revisits = [item(i, minutes=60) for i in range(6)]
    gone = item(9, body=b"", minutes=60, status=404, outcome=Outcome.GONE)
    out, _ = crawl(second, [*revisits, gone])
    assert [i.result.outcome for i in out] == ["unchanged"] * 6 + ["error"]
    fetch_statements = [s for s in sent if "fetch_record" in s and s.startswith("INSERT")]
    assert len(fetch_statements) == 7
    # Per revisit its fetch row, nothing else. Besides them: the run's start (2 statements) and end (1), the
    # gone mark (2), the batch's read of the URL that failed (1), the failure's fetch row.
    assert len([s for s in sent if not s.upper().startswith("BEGIN")]) == 6 + 7, sent
    assert second.stats.values["nianbao/unchanged"] == 6 and second.stats.values["nianbao/gone"] == 1
    with Archive.open(database_url) as archive:
        assert rows(archive, "SELECT count(*) FROM version WHERE last_seen > first_seen") == [(6,)]
        assert rows(archive, "SELECT count(*) FROM document WHERE gone_since IS NOT NULL") == [(1,)]


def test_two_crawls_storing_the_same_urls_at_once_make_each_version_once(
    database_url: str, crawlers: list[Crawler]
) -> None:
    pair = [_crawler(crawlers, database_url, NIANBAO_INGEST_BATCH=7, NIANBAO_INGEST_WAIT=0.05) for _ in range(2)]
    barrier = threading.Barrier(2)
    results: list[list[Any]] = [[], []]

    def run(n: int) -> None:
        archive_for(pair[n])  # opened before the race
        barrier.wait(timeout=60)
        results[n], _ = crawl(pair[n], [item(i % 20, body=f"body {i % 5}".encode()) for i in range(40)])

    threads = [threading.Thread(target=run, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    outcomes = [i.result.outcome for out in results for i in out]
    assert len(outcomes) == 80 and outcomes.count("new_document") == 20
    assert set(outcomes) == {"new_document", "unchanged"}
    with Archive.open(database_url) as archive:
        assert (count(archive, "document"), count(archive, "version"), count(archive, "blob")) == (20, 20, 5)
