"""Transactions that survive what a database does to a long crawl: lost races, locks, dropped connections.

What is retried, and why it is safe:

- a lost race on a unique key, or SQLite's "database is locked" after its busy timeout: the other writer's
  result is visible on the next attempt;
- a connection the server dropped (`pg_terminate_backend`, a restart, a network cut), or a server that
  refuses connections for now (restarting): SQLAlchemy has invalidated the dead connection, the pool's
  pre-ping hands out a live one, and the pauses grow towards MAX_DISCONNECT_PAUSE (6 to 12 s in all). The
  work is a whole transaction, so a failed attempt left nothing behind — except when the connection
  dropped *during COMMIT*, when nobody knows whether the commit landed. `replay` answers that: it looks
  for the attempt's own writes and, if they are there, returns what that attempt returned instead of
  writing again.

A full disk is not retried: it becomes `ArchiveFull`, a clear message (exit code 1 in the command line), the transaction
rolled back, the archive as it was.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError

from nianbao.archive.database import reading
from nianbao.archive.errors import ArchiveFull, ArchiveUnavailable, is_disk_full

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Attempts before a transaction that keeps losing races, finding the database locked or losing its
#: connection gives up.
MAX_ATTEMPTS = 8
#: The longest pause between two attempts after a dropped connection: together the attempts wait 6 to 12 s
#: for a server that restarts, then give up with `ArchiveUnavailable`.
MAX_DISCONNECT_PAUSE = 6.0


class LostRace(Exception):
    """Another transaction took a key this one wanted; retry from the start."""


def with_retries(
    engine: Engine,
    work: Callable[[Connection], T],
    *,
    read: bool = False,
    replay: Callable[[Connection], T | None] | None = None,
) -> T:
    """Run `work` in a transaction, again (with jittered backoff) after a transient failure.

    `read=True` takes no write lock on SQLite. `replay(conn)` is consulted before an attempt that follows a
    dropped connection: a result means the dropped attempt did commit, and it is returned as is.
    """
    ambiguous = False
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            with engine.connect() as conn:
                if read:
                    conn = reading(conn)
                with conn.begin():
                    if ambiguous and replay is not None and (done := replay(conn)) is not None:
                        return done
                    return work(conn)
        except (LostRace, DBAPIError) as err:
            if isinstance(err, DBAPIError) and is_disk_full(err):
                raise ArchiveFull(
                    f"the archive's disk is full ({first_line(err)}): nothing of this write "
                    "was stored; free space and run again"
                ) from err
            disconnected = isinstance(err, DBAPIError) and is_disconnect(err)
            if not (disconnected or isinstance(err, LostRace) or is_transient(err)):
                raise  # a real error (unknown run id, bad data): retrying would not help
            if attempt == MAX_ATTEMPTS:
                if disconnected:
                    raise ArchiveUnavailable(
                        f"the archive's database went away and did not come back after "
                        f"{MAX_ATTEMPTS} attempts ({first_line(err)})"
                    ) from err
                raise
            ambiguous = ambiguous or disconnected
            log.info("retrying a transaction after %s (attempt %d): %s", type(err).__name__, attempt, first_line(err))
            time.sleep(_pause(attempt, disconnected))
    raise AssertionError("unreachable")


def _pause(attempt: int, disconnected: bool) -> float:
    if disconnected:  # a server restarting takes seconds: back off towards MAX_DISCONNECT_PAUSE
        return min(MAX_DISCONNECT_PAUSE, 0.05 * 2**attempt) * random.uniform(0.5, 1.0)
    return random.uniform(0, 0.01 * 2**attempt)


#: SQLSTATEs of a server going away or not yet back: connection_exception (class 08), admin_shutdown,
#: crash_shutdown, cannot_connect_now (starting up or shutting down).
_GONE_STATES = ("57P01", "57P02", "57P03")
#: What a client library says when there is no server to connect to (no SQLSTATE: nothing answered).
_NO_SERVER = ("connection refused", "connection failed", "could not connect", "no such file or directory")


def is_disconnect(err: DBAPIError) -> bool:
    """The connection dropped, or none could be made: the database is away, perhaps only for seconds.

    SQLAlchemy flags a dropped connection (`connection_invalidated`); a refused new connection is an error
    at connect time, which it does not flag, so the server's SQLSTATE or the client's words say it.
    """
    if err.connection_invalidated:
        return True
    state = getattr(err.orig, "sqlstate", None) or ""
    if state.startswith("08") or state in _GONE_STATES:
        return True
    return (
        err.statement is None
        and isinstance(err, sa.exc.OperationalError)
        and not _is_sqlite(err)
        and any(words in str(err.orig).lower() for words in _NO_SERVER)
    )


def explain(err: DBAPIError) -> str | None:
    """What to tell the user about a database error no retry could help, or None for a bug to show as is."""
    if is_disk_full(err):
        return f"the archive's disk is full ({first_line(err)}); free space and run again"
    if is_disconnect(err):
        return f"the archive's database is unreachable ({first_line(err)}); run again once it is back"
    return None


def _is_sqlite(err: DBAPIError) -> bool:
    # SQLite's "unable to open database file" is a wrong path or permissions, never a server coming back.
    return type(err.orig).__module__.startswith("sqlite3")


def is_transient(err: Exception) -> bool:
    """Lost a race on a unique key (a concurrent insert the ON CONFLICT clauses do not cover), or waited
    too long for a lock: trying again will see the other transaction's result."""
    if not isinstance(err, DBAPIError):
        return False
    text = str(err.orig).lower()
    if isinstance(err, IntegrityError):
        return "unique" in text or "duplicate key" in text
    if not isinstance(err, sa.exc.OperationalError):
        return False
    return "locked" in text or "busy" in text or "deadlock" in text or "could not serialize" in text


def first_line(err: Exception) -> str:
    """The driver's own message, first line only (PostgreSQL's carry DETAIL and HINT lines below)."""
    cause = err.orig if isinstance(err, DBAPIError) else err
    text = str(cause).strip()
    return text.splitlines()[0] if text else type(cause).__name__
