"""Search over annual reports' text: one row per sentence of each report's canonical document, and per database
what finds Chinese words in them fast.

- SQLite (3.34 or later): an external-content FTS5 table with the trigram tokenizer over `report_sentence`, kept
  in step by triggers; any substring of 3 or more characters is an index lookup, shorter ones a LIKE scan.
- PostgreSQL: pg_trgm and a GIN trigram index, if the extension exists and this role may create it (a
  superuser, or a trusted extension on PostgreSQL 13+ for a database owner). Otherwise the archive still works:
  search scans, and says why. Either way the decision is logged here and `nianbao search` reports it.

No existing table changes, so no view has to be dropped first. The index is filled by the next
`archive.annual.refresh` (every crawl, re-extraction, scorecard and search runs one).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

import logging
import sqlite3

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

FTS_TABLE = "report_sentence_fts"
TRIGRAM_INDEX = "ix_report_sentence_trigram"

# The FTS5 documentation's recipe for an external-content table, less the insert trigger: the index mirrors
# every delete and update of the content table (cascaded deletes included: SQLite fires triggers for
# foreign-key actions). Inserts come only from archive.search.index_reports, which indexes them in bulk, ten
# times faster than a trigger fired row by row.
_SQLITE_FTS = [
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
    "sentence, content='report_sentence', content_rowid='id', tokenize='trigram')",
    f"""CREATE TRIGGER report_sentence_fts_delete AFTER DELETE ON report_sentence BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, sentence) VALUES ('delete', old.id, old.sentence);
    END""",
    f"""CREATE TRIGGER report_sentence_fts_update AFTER UPDATE ON report_sentence BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, sentence) VALUES ('delete', old.id, old.sentence);
        INSERT INTO {FTS_TABLE}(rowid, sentence) VALUES (new.id, new.sentence);
    END""",
]


def upgrade() -> None:
    op.create_table(
        "report_text",
        sa.Column("annual_report_id", sa.Integer(), nullable=False),
        sa.Column("extraction_id", sa.Integer(), nullable=False),
        sa.Column("sentences", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["annual_report_id"],
            ["annual_report.id"],
            name=op.f("fk_report_text_annual_report_id_annual_report"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["extraction_id"],
            ["extraction.id"],
            name=op.f("fk_report_text_extraction_id_extraction"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("annual_report_id", name=op.f("pk_report_text")),
    )
    op.create_table(
        "report_sentence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("annual_report_id", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["annual_report_id"],
            ["report_text.annual_report_id"],
            name=op.f("fk_report_sentence_annual_report_id_report_text"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_sentence")),
    )
    with op.batch_alter_table("report_sentence") as batch_op:
        batch_op.create_index(batch_op.f("ix_report_sentence_annual_report_id"), ["annual_report_id"], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_fts_table()
    else:
        _postgresql_trigram_index()
    op.execute(f"CREATE VIEW report_sentences AS {REPORT_SENTENCES}")


# The sentences with their report's agency, year and region, for `nianbao sql` (plain SQL for both databases).
REPORT_SENTENCES = """
    SELECT s.annual_report_id, g.region, g.name AS agency, r.year, s.section, s.position, s.sentence,
           g.province, g.city, g.county, g.id AS agency_id, t.extraction_id
    FROM report_sentence s
    JOIN report_text t ON t.annual_report_id = s.annual_report_id
    JOIN annual_report r ON r.id = s.annual_report_id
    JOIN agency g ON g.id = r.agency_id
"""


def _sqlite_fts_table() -> None:
    if sqlite3.sqlite_version_info < (3, 34):
        log.warning(
            "search: SQLite %s has no trigram tokenizer (3.34 or later has); `nianbao search` will scan "
            "report_sentence instead of using an FTS5 index",
            sqlite3.sqlite_version,
        )
        return
    for statement in _SQLITE_FTS:
        op.execute(statement)


def _postgresql_trigram_index() -> None:
    bind = op.get_bind()
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except sa.exc.DBAPIError as err:
        log.warning(
            "search: no pg_trgm (%s); `nianbao search` will scan report_sentence instead of using a trigram index",
            str(err.orig).strip().splitlines()[0],
        )
        return
    bind.exec_driver_sql(f"CREATE INDEX {TRIGRAM_INDEX} ON report_sentence USING gin (sentence gin_trgm_ops)")
    log.info("search: pg_trgm GIN index %s created", TRIGRAM_INDEX)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS report_sentences")
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in ("delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS report_sentence_fts_{trigger}")
        op.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    else:
        op.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")  # pg_trgm stays: an administrator may have made it
    with op.batch_alter_table("report_sentence") as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_sentence_annual_report_id"))
    op.drop_table("report_sentence")
    op.drop_table("report_text")
