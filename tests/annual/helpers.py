"""Publishing hand-made reports into a real archive: a body per document, an extraction report per body."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from nianbao.archive import Archive, Fetch
from nianbao.extractor.keys import table_cell_keys

T0 = datetime(2025, 2, 10, 8, 0, tzinfo=UTC)
_bodies = itertools.count()

WENSHANG = {"province": "山东省", "city": "济宁市", "county": "汶上县"}


def full_cells(value: int = 1, count: int | None = None) -> dict[str, int]:
    """Cells of a 2021-template report: the first `count` of its 200 table cells, all `value`."""
    keys = table_cell_keys("2021")
    return dict.fromkeys(keys[: len(keys) if count is None else count], value)


def publish(
    archive: Archive,
    url: str,
    *,
    agency: str | None,
    year: int | None,
    published: str | None = None,
    cells: dict[str, Any] | None = None,
    failed: int = 0,
    sections: dict[str, str] | None = None,
    region: dict[str, str] | None = None,
    parent_url: str | None = None,
    portal: str = "wenshang",
    title: str | None = None,
    minutes: int = 0,
    body: bytes | None = None,
) -> int:
    """Ingest a body at `url` (default: a small unique page) and save an extraction saying what the arguments
    say; returns the document id."""
    kind = "attachment" if parent_url else "page"
    n = next(_bodies)
    result = archive.ingest(Fetch(
        url=url, status=200, headers={"Content-Type": "text/html"},
        body=body if body is not None else f"<p>report {n}</p>".encode(),
        fetched_at=T0 + timedelta(minutes=minutes), portal=portal, parent_url=parent_url, kind=kind,
    ))
    checks = [{"rule": "t3_balance", "status": "fail" if failed else "pass", "detail": "", "cells": []}]
    checks += [{"rule": f"rule_{i}", "status": "fail", "detail": "", "cells": []} for i in range(1, failed)]
    report = {
        "extractor_version": "test",
        "title": title if title is not None else (f"{agency}{year}年政府信息公开工作年度报告" if agency else None),
        "agency": agency, "year": year, "published": published, "signed": published, "template": "2021",
        "format": "html", "cells": cells or {}, "cell_details": {}, "checks": checks,
        "sections": sections or {}, "warnings": [],
        **(region if region is not None else {}),
    }
    archive.save_extraction(result.version_id, report)
    return result.document_id


def rows(archive: Archive, sql: str, **params: Any) -> list[dict[str, Any]]:
    with archive.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.text(sql), params)]


def sentences(prefix: str, n: int) -> list[str]:
    """`n` distinct sentences long enough to count."""
    return [f"{prefix}第{i}项政府信息公开工作按要求推进落实" for i in range(n)]
