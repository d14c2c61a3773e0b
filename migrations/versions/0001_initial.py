"""The initial archive: portals, runs, fetches, documents and aliases, versions, blobs, extractions, views.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "blob",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("stored_size", sa.BigInteger(), nullable=False),
        sa.Column("compression", sa.String(length=16), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_blob")),
    )
    op.create_table(
        "crawl_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished", sa.DateTime(timezone=True), nullable=True),
        sa.Column("portals", sa.Text(), nullable=False),
        sa.Column("stats", JSON, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crawl_run")),
    )
    op.create_table(
        "portal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal")),
        sa.UniqueConstraint("name", name=op.f("uq_portal_name")),
    )
    op.create_table(
        "sql_reader",
        sa.Column("role", sa.String(length=63), nullable=False),
        sa.Column("password", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("role", name=op.f("pk_sql_reader")),
    )
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("portal_id", sa.Integer(), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("agency", sa.Text(), nullable=True),
        sa.Column("region", sa.Text(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gone_since", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind IN ('page', 'attachment', 'image')", name=op.f("ck_document_kind")),
        sa.ForeignKeyConstraint(["parent_id"], ["document.id"], name=op.f("fk_document_parent_id_document")),
        sa.ForeignKeyConstraint(["portal_id"], ["portal.id"], name=op.f("fk_document_portal_id_portal")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
        sa.UniqueConstraint("url", name=op.f("uq_document_url")),
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_portal_id"), ["portal_id"], unique=False)

    op.create_table(
        "document_alias",
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], name=op.f("fk_document_alias_document_id_document")),
        sa.PrimaryKeyConstraint("url", name=op.f("pk_document_alias")),
    )
    with op.batch_alter_table("document_alias", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_alias_document_id"), ["document_id"], unique=False)

    op.create_table(
        "fetch_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("content_type", sa.Text(), nullable=True),
        sa.Column("headers", JSON, nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], name=op.f("fk_fetch_record_document_id_document")),
        sa.ForeignKeyConstraint(["run_id"], ["crawl_run.id"], name=op.f("fk_fetch_record_run_id_crawl_run")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fetch_record")),
    )
    with op.batch_alter_table("fetch_record", schema=None) as batch_op:
        batch_op.create_index("ix_fetch_record_document_id_fetched_at", ["document_id", "fetched_at"], unique=False)

    op.create_table(
        "version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("fetch_id", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], name=op.f("fk_version_document_id_document")),
        sa.ForeignKeyConstraint(["fetch_id"], ["fetch_record.id"], name=op.f("fk_version_fetch_id_fetch_record")),
        sa.ForeignKeyConstraint(["sha256"], ["blob.sha256"], name=op.f("fk_version_sha256_blob")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_version")),
        sa.UniqueConstraint("document_id", "seq", name=op.f("uq_version_document_id_seq")),
    )
    with op.batch_alter_table("version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_version_sha256"), ["sha256"], unique=False)

    op.create_table(
        "extraction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("extractor_version", sa.String(length=64), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("agency", sa.Text(), nullable=True),
        sa.Column("region", sa.Text(), nullable=True),
        sa.Column("province", sa.Text(), nullable=True),
        sa.Column("city", sa.Text(), nullable=True),
        sa.Column("county", sa.Text(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("signed", sa.Date(), nullable=True),
        sa.Column("template", sa.String(length=16), nullable=True),
        sa.Column("format", sa.String(length=16), nullable=True),
        sa.Column("fields", JSON, nullable=True),
        sa.Column("warnings", JSON, nullable=True),
        sa.ForeignKeyConstraint(["version_id"], ["version.id"], name=op.f("fk_extraction_version_id_version")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_extraction")),
        sa.UniqueConstraint("version_id", "extractor_version", name=op.f("uq_extraction_version_id_extractor_version")),
        sqlite_autoincrement=True,  # ids never reused: the latest extraction is the highest id
    )
    op.create_table(
        "extraction_cell",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("extraction_id", sa.Integer(), nullable=False),
        sa.Column("cell_key", sa.String(length=100), nullable=False),
        sa.Column("table_key", sa.String(length=32), nullable=False),
        sa.Column("row_key", sa.String(length=64), nullable=False),
        sa.Column("col_key", sa.String(length=64), nullable=True),
        sa.Column("value", sa.Numeric(), nullable=True),
        sa.Column("raw", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["extraction_id"],
            ["extraction.id"],
            name=op.f("fk_extraction_cell_extraction_id_extraction"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_extraction_cell")),
        sa.UniqueConstraint("extraction_id", "cell_key", name=op.f("uq_extraction_cell_extraction_id_cell_key")),
    )
    op.create_table(
        "extraction_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("extraction_id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("cells", JSON, nullable=True),
        sa.ForeignKeyConstraint(
            ["extraction_id"],
            ["extraction.id"],
            name=op.f("fk_extraction_check_extraction_id_extraction"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_extraction_check")),
        sa.UniqueConstraint("extraction_id", "rule", name=op.f("uq_extraction_check_extraction_id_rule")),
    )
    create_views()


def downgrade() -> None:
    drop_views()
    op.drop_table("extraction_check")
    op.drop_table("extraction_cell")
    op.drop_table("extraction")
    with op.batch_alter_table("version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_version_sha256"))

    op.drop_table("version")
    with op.batch_alter_table("fetch_record", schema=None) as batch_op:
        batch_op.drop_index("ix_fetch_record_document_id_fetched_at")

    op.drop_table("fetch_record")
    with op.batch_alter_table("document_alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_alias_document_id"))

    op.drop_table("document_alias")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_portal_id"))
        batch_op.drop_index(batch_op.f("ix_document_parent_id"))

    op.drop_table("document")
    op.drop_table("sql_reader")
    op.drop_table("portal")
    op.drop_table("crawl_run")
    op.drop_table("blob")


# The views are the stable interface of interfaces.md; plain SQL valid on SQLite and PostgreSQL. "Latest"
# means the highest `seq` of a document's versions and the highest `id` of a version's extractions (ids only
# grow, and re-extraction replaces a same-extractor-version row with a new one).
VIEWS: dict[str, str] = {
    "document_versions": """
        SELECT v.id AS version_id, v.document_id, v.sha256, b.size, v.first_seen, v.last_seen,
               v.seq, f.content_type
        FROM version v
        JOIN blob b ON b.sha256 = v.sha256
        LEFT JOIN fetch_record f ON f.id = v.fetch_id
    """,
    "documents": """
        SELECT d.id AS document_id, p.name AS portal, d.url, d.parent_id AS parent_document_id, d.kind,
               COALESCE(e.title, d.title) AS title,
               COALESCE(e.agency, d.agency) AS agency,
               COALESCE(e.region, d.region) AS region,
               COALESCE(e.year, d.year) AS year,
               e.published, e.format,
               (SELECT count(*) FROM version vc WHERE vc.document_id = d.id) AS versions,
               v.sha256, d.first_seen, d.last_seen, d.gone_since, e.extractor_version,
               CASE WHEN e.id IS NULL THEN NULL
                    ELSE (SELECT count(*) FROM extraction_check c
                          WHERE c.extraction_id = e.id AND c.status = 'fail') END AS checks_failed,
               v.id AS version_id, b.size, e.province, e.city, e.county, e.signed, e.template
        FROM document d
        LEFT JOIN portal p ON p.id = d.portal_id
        LEFT JOIN version v ON v.document_id = d.id
             AND v.seq = (SELECT max(v2.seq) FROM version v2 WHERE v2.document_id = d.id)
        LEFT JOIN blob b ON b.sha256 = v.sha256
        LEFT JOIN extraction e ON e.version_id = v.id
             AND e.id = (SELECT max(e2.id) FROM extraction e2 WHERE e2.version_id = v.id)
    """,
    "report_cells": """
        SELECT v.document_id, v.id AS version_id, c.cell_key, c.table_key, c.row_key, c.col_key,
               c.value, c.raw, c.source, e.extractor_version
        FROM extraction_cell c
        JOIN extraction e ON e.id = c.extraction_id
        JOIN version v ON v.id = e.version_id
        WHERE e.id = (SELECT max(e2.id) FROM extraction e2 WHERE e2.version_id = e.version_id)
    """,
    "report_checks": """
        SELECT v.document_id, v.id AS version_id, k.rule, k.status, k.detail, k.cells, e.extractor_version
        FROM extraction_check k
        JOIN extraction e ON e.id = k.extraction_id
        JOIN version v ON v.id = e.version_id
        WHERE e.id = (SELECT max(e2.id) FROM extraction e2 WHERE e2.version_id = e.version_id)
    """,
    # Counted from the fetch records, so a run that died half-way still reports what it did.
    # versions_new counts new versions of documents already known; a new document's first version is in
    # documents_new. unchanged includes 304 answers.
    "crawl_runs": """
        SELECT r.id AS run_id, r.started, r.finished, r.portals,
               COALESCE(SUM(CASE WHEN f.outcome IN ('new_document', 'new_version', 'unchanged', 'not_modified')
                            THEN 1 ELSE 0 END), 0) AS pages_fetched,
               COALESCE(SUM(CASE WHEN f.outcome = 'new_document' THEN 1 ELSE 0 END), 0) AS documents_new,
               COALESCE(SUM(CASE WHEN f.outcome = 'new_version' THEN 1 ELSE 0 END), 0) AS versions_new,
               COALESCE(SUM(CASE WHEN f.outcome IN ('unchanged', 'not_modified') THEN 1 ELSE 0 END), 0)
                   AS unchanged,
               COALESCE(SUM(CASE WHEN f.outcome = 'error' THEN 1 ELSE 0 END), 0) AS errors,
               COALESCE(SUM(CASE WHEN f.outcome = 'refused' THEN 1 ELSE 0 END), 0) AS refused
        FROM crawl_run r
        LEFT JOIN fetch_record f ON f.run_id = r.id
        GROUP BY r.id, r.started, r.finished, r.portals
    """,
}


def create_views() -> None:
    for name, sql in VIEWS.items():
        op.execute(f"CREATE VIEW {name} AS {sql}")


def drop_views() -> None:
    for name in reversed(VIEWS):
        op.execute(f"DROP VIEW IF EXISTS {name}")
