"""Small helpers for the archive tests (and a process-race worker, importable by spawned processes)."""

from __future__ import annotations

import multiprocessing.synchronize
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from nianbao.archive import Archive, Fetch

T0 = datetime(2026, 1, 10, 8, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


#: The one page of the `filled` fixture (tests/conftest.py).
ONE_PAGE_URL = "http://www.example.gov.cn/art/2025/1/10/art_3.html"


def page(url: str, body: bytes | None, minutes: int = 0, **kw: Any) -> Fetch:
    kw.setdefault("status", 200)
    kw.setdefault("headers", {"Content-Type": "text/html; charset=utf-8"})
    kw.setdefault("portal", "testportal")
    return Fetch(url=url, body=body, fetched_at=at(minutes), **kw)


def rows(archive: Archive, sql: str, **params: Any) -> list[sa.Row[Any]]:
    with archive.engine.connect() as conn:
        return list(conn.execute(sa.text(sql), params))


def count(archive: Archive, table: str) -> int:
    return rows(archive, f"SELECT count(*) FROM {table}")[0][0]


def race_worker(url: str, target: str, body: bytes, barrier: multiprocessing.synchronize.Barrier,
                results: Any) -> None:
    """One racer: open the archive, wait for the others, ingest the same new body at once."""
    archive = Archive.open(url)
    try:
        with archive.engine.connect():
            pass  # connect before the barrier so the race is on the ingest, not on connecting
        barrier.wait(timeout=60)
        result = archive.ingest(Fetch(url=target, status=200, headers={}, body=body,
                                      fetched_at=datetime.now(UTC), portal="race"))
        results.put((result.outcome, result.version_id, result.blob_is_new))
    finally:
        archive.close()


def nianbao(capsysbinary: Any, *argv: str) -> tuple[int, bytes, str]:
    """Run the `nianbao` command in-process: (exit code, stdout bytes, stderr text)."""
    from nianbao.cli import main

    capsysbinary.readouterr()
    try:
        code = main(list(argv))
    except SystemExit as exit_:  # argparse usage errors
        code = int(exit_.code or 0)
    out, err = capsysbinary.readouterr()
    return code, out, err.decode()


#: For tests about one database's own attack surface: overrides the `database_kind` fixture's two params.
only_sqlite = pytest.mark.parametrize("database_kind", [pytest.param("sqlite", marks=pytest.mark.db)])
only_postgresql = pytest.mark.parametrize("database_kind", [pytest.param("postgresql", marks=pytest.mark.db)])
