"""What can go wrong in the archive, for its callers to catch by kind.

None of these knows an exit code: the command line maps them (`nianbao.cli.exit_code`). They live in one
module, below everything else in the archive, so that a caller catching `ArchiveError` needs no other part.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from nianbao.errors import NianbaoError


class ArchiveError(NianbaoError):
    """The archive could not do what was asked; nothing half-done was kept."""


class ArchiveFull(ArchiveError):
    """The archive's disk (or SQLite's size cap) is full: the write was rolled back, nothing half-stored."""


class ArchiveUnavailable(ArchiveError):
    """The archive's database stayed unreachable through every retry: the write did not happen."""


class NotFound(ArchiveError):
    """No such document or version."""


class CorruptBlob(ArchiveError):
    """A stored body no longer hashes to its address: nothing wrong is ever written out."""


class SchemaError(ArchiveError):
    """The database is not an archive this nianbao can use (not a nianbao archive, or made by a newer one)."""


class SchemaOutdated(SchemaError):
    """The archive was made by an older nianbao; its schema must be upgraded explicitly."""

    def __init__(self, current: str, head: str) -> None:
        super().__init__(
            f"the archive's schema is at revision {current}, this nianbao needs {head}: "
            "run `nianbao db upgrade` (back the archive up first if you want to be able to go back)"
        )
        self.current = current
        self.head = head


class BackupFailed(ArchiveError):
    """The copy could not be made; nothing is left under the target name."""


class QueryRefused(ArchiveError):
    """The database refused the query (a write, a forbidden statement, several statements, bad SQL)."""


class ReaderUnavailable(ArchiveError):
    """`nianbao sql` has no safe read-only role to run as."""


class PortalLocked(ArchiveError):
    """Another live run is crawling the portal (interfaces.md gives it exit code 3)."""

    def __init__(self, portal: str, holder: str, heartbeat_at: datetime | None = None) -> None:
        since = f", last heartbeat {heartbeat_at:%Y-%m-%d %H:%M:%S %Z}" if heartbeat_at else ""
        super().__init__(f"portal {portal!r} is being crawled by another run ({holder}{since})")
        self.portal = portal
        self.holder = holder
        self.heartbeat_at = heartbeat_at


def is_disk_full(err: Any) -> bool:
    """A database error that means no space: SQLite's SQLITE_FULL (a full disk or the archive's size cap),
    PostgreSQL's disk_full (SQLSTATE 53100) or ENOSPC. `err` is a SQLAlchemy DBAPIError."""
    cause = getattr(err, "orig", err)
    text = str(cause).lower()
    return (
        "database or disk is full" in text
        or "no space left on device" in text
        or getattr(cause, "sqlstate", None) == "53100"
    )
