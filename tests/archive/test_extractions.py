"""Storing extraction reports: replaced per extractor version, refused whole when malformed."""

from __future__ import annotations

import pytest

from nianbao.archive import Archive, BadReport
from tests.archive.helpers import count, page, rows
from tests.archive.test_cli import report

URL = "http://www.example.gov.cn/art/2025/1/10/art_5.html"


def test_saving_again_with_the_same_extractor_version_replaces(archive: Archive) -> None:
    version_id = archive.ingest(page(URL, b"A")).version_id
    first = archive.save_extraction(version_id, report(6))
    second = archive.save_extraction(version_id, report(9))
    assert second > first
    assert count(archive, "extraction") == 1
    assert [float(v) for (v,) in rows(archive, "SELECT value FROM extraction_cell WHERE cell_key = 't3.new.total'")] \
        == [9.0]
    assert count(archive, "extraction_check") == 1


def test_document_is_named_by_its_latest_version_only(archive: Archive) -> None:
    old = archive.ingest(page(URL, b"A")).version_id
    new = archive.ingest(page(URL, b"B", minutes=1)).version_id
    archive.save_extraction(new, dict(report(1), title="新标题"))
    archive.save_extraction(old, dict(report(1), title="旧标题"))
    assert rows(archive, "SELECT title FROM document") == [("新标题",)]
    assert rows(archive, "SELECT title FROM documents") == [("新标题",)]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"extractor_version": None}, "extractor_version"),
        ({"cells": {"t3": 1}}, "TABLE.ROW"),
        ({"cells": {"t3.new.total": "六"}}, "not a number"),
        ({"cells": {"t3.new.total": True}}, "not a number"),
        ({"cells": {"t3.new.total": float("nan")}}, "finite"),
        ({"checks": [{"status": "pass"}]}, "rule"),
        ({"year": "2024年"}, "year"),
    ],
)
def test_a_malformed_report_is_refused_whole(archive: Archive, change: dict, message: str) -> None:
    version_id = archive.ingest(page(URL, b"A")).version_id
    archive.save_extraction(version_id, report(6))
    with pytest.raises(BadReport, match=message):
        archive.save_extraction(version_id, dict(report(7), **change))
    assert [float(v) for (v,) in rows(archive, "SELECT value FROM report_cells WHERE cell_key = 't3.new.total'")] \
        == [6.0]


def test_a_date_that_is_not_iso_is_kept_as_given_and_warned_about(archive: Archive) -> None:
    version_id = archive.ingest(page(URL, b"A")).version_id
    archive.save_extraction(version_id, dict(report(6), published="2025年1月10日"))
    [(published, warnings)] = rows(archive, "SELECT published, warnings FROM extraction")
    assert published is None
    assert "2025年1月10日" in str(warnings)
    with archive.engine.connect() as conn:
        from nianbao.models import Extraction

        fields = conn.execute(Extraction.__table__.select()).one().fields
    assert fields["published"] == "2025年1月10日"


def test_an_unknown_version_is_refused(archive: Archive) -> None:
    with pytest.raises(KeyError):
        archive.save_extraction(12345, report(6))
