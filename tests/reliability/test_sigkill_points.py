"""SIGKILL at seeded random points of real crawls and of `nianbao reextract`, then the archive is compared
with the archive of one uninterrupted crawl of the same replicas.

Each crawl is the real spider in its own process group (with its extraction workers and browser), killed
with SIGKILL — no chance to clean up — once it has stored a number of fetches drawn from a seeded generator
(for `nianbao reextract`: saved a number of extractions), then started again.
After every kill the archive must be consistent; at the end it must equal the uninterrupted run's archive
(tests/reliability/snapshot.py says what "equal" means: documents, versions by hash, blobs, cells).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from nianbao.archive import Archive
from nianbao.replicas.server import ReplicaServer
from tests.crawler.crawling import expected_urls, manifest
from tests.reliability.snapshot import inconsistencies, snapshot
from tests.working.helpers import nianbao_command

pytestmark = [pytest.mark.slow, pytest.mark.browser]
ROOT = Path(__file__).resolve().parents[2]
#: The portal behind a JavaScript list: a browser and extraction workers in the killed process group, HTML
#: pages, DOCX and PDF files. (The portals with pictures read by OCR take minutes a crawl; a stored page
#: whose images were lost is tests/crawler/test_crawl_replicas.py's.)
PORTALS = "linqu"
SEED = 20261122
CRAWL_KILLS = 12
REEXTRACT_KILLS = 8


@pytest.fixture
def server(replica_extractions: None) -> Iterator[ReplicaServer]:
    with ReplicaServer(port=0) as srv:
        yield srv


def crawl_command(database_url: str, revisit_after: float | None = None) -> list[str]:
    """The crawl as the nightly job runs it, politeness off for the loopback replicas."""
    settings = {
        "NIANBAO_DATABASE_URL": database_url,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "RETRY_BACKOFF_BASE": 0.05,
        "LOG_LEVEL": "WARNING",
    }
    if revisit_after is not None:
        settings["NIANBAO_REVISIT_AFTER"] = revisit_after
    options = [arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")]
    return [sys.executable, "-m", "scrapy", "crawl", "portals", "-a", f"portals={PORTALS}", *options]


def run_until(argv: list[str], env: dict[str, str], log: Path, kill: tuple[Archive, str, int] | None = None) -> bool:
    """Run `argv` in its own process group. True: it finished; False: it was killed at `kill`'s point.

    `kill` is (archive, an SQL query for an id that grows as the run writes, how far it must grow): the group
    is SIGKILLed as soon as the run has written that much, so every kill falls inside real work.
    """
    base = _scalar(kill[0], kill[1]) if kill else 0
    with log.open("wb") as err:
        proc = subprocess.Popen(argv, cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.monotonic() + 600
        while proc.poll() is None:
            if kill and _scalar(kill[0], kill[1]) - base >= kill[2]:
                os.killpg(proc.pid, signal.SIGKILL)  # the command, its workers and its browser, as `kill -9` would
                proc.wait()
                return False
            assert time.monotonic() < deadline, f"{argv[:4]} did not end"
            time.sleep(0.02)
    assert proc.returncode == 0, log.read_text(errors="replace")[-2000:]
    return True


def settle(archive: Archive) -> None:
    """A COMMIT sent just before the kill may still be in the server's queue: wait until nothing moves."""
    query = "SELECT (SELECT count(*) FROM fetch_record) + (SELECT count(*) FROM extraction)"
    before = None
    while (now := _scalar(archive, query)) != before:
        before = now
        time.sleep(0.5)


def _scalar(archive: Archive, sql: str) -> int:
    import sqlalchemy as sa

    with archive.engine.connect() as conn:
        return int(conn.execute(sa.text(sql)).scalar() or 0)


def test_sigkill_at_seeded_points_during_crawls_and_reextraction_loses_nothing(
    server: ReplicaServer, database_url: str, tmp_path: Path
) -> None:
    env = {**os.environ, "http_proxy": server.proxy_url, "PYTHONPATH": str(ROOT)}
    log = tmp_path / "stderr.log"
    reference_url = f"sqlite:///{tmp_path / 'uninterrupted.sqlite'}"
    assert run_until(crawl_command(reference_url), env, log)
    with Archive.open(reference_url) as reference:
        assert inconsistencies(reference, finished=True) == []
        expected = snapshot(reference)
        fetches = _scalar(reference, "SELECT count(*) FROM fetch_record")
        versions = _scalar(reference, "SELECT count(*) FROM version")
    reports = [m for m in manifest(server) if m["portal"] in PORTALS.split(",")]
    missing = expected_urls(reports) - expected.versions.keys() - {a for m in reports for a in m["alias_urls"]}
    assert reports and missing == set() and expected.cells

    rng = random.Random(SEED)
    archive = Archive.open(database_url)
    landed = 0
    # Kill points: after a seeded number of fetches stored by the run. Until a run finishes, each restart
    # resumes (what is stored is not due again); after, each run revisits everything (mostly 304s).
    finished = False
    for _ in range(CRAWL_KILLS):
        kill = (archive, "SELECT coalesce(max(id), 0) FROM fetch_record", rng.randint(1, fetches - 1))
        if run_until(crawl_command(database_url, revisit_after=0 if finished else None), env, log, kill):
            finished = True  # the point fell after this run's end
            continue
        landed += 1
        settle(archive)
        assert inconsistencies(archive) == [], f"after crawl kill {landed}"
    assert run_until(crawl_command(database_url), env, log)
    assert inconsistencies(archive, finished=True) == []

    # re-extraction of everything, killed after a seeded number of extractions saved by its workers
    reextract = [*nianbao_command(), "reextract", "--all", "--force", "--workers", "2"]
    reextract_env = {**env, "NIANBAO_DATABASE_URL": database_url}
    for point in range(REEXTRACT_KILLS):
        kill = (archive, "SELECT coalesce(max(id), 0) FROM extraction", rng.randint(1, versions - 1))
        landed += not run_until(reextract, reextract_env, log, kill)
        settle(archive)
        assert inconsistencies(archive, finished=True) == [], f"after re-extraction kill {point + 1}"
    print(
        f"\nsigkill: {landed} of {CRAWL_KILLS + REEXTRACT_KILLS} kill points fell inside a run "
        f"({fetches} fetches and {versions} versions in an uninterrupted crawl)"
    )
    assert landed >= CRAWL_KILLS + REEXTRACT_KILLS - 4, f"only {landed} kills fell inside a run"

    found = snapshot(archive)
    assert found.differences(expected) == []
    archive.close()
