"""An index of the cells without a value, so a refresh reads every other cell key from the unique index alone
(issue 18).

A refresh needs each regrouped copy's cell keys: the cells found, i.e. those with a value. Filtering on
`value IS NOT NULL` makes the database visit every cell row (~220 a report) behind the unique index on
(extraction_id, cell_key); reading all keys from that index alone and taking away the few valueless ones,
found through this partial index, read 1,100 reports' keys of a 100,000-report SQLite archive in 0.08 s
instead of 0.22 s (0.43 s with a cold cache). The index holds only valueless cells, so it costs a crawl's
writers next to nothing.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_NAME = "ix_extraction_cell_valueless"


def upgrade() -> None:
    op.create_index(
        _NAME,
        "extraction_cell",
        ["extraction_id", "cell_key"],
        sqlite_where=sa.text("value IS NULL"),
        postgresql_where=sa.text("value IS NULL"),
    )


def downgrade() -> None:
    op.drop_index(_NAME, table_name="extraction_cell")
