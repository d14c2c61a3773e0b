"""The bottom of the error tree and the exit codes of interfaces.md.

Each library keeps its own errors (`nianbao.archive.errors`, …), all subclasses of `NianbaoError`: a failure
the user can act on, whose message is printed as is. Which exit code an error means is decided in one place,
the command line's map (`nianbao.cli.exit_code`); the numbers themselves live here because the crawl job and
the systemd units it writes speak them too. Nothing in this module imports from nianbao.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_CANNOT_RUN = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3


class NianbaoError(Exception):
    """A failure the user can act on: the message says what and what to do, and is printed as is."""


class CommandError(NianbaoError):
    """A command could not do what it was asked (a file it cannot write, a name it does not know)."""


class UsageError(CommandError):
    """The command's arguments are wrong in a way only seen after parsing them."""
