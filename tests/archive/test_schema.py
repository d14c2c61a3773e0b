"""The schema: migrations equal the models, the views keep their contract, old archives are never upgraded
silently, and `nianbao db upgrade` carries a filled archive from the first migration to head."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from nianbao.archive import Archive, SchemaOutdated, schema
from nianbao.archive.database import make_engine
from nianbao.archive.errors import SchemaError
from nianbao.models import VIEW_COLUMNS, metadata
from nianbao.models.search import include_object
from tests.archive.helpers import at, nianbao, page, rows
from tests.archive.test_cli import report

URL = "http://www.example.gov.cn/art/2025/1/10/art_9.html"


def test_migrations_build_exactly_the_models(archive: Archive) -> None:
    with archive.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include_object})
        assert compare_metadata(context, metadata) == []


def test_views_have_the_documented_columns(archive: Archive) -> None:
    with archive.engine.connect() as conn:
        for view, columns in VIEW_COLUMNS.items():
            result = conn.execute(sa.text(f"SELECT * FROM {view} WHERE 1 = 0"))
            assert tuple(result.keys())[: len(columns)] == columns, view


def _fill(archive: Archive) -> dict[str, Any]:
    """A run with a page in two versions (both extracted, the newer twice), its PDF, and a failure."""
    run_id = archive.start_run(["testportal", "other"])
    v1 = archive.ingest(page(URL, b"<p>v1</p>", minutes=0, run_id=run_id))
    archive.save_extraction(v1.version_id, report(6))
    v2 = archive.ingest(page(URL, b"<p>v2</p>", minutes=1, run_id=run_id))
    archive.save_extraction(v2.version_id, report(7))
    archive.save_extraction(v2.version_id, dict(report(8, balance="fail"), extractor_version="test-2"))
    pdf = archive.ingest(page(URL + ".pdf", b"%PDF-1.4", minutes=2, run_id=run_id, parent_url=URL,
                              kind="attachment", headers={"Content-Type": "application/pdf"}))
    archive.ingest(page(URL + ".pdf", b"%PDF-1.4", minutes=3, run_id=run_id, kind="attachment"))
    archive.record_fetch_error(URL + "?broken", run_id, "timeout")
    archive.finish_run(run_id, finished=at(10), items=2)
    return {"run_id": run_id, "v1": v1, "v2": v2, "pdf": pdf}


def _check_views(archive: Archive, filled: dict[str, Any]) -> None:
    v1, v2, pdf = filled["v1"], filled["v2"], filled["pdf"]
    documents = rows(archive, "SELECT document_id, portal, url, parent_document_id, kind, title, year, published, "
                              "format, versions, extractor_version, checks_failed FROM documents ORDER BY document_id")
    assert [tuple(r)[:7] + tuple(r)[8:] for r in documents] == [
        (v2.document_id, "testportal", URL, None, "page", "某县2024年政府信息公开工作年度报告", 2024, "html", 2,
         "test-2", 1),
        (pdf.document_id, "testportal", URL + ".pdf", v2.document_id, "attachment", None, None, None, 1, None,
         None),
    ]
    assert str(documents[0].published) == "2025-01-10"
    versions = rows(archive, "SELECT version_id, document_id, size FROM document_versions ORDER BY version_id")
    assert [tuple(r) for r in versions] == [(v1.version_id, v1.document_id, 9), (v2.version_id, v2.document_id, 9),
                                            (pdf.version_id, pdf.document_id, 8)]
    cells = rows(archive, "SELECT version_id, cell_key, table_key, row_key, col_key, value, raw, source "
                          "FROM report_cells ORDER BY version_id, cell_key")
    assert [(r[0], r[1], r[2], r[3], r[4], float(r[5]), r[6], r[7]) for r in cells] == [
        (v1.version_id, "prose.litigation_total", "prose", "litigation_total", None, 2.0, None, None),
        (v1.version_id, "t2.fees.amount", "t2", "fees", "amount", 0.5, None, None),
        (v1.version_id, "t3.new.total", "t3", "new", "total", 6.0, "6", "table"),
        (v2.version_id, "prose.litigation_total", "prose", "litigation_total", None, 2.0, None, None),
        (v2.version_id, "t2.fees.amount", "t2", "fees", "amount", 0.5, None, None),
        (v2.version_id, "t3.new.total", "t3", "new", "total", 8.0, "8", "table"),  # latest extraction only
    ]
    checks = rows(archive, "SELECT document_id, version_id, rule, status, detail FROM report_checks "
                           "ORDER BY version_id")
    assert [tuple(r) for r in checks] == [(v1.document_id, v1.version_id, "t3_balance", "pass", ""),
                                          (v2.document_id, v2.version_id, "t3_balance", "fail", "")]
    runs = rows(archive, "SELECT run_id, portals, pages_fetched, documents_new, versions_new, unchanged, errors "
                         "FROM crawl_runs")
    assert [tuple(r) for r in runs] == [(filled["run_id"], "testportal other", 4, 2, 1, 1, 1)]


def test_views_rows(archive: Archive) -> None:
    _check_views(archive, _fill(archive))


def test_a_new_archive_is_created_at_head(empty_database_url: str) -> None:
    with Archive.open(empty_database_url) as archive, archive.engine.connect() as conn:
        assert schema.current_revision(conn) == schema.head_revision()


def test_an_old_archive_is_refused_then_upgraded_from_the_first_migration(
    empty_database_url: str, capsysbinary: Any
) -> None:
    engine = make_engine(empty_database_url)
    schema.upgrade(engine, "0001")
    old = Archive(engine)  # the first schema, filled with everything the archive holds
    filled = _fill(old)
    old.close()

    with pytest.raises(SchemaOutdated, match=r"run `nianbao db upgrade`"):
        Archive.open(empty_database_url)
    for argv in (["sql", "SELECT 1"], ["get", "1"], ["history", "1"], ["diff", "1"], ["db", "status"]):
        code, _, err = nianbao(capsysbinary, *argv)
        assert code == 1 and "run `nianbao db upgrade`" in err, argv
    engine = make_engine(empty_database_url)
    with engine.connect() as conn:
        assert schema.current_revision(conn) == "0001"  # refused, and untouched
    engine.dispose()

    code, out, err = nianbao(capsysbinary, "db", "upgrade")
    assert code == 0 and f"upgraded from 0001 to {schema.head_revision()}" in out.decode(), err
    with Archive.open(empty_database_url) as archive:
        _check_views(archive, filled)
        assert archive.body(filled["pdf"].version_id) == b"%PDF-1.4"
        assert rows(archive, "SELECT count(*) FROM portal_lock") == [(0,)]
        with archive.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include_object})
            assert compare_metadata(context, metadata) == []
    code, out, _ = nianbao(capsysbinary, "sql", "SELECT count(*) AS n FROM documents", "--format", "csv")
    assert (code, out) == (0, b"n\n2\n")


def test_a_database_that_is_not_an_archive_is_refused(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE something_else (x INTEGER)")
    engine.dispose()
    with pytest.raises(SchemaError, match="not a nianbao archive"):
        Archive.open(empty_database_url)


def test_concurrent_first_uses_create_the_archive_once(empty_database_url: str) -> None:
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    barrier = Barrier(4)

    def first_use(_: int) -> str | None:
        barrier.wait(timeout=60)
        with Archive.open(empty_database_url) as archive, archive.engine.connect() as conn:
            return schema.current_revision(conn)

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(first_use, range(4))) == [schema.head_revision()] * 4
