"""WARC benchmark: `nianbao export --format warc` and `nianbao import` on the bench archive (bench/ingest.py).

    .venv/bin/python bench/warc.py [--versions 10000] [--small 1000] [--size 20000]

Builds SQLite archives of `--small` and `--versions` synthetic report versions (bench/ingest.py's pages, 30 %
of bodies shared), then in a child process each (so peak RSS is the command's own): exports the archive to
WARC, and imports that WARC into an empty archive (`--no-extract`: extraction speed is bench/extract.py's).
Prints records/s and MB/s for each (export: MB of bodies written; import: MB of the .warc.gz read), and
each child's peak RSS: the export streams, so its peak should not grow with the archive.

Measured 2026-12-07 (2 shared cores at load ~11, SQLite, 20 kB bodies): export 287 / 280 records/s, 2.0 MB/s,
peak 110 / 115 MB at 1,000 / 10,000 versions; import (no extraction) 41 / 33 versions/s, peak 110 / 125 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def child(what: str, database: str, warc: str) -> None:
    """Run one export or import here and print its counts as JSON (peak RSS is read by the parent)."""
    from nianbao.archive import Archive

    began = time.perf_counter()
    with Archive.open(database) as archive:
        if what == "export":
            from nianbao.archive.warc_export import export_warc

            counts = export_warc(archive, Path(warc))
            result = {"records": counts.records, "bytes": counts.body_bytes, "versions": counts.responses}
        else:
            from nianbao.crawler.run import configured_portals
            from nianbao.crawler.warc_import import import_files

            [portal] = configured_portals(["zzszq"])
            report = import_files(archive, [Path(warc)], [portal], forced=portal, extract=False)
            result = {
                "records": sum(report.outcomes.values()) + sum(report.skipped.values()),
                "versions": report.versions_new,
                "bytes": Path(warc).stat().st_size,
            }
    result["seconds"] = time.perf_counter() - began
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps(result))


def measured(what: str, database: str, warc: Path) -> dict[str, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run(
        [sys.executable, __file__, "--child", what, database, str(warc)], capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result["peak_mb"] = max(peak, before) / 1024  # ru_maxrss is KiB on Linux; the largest child so far
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--versions", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--size", type=int, default=20_000, help="bytes per body (about)")
    parser.add_argument("--child", nargs=3, metavar=("WHAT", "DATABASE", "WARC"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    from ingest import plan, run

    print(f"bench/warc: bodies of ~{args.size} bytes, SQLite")
    print(
        f"{'versions':>8} {'step':>7} {'records':>8} {'seconds':>8} {'records/s':>10} {'MB/s':>7} {'peak RSS MB':>12}"
    )
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-warc-") as work:
        for n in (args.small, args.versions):
            source = f"sqlite:///{work}/source-{n}.sqlite"
            run(source, plan(n, 0.3), args.size)
            warc = Path(work) / f"export-{n}.warc.gz"
            for what, database in (("export", source), ("import", f"sqlite:///{work}/imported-{n}.sqlite")):
                r = measured(what, database, warc)
                print(
                    f"{n:>8} {what:>7} {r['records']:>8} {r['seconds']:>8.1f} {r['records'] / r['seconds']:>10.0f} "
                    f"{r['bytes'] / 1e6 / r['seconds']:>7.1f} {r['peak_mb']:>12.0f}",
                    flush=True,
                )
                if what == "import":
                    assert r["versions"] == n, r
    return 0


if __name__ == "__main__":
    sys.exit(main())
