"""Portal locks: one crawl per portal at a time, across processes and machines, held in the archive itself.

The lock lives in the database (table `portal_lock`) rather than in a lock file because workers on several
machines share one PostgreSQL archive: only the database is seen by all of them. One crawl per portal is also
what keeps per-domain politeness when many workers run (Scrapy's per-domain limits are per process).

    from nianbao.archive.locks import portal_locks, PortalLocked

    with portal_locks(archive, ["wenshang", "linqu"], run_id=None) as held:   # all or nothing
        held.attach_run(run_id)          # optional: name the crawl run once it exists
        ...crawl held.portals...         # a heartbeat thread keeps the locks fresh meanwhile
    # raises PortalLocked (exit code 3 in the command line) naming the portal and its holder

    with portal_locks(archive, names, skip_locked=True) as held:               # take what is free
        held.portals, held.skipped       # skipped: {portal: holder} of the ones another live run holds

A lock is taken atomically: an INSERT that does nothing on conflict, or — for a stale lock — an UPDATE
conditional on the row still being the stale one, so of two runs racing for a portal exactly one wins. A lock
is stale when its heartbeat is older than `stale_after`, or at once when its holder (`host:pid:token`) is a
process of this host that no longer exists (a SIGKILLed or crashed crawl). A holder on another machine can
only be judged by its heartbeat. Taking a stale lock over also closes the crawl run named in it (`attach_run`):
`finished` set, stats `{"status": "abandoned", "reason": …}`, since a dead run never closes its own row.
Runs that hold no lock are closed by archive.runs when their process is gone.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from nianbao.archive.errors import PortalLocked
from nianbao.archive.holders import Holder
from nianbao.archive.runs import abandon_run
from nianbao.archive.store import Archive
from nianbao.models import CrawlRun, PortalLock
from nianbao.settings import declared

log = logging.getLogger(__name__)

_lock = PortalLock.__table__
_run = CrawlRun.__table__

#: A lock not refreshed for this long belongs to a run that is gone (a crashed machine, a lost network).
#: Generous against the heartbeat: a busy database or a paused VM must not hand a live portal to a second run.
STALE_AFTER = timedelta(seconds=declared("NIANBAO_LOCK_STALE_AFTER").default)
#: How often a held lock is refreshed; a tenth of STALE_AFTER leaves room for missed beats.
HEARTBEAT_EVERY = timedelta(seconds=declared("NIANBAO_LOCK_HEARTBEAT").default)
#: Attempts when the row changes under us between reading and taking it (another run won or let go).
_RACE_ATTEMPTS = 5


@dataclass
class HeldLocks:
    """The portals one run holds; `skipped` maps each portal another run holds to that holder."""

    archive: Archive
    holder: Holder
    portals: list[str]
    skipped: dict[str, str] = field(default_factory=dict)
    lost: set[str] = field(default_factory=set)

    def attach_run(self, run_id: int) -> None:
        """Record the crawl run the locks are held for (known only once the crawl has started its run)."""
        with self.archive.engine.begin() as conn:
            conn.execute(_lock.update().where(*self._mine()).values(run_id=run_id))

    def heartbeat(self, now: datetime | None = None) -> set[str]:
        """Refresh every held lock; returns the locks newly found taken over (our beats stopped too long)."""
        if not self.portals:
            return set()
        with self.archive.engine.begin() as conn:
            conn.execute(_lock.update().where(*self._mine()).values(heartbeat_at=now or _now()))
            still = set(conn.execute(sa.select(_lock.c.portal).where(*self._mine())).scalars())
        lost = set(self.portals) - still - self.lost
        if lost:
            log.error("portal locks lost to another run (heartbeat too late?): %s", ", ".join(sorted(lost)))
            self.lost |= lost
        return lost

    def release(self) -> None:
        if not self.portals:
            return
        with self.archive.engine.begin() as conn:
            conn.execute(_lock.delete().where(*self._mine()))

    def _mine(self) -> tuple[sa.ColumnElement[bool], ...]:
        return _lock.c.portal.in_(self.portals), _lock.c.holder == str(self.holder)


def acquire(archive: Archive, portal: str, holder: Holder, run_id: int | None = None,
            stale_after: timedelta = STALE_AFTER, now: datetime | None = None) -> None:
    """Take the lock of one portal for `holder`, or raise PortalLocked naming the live holder."""
    for _ in range(_RACE_ATTEMPTS):
        at = now or _now()
        with archive.engine.begin() as conn:
            if _insert(conn, portal, holder, run_id, at):
                return
            row = conn.execute(sa.select(_lock).where(_lock.c.portal == portal)).first()
            if row is None:
                continue  # released between our insert and our read: try again
            current = Holder.parse(row.holder)
            heartbeat = _aware(row.heartbeat_at)
            dead = current is not None and current.is_dead_here()
            if not dead and heartbeat >= at - stale_after:
                raise PortalLocked(portal, row.holder, heartbeat)
            taken = conn.execute(
                _lock.update()
                .where(_lock.c.portal == portal, _lock.c.holder == row.holder,
                       _lock.c.heartbeat_at == row.heartbeat_at)
                .values(holder=str(holder), run_id=run_id, acquired_at=at, heartbeat_at=at)
            ).rowcount
            if taken == 1:
                why = "its process is gone" if dead else f"no heartbeat since {heartbeat:%Y-%m-%d %H:%M:%S}"
                log.warning("portal %s: stale lock of %s recovered (%s)", portal, row.holder, why)
                _close_abandoned_run(conn, row, at, why)
                return
    raise PortalLocked(portal, "a run racing for it")


@contextmanager
def portal_locks(archive: Archive, portals: Iterable[str], run_id: int | None = None, *,
                 skip_locked: bool = False, stale_after: timedelta = STALE_AFTER,
                 heartbeat_every: timedelta = HEARTBEAT_EVERY,
                 on_lost: Callable[[set[str]], None] | None = None) -> Iterator[HeldLocks]:
    """Hold the locks of `portals` for the block, refreshed by a heartbeat thread, released at the end.

    All or nothing by default: the first portal another live run holds raises PortalLocked and the locks
    already taken are let go. With `skip_locked`, the free portals are held and the others listed in
    `skipped` (a nightly crawl of every portal proceeds past one still being crawled by hand).
    Portals are taken in sorted order, so two all-or-nothing runs cannot each hold what the other waits for.
    `on_lost` is called from the heartbeat thread with the portals whose locks another run took over (this
    run's beats stopped for longer than `stale_after`): the caller should stop crawling them.
    """
    held = HeldLocks(archive, Holder.current(run_id), [])
    try:
        for portal in sorted(set(portals)):
            try:
                acquire(archive, portal, held.holder, run_id, stale_after)
            except PortalLocked as err:
                if not skip_locked:
                    raise
                held.skipped[portal] = err.holder
                continue
            held.portals.append(portal)
        with _Heartbeat(held, heartbeat_every, on_lost):
            yield held
    finally:
        held.release()


class _Heartbeat:
    """A daemon thread refreshing the locks while the crawl runs (the crawl's own thread is busy crawling)."""

    def __init__(self, held: HeldLocks, every: timedelta, on_lost: Callable[[set[str]], None] | None) -> None:
        self._held = held
        self._on_lost = on_lost
        self._every = every.total_seconds()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="portal-lock-heartbeat", daemon=True)

    def __enter__(self) -> _Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            try:
                lost = self._held.heartbeat()
            except sa.exc.SQLAlchemyError:  # a database blip: the next beat tries again, STALE_AFTER allows it
                log.exception("portal lock heartbeat failed")
                continue
            if lost and self._on_lost is not None:
                self._on_lost(lost)


def _close_abandoned_run(conn: Connection, stale: sa.Row, at: datetime, why: str) -> None:
    """End the crawl run of a lock taken over as stale: that run is dead and would stay open forever.

    Done in the takeover's transaction, so a run is closed exactly when its lock provably changed hands, never
    while it still holds one. A run that did finish (it died after finish_run) keeps its own stats.
    """
    if stale.run_id is not None:
        abandon_run(conn, stale.run_id, at, why, holder=stale.holder,
                    last_heartbeat=_aware(stale.heartbeat_at).isoformat())


def _insert(conn: Connection, portal: str, holder: Holder, run_id: int | None, at: datetime) -> bool:
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    statement = insert(_lock).values(portal=portal, holder=str(holder), run_id=run_id, acquired_at=at,
                                     heartbeat_at=at).on_conflict_do_nothing(index_elements=["portal"])
    # RETURNING, not rowcount: psycopg reports no rowcount SQLAlchemy trusts for INSERT … ON CONFLICT
    return conn.execute(statement.returning(_lock.c.portal)).first() is not None


def locks(engine: Engine) -> list[sa.Row]:
    """The locks held now (portal, run_id, holder, acquired_at, heartbeat_at), for status and tests."""
    with engine.connect() as conn:
        return list(conn.execute(sa.select(_lock).order_by(_lock.c.portal)).all())


def _aware(value: datetime) -> datetime:
    """SQLite hands timestamps back naive; they were written in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _now() -> datetime:
    return datetime.now(UTC)
