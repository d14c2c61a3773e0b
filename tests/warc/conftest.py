"""One crawl of the zzszq replica, writing its own WARC, shared by every WARC test of the run.

A crawl takes 30-60 s; the tests that need one (import of the crawl's WARC, of wget's, the export round trip,
pywb) share it: the first xdist worker to ask makes it under a file lock in the run's shared temporary
directory, the others read what it left there (an SQLite archive and the WARC directory).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from nianbao.replicas.server import ReplicaServer
from tests.once import once_per_run
from tests.warc.helpers import tool

IMPOLITE = (
    "DOWNLOAD_DELAY=0",
    "AUTOTHROTTLE_ENABLED=False",
    "CONCURRENT_REQUESTS_PER_DOMAIN=8",
    "RETRY_BACKOFF_BASE=0.05",
)


@dataclass(frozen=True)
class Crawl:
    database_url: str
    warc: Path


@pytest.fixture(scope="module")
def replica() -> Iterator[ReplicaServer]:
    with ReplicaServer(port=0) as server:
        yield server


@pytest.fixture(scope="session")
def zzszq_crawl(tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    home = once_per_run(tmp_path_factory, "warc-zzszq-crawl", _crawl)
    [warc] = sorted((home / "warc").glob("*.warc.gz"))
    return Crawl(f"sqlite:///{home / 'crawl.sqlite'}", warc)


def _crawl(home: Path) -> None:
    with ReplicaServer(port=0) as server:
        env = {
            **os.environ,
            "http_proxy": server.proxy_url,
            "NIANBAO_DATABASE_URL": f"sqlite:///{home / 'crawl.sqlite'}",
        }
        settings = [a for s in (*IMPOLITE, f"NIANBAO_WARC_DIR={home / 'warc'}") for a in ("--set", s)]
        done = tool("nianbao", "crawl", "--portal", "zzszq", *settings, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
