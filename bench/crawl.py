"""bench/crawl: pages/s of a full crawl of the replicas, beside the same spider with nothing behind it.

    python bench/crawl.py            # both runs, one after the other, against one replica server

`nianbao` is the real crawl with politeness off: conditional requests from the archive, the archive
pipeline writing every body to a fresh SQLite archive (extraction off: bench/extract measures it). The
ceiling is the same spider with no item pipelines and no archive cache middleware, so the difference
is what archiving costs. Each run is its own process: Twisted runs one CrawlerProcess per process.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = {
    "nianbao (archive pipeline, no extraction)": {"NIANBAO_EXTRACT": False},
    "ceiling (same spider, no pipelines)": {
        "NIANBAO_EXTRACT": False,
        "ITEM_PIPELINES": {},
        "DOWNLOADER_MIDDLEWARES": {"nianbao.crawler.archive_cache.ArchiveCacheMiddleware": None},
    },
}


def one_run(overrides: dict[str, object], database_url: str) -> dict[str, float]:
    from nianbao.crawler.run import IMPOLITE, crawl

    start = time.perf_counter()
    outcome = crawl(database_url=database_url, revisit_after=0,
                    overrides={**IMPOLITE, "LOG_LEVEL": "ERROR", **overrides})
    seconds = time.perf_counter() - start
    pages = sum(v for k, v in outcome.totals.items() if k.startswith("fetched_"))
    return {"pages": pages, "seconds": seconds, "reports": outcome.totals.get("reports", 0)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one named configuration, print JSON
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_run(RUNS[args.one], os.environ["NIANBAO_DATABASE_URL"])))
        return

    from nianbao.replicas import ReplicaServer

    with ReplicaServer(port=0) as server, tempfile.TemporaryDirectory() as tmp:
        print(f"replicas: {len(server.manifest())} reports on 5 portals, politeness off")
        for i, name in enumerate(RUNS):
            env = {**os.environ, "http_proxy": server.proxy_url,
                   "NIANBAO_DATABASE_URL": f"sqlite:///{Path(tmp) / f'bench{i}.sqlite'}"}
            done = subprocess.run([sys.executable, __file__, "--one", name], env=env, capture_output=True,
                                  text=True, check=True)
            result = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"{name:45s} {result['pages']:5.0f} pages in {result['seconds']:6.1f} s = "
                  f"{result['pages'] / result['seconds']:6.1f} pages/s  ({result['reports']:.0f} reports)")


if __name__ == "__main__":
    main()
