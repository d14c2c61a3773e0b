"""The refresh queue: which documents changed since the annual reports were last regrouped.

`archive.refresh` regroups only the documents named here (and what depends on them), so work after a crawl
is proportional to what the crawl changed, not to the archive. Triggers fill the queue in the very
transaction that changes a document's latest version or extraction, whoever writes it (ingest, re-extraction,
a person in `psql`): nothing can change without being queued, and nothing is queued that did not commit.

What marks a document: a version inserted, deleted or renumbered; an extraction inserted, deleted or
updated (its cells and checks are written with it); a document's parent, kind or portal changed or the
document deleted (its old and new parent too: a page takes its agency from its attachments); a portal's
configured region changed (every document of that portal). A revisit that only moves `last_seen` marks
nothing.

Every existing page and attachment is queued here, so the first refresh after the upgrade regroups the whole
archive once (in short transactions, like every refresh).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_QUEUE = "INSERT INTO refresh_queue (document_id)"

#: (trigger name, SQLite event, statements in the trigger's body), for SQLite.
_SQLITE_TRIGGERS = [
    ("version_insert", "AFTER INSERT ON version", [f"{_QUEUE} VALUES (new.document_id)"]),
    ("version_delete", "AFTER DELETE ON version", [f"{_QUEUE} VALUES (old.document_id)"]),
    (
        "version_update",
        "AFTER UPDATE OF document_id, seq, first_seen ON version",
        [f"{_QUEUE} VALUES (old.document_id)", f"{_QUEUE} VALUES (new.document_id)"],
    ),
    (
        "extraction_insert",
        "AFTER INSERT ON extraction",
        [f"{_QUEUE} SELECT document_id FROM version WHERE id = new.version_id"],
    ),
    (
        "extraction_delete",
        "AFTER DELETE ON extraction",
        [f"{_QUEUE} SELECT document_id FROM version WHERE id = old.version_id"],
    ),
    (
        "extraction_update",
        "AFTER UPDATE ON extraction",
        [f"{_QUEUE} SELECT document_id FROM version WHERE id IN (old.version_id, new.version_id)"],
    ),
    (
        "document_update",
        "AFTER UPDATE OF parent_id, kind, portal_id ON document",
        [
            f"{_QUEUE} SELECT x FROM (SELECT new.id AS x UNION SELECT old.parent_id UNION SELECT new.parent_id) "
            "WHERE x IS NOT NULL"
        ],
    ),
    (
        "document_delete",
        "AFTER DELETE ON document",
        [f"{_QUEUE} SELECT x FROM (SELECT old.id AS x UNION SELECT old.parent_id) WHERE x IS NOT NULL"],
    ),
    (
        "portal_region_insert",
        "AFTER INSERT ON portal_region",
        [f"{_QUEUE} SELECT id FROM document WHERE portal_id = new.portal_id"],
    ),
    (
        "portal_region_delete",
        "AFTER DELETE ON portal_region",
        [f"{_QUEUE} SELECT id FROM document WHERE portal_id = old.portal_id"],
    ),
    (
        "portal_region_update",
        "AFTER UPDATE ON portal_region",
        [f"{_QUEUE} SELECT id FROM document WHERE portal_id IN (old.portal_id, new.portal_id)"],
    ),
]

# PostgreSQL: one trigger function, branching on the table and the operation.
_PG_FUNCTION = f"""
CREATE FUNCTION refresh_queue_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'version' THEN
        IF TG_OP <> 'INSERT' THEN {_QUEUE} VALUES (OLD.document_id); END IF;
        IF TG_OP <> 'DELETE' THEN {_QUEUE} VALUES (NEW.document_id); END IF;
    ELSIF TG_TABLE_NAME = 'extraction' THEN
        IF TG_OP <> 'INSERT' THEN {_QUEUE} SELECT document_id FROM version WHERE id = OLD.version_id; END IF;
        IF TG_OP <> 'DELETE' THEN {_QUEUE} SELECT document_id FROM version WHERE id = NEW.version_id; END IF;
    ELSIF TG_TABLE_NAME = 'document' THEN
        IF TG_OP <> 'INSERT' THEN
            {_QUEUE} SELECT x FROM (VALUES (OLD.id), (OLD.parent_id)) AS t(x) WHERE x IS NOT NULL;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            {_QUEUE} SELECT x FROM (VALUES (NEW.id), (NEW.parent_id)) AS t(x) WHERE x IS NOT NULL;
        END IF;
    ELSIF TG_TABLE_NAME = 'portal_region' THEN
        IF TG_OP <> 'INSERT' THEN {_QUEUE} SELECT id FROM document WHERE portal_id = OLD.portal_id; END IF;
        IF TG_OP <> 'DELETE' THEN {_QUEUE} SELECT id FROM document WHERE portal_id = NEW.portal_id; END IF;
    END IF;
    RETURN NULL;
END
$$
"""
#: (trigger name, PostgreSQL event), all calling refresh_queue_mark().
_PG_TRIGGERS = [
    ("version", "AFTER INSERT OR DELETE OR UPDATE OF document_id, seq, first_seen ON version"),
    ("extraction", "AFTER INSERT OR DELETE OR UPDATE ON extraction"),
    ("document", "AFTER DELETE OR UPDATE OF parent_id, kind, portal_id ON document"),
    ("portal_region", "AFTER INSERT OR DELETE OR UPDATE ON portal_region"),
]


def upgrade() -> None:
    op.create_table(
        "refresh_queue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refresh_queue")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("refresh_queue") as batch_op:
        batch_op.create_index(batch_op.f("ix_refresh_queue_document_id"), ["document_id"], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        for name, event, body in _SQLITE_TRIGGERS:
            op.execute(f"CREATE TRIGGER refresh_queue_{name} {event} BEGIN {'; '.join(body)}; END")
    else:
        op.execute(_PG_FUNCTION)
        for name, event in _PG_TRIGGERS:
            op.execute(
                f"CREATE TRIGGER refresh_queue_{name} {event} FOR EACH ROW EXECUTE FUNCTION refresh_queue_mark()"
            )
    op.execute(f"{_QUEUE} SELECT id FROM document WHERE kind IN ('page', 'attachment') ORDER BY id")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name, _, _ in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS refresh_queue_{name}")
    else:
        for name, event in _PG_TRIGGERS:
            table = event.rsplit(" ON ", 1)[1]
            op.execute(f"DROP TRIGGER IF EXISTS refresh_queue_{name} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS refresh_queue_mark()")
    op.drop_table("refresh_queue")
