"""The revisit policy: the crawl's portals read in one query, every question answered from memory."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from nianbao.archive import Archive, Fetch
from nianbao.crawler.revisits import RevisitPolicy

PAGE = "http://www.wenshang.gov.cn/art/2025/1/20/art_61950_1.html"
PDF = "http://www.wenshang.gov.cn/attach/0/report.pdf"
PDF_ALIAS = "http://www.wenshang.gov.cn/module/download/downfile.jsp?filename=report.pdf"
PICTURE = "http://www.wenshang.gov.cn/picture/table3.png"
ELSEWHERE = "http://www.linqu.gov.cn/art/1.html"
WEEK = timedelta(days=7)

pytestmark = pytest.mark.db


@pytest.fixture
def stored(archive: Archive) -> Archive:
    then = datetime.now(UTC) - timedelta(days=10)
    now = datetime.now(UTC)

    def ingest(url: str, body: bytes, when: datetime, **fields: Any) -> None:
        archive.ingest(Fetch(url, 200, {}, body, when, **fields))

    ingest(PAGE, b"<html>report</html>", now, portal="wenshang", kind="page")
    ingest(PDF, b"%PDF-1.7 report", then, portal="wenshang", kind="attachment", parent_url=PAGE, aliases=(PDF_ALIAS,))
    ingest(PICTURE, b"\x89PNG table", now, portal="wenshang", kind="image", parent_url=PAGE)
    ingest(ELSEWHERE, b"<html>other</html>", then, portal="linqu", kind="page")
    return archive


def _statements(archive: Archive) -> list[str]:
    """The queries sent to the archive from now on (transaction control aside)."""
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if not statement.startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            seen.append(statement)

    sa.event.listen(archive.engine, "before_cursor_execute", note)
    return seen


def test_the_crawls_portals_are_read_in_one_query_and_asked_from_memory(stored: Archive) -> None:
    statements = _statements(stored)
    policy = RevisitPolicy.load(stored, ["wenshang"], WEEK)
    assert len(statements) == 1
    assert policy.known(PAGE) is not None and not policy.due(PAGE)  # confirmed just now
    assert policy.known(PDF_ALIAS) == policy.known(PDF) and policy.due(PDF_ALIAS)  # by its alias, ten days old
    assert policy.known(ELSEWHERE) is None and policy.due(ELSEWHERE)  # another portal's: not this crawl's
    assert policy.digest(PICTURE) == hashlib.sha256(b"\x89PNG table").hexdigest()
    assert policy.digest(PAGE + "?x") is None
    assert [d.url for d in policy.due_documents("wenshang")] == [PDF]  # images come with their page
    assert len(statements) == 1


def test_a_gone_document_is_not_revisited_from_the_archives_list(stored: Archive) -> None:
    stored.mark_gone(PDF)
    policy = RevisitPolicy.load(stored, ["wenshang"], WEEK)
    assert policy.due_documents("wenshang") == [] and policy.known(PDF) is not None


def test_no_portals_no_query(stored: Archive) -> None:
    statements = _statements(stored)
    assert RevisitPolicy.load(stored, [], WEEK).due(PAGE)
    assert statements == []
