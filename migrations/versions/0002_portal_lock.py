"""Portal locks (one crawl per portal at a time) and an index for counting a run's fetch outcomes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "portal_lock",
        sa.Column("portal", sa.String(length=100), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("holder", sa.Text(), nullable=False),
        sa.Column("acquired_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["crawl_run.id"], name=op.f("fk_portal_lock_run_id_crawl_run")),
        sa.PrimaryKeyConstraint("portal", name=op.f("pk_portal_lock")),
    )
    with op.batch_alter_table("fetch_record") as batch_op:
        batch_op.create_index("ix_fetch_record_run_id_outcome", ["run_id", "outcome"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("fetch_record") as batch_op:
        batch_op.drop_index("ix_fetch_record_run_id_outcome")
    op.drop_table("portal_lock")
