"""bench/export: rows per second of `nianbao export` (csv, jsonl, parquet; long and wide) on a SQLite archive.

    python bench/export.py [--reports 2000] [--formats csv,jsonl,parquet] [--cache DIR]

The archive is bench/scale's (its `build`: reports through `Archive.ingest_many` and `save_extractions`, cells
from the corpus truth, ~250 a report), built once under --cache and reused. Each export runs in this process
(`archive.export.export`, the command's work without start-up), to a file in a temporary directory; printed:
rows, seconds, rows/s, and the output's size. The code measured is whatever `nianbao` imports, so the same
script measures an older checkout (PYTHONPATH=that/checkout) for a before/after pair.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from scale import cached_archive  # bench/scale.py, beside this script

from nianbao.archive import Archive
from nianbao.archive.export import export


def archive_of(reports: int, cache: Path) -> str:
    """The URL of a cached archive of `reports` reports, built on first use."""
    return f"sqlite:///{cached_archive(cache, f'export-{reports}.sqlite', reports)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--formats", default="csv,jsonl,parquet")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "nianbao-export-bench")
    args = parser.parse_args()
    url = archive_of(args.reports, args.cache)
    with Archive.open(url) as archive, tempfile.TemporaryDirectory() as out:
        for wide in (False, True):
            for fmt in args.formats.split(","):
                target = Path(out) / f"export.{fmt}"
                started, cpu = time.perf_counter(), time.process_time()
                rows = export(archive, target, fmt, wide=wide)
                seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
                print(
                    f"{'wide' if wide else 'long'} {fmt:8} {rows:>9} rows in {seconds:6.2f} s = "
                    f"{rows / seconds:>9.0f} rows/s ({cpu:.2f} CPU s, {target.stat().st_size / 2**20:.1f} MiB; "
                    f"load average {os.getloadavg()[0]:.1f})",
                    flush=True,
                )


if __name__ == "__main__":
    main()
