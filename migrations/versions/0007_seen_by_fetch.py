"""A fetch that saw a document's body moves `last_seen` itself: a not-modified revisit is one statement (issue 18).

A revisit that finds the latest body again (a 304, or the same SHA-256) changes three rows: it logs a
`fetch_record`, moves the latest version's `last_seen`, and moves the document's `last_seen` (clearing
`gone_since`). Sent as three statements, the two updates cost more than the insert, and a nightly crawl is
mostly such revisits. Here a trigger on the fetch log does the updates inside the insert, whoever writes it
(ingest, import, a person in `psql`), so the log and the times it implies cannot disagree:

- every fetch that saw the document's body (`new_document`, `new_version`, `unchanged`, `not_modified`) moves
  the document's `last_seen` forward (fetches may be logged out of order) and clears `gone_since` if the fetch
  came after the document was found gone;
- an `unchanged` or `not_modified` fetch moves its version's `last_seen` forward, when that version (the
  fetch's SHA-256) is the document's latest. An imported capture older than the latest version
  (archive.warc_history) is logged `unchanged` too; its time is earlier than the latest version's, so nothing
  moves, and warc_history moves the older version's times itself.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_SEEN = "('new_document', 'new_version', 'unchanged', 'not_modified')"
_CONFIRMED = "('unchanged', 'not_modified')"


def _version_update(new: str) -> str:
    return (
        f"UPDATE version SET last_seen = {new}.fetched_at WHERE document_id = {new}.document_id "
        f"AND sha256 = {new}.sha256 AND last_seen < {new}.fetched_at "
        f"AND seq = (SELECT max(seq) FROM version WHERE document_id = {new}.document_id)"
    )


def _document_update(new: str, greatest: str) -> str:
    return (
        f"UPDATE document SET last_seen = {greatest}(last_seen, {new}.fetched_at), "
        f"gone_since = CASE WHEN gone_since <= {new}.fetched_at THEN NULL ELSE gone_since END "
        f"WHERE id = {new}.document_id AND (last_seen < {new}.fetched_at OR gone_since <= {new}.fetched_at)"
    )


_SQLITE_TRIGGER = f"""
CREATE TRIGGER fetch_record_seen AFTER INSERT ON fetch_record
WHEN new.document_id IS NOT NULL AND new.outcome IN {_SEEN}
BEGIN
    {_version_update("new")} AND new.outcome IN {_CONFIRMED};
    {_document_update("new", "max")};
END
"""

_PG_FUNCTION = f"""
CREATE FUNCTION fetch_record_seen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.outcome IN {_CONFIRMED} THEN
        {_version_update("NEW")};
    END IF;
    {_document_update("NEW", "GREATEST")};
    RETURN NULL;
END
$$
"""
_PG_TRIGGER = (
    "CREATE TRIGGER fetch_record_seen AFTER INSERT ON fetch_record FOR EACH ROW "
    f"WHEN (NEW.document_id IS NOT NULL AND NEW.outcome IN {_SEEN}) EXECUTE FUNCTION fetch_record_seen()"
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(_SQLITE_TRIGGER)
    else:
        op.execute(_PG_FUNCTION)
        op.execute(_PG_TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS fetch_record_seen")
    else:
        op.execute("DROP TRIGGER IF EXISTS fetch_record_seen ON fetch_record")
        op.execute("DROP FUNCTION IF EXISTS fetch_record_seen()")
