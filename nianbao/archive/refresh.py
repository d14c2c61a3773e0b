"""Keeping annual reports, agencies, indicators, text reuse and the search index in step with the documents,
with work proportional to what changed.

Every write to a document's latest version or extraction queues the document in `refresh_queue`, in the
same transaction (migration 0005's triggers). `refresh` drains the queue in batches, each its own short
transaction: read a batch of queued documents, regroup them (`archive.annual.regroup`, which writes only the
values that differ), delete exactly the entries it read. Entries queued meanwhile wait for the next batch.
A batch's size adapts so that a transaction holds the write lock about `TARGET_SECONDS`: a crawl's
writers wait a fraction of a second, not for the whole refresh. With nothing queued a refresh reads one row
and writes nothing.

Who refreshes: every command that writes (crawl, reextract) at its end. Readers (scorecard, search,
dashboard, export, sql) never do: what they read is current after every writer finished. Refreshes of one
archive are serialised (SQLite's write lock; a PostgreSQL advisory lock per batch), so two never regroup
the same document from different states.

`rebuild` queues every document and regroups them all with every row rewritten and every report's text
re-indexed: `nianbao db rebuild`, for an archive whose derived rows one no longer trusts.

    from nianbao.archive.refresh import refresh, rebuild
    refresh(archive, portal_regions=[("wenshang", "山东省", "济宁市", "汶上县")])   # RefreshSummary(...)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from nianbao.archive.agencies import record_portal_regions
from nianbao.archive.annual import RefreshSummary, Regrouped, regroup
from nianbao.archive.ingest import utcnow
from nianbao.archive.retries import with_retries
from nianbao.models import AnnualReport, AnnualReportDocument, Document
from nianbao.models.annual import RefreshQueue

if TYPE_CHECKING:
    from nianbao.archive import Archive

_queue = RefreshQueue.__table__
_report = AnnualReport.__table__
_member = AnnualReportDocument.__table__
_document = Document.__table__

#: Serialises refreshes of one PostgreSQL archive (SQLite's BEGIN IMMEDIATE does it there): "annual".
_PG_LOCK_KEY = 0x616E6E75616C
#: How long one batch should hold the write lock, in seconds; batches grow and shrink towards it.
TARGET_SECONDS = 0.2
#: The pause between batches on SQLite, at most (half a batch's duration when shorter): see `_gap`.
GAP_SECONDS = 0.1
_FIRST_BATCH = 8
_MAX_BATCH = 2000

T = TypeVar("T")
PortalRegions = Iterable[tuple[str, str | None, str | None, str | None]]


def refresh(archive: Archive, portal_regions: PortalRegions = ()) -> RefreshSummary:
    """Regroup every document queued since the last refresh (see the module docstring)."""
    regions = list(portal_regions)
    longest = 0.0
    if regions:
        longest = _timed(archive, lambda conn: record_portal_regions(conn, regions))[1]
    return _drain(archive, utcnow(), force=False, longest=longest)


def rebuild(archive: Archive) -> RefreshSummary:
    """Regroup every document from scratch: every report, member row, text reuse and index entry rewritten;
    reports no document carries any more removed."""

    def queue_all(conn: Connection) -> None:
        _lock(conn)
        conn.execute(_queue.delete())
        conn.execute(
            _queue.insert().from_select(
                ["document_id"],
                sa.select(_document.c.id).where(_document.c.kind.in_(("page", "attachment"))).order_by(_document.c.id),
            )
        )

    longest = _timed(archive, queue_all)[1]
    summary = _drain(archive, utcnow(), force=True, longest=longest)

    def drop_orphans(conn: Connection) -> int:
        _lock(conn)
        orphans = sa.select(_report.c.id).where(~sa.exists().where(_member.c.annual_report_id == _report.c.id))
        conn.execute(
            _report.update()
            .where(_report.c.previous_report_id.in_(orphans))
            .values(previous_report_id=None, text_reuse=None)
        )
        return conn.execute(_report.delete().where(_report.c.id.in_(orphans))).rowcount

    _timed(archive, drop_orphans)
    return summary


def pending(archive: Archive) -> int:
    """Queue entries waiting for a refresh."""
    return with_retries(
        archive.engine,
        lambda conn: conn.execute(sa.select(sa.func.count()).select_from(_queue)).scalar_one(),
        read=True,
    )


def _drain(archive: Archive, now: datetime, *, force: bool, longest: float) -> RefreshSummary:
    done = Regrouped()
    batches = 0
    size = _FIRST_BATCH

    def queued(conn: Connection) -> bool:
        return conn.execute(sa.select(_queue.c.id).limit(1)).first() is not None

    if with_retries(archive.engine, queued, read=True):  # nothing queued: no write lock at all
        while True:

            def batch(conn: Connection, size: int = size) -> tuple[Regrouped, int] | None:
                _lock(conn)
                entries = conn.execute(
                    sa.select(_queue.c.id, _queue.c.document_id).order_by(_queue.c.id).limit(size)
                ).all()
                if not entries:
                    return None
                taken = {e.id for e in entries}

                def queued(document_ids: set[int]) -> set[int]:
                    found = set()
                    for chunk in _chunks(sorted(document_ids)):
                        rows = conn.execute(
                            sa.select(_queue.c.id, _queue.c.document_id).where(_queue.c.document_id.in_(chunk))
                        ).all()
                        taken.update(r.id for r in rows)
                        found.update(r.document_id for r in rows)
                    return found

                documents = {e.document_id for e in entries}
                # The same documents' other entries with them (a crawl queues a document once for its new
                # version and again for its extraction, in two transactions): else each is regrouped twice.
                queued(documents)
                result = regroup(conn, documents, now, force=force, queued=queued)
                for chunk in _chunks(sorted(taken)):  # exactly the entries read: later ones wait their turn
                    conn.execute(_queue.delete().where(_queue.c.id.in_(chunk)))
                return result, len(taken)

            outcome, took = _timed(archive, batch)
            longest = max(longest, took)
            if outcome is None:
                break
            result, entries = outcome
            batches += 1
            for name in ("documents", "reports_written", "reports_deleted", "members_written", "reindexed"):
                setattr(done, name, getattr(done, name) + getattr(result, name))
            time.sleep(_gap(archive, took))
            size = _next_size(size, entries, took)
    return _summary(archive, done, batches, longest)


def _gap(archive: Archive, took: float) -> float:
    """How long to leave the write lock free after a batch that held it `took` seconds.

    A writer waiting for SQLite's lock sleeps in the busy handler between tries and misses a lock released
    and taken again at once: it needs a gap, or it waits for every batch. The handler backs off 1, 2, 5, 10,
    15, 20, 25, 25, 25, 50, 50 ms and then 100 ms: a writer that began waiting during a batch of 0.2 s or
    less tries at least every 50 ms, so half the longest gap does; a longer wait tries every 100 ms. A third
    of a 1 %-refresh was these pauses. PostgreSQL writers do not queue on one lock (the refresh's advisory
    lock keeps out only other refreshes): no pause."""
    if archive.engine.dialect.name != "sqlite":
        return 0.0
    return min(GAP_SECONDS if took > 0.228 else GAP_SECONDS / 2, took / 2)


def _next_size(size: int, entries: int, took: float) -> int:
    """Queue entries for the next batch, towards TARGET_SECONDS a batch: as many as this batch's time per
    entry taken says, at most four times this one (its time includes costs not per entry) and at least half
    of it when it was fast enough (one slow batch on a busy machine should not shrink the next ones to a
    crawl: every batch pays a pause and the fixed costs)."""
    per_entry = took / max(1, entries)
    aim = int(TARGET_SECONDS / max(per_entry, 1e-6))
    floor = size // 2 if took <= 1.5 * TARGET_SECONDS else 1
    return max(1, floor, min(_MAX_BATCH, 4 * size, aim))


def _summary(archive: Archive, done: Regrouped, batches: int, longest: float) -> RefreshSummary:
    def totals(conn: Connection) -> RefreshSummary:
        reports, documents, agencies, disagreeing = conn.execute(
            sa.select(
                sa.func.count(),
                sa.func.coalesce(sa.func.sum(_report.c.documents), 0),
                sa.func.count(sa.distinct(_report.c.agency_id)),
                sa.func.coalesce(sa.func.sum(_report.c.disagreeing_copies), 0),
            )
        ).one()
        return RefreshSummary(int(reports), int(documents), int(agencies), int(disagreeing), done, batches, longest)

    return with_retries(archive.engine, totals, read=True)


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), 500):
        yield ids[start : start + 500]


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})")


def _timed(archive: Archive, work: Callable[[Connection], T]) -> tuple[T, float]:
    """Run `work` in a write transaction; its result and how long the transaction took (lock held)."""
    started = time.monotonic()
    result = with_retries(archive.engine, work)
    return result, time.monotonic() - started
