"""Saving extraction reports in a batch stores what saving them one at a time would."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from nianbao.archive import Archive, BadReport
from nianbao.archive.extractions import save_extractions
from nianbao.archive.ingest import utcnow
from tests.archive.helpers import page, rows
from tests.archive.test_cli import report

URL = "http://www.example.gov.cn/art/2025/1/10/art_{}.html"

STATE = (
    "SELECT d.url, d.title, d.agency, d.year, v.seq, e.extractor_version, e.title, e.year, e.published, "
    "c.cell_key, c.value, c.raw, c.source FROM extraction e JOIN version v ON v.id = e.version_id "
    "JOIN document d ON d.id = v.document_id LEFT JOIN extraction_cell c ON c.extraction_id = e.id "
    "ORDER BY d.url, v.seq, e.extractor_version, c.cell_key"
)
CHECKS = "SELECT rule, status, detail, cells FROM extraction_check ORDER BY extraction_id, rule"


def _items(archive: Archive) -> list[tuple[int, dict[str, Any]]]:
    """Two documents, one with two versions; an older version saved after the latest; the same version and
    extractor twice (the second replaces the first); a report that names no title (the document keeps one)."""
    first = archive.ingest(page(URL.format(1), b"A")).version_id
    older = archive.ingest(page(URL.format(2), b"B")).version_id
    newer = archive.ingest(page(URL.format(2), b"C", minutes=1)).version_id
    return [
        (first, report(1)),
        (newer, dict(report(2), title="新标题")),
        (older, dict(report(3), title="旧标题")),
        (first, dict(report(4), extractor_version="test-2", title=None, year=2023)),
        (first, dict(report(5), title="替换")),
        (newer, dict(report(6), extractor_version="test-2", published="2025年1月10日")),
    ]


def test_a_batch_stores_what_one_at_a_time_stores(archive: Archive) -> None:
    items = _items(archive)
    with archive.engine.begin() as conn:
        ids = save_extractions(conn, items, utcnow())
    assert len(ids) == len(items) and ids == sorted(ids)
    batched = rows(archive, STATE), rows(archive, CHECKS)
    assert ("http://www.example.gov.cn/art/2025/1/10/art_1.html", "替换", "某县人民政府", 2024) in [
        tuple(r[:4]) for r in batched[0]
    ]

    with archive.engine.begin() as conn:  # the same again, one at a time, from nothing
        for table in ("extraction_cell", "extraction_check", "extraction"):
            conn.execute(sa.text(f"DELETE FROM {table}"))
        conn.execute(sa.text("UPDATE document SET title = NULL, agency = NULL, region = NULL, year = NULL"))
    for version_id, item in items:
        archive.save_extraction(version_id, item)
    assert (rows(archive, STATE), rows(archive, CHECKS)) == batched


def test_a_bad_report_or_unknown_version_in_a_batch_stores_nothing(archive: Archive) -> None:
    items = _items(archive)
    items.append((items[0][0], dict(report(7), cells={"t3.new.total": "六"})))
    with pytest.raises(BadReport, match="not a number"), archive.engine.begin() as conn:
        save_extractions(conn, items, utcnow())
    assert rows(archive, "SELECT count(*) FROM extraction") == [(0,)]
    with pytest.raises(KeyError), archive.engine.begin() as conn:
        save_extractions(conn, [*items[:2], (987654, report(1))], utcnow())
    assert rows(archive, "SELECT count(*) FROM extraction") == [(0,)]
