"""WARC with the real tools, on the zzszq replica: the crawl's own WARC, wget's, our export replayed by pywb.

All share one crawl (conftest.zzszq_crawl). Each import extracts what it stores, as a crawl does, so the cells
are compared too.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from nianbao.archive import Archive
from nianbao.replicas.server import ReplicaServer
from tests.warc.conftest import Crawl
from tests.warc.helpers import BIN, count, nianbao, summary, tool

pytestmark = pytest.mark.slow

REPORT_KINDS = ("page", "attachment")


def test_the_crawls_own_warc_passes_warcio_check_and_imports_to_the_same_archive(
    zzszq_crawl: Crawl, tmp_path: Path
) -> None:
    checked = tool("warcio", "check", "-v", zzszq_crawl.warc)
    assert checked.returncode == 0, checked.stdout[-2000:]
    assert "digest pass" in checked.stdout and "fail" not in checked.stdout

    fresh = f"sqlite:///{tmp_path / 'imported.sqlite'}"
    nianbao(fresh, "import", zzszq_crawl.warc)
    crawled, imported = summary(zzszq_crawl.database_url), summary(fresh)
    assert crawled["documents"] and imported == crawled
    assert count(fresh, "SELECT count(*) FROM fetch_record WHERE source IS NULL") == 0


def test_a_wget_warc_imports_like_the_crawl_and_a_second_import_stores_nothing(
    zzszq_crawl: Crawl, replica: ReplicaServer, tmp_path: Path
) -> None:
    # wget runs no JavaScript: the column's pager (createPageHTML) is given to it as the list pages the crawl
    # read; from those, `-r` finds the reports and their files by their links, as any crawler would.
    lists = sorted(
        r["warc-target-uri"]
        for r in _index(zzszq_crawl.warc)
        if r.get("warc-type") == "response" and r.get("http:status") == "200" and _a_list(r["warc-target-uri"])
    )
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("\n".join(["http://www.zzszq.gov.cn/", *lists]) + "\n")
    done = subprocess.run(
        [
            "wget",
            "-q",
            "-r",
            "-l",
            "3",
            "-e",
            "robots=on",
            "-e",
            "use_proxy=on",
            "-e",
            f"http_proxy={replica.proxy_url}",
            "--warc-file",
            str(tmp_path / "zzszq"),
            "--no-warc-keep-log",
            "--delete-after",
            "-P",
            str(tmp_path / "site"),
            "-i",
            str(seeds),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode in (0, 8), done.stderr[-2000:]  # 8: some link answered 404 (the pager's '+n+')
    warc = tmp_path / "zzszq.warc.gz"
    assert tool("warcio", "check", warc).returncode == 0

    fresh = f"sqlite:///{tmp_path / 'wget.sqlite'}"
    first = nianbao(fresh, "import", warc).stdout
    assert "not a report page" in first and "HTTP 404" in first
    assert summary(fresh, REPORT_KINDS) == summary(zzszq_crawl.database_url, REPORT_KINDS)
    versions = count(fresh, "SELECT count(*) FROM version")
    second = nianbao(fresh, "import", warc).stdout
    assert " 0 new versions" in second and "already imported" in second
    assert count(fresh, "SELECT count(*) FROM version") == versions


def test_export_round_trip_and_pywb_replays_a_report_and_its_file_byte_for_byte(
    zzszq_crawl: Crawl, tmp_path: Path
) -> None:
    warc = tmp_path / "export.warc.gz"
    nianbao(zzszq_crawl.database_url, "export", "--format", "warc", "-o", warc)
    assert tool("warcio", "check", warc).returncode == 0
    index = _index(warc)
    assert {r["warc-type"] for r in index} >= {"warcinfo", "response", "request", "metadata"}

    fresh = f"sqlite:///{tmp_path / 'round.sqlite'}"
    nianbao(fresh, "import", warc)
    assert summary(fresh) == summary(zzszq_crawl.database_url)

    with Archive.open(zzszq_crawl.database_url) as archive, archive.engine.connect() as conn:
        import sqlalchemy as sa

        page, file = conn.execute(
            sa.text(
                "SELECT p.url, d.url FROM document d JOIN document p ON p.id = d.parent_id "
                "WHERE d.kind = 'attachment' AND d.url LIKE '%.pdf' ORDER BY d.id LIMIT 1"
            )
        ).one()
        bodies = {url: archive.body(archive.version_id(archive.resolve(url))) for url in (page, file)}
    replayed = _replay(tmp_path, warc, [page, file])
    assert replayed == bodies


def _a_list(url: str) -> bool:
    return url.endswith("/") or url.rsplit("/", 1)[-1].startswith("index")


def _index(warc: Path) -> list[dict[str, str]]:
    done = tool("warcio", "index", "-f", "warc-type,warc-target-uri,http:status", warc)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def _replay(tmp_path: Path, warc: Path, urls: list[str]) -> dict[str, bytes]:
    """Start pywb's `wayback` on loopback over a collection of `warc` and ask it for `urls` in id_ mode."""
    root = tmp_path / "pywb"
    root.mkdir()
    assert tool("wb-manager", "init", "reports", cwd=root).returncode == 0
    assert tool("wb-manager", "add", "reports", warc, cwd=root).returncode == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Straight to loopback: an earlier crawl test of this worker may have left http_proxy naming a replica proxy
    # that is gone, and urllib (like pywb) would send 127.0.0.1 there.
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    log = root / "wayback.log"
    server = subprocess.Popen(
        [str(BIN / "wayback"), "-b", "127.0.0.1", "-p", str(port)],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                direct.open(f"http://127.0.0.1:{port}/", timeout=5).read()
                break
            except OSError as err:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise AssertionError(f"wayback did not answer: {err}; its log: {log.read_text()[-2000:]}") from err
                time.sleep(0.5)
        return {url: direct.open(f"http://127.0.0.1:{port}/reports/2100id_/{url}", timeout=30).read() for url in urls}
    finally:
        server.terminate()
        server.wait(timeout=30)
