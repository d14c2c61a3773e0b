"""Two Scrapyd nodes crawl the replicas into one PostgreSQL archive, every portal raced by two jobs.

Real parts throughout: two `scrapyd` daemons on loopback running nianbao.crawler.scaleout.settings, the crawler's
spider as is, the replica proxy, a PostgreSQL archive; `nianbao dispatch` and `dispatch()` schedule the jobs.
"""

from __future__ import annotations

import itertools
import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from nianbao.archive import Archive
from nianbao.archive.locks import locks
from nianbao.cli import main
from nianbao.crawler.portals import load_portals
from nianbao.crawler.scaleout.dispatch import dispatch
from nianbao.replicas.server import ReplicaServer
from tests.conftest import PostgresServer
from tests.crawler.crawling import document_id, expected_urls, manifest, rows

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.db]

#: Politeness off for loopback replicas (crawler.run.IMPOLITE), extraction off: this test is about crawling.
JOB_SETTINGS = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "RETRY_BACKOFF_BASE": "0.05",
    "NIANBAO_EXTRACT": "False",
    "NIANBAO_REVISIT_AFTER": "0",
    "NIANBAO_LOCK_HEARTBEAT": "1",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ScrapydNode:
    """One crawl node: a scrapyd daemon in its own directory, configured as docs/scale-out.md says."""

    def __init__(self, directory: Path, database_url: str, proxy: str) -> None:
        directory.mkdir()
        self.directory = directory
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # scrapy.cfg, not scrapyd.conf: Scrapyd reads both, and Scrapy itself (`scrapy list`, run by Scrapyd to
        # check a job's spider) only finds the [settings] project in a scrapy.cfg
        (directory / "scrapy.cfg").write_text(
            "[scrapyd]\n"
            f"bind_address = 127.0.0.1\nhttp_port = {self.port}\nmax_proc = 2\npoll_interval = 0.5\n"
            "logs_dir = logs\neggs_dir = eggs\ndbs_dir = dbs\n"
            "[settings]\nnianbao = nianbao.crawler.scaleout.settings\n"
        )
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(directory),
            "NIANBAO_DATABASE_URL": database_url,
            "http_proxy": proxy,
            "no_proxy": "",
            "XDG_CACHE_HOME": str(directory / "cache"),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "scrapyd"],
            cwd=directory,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(directory / "scrapyd.err").open("w"),
        )
        self._wait_up()

    def _wait_up(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                self.get("daemonstatus.json")
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"scrapyd did not start: {(self.directory / 'scrapyd.err').read_text()}")

    def get(self, path: str) -> dict:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through the replica proxy
        with opener.open(f"{self.url}/{path}", timeout=10) as answer:
            return json.load(answer)

    def jobs(self) -> dict:
        return self.get("listjobs.json?project=nianbao")

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:] for p in sorted(self.directory.glob("logs/**/*.log")))

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def pg_archive_url(postgres_server: PostgresServer) -> Iterator[str]:
    name = postgres_server.new_database(at_head=True)
    yield postgres_server.url(name)
    postgres_server.drop_database(name)


@pytest.fixture
def nodes(
    tmp_path: Path, pg_archive_url: str, replica_extractions: None
) -> Iterator[tuple[ReplicaServer, list[ScrapydNode]]]:
    with ReplicaServer(port=0) as server:
        started = [ScrapydNode(tmp_path / f"node{i}", pg_archive_url, server.proxy_url) for i in (1, 2)]
        try:
            yield server, started
        finally:
            for node in started:
                node.stop()


def wait_for_jobs(nodes: list[ScrapydNode], count: int, timeout: float = 500) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        listed = [node.jobs() for node in nodes]
        if sum(len(j["finished"]) for j in listed) == count and not any(j["pending"] or j["running"] for j in listed):
            return
        time.sleep(1)
    raise AssertionError("jobs did not finish: " + json.dumps(listed) + "\n" + "\n".join(n.logs() for n in nodes))


