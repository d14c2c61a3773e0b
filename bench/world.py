"""bench/world: discovery from home pages alone on generated worlds (issue 16) — recall, pages per report,
pages/s and peak RSS at 100, 300 and 1,000 portals, held-out world seeds first.

    python bench/world.py                      # 100, 300, 1000 portals on the first held-out seed
    python bench/world.py --sizes 100 --seeds heldout,dev

Each measurement runs in its own process (`--one SIZE SEED`): it builds the world (replicas.generated), serves
it on loopback, runs `nianbao crawl` with a portals file holding only each portal's name and home page, and
scores the archive against the manifest (replicas.generated.score). Peak RSS is reported for the crawl process
and for the process serving the world. Held-out seeds are never used for tuning: their figures come first.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path


def one(size: int, seed: int, office: bool) -> dict[str, object]:
    from nianbao.replicas.generated.score import measure

    with tempfile.TemporaryDirectory(prefix="nianbao-world-") as tmp:
        m = measure(size, seed, Path(tmp), office=office)
    s = m.score
    return {
        "portals": size,
        "seed": seed,
        "reports": s.reports,
        "found": s.found,
        "recall": s.recall,
        "pre2019": [s.pre2019_found, s.pre2019],
        "false_reports": len(s.false_reports),
        "false_examples": s.false_reports[:3],
        "cells_exact": s.cells_accuracy,
        "cells": s.cells,
        "pages": s.requests,
        "pages_per_report": s.pages_per_report,
        "crawl_seconds": m.run.seconds,
        "pages_per_second": m.pages_per_second,
        "crawl_rss_mib": m.run.peak_rss_mib,
        "build_seconds": m.build_seconds,
        "world_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "exit": m.run.returncode,
        "by_family": s.by_family,
    }


def main() -> int:
    from nianbao.replicas.generated import DEV_SEEDS, HELDOUT_SEEDS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,300,1000")
    parser.add_argument("--seeds", default="heldout", help="heldout, dev, or both (heldout,dev): first seed of each")
    parser.add_argument("--no-office", action="store_true", help="publish PDF/DOC/WPS reports as DOCX (no LibreOffice)")
    parser.add_argument("--one", nargs=2, type=int, metavar=("SIZE", "SEED"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one[0], args.one[1], not args.no_office), ensure_ascii=False))
        return 0
    seeds = [{"heldout": HELDOUT_SEEDS[0], "dev": DEV_SEEDS[0]}[k] for k in args.seeds.split(",")]
    print(
        "seed  kind     portals reports recall  pre2019   non-reports cells   pages/report pages/s crawl-RSS world-RSS"
    )
    for seed in seeds:
        kind = "heldout" if seed in HELDOUT_SEEDS else "dev"
        for size in (int(x) for x in args.sizes.split(",")):
            cmd = [sys.executable, __file__, "--one", str(size), str(seed)] + (
                ["--no-office"] if args.no_office else []
            )
            done = subprocess.run(cmd, capture_output=True, text=True)
            if done.returncode != 0:
                print(f"{seed} {size}: failed\n{done.stderr[-1500:]}")
                continue
            r = json.loads(done.stdout.strip().splitlines()[-1])
            print(
                f"{seed:<5} {kind:<8} {size:>7} {r['reports']:>7} {r['recall']:>6.1%} "
                f"{r['pre2019'][0]:>4}/{r['pre2019'][1]:<4} {r['false_reports']:>11} {r['cells_exact']:>6.1%} "
                f"{r['pages_per_report']:>12.1f} {r['pages_per_second']:>7.1f} {r['crawl_rss_mib']:>7.0f}M "
                f"{r['world_rss_mib']:>7.0f}M",
                flush=True,
            )
            fams = " ".join(f"{f}={a}/{b}" for f, (a, b) in sorted(r["by_family"].items()))
            print(
                f"      by family: {fams}; crawl {r['crawl_seconds']:.0f}s exit {r['exit']}; "
                f"non-reports e.g. {r['false_examples'][:2]}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
