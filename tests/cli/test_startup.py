"""Commands start at once: what `nianbao --help` and `nianbao sql` import, never how long they take.

Building the parser imports every command module (nianbao.cli.COMMANDS), so each must keep the libraries its
command runs on out of its top-level imports. These tests read `python -X importtime`'s list of the modules
a real process loaded: a heavy library creeping back into a parser's imports fails here, on any machine,
however fast (timings are bench material, not test material).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nianbao.cli import COMMANDS, build_parser

#: Libraries no command needs to show its help, or to run a query: the crawler's (Scrapy on Twisted),
#: the extractor, export's Arrow, migrations (Alembic, Mako), the browser, PostgreSQL's driver on SQLite.
NEVER_AT_STARTUP = ("scrapy", "twisted", "nianbao.extractor", "pyarrow", "alembic", "mako", "playwright")
#: `nianbao sql` on a SQLite archive at head: SQLAlchemy's core, not its ORM or the archive's models.
NOT_FOR_SQL = (*NEVER_AT_STARTUP, "psycopg", "sqlalchemy.orm", "nianbao.models", "nianbao.crawler")
#: `nianbao --help` and usage errors: no database library at all.
NOT_FOR_HELP = (*NEVER_AT_STARTUP, "sqlalchemy", "psycopg", "rich", "nianbao.crawler", "nianbao.archive.store")


def imported(*args: str, env: dict[str, str] | None = None) -> set[str]:
    """The modules a `python -m nianbao ARGS` process imported (its exit status checked by the caller's args)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "nianbao", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    names = set(re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)$", done.stderr, re.MULTILINE))
    assert "nianbao.cli" in names, done.stderr[-2000:]  # the format is still the one parsed here
    return names


def loaded(names: set[str], packages: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names if any(n == p or n.startswith(p + ".") for p in packages))


def test_help_imports_no_command_implementation() -> None:
    assert loaded(imported("--help"), NOT_FOR_HELP) == []


def test_sql_imports_only_what_a_query_needs(tmp_path: Path) -> None:
    env = {"NIANBAO_DATABASE_URL": f"sqlite:///{tmp_path / 'archive.sqlite'}"}
    imported("db", "upgrade", env=env)  # a new archive is made by Alembic, once; not what is measured
    names = imported("sql", "SELECT 1", env=env)
    assert "sqlite3" in names  # the query did run here
    assert loaded(names, NOT_FOR_SQL) == []


def test_every_command_parses_its_help_without_loading_its_libraries() -> None:
    """Each command's parser is built (every `--help` works) in a process that then still has none of the
    heavy libraries: checked in this process by what build_parser adds to sys.modules."""
    before = set(sys.modules)
    parser = build_parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    commands = sorted(actions[0].choices)
    assert len(commands) >= len(COMMANDS)
    for command in commands:
        with pytest.raises(SystemExit) as exit_info:
            parser.parse_args([command, "--help"])
        assert exit_info.value.code == 0, command
    new = {n for n in set(sys.modules) - before}
    assert loaded(new, NOT_FOR_HELP) == []


def test_choices_spelled_out_in_parsers_match_their_modules() -> None:
    """Parsers name some of their modules' constants literally, so as not to import those modules."""
    from nianbao.archive.export import FORMATS
    from nianbao.cli import export as export_command
    from nianbao.crawler.scaleout.dispatch import SHARDS_PER_NODE

    assert export_command.FORMATS == FORMATS
    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    shards = next(a for a in subparsers["dispatch"]._actions if a.dest == "shards")
    assert f"default: {SHARDS_PER_NODE} per node" in shards.help


def test_head_revision_read_from_the_scripts_is_alembics() -> None:
    """archive.schema reads the head revision from the migration scripts' lines, without Alembic."""
    from nianbao.archive import schema

    assert schema.head_revision() == schema._alembic_head()