def wait_for_lock_outcomes(nodes: list[ScrapydNode], count: int, timeout: float = 300) -> None:
    """Until `count` jobs have logged taking their portal locks or being refused them (PortalLockExtension)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        logs = [p.read_text(errors="replace") for n in nodes for p in n.directory.glob("logs/**/*.log")]
        if sum("portal locks held" in log or "portal_locked" in log for log in logs) >= count:
            return
        time.sleep(0.5)
    raise AssertionError("the jobs did not reach their portal locks:\n" + "\n".join(n.logs() for n in nodes))


def test_two_nodes_archive_every_report_once_and_never_share_a_portal(
    nodes, pg_archive_url, capsys, monkeypatch
) -> None:
    server, (first, second) = nodes
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    portals = load_portals()
    sets = [arg for name, value in JOB_SETTINGS.items() for arg in ("--set", f"{name}={value}")]
    # every portal request waits at a gate until all four jobs have met the locks: a job started late on a
    # busy machine would otherwise find its rival already done and crawl the portal again, unraced
    gate = server.inject(".", "hold", seconds=300)
    # the night's dispatch: two shards, one per node …
    assert main(["dispatch", "--node", first.url, "--node", second.url, "--shards", "2", *sets]) == 0
    printed = capsys.readouterr().out
    assert "2 jobs for 5 portals on 2 nodes" in printed
    # … and a second dispatcher scheduling the same shards the other way round: every portal is raced
    raced = dispatch([second.url, first.url], portals, 2, settings=JOB_SETTINGS)
    assert sorted(len(job.portals) for job in raced) == [2, 3]
    wait_for_lock_outcomes([first, second], count=4)
    gate.release()
    wait_for_jobs([first, second], count=4)

    archive = Archive.open(pg_archive_url)
    try:
        entries = manifest(server)
        # every report archived: page, document, attachments, images, aliases as one document
        for m in entries:
            for url in (m["page_url"], m["document_url"], *m["attachment_urls"], *m["image_urls"]):
                found = document_id(archive, url)
                assert found is not None and archive.versions(found), f"{m['report_id']}: {url} not archived"
        expected = {document_id(archive, u) for u in expected_urls(entries)}
        documents = rows(archive, "SELECT document_id, portal, versions FROM documents")
        assert {d.document_id for d in documents} == expected
        # … exactly once: one version each, and one fetch that stored it
        assert all(d.versions == 1 for d in documents)
        stored = rows(
            archive,
            """SELECT document_id, count(*) AS n FROM fetch_record
                                  WHERE outcome IN ('new_document', 'new_version') GROUP BY document_id""",
        )
        assert {r.document_id for r in stored} == expected and all(r.n == 1 for r in stored)

        # no portal crawled by two runs at once: per portal, the runs' fetch spans do not overlap
        spans = rows(
            archive,
            """SELECT d.portal, f.run_id, min(f.fetched_at) AS first, max(f.fetched_at) AS last
                                 FROM fetch_record f JOIN documents d ON d.document_id = f.document_id
                                 GROUP BY d.portal, f.run_id ORDER BY d.portal, first""",
        )
        by_portal: dict[str, list] = {}
        for span in spans:
            by_portal.setdefault(span.portal, []).append(span)
        assert set(by_portal) == {p.name for p in portals}
        for portal, runs in by_portal.items():
            for earlier, later in itertools.pairwise(runs):
                assert earlier.last < later.first, f"{portal} crawled by runs {earlier.run_id} and {later.run_id}"
        # the races were real: four jobs, five portals each raced by two, each crawled by one of them
        runs = rows(archive, "SELECT run_id, finished FROM crawl_runs")
        assert len(runs) == 4 and all(r.finished is not None for r in runs)
        assert all(len(r) == 1 for r in by_portal.values()), {p: [r.run_id for r in rs] for p, rs in by_portal.items()}
        stats = [r.stats or {} for r in rows(archive, "SELECT stats FROM crawl_run")]
        assert sum(s.get("locked_portals", 0) for s in stats) == 5
        assert locks(archive.engine) == []  # every job let go of its locks
    finally:
        archive.close()
