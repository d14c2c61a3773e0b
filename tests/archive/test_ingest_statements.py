"""What an ingest costs in SQL statements (issue 18), counted as the database driver receives them.

A not-modified revisit — a 304, or the body the caller knew the latest version to have — is one statement:
the fetch log row, whose trigger (migration 0007) moves the version's and the document's last_seen. A belief
gone stale, or a fetch that asks more of the archive (a parent to adopt, an alias to record), falls back to
the general path with the same result as before. BEGIN (SQLite's BEGIN IMMEDIATE) is transaction control,
not counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from nianbao.archive import Archive
from nianbao.archive.blobs import sha256_hex
from tests.archive.helpers import at, count, page, rows

URL = "http://www.example.gov.cn/art/2025/1/10/art_9_9.html"


@contextmanager
def statements(archive: Archive) -> Iterator[list[str]]:
    sent: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if not statement.lstrip().upper().startswith("BEGIN"):
            sent.append(statement)

    sa.event.listen(archive.engine, "before_cursor_execute", seen)
    try:
        yield sent
    finally:
        sa.event.remove(archive.engine, "before_cursor_execute", seen)


def _last_seen(archive: Archive) -> tuple[str, str]:
    [(version,)] = rows(archive, "SELECT max(last_seen) FROM version")
    [(document,)] = rows(archive, "SELECT last_seen FROM document WHERE url = :u", u=URL)
    return str(version)[:16], str(document)[:16]


def test_a_304_revisit_is_one_statement(archive: Archive) -> None:
    first = archive.ingest(page(URL, b"A", headers={"ETag": '"a"'}))
    with statements(archive) as sent:
        result = archive.ingest(page(URL, None, minutes=30, status=304, headers={"ETag": '"a"'}))
    assert len(sent) == 1 and sent[0].startswith("INSERT INTO fetch_record")
    assert (result.outcome, result.document_id, result.version_id) == ("not_modified", first.document_id,
                                                                       first.version_id)  # fmt: skip
    assert result.fetch_id is not None
    assert _last_seen(archive) == ("2026-01-10 08:30", "2026-01-10 08:30")
    [(sha256, etag)] = rows(archive, "SELECT sha256, etag FROM fetch_record WHERE id = :i", i=result.fetch_id)
    assert (sha256, etag) == (sha256_hex(b"A"), '"a"')


def test_a_cached_304_and_a_known_body_are_one_statement_each(archive: Archive) -> None:
    first = archive.ingest(page(URL, b"A"))
    cached = page(URL, b"A", minutes=10, outcome="not_modified")  # the crawler's cache answered a 304
    known = page(URL, b"A", minutes=20, known_sha256=sha256_hex(b"A"))  # the revisit policy's digest
    for fetch, outcome in ((cached, "not_modified"), (known, "unchanged")):
        with statements(archive) as sent:
            result = archive.ingest(fetch)
        assert len(sent) == 1, sent
        assert (result.outcome, result.version_id, result.blob_is_new) == (outcome, first.version_id, False)
    assert _last_seen(archive) == ("2026-01-10 08:20", "2026-01-10 08:20")
    assert (count(archive, "version"), count(archive, "fetch_record")) == (1, 3)


def test_a_batch_of_revisits_is_one_statement_each(archive: Archive) -> None:
    urls = [f"{URL}?{i}" for i in range(10)]
    archive.ingest_many([page(url, url.encode()) for url in urls])
    revisits = [page(url, url.encode(), minutes=5, known_sha256=sha256_hex(url.encode())) for url in urls]
    with statements(archive) as sent:
        results = archive.ingest_many(revisits)
    assert len(sent) == 10
    assert {r.outcome for r in results} == {"unchanged"}
    assert rows(archive, "SELECT count(*) FROM version WHERE last_seen > first_seen") == [(10,)]


def test_a_stale_belief_falls_back_to_the_rules(archive: Archive) -> None:
    """The crawl read A when it began; another crawl stored B since: A again is a third version (A B A)."""
    archive.ingest(page(URL, b"A"))
    archive.ingest(page(URL, b"B", minutes=1))
    result = archive.ingest(page(URL, b"A", minutes=2, known_sha256=sha256_hex(b"A")))
    assert (result.outcome, result.blob_is_new) == ("new_version", False)
    assert [v.seq for v in archive.versions(result.document_id)] == [1, 2, 3]
    # A 304 for a URL the archive holds no body of is an error, by either path.
    assert archive.ingest(page(URL + "?never", None, status=304)).outcome == "error"


def test_a_revisit_that_names_a_parent_or_alias_to_record_takes_the_general_path(archive: Archive) -> None:
    parent = URL + "?list"
    pdf = URL + ".pdf"
    archive.ingest(page(pdf, b"%PDF", kind="attachment"))  # no parent yet
    with statements(archive) as sent:
        result = archive.ingest(page(pdf, None, minutes=1, status=304, kind="attachment", parent_url=parent))
    assert result.outcome == "not_modified" and len(sent) > 1
    [(parent_id,)] = rows(archive, "SELECT parent_id FROM document WHERE url = :u", u=pdf)
    assert parent_id == archive.resolve(parent)
    with statements(archive) as sent:  # the parent recorded now: one statement again
        archive.ingest(page(pdf, None, minutes=2, status=304, kind="attachment", parent_url=parent))
    assert len(sent) == 1
    alias = URL + "?download=1"
    with statements(archive) as sent:
        assert archive.ingest(page(pdf, None, minutes=3, status=304, aliases=[alias])).outcome == "not_modified"
    assert len(sent) > 1 and archive.resolve(alias) == result.document_id
    with statements(archive) as sent:  # by its alias, with the alias recorded: one statement
        again = archive.ingest(page(alias, None, minutes=4, status=304, aliases=[alias]))
    assert (len(sent), again.document_id, again.outcome) == (1, result.document_id, "not_modified")


def test_last_seen_moves_forward_only_and_a_later_fetch_ends_gone(archive: Archive) -> None:
    archive.ingest(page(URL, b"A", minutes=30))
    archive.ingest(page(URL, None, minutes=10, status=304))  # logged out of order
    assert _last_seen(archive) == ("2026-01-10 08:30", "2026-01-10 08:30")
    archive.mark_gone(URL, at(40))
    archive.ingest(page(URL, None, minutes=35, status=304))  # seen before it was found gone: still gone
    assert rows(archive, "SELECT gone_since IS NOT NULL FROM document") in ([(1,)], [(True,)])
    archive.ingest(page(URL, None, minutes=50, status=304))
    assert rows(archive, "SELECT gone_since FROM document") == [(None,)]
    assert _last_seen(archive) == ("2026-01-10 08:50", "2026-01-10 08:50")


def test_new_documents_in_a_batch_cost_their_rows_and_one_read(archive: Archive) -> None:
    """A new document: its document, fetch and version rows; the batch adds one multi-row INSERT of its new
    bodies, one read of its URLs (and one of its bodies, before the write lock) and the portal's id once."""
    fetches = [page(f"{URL}?new={i}", f"body {i % 15}".encode(), minutes=i) for i in range(20)]
    archive.ingest(page(URL, b"portal known"))
    with statements(archive) as sent:
        results = archive.ingest_many(fetches)
    assert [r.outcome for r in results] == ["new_document"] * 20
    assert sum(r.blob_is_new for r in results) == 15
    inserts = [s.split()[2] for s in sent if s.startswith("INSERT")]
    assert sorted(set(inserts)) == ["blob", "document", "fetch_record", "version"]
    assert inserts.count("blob") == 1 and len(inserts) == 1 + 3 * 20
    assert count(archive, "blob") == 16
    assert len(sent) - len(inserts) == 3, sent  # bodies, URLs, portal


def test_a_new_version_does_not_touch_the_document_itself(archive: Archive) -> None:
    archive.ingest(page(URL, b"A"))
    with statements(archive) as sent:
        result = archive.ingest(page(URL, b"B", minutes=5))
    assert result.outcome == "new_version"
    assert not [s for s in sent if s.startswith("UPDATE")]
    assert _last_seen(archive) == ("2026-01-10 08:05", "2026-01-10 08:05")
