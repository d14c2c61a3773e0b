"""`Archive.ingest_many`: a batch in one transaction keeps every rule of `ingest`, races included."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from nianbao.archive import Archive
from tests.archive.helpers import count, page

URL = "http://www.example.gov.cn/art/2025/1/10/batch{}.html"


def test_a_batch_follows_the_rules_of_single_ingests(archive: Archive) -> None:
    archive.ingest(page(URL.format("known"), b"stored before the batch"))
    results = archive.ingest_many(
        [
            page(URL.format(1), b"body one", minutes=1),
            page(URL.format(2), b"body one", minutes=2),  # the same body under another URL: one blob
            page(URL.format(1), b"body one", minutes=3),  # the same URL again, in the same batch
            page(URL.format(1), b"body two", minutes=4),  # a new version
            page(URL.format(3), b"stored before the batch", minutes=5),  # a body the archive had
            page(URL.format(4), None, minutes=6, status=404),
            page(URL.format(5), None, minutes=7, status=304),  # not modified, but never stored
            page(URL.format("known"), None, minutes=8, status=304),
        ]
    )
    assert [r.outcome for r in results] == [
        "new_document", "new_document", "unchanged", "new_version", "new_document", "error", "error", "not_modified",
    ]  # fmt: skip
    assert [r.blob_is_new for r in results] == [True, False, False, True, False, False, False, False]
    assert results[0].document_id == results[2].document_id == results[3].document_id
    assert results[2].version_id == results[0].version_id != results[3].version_id
    assert (count(archive, "document"), count(archive, "version"), count(archive, "blob")) == (4, 5, 3)
    assert count(archive, "fetch_record") == 9
    assert archive.body(results[3].version_id) == b"body two"


def test_batches_racing_on_the_same_documents_make_each_version_once(archive: Archive) -> None:
    racers = 4
    barrier = threading.Barrier(racers)
    # Four URLs, each always with its own body; two bodies between them.
    batch = [page(URL.format(i % 4), f"body {i % 2}".encode(), minutes=0) for i in range(12)]

    def go(_: int) -> list[tuple[str, int | None, bool]]:
        barrier.wait(timeout=60)
        return [(r.outcome, r.version_id, r.blob_is_new) for r in archive.ingest_many(batch)]

    with ThreadPoolExecutor(racers) as pool:
        results = [r for batch_results in pool.map(go, range(racers)) for r in batch_results]
    assert sorted(o for o, _, _ in results).count("new_document") == 4
    assert {o for o, _, _ in results} == {"new_document", "unchanged"}
    assert len({v for _, v, _ in results}) == 4
    assert sum(new for _, _, new in results) == 2
    assert (count(archive, "document"), count(archive, "version"), count(archive, "blob")) == (4, 4, 2)


def test_a_batch_larger_than_an_in_list_is_read_in_parts(archive: Archive) -> None:
    """SQLite binds at most 32,766 values in a statement: the batch's reads go in parts of IN_LIST values."""
    fetches = [page(URL.format(f"big{i}"), f"{i % 2100}".encode(), minutes=i % 60) for i in range(2 * 2100)]
    results = archive.ingest_many(fetches)
    assert [r.outcome for r in results] == ["new_document"] * 4200
    assert sum(r.blob_is_new for r in results) == 2100
    again = archive.ingest_many(fetches[:2100])
    assert {r.outcome for r in again} == {"unchanged"}
    assert (count(archive, "document"), count(archive, "blob")) == (4200, 2100)
