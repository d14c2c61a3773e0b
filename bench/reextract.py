"""Versions per second of `nianbao reextract` over an archive of corpus reports, on 1 and on 2 worker processes.

The archive is built once (SQLite, in a temporary directory): N versions of N/2 documents, each document two
renderings of different truths under one URL, mixed formats — HTML mostly (plain, Word-exported, GB18030),
DOCX, plain text. Each measurement runs on its own copy of that archive, none extracted yet, and times
`archive.reextract.run` from the first version to the last save (bodies read and decompressed, extracted,
cells compared, reports saved), the work `nianbao reextract --all` does after listing what is due. With
more than one worker, the workers read and extract and this process saves (archive.reextract.run).

Usage: .venv/bin/python bench/reextract.py [--versions 5000] [--workers 1,2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from nianbao import extractor
from nianbao.archive import Archive, Fetch
from nianbao.archive.reextract import Selection, due_versions, run
from nianbao.corpus.renderings import render
from nianbao.corpus.truth import corpus_truths

#: Renderings and their share of the archive: portals publish HTML pages mostly, some DOCX and plain text.
MIX = (("html", 60), ("word_html", 15), ("gb18030_html", 5), ("docx", 15), ("text_tabs", 5))
T0 = datetime(2026, 1, 10, tzinfo=UTC)


def rendering_for(i: int) -> str:
    slot = i % 100
    for name, share in MIX:
        if slot < share:
            return name
        slot -= share
    raise AssertionError("shares add up to 100")


def build(path: Path, versions: int) -> dict[str, int]:
    archive = Archive.open(f"sqlite:///{path}")
    counts: dict[str, int] = {}
    documents = versions // 2
    try:
        for i, truth in enumerate(corpus_truths(versions, broken_every=9)):
            document = i % documents
            name = rendering_for(document)
            bundle = render(truth, name)
            result = archive.ingest(Fetch(
                url=f"http://bench.example.gov.cn/{name}/{document}", status=200,
                headers={"Content-Type": bundle.content_type or "application/octet-stream"}, body=bundle.body,
                fetched_at=T0 + timedelta(minutes=i), portal="bench", kind="page" if "html" in name else "attachment",
            ))
            assert result.stored, result
            counts[name] = counts.get(name, 0) + 1
    finally:
        archive.close()
    return counts


def _cpu_seconds() -> float:
    """CPU time of this process and its reaped children (one worker runs here; its capped parses fork)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(path: Path, workers: int) -> tuple[int, float, float, int]:
    """(versions, wall seconds, CPU seconds seen from here, failures); CPU is the whole work for one worker,
    and for more the writer's alone (this process saves every report; the pool's workers, which read and
    extract, are the forkserver's children, not ours)."""
    archive = Archive.open(f"sqlite:///{path}")
    try:
        current = extractor.EXTRACTOR_VERSION
        due = due_versions(archive, Selection("all"), current)
        start, cpu = time.perf_counter(), _cpu_seconds()
        failed = sum(outcome.error is not None for outcome in run(archive, due, workers, current))
        return len(due), time.perf_counter() - start, _cpu_seconds() - cpu, failed
    finally:
        archive.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--versions", type=int, default=5000)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts to measure")
    parser.add_argument("--keep", type=Path, help="build the archive here (and keep it) instead of a temp dir")
    args = parser.parse_args()
    directory = args.keep or Path(tempfile.mkdtemp(prefix="nianbao-bench-"))
    directory.mkdir(parents=True, exist_ok=True)
    source = directory / "archive.sqlite"
    start = time.perf_counter()
    counts = build(source, args.versions)
    print(f"archive: {sum(counts.values())} versions of {args.versions // 2} documents "
          f"({', '.join(f'{k} {v}' for k, v in counts.items())}), {source.stat().st_size / 2**20:.1f} MiB, "
          f"built in {time.perf_counter() - start:.0f} s")
    try:
        for workers in (int(w) for w in args.workers.split(",")):
            copy = directory / f"run-{workers}.sqlite"
            shutil.copyfile(source, copy)
            versions, seconds, cpu, failed = measure(copy, workers)
            cpu_note = (f", {1000 * cpu / versions:.1f} CPU-ms a version" if workers == 1
                        else f", the writer {1000 * cpu / versions:.1f} CPU-ms a version")
            print(f"{workers} worker{'s' if workers > 1 else ''}: {versions} versions in {seconds:.1f} s = "
                  f"{versions / seconds:.1f} versions/s ({failed} failed{cpu_note}; "
                  f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)", flush=True)
            copy.unlink()
    finally:
        if args.keep is None:
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
