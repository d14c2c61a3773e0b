"""The `nianbao` command: a thin argparse layer over the library packages.

Each subcommand lives in its own module of this package with a `register(subparsers)` that adds its parser
and sets `func(args) -> int`; the list below is the registry, so adding a command touches one line here.

Commands start at once: building the parser imports every command module, so those modules import only
argparse-level things at their top; the libraries a command runs on (SQLAlchemy, Alembic, Scrapy, the
extractor, pyarrow, rich) are imported inside the functions that run it. tests/cli/test_startup.py holds
`nianbao --help` and `nianbao sql` to that.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from nianbao import __version__
from nianbao.archive.errors import PortalLocked
from nianbao.errors import EXIT_CANNOT_RUN, EXIT_LOCKED, EXIT_USAGE, NianbaoError, UsageError

COMMANDS: list[str] = [
    "nianbao.cli.crawl",
    "nianbao.cli.demo",
    "nianbao.cli.db",
    "nianbao.cli.sql",
    "nianbao.cli.get",
    "nianbao.cli.history",
    "nianbao.cli.extract",
    "nianbao.cli.schedule",
    "nianbao.cli.reextract",
    "nianbao.cli.verify",
    "nianbao.cli.backup",
    "nianbao.cli.export",
    "nianbao.cli.import_warc",
    "nianbao.cli.changes",
    "nianbao.cli.scorecard",
    "nianbao.cli.search",
    "nianbao.cli.dashboard",
    "nianbao.cli.dispatch",
    "nianbao.cli.portals",
]


#: The one map from an error to the process's exit code (interfaces.md): the most specific class wins; every
#: other NianbaoError means "could not run". Libraries raise by kind and never choose a code themselves.
EXIT_CODES: dict[type[BaseException], int] = {
    UsageError: EXIT_USAGE,
    PortalLocked: EXIT_LOCKED,
    NianbaoError: EXIT_CANNOT_RUN,
}


def exit_code(err: BaseException) -> int:
    """The exit code for `err`, by the nearest of its classes in EXIT_CODES."""
    return next((EXIT_CODES[cls] for cls in type(err).__mro__ if cls in EXIT_CODES), EXIT_CANNOT_RUN)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nianbao",
        description="Crawl, archive and query China's 政府信息公开工作年度报告.",
    )
    parser.add_argument("--version", action="version", version=f"nianbao {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module_name in COMMANDS:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits with 2 on bad usage, as argparse does
    try:
        return int(args.func(args) or 0)
    except NianbaoError as err:
        print(f"nianbao: {err}", file=sys.stderr)
        return exit_code(err)
    except Exception as err:
        # Outside the archive's retrying transactions (opening it, a view refresh, a migration): a full disk
        # or an unreachable server is still a message, not a traceback.
        message = _database_message(err)
        if message is None:
            raise
        print(f"nianbao: {message}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    except KeyboardInterrupt:
        print("nianbao: interrupted", file=sys.stderr)
        return 130


def _database_message(err: Exception) -> str | None:
    """What to tell the user about a database error, or None for anything else (shown as a traceback).

    SQLAlchemy is looked up, not imported: a command that never loaded it cannot have raised its errors.
    """
    sa_exc = sys.modules.get("sqlalchemy.exc")
    if sa_exc is None or not isinstance(err, sa_exc.DBAPIError):
        return None
    from nianbao.archive.retries import explain

    return explain(err)


def usage_error(message: str) -> UsageError:
    """A bad-usage error that is only detectable after parsing (exit code 2)."""
    return UsageError(message)


if __name__ == "__main__":
    sys.exit(main())
