"""Errors a command reports to the user, with the exit codes of interfaces.md."""

from __future__ import annotations

from typing import Any

EXIT_OK = 0
EXIT_CANNOT_RUN = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3


class CommandError(Exception):
    """A failure the user can act on: the message is printed as is, the process exits with `code`."""

    def __init__(self, message: str, code: int = EXIT_CANNOT_RUN) -> None:
        super().__init__(message)
        self.code = code


class ArchiveFull(CommandError):
    """The archive's disk (or SQLite's size cap) is full: the write was rolled back, nothing half-stored."""


class ArchiveUnavailable(CommandError):
    """The archive's database stayed unreachable through every retry: the write did not happen."""


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
