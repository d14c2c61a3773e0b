"""Reports per second on one core and peak memory of `extractor.extract`, per rendering of the corpus.

Every rendering registered in corpus.renderings.RENDERINGS is measured (a new format is one entry there), each
in a forked child pinned to one CPU, so one format's memory does not hide another's. Bundles are rendered
before the clock starts; the time is the whole `extract()`: sniffing, reading, interpreting, checks.

Usage: .venv/bin/python bench/extract.py [--reports N] [--renderings html,docx,...] [--profile NAME]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import multiprocessing
import os
import resource
import time
from multiprocessing.connection import Connection

from nianbao.corpus.renderings import RENDERINGS, render
from nianbao.corpus.truth import corpus_truths
from nianbao.extractor import extract


def _rss_mib() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def measure(name: str, n: int, conn: Connection) -> None:
    with contextlib.suppress(AttributeError, OSError):  # one core, where the platform lets us pin
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    bundles = [render(t, name) for t in corpus_truths(n)]
    extract(bundles[0])  # imports and caches out of the measurement
    gc.collect()
    baseline = _rss_mib()
    sizes = sum(len(b.body) for b in bundles) / len(bundles) / 1024
    start = time.perf_counter()
    cpu_start = time.process_time()
    cells = 0
    for bundle in bundles:
        cells += len(extract(bundle).cells)
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    conn.send((name, n, wall, cpu, baseline, peak, sizes, cells))
    conn.close()


def profile(name: str, n: int) -> None:
    import cProfile
    import pstats

    bundles = [render(t, name) for t in corpus_truths(n)]
    extract(bundles[0])
    profiler = cProfile.Profile()
    profiler.enable()
    for bundle in bundles:
        extract(bundle)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--renderings", default=",".join(RENDERINGS))
    parser.add_argument("--profile", metavar="RENDERING", help="print a cProfile of one rendering instead")
    args = parser.parse_args()
    if args.profile:
        profile(args.profile, args.reports)
        return
    ctx = multiprocessing.get_context("fork")
    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall-clock rates suffer from load; "
        "CPU rates do not)"
    )
    print(f"{'rendering':<14} {'reports':>7} {'rep/s wall':>10} {'rep/s cpu':>10} {'ms/report':>10} "
          f"{'KiB/report':>10} {'base MiB':>9} {'peak MiB':>9} {'cells':>7}")  # fmt: skip
    for name in args.renderings.split(","):
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=measure, args=(name, args.reports, child))
        proc.start()
        result = parent.recv()
        proc.join()
        name, n, wall, cpu, baseline, peak, size, cells = result
        print(
            f"{name:<14} {n:>7} {n / wall:>10.1f} {n / cpu:>10.1f} {1000 * cpu / n:>10.2f} {size:>10.1f} "
            f"{baseline:>9.1f} {peak:>9.1f} {cells / n:>7.0f}"
        )


if __name__ == "__main__":
    main()
