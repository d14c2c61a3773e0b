"""A crawl run that died (SIGKILL, a lost machine) is closed when its portal lock is taken over as stale, or
when the next run starts on the same host and finds its process gone; a run whose lock is live, or whose process
lives, keeps its open row."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from nianbao.archive import Archive
from nianbao.archive.locks import STALE_AFTER, Holder, PortalLocked, acquire, locks, portal_locks
from nianbao.replicas import ReplicaServer

ROOT = Path(__file__).resolve().parents[2]


def _run(archive: Archive, run_id: int) -> sa.Row:
    with archive.engine.connect() as conn:
        return conn.execute(sa.text("SELECT finished, stats FROM crawl_run WHERE id = :r"), {"r": run_id}).one()


def _stats(row: sa.Row) -> dict:
    import json

    return row.stats if isinstance(row.stats, dict) else json.loads(row.stats)


@pytest.mark.slow
def test_a_killed_nianbao_crawl_is_closed_by_the_run_that_takes_its_lock_over(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    # killed once its run exists and is named in its lock: mid-crawl
    _kill_when(["nianbao", "crawl", "--portal", "zzszq"], database_url, lambda: _run_named_in_lock(database_url))
    archive = Archive.open(database_url)
    [lock] = locks(archive.engine)
    assert _run(archive, lock.run_id).finished is None  # dead, but nothing has noticed yet

    with portal_locks(archive, ["zzszq"]) as held:  # what the next `nianbao crawl` does first
        assert held.portals == ["zzszq"]
    row = _run(archive, lock.run_id)
    assert row.finished is not None
    assert _stats(row)["status"] == "abandoned" and _stats(row)["reason"] == "its process is gone"
    with archive.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM crawl_runs WHERE finished IS NULL")).scalar() == 0
    archive.close()


@pytest.mark.slow
def test_a_killed_bare_scrapy_crawl_is_closed_when_the_next_run_starts(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    # no `nianbao crawl`, so no portal lock names the run
    pid = _kill_when(["scrapy", "crawl", "portals", "-a", "portals=zzszq"], database_url,
                     lambda: bool(_open_runs(database_url)))
    [killed] = _open_runs(database_url)
    with Archive.open(database_url) as archive:
        assert _locks(database_url) == []
        live = archive.start_run(["linqu"])  # the next run, in a process that lives
        row = _run(archive, killed)
        assert row.finished is not None
        assert _stats(row)["status"] == "abandoned"
        assert _stats(row)["reason"] == f"its process {socket.gethostname()}:{pid} is gone"
        archive.start_run(["zzszq"])  # and a third run leaves the second, whose process lives, open
        assert _run(archive, live).finished is None


def _kill_when(module_args: list[str], database_url: str, started: Callable[[], bool]) -> int:
    """Run `python -m MODULE_ARGS` against the replicas and SIGKILL it (with its browser) once `started()`."""
    with ReplicaServer(port=0) as server:
        env = {**os.environ, "http_proxy": server.proxy_url, "NIANBAO_DATABASE_URL": database_url}
        crawl = subprocess.Popen(
            [sys.executable, "-m", *module_args],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 120
            while not started():
                assert crawl.poll() is None, "the crawl ended before it could be killed"
                assert time.monotonic() < deadline, "the crawl never started its run"
                time.sleep(0.2)
        finally:
            os.killpg(crawl.pid, signal.SIGKILL)
            crawl.wait()
    return crawl.pid


def _run_named_in_lock(database_url: str) -> bool:
    held = _locks(database_url)
    return bool(held) and held[0].run_id is not None


def _open_runs(database_url: str) -> list[int]:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(sa.text("SELECT id FROM crawl_run WHERE finished IS NULL")).scalars())
    except sa.exc.OperationalError:  # the archive is not created yet
        return []
    finally:
        engine.dispose()


def _locks(database_url: str) -> list[sa.Row]:
    engine = sa.create_engine(database_url)
    try:
        return locks(engine)
    except sa.exc.OperationalError:  # the archive is not created yet
        return []
    finally:
        engine.dispose()


def test_a_run_whose_lock_is_live_keeps_its_open_row(archive: Archive) -> None:
    run_id = archive.start_run(["zzszq"])
    with portal_locks(archive, ["zzszq"]) as held:
        held.attach_run(run_id)
        with pytest.raises(PortalLocked):
            acquire(archive, "zzszq", Holder.current())
    assert _run(archive, run_id).finished is None

    elsewhere = archive.start_run(["linqu"])  # another machine, beating on time
    acquire(archive, "linqu", Holder("crawler-2.example", 4242, "t"), elsewhere)
    with pytest.raises(PortalLocked):
        acquire(archive, "linqu", Holder.current())
    assert _run(archive, elsewhere).finished is None


def test_a_run_on_another_machine_that_stopped_beating_is_closed(archive: Archive) -> None:
    run_id = archive.start_run(["linqu"])
    silent_since = datetime.now(UTC) - STALE_AFTER - timedelta(minutes=1)
    acquire(archive, "linqu", Holder("crawler-2.example", 4242, "t"), run_id, now=silent_since)

    acquire(archive, "linqu", Holder.current())
    row = _run(archive, run_id)
    assert row.finished is not None
    assert _stats(row)["status"] == "abandoned" and _stats(row)["reason"].startswith("no heartbeat since")


def test_a_run_that_finished_keeps_its_own_stats_when_its_lock_is_recovered(archive: Archive) -> None:
    run_id = archive.start_run(["zzszq"])
    archive.finish_run(run_id, pages=3, finish_reason="finished")
    # its process died after closing the run, before letting go of the lock
    acquire(archive, "zzszq", Holder(socket.gethostname(), _dead_pid(), "t"), run_id)

    acquire(archive, "zzszq", Holder.current())
    assert _stats(_run(archive, run_id)) == {"pages": 3, "finish_reason": "finished"}


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid
