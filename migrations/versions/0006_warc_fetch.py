"""What a WARC record needs from a fetch: the status line, the response headers as received (order and repeats
kept), the request as sent, and where an imported fetch came from (issue 19).

Only new nullable columns: fetches made before keep NULL there, and `nianbao export --format warc`
reconstructs their headers from `fetch_record.headers`, saying so in the record. Adding a column leaves the
views that read `fetch_record` valid on both databases, so none is dropped.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from nianbao.models.base import JSONType

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

COLUMNS = (
    ("status_line", sa.Text()),
    ("response_headers", JSONType),
    ("request_method", sa.String(length=16)),
    ("request_url", sa.Text()),
    ("request_headers", JSONType),
    ("source", sa.Text()),
)


def upgrade() -> None:
    for name, kind in COLUMNS:
        op.add_column("fetch_record", sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    # Plain ALTER TABLE DROP COLUMN on both databases (SQLite has it since 3.35): a batch rebuild of fetch_record
    # would drop a table that versions reference, which SQLite's enforced foreign keys refuse.
    for name, _ in reversed(COLUMNS):
        op.drop_column("fetch_record", name)
