"""`nianbao db upgrade` from 0002 on a filled archive adds the annual-report schema; down and up again."""

from __future__ import annotations

from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from nianbao.archive import Archive, schema
from nianbao.archive.annual import refresh
from nianbao.archive.database import make_engine
from nianbao.migrations import alembic_config
from nianbao.models import VIEW_COLUMNS, metadata
from nianbao.models.search import include_object
from tests.annual.helpers import WENSHANG, full_cells, publish, rows
from tests.archive.helpers import nianbao

PAGE = "http://www.wenshang.gov.cn/art/2025/1/20/art_61950_1.html"


def test_upgrade_from_0002_on_a_filled_archive(empty_database_url: str, capsysbinary: Any) -> None:
    engine = make_engine(empty_database_url)
    schema.upgrade(engine, "0002")
    old = Archive(engine)
    publish(old, PAGE, agency="汶上街道办事处", year=2024, published="2025-01-20", region=WENSHANG)
    publish(old, PAGE + ".pdf", agency=None, year=None, cells=full_cells(2), parent_url=PAGE)
    publish(old, PAGE + "?2023", agency="汶上县汶上街道办事处", year=2023, published="2024-01-20",
            cells=full_cells(2), region=WENSHANG)
    old.close()

    code, out, err = nianbao(capsysbinary, "db", "upgrade")
    assert code == 0 and f"from 0002 to {schema.head_revision()}" in out.decode(), err
    with Archive.open(empty_database_url) as archive:
        with archive.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include_object})
            assert compare_metadata(context, metadata) == []
        for view in VIEW_COLUMNS:
            rows(archive, f"SELECT * FROM {view} WHERE 1 = 0")
        # The upgrade queued every document (migration 0005) and regrouped them before it ended.
        assert "regrouped: 2 annual reports from 3 documents" in out.decode()
        summary = refresh(archive)  # nothing left to do
        assert summary.batches == 0
        assert (summary.annual_reports, summary.documents, summary.agencies) == (2, 3, 1)
        assert [(r["year"], r["documents"], r["cells_found"]) for r in rows(
            archive, "SELECT year, documents, cells_found FROM annual_reports ORDER BY year")] == [
            (2023, 1, 200), (2024, 2, 200)]

    # Down to 0002 (the annual tables go, the documents stay) and up again.
    engine = make_engine(empty_database_url)
    schema.upgrade(engine, "head")
    with engine.begin() as conn:
        command.downgrade(alembic_config(connection=conn), "0002")
    with engine.connect() as conn:
        assert schema.current_revision(conn) == "0002"
        assert conn.exec_driver_sql("SELECT count(*) FROM documents").scalar() == 3
    schema.upgrade(engine)
    engine.dispose()
    with Archive.open(empty_database_url) as archive:
        assert refresh(archive).annual_reports == 2
