"""No statement of an incremental refresh reads a whole table that grows with the archive.

A refresh's cost must follow the documents that changed, not the archive: a statement that scans `agency`,
`document` or `extraction_cell` costs nothing on a test archive and seconds a batch on a national one (the
agency lookup by `(region, name_key) IN (VALUES ...)` was such a scan: SQLite uses no index for a row-value
IN list). So every statement a refresh runs on SQLite, and the cells query it runs on the driver's cursor,
is put to EXPLAIN QUERY PLAN, and a SCAN of a table is allowed only where its cost does not grow per document:
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlalchemy as sa

from nianbao.archive import Archive
from nianbao.archive.annual import _CELLS_SQL
from nianbao.archive.refresh import refresh
from tests.refresh import test_incremental
from tests.refresh.test_incremental import World

ALLOWED_SCANS = {
    # "is anything queued" (LIMIT 1) and the next batch (ORDER BY its primary key, LIMIT size).
    "refresh_queue",
    # One row per portal, read once per batch.
    "portal_region",
    # The summary's totals, once per refresh (not per document or batch): ~0.03 s at 100,000 reports.
    "annual_report",
    # The schema: whether the search index's FTS table is there.
    "sqlite_master",
}
_SCAN = re.compile(r"^SCAN ([A-Za-z_]\w*)")  # not "SCAN 3 CONSTANT ROWS" (a VALUES list)


def _scanned(conn: Any, sql: str, params: Any) -> set[str]:
    plan = conn.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    return {m.group(1) for row in plan if (m := _SCAN.match(row[-1]))}


@pytest.mark.slow  # a few seconds: a random archive of ~40 documents, then 20 more steps
@pytest.mark.parametrize("database_kind", ["sqlite"])
def test_an_incremental_refresh_scans_no_growing_table(archive: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    world = World(archive, seed=505)
    for _ in range(40):
        world.step()
    refresh(archive)
    monkeypatch.setattr(test_incremental, "refresh", lambda *args: None)  # the changes wait for the one below
    for _ in range(20):
        world.step()
    statements: dict[str, Any] = {}

    @sa.event.listens_for(archive.engine, "before_cursor_execute")
    def seen(conn: Any, cursor: Any, sql: str, params: Any, context: Any, many: bool) -> None:
        if sql.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE")):
            statements.setdefault(sql, params[0] if many else params)

    summary = refresh(archive)
    sa.event.remove(archive.engine, "before_cursor_execute", seen)
    assert summary.changed.documents > 0, "the steps changed nothing: the test saw no regrouping"
    assert any("FROM agency" in sql for sql in statements), "no agency was looked up"

    raw = archive.engine.raw_connection()
    try:
        scans = {sql: _scanned(raw, sql, params) - ALLOWED_SCANS for sql, params in statements.items()}
        scans[_CELLS_SQL] = _scanned(raw, _CELLS_SQL.format("?, ?"), (1, 2)) - ALLOWED_SCANS
    finally:
        raw.close()
    assert {sql: tables for sql, tables in scans.items() if tables} == {}
