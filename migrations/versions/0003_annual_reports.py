"""Annual reports as users mean them: agencies and their aliases, portal regions, one annual report per agency
and year with the documents carrying it, and the views of reports, cells and transparency indicators.

The tables are filled by `archive.annual.refresh` (not by SQL alone: grouping needs name normalisation and
sentence comparison); the views read them. No existing table changes, so no view has to be dropped first.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "portal_region",
        sa.Column("portal_id", sa.Integer(), nullable=False),
        sa.Column("province", sa.Text(), nullable=True),
        sa.Column("city", sa.Text(), nullable=True),
        sa.Column("county", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["portal_id"], ["portal.id"], name=op.f("fk_portal_region_portal_id_portal")),
        sa.PrimaryKeyConstraint("portal_id", name=op.f("pk_portal_region")),
    )
    op.create_table(
        "agency",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("region", sa.Text(), nullable=False),
        sa.Column("province", sa.Text(), nullable=True),
        sa.Column("city", sa.Text(), nullable=True),
        sa.Column("county", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('government', 'department', 'town', 'street')", name=op.f("ck_agency_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency")),
        sa.UniqueConstraint("region", "name_key", name=op.f("uq_agency_region_name_key")),
    )
    op.create_table(
        "agency_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_agency_alias_agency_id_agency"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_alias")),
        sa.UniqueConstraint("agency_id", "alias", name=op.f("uq_agency_alias_agency_id_alias")),
    )
    with op.batch_alter_table("agency_alias") as batch_op:
        batch_op.create_index(batch_op.f("ix_agency_alias_agency_id"), ["agency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_agency_alias_alias"), ["alias"], unique=False)
    op.create_table(
        "annual_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("canonical_document_id", sa.Integer(), nullable=False),
        sa.Column("canonical_version_id", sa.Integer(), nullable=False),
        sa.Column("template", sa.String(length=16), nullable=True),
        sa.Column("cells_found", sa.Integer(), nullable=False),
        sa.Column("cells_expected", sa.Integer(), nullable=False),
        sa.Column("rules_failed", sa.Integer(), nullable=False),
        sa.Column("disagreeing_copies", sa.Integer(), nullable=False),
        sa.Column("previous_report_id", sa.Integer(), nullable=True),
        sa.Column("text_reuse", sa.Float(), nullable=True),
        sa.Column("sentences", sa.Integer(), nullable=True),
        sa.Column("refreshed", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"], name=op.f("fk_annual_report_agency_id_agency")),
        sa.ForeignKeyConstraint(
            ["canonical_document_id"], ["document.id"], name=op.f("fk_annual_report_canonical_document_id_document")
        ),
        sa.ForeignKeyConstraint(
            ["canonical_version_id"], ["version.id"], name=op.f("fk_annual_report_canonical_version_id_version")
        ),
        sa.ForeignKeyConstraint(
            ["previous_report_id"], ["annual_report.id"],
            name=op.f("fk_annual_report_previous_report_id_annual_report"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annual_report")),
        sa.UniqueConstraint("agency_id", "year", name=op.f("uq_annual_report_agency_id_year")),
    )
    op.create_table(
        "annual_report_document",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("annual_report_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("cells_found", sa.Integer(), nullable=False),
        sa.Column("rules_failed", sa.Integer(), nullable=False),
        sa.Column("canonical", sa.Boolean(), nullable=False),
        sa.Column("cells_differing", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["annual_report_id"], ["annual_report.id"],
            name=op.f("fk_annual_report_document_annual_report_id_annual_report"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_annual_report_document_document_id_document")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["version.id"], name=op.f("fk_annual_report_document_version_id_version")
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_annual_report_document")),
    )
    with op.batch_alter_table("annual_report_document") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_annual_report_document_annual_report_id"), ["annual_report_id"], unique=False
        )
    create_views()


def downgrade() -> None:
    drop_views()
    with op.batch_alter_table("annual_report_document") as batch_op:
        batch_op.drop_index(batch_op.f("ix_annual_report_document_annual_report_id"))
    op.drop_table("annual_report_document")
    op.drop_table("annual_report")
    with op.batch_alter_table("agency_alias") as batch_op:
        batch_op.drop_index(batch_op.f("ix_agency_alias_alias"))
        batch_op.drop_index(batch_op.f("ix_agency_alias_agency_id"))
    op.drop_table("agency_alias")
    op.drop_table("agency")
    op.drop_table("portal_region")


# Plain SQL valid on SQLite and PostgreSQL, in creation order (later views read earlier ones). Flags are 1/0
# integers on both databases, so SUM counts them. Dates compare as ISO text on SQLite and as dates on
# PostgreSQL: the same order.
VIEWS: dict[str, str] = {
    "agencies": """
        SELECT g.id AS agency_id, g.name AS agency, g.kind, g.region, g.province, g.city, g.county,
               (SELECT count(*) FROM agency_alias x WHERE x.agency_id = g.id) AS aliases,
               (SELECT count(*) FROM annual_report r WHERE r.agency_id = g.id) AS reports,
               (SELECT min(r.year) FROM annual_report r WHERE r.agency_id = g.id) AS first_year,
               (SELECT max(r.year) FROM annual_report r WHERE r.agency_id = g.id) AS last_year,
               g.name_key
        FROM agency g
    """,
    "annual_reports": """
        SELECT r.id AS annual_report_id, g.region, g.name AS agency, r.year, r.published, r.documents,
               r.canonical_document_id, r.cells_found, r.rules_failed, r.disagreeing_copies,
               g.province, g.city, g.county, g.id AS agency_id, g.kind AS agency_kind,
               r.canonical_version_id, d.url AS canonical_url, r.template, r.deadline, r.refreshed
        FROM annual_report r
        JOIN agency g ON g.id = r.agency_id
        JOIN document d ON d.id = r.canonical_document_id
    """,
    "annual_report_documents": """
        SELECT m.annual_report_id, m.document_id, m.version_id, p.name AS portal, d.url, d.kind,
               CASE WHEN m.canonical THEN 1 ELSE 0 END AS canonical, m.cells_found, m.rules_failed,
               m.cells_differing, d.parent_id AS parent_document_id
        FROM annual_report_document m
        JOIN document d ON d.id = m.document_id
        LEFT JOIN portal p ON p.id = d.portal_id
    """,
    "annual_report_cells": """
        SELECT r.id AS annual_report_id, c.cell_key, c.table_key, c.row_key, c.col_key, c.value, c.raw,
               c.source, v.document_id, v.id AS version_id, g.name AS agency, r.year, g.region
        FROM annual_report r
        JOIN agency g ON g.id = r.agency_id
        JOIN version v ON v.id = r.canonical_version_id
        JOIN extraction e ON e.version_id = v.id
             AND e.id = (SELECT max(e2.id) FROM extraction e2 WHERE e2.version_id = v.id)
        JOIN extraction_cell c ON c.extraction_id = e.id
    """,
    "report_indicators": """
        SELECT r.id AS annual_report_id, g.region, g.name AS agency, g.kind AS agency_kind, r.year,
               r.published, r.deadline,
               CASE WHEN r.published IS NULL THEN NULL WHEN r.published <= r.deadline THEN 1 ELSE 0 END
                   AS on_time,
               r.cells_found, r.cells_expected,
               CASE WHEN r.cells_expected > 0 THEN round(1.0 * r.cells_found / r.cells_expected, 4) END
                   AS tables_complete,
               r.rules_failed, r.text_reuse, r.previous_report_id, r.sentences, r.disagreeing_copies,
               g.province, g.city, g.county, g.id AS agency_id
        FROM annual_report r
        JOIN agency g ON g.id = r.agency_id
    """,
    # Reported last year, not this year; "this year" only up to the latest year the region has any report
    # for, so next year's reports are not all missing on the first of January.
    "missing_reports": """
        SELECT g.id AS agency_id, g.region, g.name AS agency, r.year + 1 AS year, r.id AS last_report_id,
               g.province, g.city, g.county, g.kind AS agency_kind
        FROM annual_report r
        JOIN agency g ON g.id = r.agency_id
        WHERE NOT EXISTS (SELECT 1 FROM annual_report n WHERE n.agency_id = r.agency_id AND n.year = r.year + 1)
          AND r.year + 1 <= (SELECT max(r2.year) FROM annual_report r2 JOIN agency g2 ON g2.id = r2.agency_id
                             WHERE g2.region = g.region)
    """,
    # reports_reused: reports with at least half of their sentences repeated from the previous report.
    "county_indicators": """
        SELECT max(x.province) AS province, max(x.city) AS city, x.region, x.year,
               sum(x.report) AS reports, sum(x.on_time) AS on_time, sum(x.late) AS late,
               sum(x.unknown) AS published_unknown, round(avg(x.tables_complete), 4) AS tables_complete,
               sum(x.failing) AS reports_failing_rules, sum(x.reused) AS reports_reused,
               sum(x.missing) AS missing, sum(x.rules_failed) AS rules_failed
        FROM (
            SELECT i.province, i.city, i.region, i.year, 1 AS report,
                   CASE WHEN i.on_time = 1 THEN 1 ELSE 0 END AS on_time,
                   CASE WHEN i.on_time = 0 THEN 1 ELSE 0 END AS late,
                   CASE WHEN i.on_time IS NULL THEN 1 ELSE 0 END AS unknown,
                   i.tables_complete,
                   CASE WHEN i.rules_failed > 0 THEN 1 ELSE 0 END AS failing,
                   CASE WHEN i.text_reuse >= 0.5 THEN 1 ELSE 0 END AS reused,
                   0 AS missing, i.rules_failed
            FROM report_indicators i
            UNION ALL
            SELECT m.province, m.city, m.region, m.year, 0, 0, 0, 0, NULL, 0, 0, 1, 0
            FROM missing_reports m
        ) x
        GROUP BY x.region, x.year
    """,
}


def create_views() -> None:
    for name, sql in VIEWS.items():
        op.execute(f"CREATE VIEW {name} AS {sql}")


def drop_views() -> None:
    for name in reversed(VIEWS):
        op.execute(f"DROP VIEW IF EXISTS {name}")
