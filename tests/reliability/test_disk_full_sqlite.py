"""A full disk under a SQLite archive, simulated by its size cap (NIANBAO_SQLITE_MAX_BYTES: PRAGMA
max_page_count, which fails a write with SQLITE_FULL exactly as a full disk does).

Whatever was being written is rolled back whole; the command says "disk is full" and exits 1; the archive
passes `nianbao verify` and the consistency checks; with space again, the same work completes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from nianbao.archive import Archive
from nianbao.archive.database import MAX_BYTES_ENV
from nianbao.cli import main
from nianbao.replicas.server import ReplicaServer
from tests.crawler.crawling import run_crawl
from tests.reliability.dbfaults import (
    PORTAL,
    assert_archive_equals_manifest,
    assert_consistent,
    incompressible_bodies,
    ingest_again,
    ingest_until_full,
    missing,
    portal_manifest,
)

#: Room left above the archive's current size: a few pages fit, then the "disk" is full.
ROOM = 200_000


@pytest.fixture
def sqlite_file(sqlite_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "archive.sqlite"
    path.write_bytes(sqlite_template.read_bytes())
    monkeypatch.setenv("NIANBAO_DATABASE_URL", f"sqlite:///{path}")
    return path


def assert_sqlite_consistent(path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The shared checks (without the cap: reading needs no room) and SQLite's own integrity check."""
    assert_consistent(f"sqlite:///{path}", capsys, monkeypatch)
    with Archive.open(f"sqlite:///{path}") as archive, archive.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_ingest_past_the_cap_fails_clearly_rolls_back_and_succeeds_once_there_is_room(
    sqlite_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    url = f"sqlite:///{sqlite_file}"
    bodies = incompressible_bodies()
    monkeypatch.setenv(MAX_BYTES_ENV, str(sqlite_file.stat().st_size + ROOM))
    stored = ingest_until_full(url, bodies)
    monkeypatch.delenv(MAX_BYTES_ENV)
    assert_sqlite_consistent(sqlite_file, capsys, monkeypatch)
    ingest_again(url, bodies, stored)
    assert_sqlite_consistent(sqlite_file, capsys, monkeypatch)


@pytest.mark.slow
@deferred_f_from_coro_f
async def test_crawl_command_on_a_full_archive_exits_1_saying_so_and_a_rerun_completes(
    sqlite_file: Path, trap_server: ReplicaServer, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {**os.environ, "http_proxy": trap_server.proxy_url, MAX_BYTES_ENV: str(sqlite_file.stat().st_size + ROOM)}
    result = subprocess.run(
        [sys.executable, "-m", "nianbao", "crawl", "--portal", PORTAL],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 1, result.stderr[-3000:]
    assert "nianbao: the archive's disk is full: the crawl stopped early" in result.stderr
    assert result.stdout.splitlines()[-1].endswith("(exit 1)")  # the summary, and its one-line log, still said
    assert_sqlite_consistent(sqlite_file, capsys, monkeypatch)
    entries = portal_manifest(trap_server)
    with Archive.open() as archive:
        lost = missing(archive, entries)
        assert lost, "the cap never bit: the test proves nothing"
        assert len(lost) < len({u for m in entries for u in (m["page_url"], m["document_url"])} | set(lost))

    await run_crawl(f"sqlite:///{sqlite_file}", trap_server.proxy_url, extract=False, portals=[PORTAL], revisit_after=0)
    with Archive.open() as archive:
        assert_archive_equals_manifest(archive, entries, extracted=False)
    assert_sqlite_consistent(sqlite_file, capsys, monkeypatch)


@pytest.mark.parametrize("value", ["abc", "-1", "nan"])
def test_a_size_cap_that_is_not_a_size_is_refused_before_anything_is_opened(
    sqlite_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, value: str
) -> None:
    monkeypatch.setenv(MAX_BYTES_ENV, value)
    assert main(["verify"]) == 1
    assert capsys.readouterr().err == f"nianbao: {MAX_BYTES_ENV}={value!r}: give a number, 0 or more\n"
