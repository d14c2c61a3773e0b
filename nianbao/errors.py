"""Errors a command reports to the user, with the exit codes of interfaces.md."""

from __future__ import annotations

EXIT_OK = 0
EXIT_CANNOT_RUN = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3


class CommandError(Exception):
    """A failure the user can act on: the message is printed as is, the process exits with `code`."""

    def __init__(self, message: str, code: int = EXIT_CANNOT_RUN) -> None:
        super().__init__(message)
        self.code = code
