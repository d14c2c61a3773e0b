"""Portal locks on both databases: one run per portal, others proceed, crashed runs' locks recovered."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from nianbao.archive import Archive
from nianbao.archive.locks import Holder, PortalLocked, acquire, locks, portal_locks
from nianbao.cli import exit_code
from nianbao.errors import EXIT_LOCKED
from nianbao.models import PortalLock

ROOT = Path(__file__).resolve().parents[2]

#: A separate process holding a portal's lock until killed: another crawl, as the database sees it.
HOLDER_SCRIPT = textwrap.dedent("""
    import sys, time
    from nianbao.archive import Archive
    from nianbao.archive.locks import portal_locks
    from datetime import timedelta
    archive = Archive.open(sys.argv[1])
    with portal_locks(archive, sys.argv[2].split(","), heartbeat_every=timedelta(seconds=0.2)) as held:
        print("held", " ".join(held.portals), flush=True)
        time.sleep(600)
""")


def start_holder(database_url: str, portals: str) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, "-c", HOLDER_SCRIPT, database_url, portals], cwd=ROOT,
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.startswith("held"), line
    return process


def put_lock(archive: Archive, portal: str, holder: str, heartbeat_ago: timedelta) -> None:
    at = datetime.now(UTC) - heartbeat_ago
    with archive.engine.begin() as conn:
        conn.execute(PortalLock.__table__.insert().values(portal=portal, holder=holder, acquired_at=at,
                                                          heartbeat_at=at))


def test_a_second_run_for_a_portal_gets_portal_locked_with_exit_code_3(archive: Archive) -> None:
    with portal_locks(archive, ["wenshang"]) as first:
        assert first.portals == ["wenshang"]
        with pytest.raises(PortalLocked) as caught, portal_locks(archive, ["wenshang"]):
            pytest.fail("the second run got the lock")
        err = caught.value
        assert exit_code(err) == EXIT_LOCKED == 3
        assert err.portal == "wenshang" and err.holder == str(first.holder)
        assert "wenshang" in str(err)
    assert locks(archive.engine) == []  # released at the end
    with portal_locks(archive, ["wenshang"]) as again:  # and free for the next run
        assert again.portals == ["wenshang"]


def test_all_or_nothing_lets_go_of_what_it_took(archive: Archive) -> None:
    with portal_locks(archive, ["linqu"]):
        with pytest.raises(PortalLocked), portal_locks(archive, ["wenshang", "linqu", "xigong"]):
            pass
        assert [row.portal for row in locks(archive.engine)] == ["linqu"]


def test_skip_locked_crawls_the_free_portals_and_names_the_held_one(archive: Archive) -> None:
    with (portal_locks(archive, ["linqu"]) as first,
          portal_locks(archive, ["wenshang", "linqu", "xigong"], skip_locked=True) as second):
        assert second.portals == ["wenshang", "xigong"]
        assert second.skipped == {"linqu": str(first.holder)}
        assert {row.portal: row.holder for row in locks(archive.engine)} == {
            "linqu": str(first.holder), "wenshang": str(second.holder), "xigong": str(second.holder)}


def test_runs_for_different_portals_overlap_across_processes(archive: Archive, database_url: str) -> None:
    other = start_holder(database_url, "wenshang,yanzhou")
    try:
        with portal_locks(archive, ["linqu", "xigong"]) as mine:
            assert mine.portals == ["linqu", "xigong"]
            held = {row.portal: Holder.parse(row.holder) for row in locks(archive.engine)}
            assert {p for p, h in held.items() if h and h.pid == other.pid} == {"wenshang", "yanzhou"}
            with pytest.raises(PortalLocked) as caught, portal_locks(archive, ["yanzhou"]):
                pass
            assert Holder.parse(caught.value.holder).pid == other.pid
    finally:
        other.kill()
        other.wait()


def test_a_lock_left_by_a_sigkilled_run_is_recovered_at_once(archive: Archive, database_url: str) -> None:
    crashed = start_holder(database_url, "zzszq")
    os.kill(crashed.pid, signal.SIGKILL)
    crashed.wait()
    [left] = locks(archive.engine)
    assert left.portal == "zzszq" and Holder.parse(left.holder).pid == crashed.pid  # nobody released it
    # the heartbeat is fresh, yet the holder's process is gone from this host: the lock is stale
    with portal_locks(archive, ["zzszq"]) as recovered:
        assert recovered.portals == ["zzszq"]
        [row] = locks(archive.engine)
        assert row.holder == str(recovered.holder)


def test_a_lock_whose_heartbeat_stopped_is_recovered_after_the_timeout(archive: Archive) -> None:
    # a holder on another machine cannot be asked whether it lives: only its heartbeat can tell
    put_lock(archive, "xigong", "crawler-7.example:4242:99", heartbeat_ago=timedelta(minutes=3))
    with pytest.raises(PortalLocked) as caught:
        acquire(archive, "xigong", Holder.current(), stale_after=timedelta(minutes=5))
    assert caught.value.holder == "crawler-7.example:4242:99"
    acquire(archive, "xigong", Holder.current("me"), stale_after=timedelta(minutes=2))
    [row] = locks(archive.engine)
    assert Holder.parse(row.holder).token == "me"


def test_a_foreign_holder_string_is_judged_by_its_heartbeat_only(archive: Archive) -> None:
    put_lock(archive, "linqu", "written by hand", heartbeat_ago=timedelta(seconds=1))
    with pytest.raises(PortalLocked):
        acquire(archive, "linqu", Holder.current())
    assert Holder.parse("written by hand") is None


def test_the_heartbeat_keeps_a_long_run_alive(archive: Archive) -> None:
    stale_after, beat = timedelta(seconds=1.5), timedelta(seconds=0.2)
    with portal_locks(archive, ["wenshang"], stale_after=stale_after, heartbeat_every=beat) as held:
        [before] = locks(archive.engine)
        time.sleep(3 * stale_after.total_seconds())  # three times the timeout
        [after] = locks(archive.engine)
        assert after.heartbeat_at > before.heartbeat_at and after.acquired_at == before.acquired_at
        with pytest.raises(PortalLocked):  # a run in this very process: only the heartbeat can tell
            acquire(archive, "wenshang", Holder.current(), stale_after=stale_after)
        assert held.lost == set()


def test_a_run_whose_beats_stopped_finds_its_lock_lost(archive: Archive) -> None:
    stale_after = timedelta(seconds=0.5)
    with portal_locks(archive, ["yanzhou"], stale_after=stale_after, heartbeat_every=timedelta(hours=1)) as held:
        time.sleep(1.0)  # no beat came
        acquire(archive, "yanzhou", Holder.current("usurper"), stale_after=stale_after)
        held.heartbeat()
        assert held.lost == {"yanzhou"}
        held.release()  # lets go of nothing it no longer holds
        [row] = locks(archive.engine)
        assert Holder.parse(row.holder).token == "usurper"


def test_the_run_id_is_recorded_with_the_lock(archive: Archive) -> None:
    run_id = archive.start_run(["wenshang"])
    with portal_locks(archive, ["wenshang"], run_id=run_id) as held:
        assert Holder.parse(str(held.holder)).token == str(run_id)
        assert [row.run_id for row in locks(archive.engine)] == [run_id]
    with portal_locks(archive, ["wenshang"]) as later:
        later.attach_run(run_id)
        assert [row.run_id for row in locks(archive.engine)] == [run_id]


def test_racing_runs_take_a_portal_once(archive: Archive, database_url: str) -> None:
    # Each racer starts on "go" and stays alive until all have counted: a racer that had exited would leave
    # locks of a dead process, which a slower racer rightly takes over (how a killed crawl's portals come back).
    racer = textwrap.dedent("""
        import sys
        from nianbao.archive import Archive
        from nianbao.archive.locks import Holder, PortalLocked, acquire
        archive = Archive.open(sys.argv[1])
        sys.stdin.readline()
        won = 0
        for portal in [f"p{i:03d}" for i in range(40)]:
            try:
                acquire(archive, portal, Holder.current())
                won += 1
            except PortalLocked:
                pass
        print(won, flush=True)
        sys.stdin.read()
    """)
    runs = [subprocess.Popen([sys.executable, "-c", racer, database_url], cwd=ROOT, stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True) for _ in range(3)]
    for run in runs:
        run.stdin.write("go\n")
        run.stdin.flush()
    won = [int(run.stdout.readline()) for run in runs]
    for run in runs:
        run.communicate(timeout=120)
    assert sum(won) == 40  # every portal taken, none twice (the table's key would refuse a second row anyway)
    with archive.engine.connect() as conn:
        assert conn.scalar(sa.select(sa.func.count()).select_from(PortalLock.__table__)) == 40
