"""bench/scale: refresh and the read commands on archives of 1,000 to 100,000 annual reports.

    python bench/scale.py                                   # SQLite: 1,000, 10,000 and 100,000 reports
    python bench/scale.py --sizes 1000 10000 --database postgresql+psycopg://postgres@127.0.0.1/bench_scale

Each archive is built through the archive's own API, in batches of 500 reports: the fetches in one
transaction (`Archive.ingest_many`), their extractions in another (`extractions.save_extractions`), with
extractions made from the corpus truth (nianbao.corpus.truth: cells, checks, dates, prose) instead of running
the extractor, in worker processes while the main one writes. Reports belong to synthetic counties
(样本0001县 …) of 50 agencies each, over 5 years; one in ten also has a PDF attachment carrying the same
numbers (a copy to group). A SQLite archive is built once and kept under --cache (10,000 reports: 17 s to build
and 11 s for the first refresh; 100,000: 209 s and 132 s, at load 2–3 on 2 cores); each run changes 1 % of its
documents more; one made by an older nianbao is upgraded first (`nianbao db upgrade`).

Printed per size, in seconds: refresh with nothing changed; refresh after 1 % of the documents got a new
version with changed numbers; `nianbao search 街道 --region R`, `nianbao scorecard --year Y --region R` and
`nianbao dashboard --region R` as a user runs them (a new process: wall time, start-up included); and the
longest write-lock hold during the refreshes (`longest_lock`; SQLite: what a probe writer thread beside the
refresh waited for, GIL waits included; PostgreSQL, where writers do not queue on one lock: the longest refresh
transaction) and the longest refresh transaction itself (`longest_txn`; before issue 18: the whole refresh).

The code being measured is whatever `nianbao` imports, so the same script measures an older checkout too
(PYTHONPATH=that/checkout); it only uses APIs both have.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from nianbao.archive import Archive, Fetch
from nianbao.archive.annual import refresh
from nianbao.archive.ingest import utcnow
from nianbao.archive.retries import with_retries
from nianbao.corpus import prose
from nianbao.corpus.truth import generate

_DEPARTMENTS = (
    "人民政府 发展和改革局 教育和体育局 科学技术局 公安局 民政局 司法局 财政局 人力资源和社会保障局 自然资源和规划局 "
    "住房和城乡建设局 交通运输局 水务局 农业农村局 商务局 文化和旅游局 卫生健康局 退役军人事务局 应急管理局 审计局 "
    "市场监督管理局 统计局 医疗保障局 综合行政执法局 行政审批服务局 信访局 林业局 能源局 档案馆 残疾人联合会"
)
#: 50 agencies per county: 30 departments (the government included), 10 towns, 10 street offices.
AGENCIES = (
    *_DEPARTMENTS.split(),
    *(f"第{i}镇人民政府" for i in range(1, 11)),
    *(f"第{i}街道办事处" for i in range(1, 11)),
)
YEARS = (2020, 2021, 2022, 2023, 2024)
PER_COUNTY = len(AGENCIES) * len(YEARS)
T0 = datetime(2025, 3, 1, tzinfo=UTC)


def county(k: int) -> str:
    return f"样本{k:04d}县"


def report(seed: int, agency: str | None, year: int | None, place: str | None, bump: int = 0) -> dict[str, Any]:
    """The extraction report of a synthetic report: what the extractor would say, from the truth."""
    truth = generate(seed)
    cells: dict[str, Any] = dict(truth.expected_cells())
    if bump:
        cells = {k: (v + bump if isinstance(v, int) else v) for k, v in cells.items()}
    checks = [{"rule": rule, "status": "fail", "detail": "", "cells": []} for rule in truth.broken]
    sections = {s.key: "\n".join(s.paragraphs) for s in prose.sections(truth)}
    published = date(year + 1, truth.published.month, min(truth.published.day, 28)) if year else truth.published
    return {
        "extractor_version": "bench",
        "title": f"{agency}{year}年政府信息公开工作年度报告" if agency else None,
        "agency": agency,
        "year": year,
        "published": published.isoformat(),
        "signed": None,
        "template": truth.template,
        "format": "html",
        "cells": cells,
        "cell_details": {},
        "checks": checks,
        "sections": sections,
        "warnings": [],
        **({"province": "山东省", "city": "济宁市", "county": place} if place else {}),
    }


def page(url: str, body: str, minutes: int, parent: str | None = None) -> Fetch:
    return Fetch(
        url=url,
        status=200,
        headers={"Content-Type": "text/html" if parent is None else "application/pdf"},
        body=body.encode(),
        fetched_at=T0 + timedelta(minutes=minutes),
        portal="scale",
        parent_url=parent,
        kind="attachment" if parent else "page",
    )


def url_of(i: int) -> str:
    k, rest = divmod(i, PER_COUNTY)
    agency_index, year_index = divmod(rest, len(YEARS))
    return f"http://scale{k}.example.gov.cn/{agency_index}/{YEARS[year_index]}.html"


Item = tuple[Fetch, dict[str, Any]]


def items(i: int, round_: int = 0) -> list[Item]:
    """The fetches of report `i` with their extraction reports: its page, and every tenth a PDF attachment
    (no agency of its own, the same numbers). Round 0 is the first crawl; a later round changes the page's
    body and its numbers. Runs in the builder's worker processes (the truth is pure Python)."""
    k, rest = divmod(i, PER_COUNTY)
    agency_index, year_index = divmod(rest, len(YEARS))
    place, year = county(k), YEARS[year_index]
    agency = f"{place}{AGENCIES[agency_index]}"
    url = url_of(i)
    if round_:
        return [(page(url, f"<p>{i} round {round_}</p>", 60 * round_), report(i, agency, year, place, bump=round_))]
    found = [(page(url, f"<p>{i}</p>", 0), report(i, agency, year, place))]
    if i % 10 == 3:
        found.append((page(url + ".pdf", f"%PDF {i}", 0, parent=url), report(i, None, None, None)))
    return found


def _items_of(job: tuple[Sequence[int], int]) -> list[Item]:
    indices, round_ = job
    return [item for i in indices for item in items(i, round_)]


#: Reports per write: one `ingest_many` and one `save_extractions` transaction each.
BATCH = 500


def store(archive: Archive, batch: list[Item]) -> None:
    """One batch through the archive's API: the fetches in one transaction (`Archive.ingest_many`), then
    their extractions in another (`extractions.save_extractions`), as a crawl stores and then extracts."""
    results = archive.ingest_many([fetch for fetch, _ in batch])
    pairs = [(r.version_id, rep) for r, (_, rep) in zip(results, batch, strict=True)]
    try:
        from nianbao.archive.extractions import save_extractions
    except ImportError:  # an older checkout: one at a time
        for version_id, rep in pairs:
            archive.save_extraction(version_id, rep)
        return
    with_retries(archive.engine, lambda conn: save_extractions(conn, pairs, utcnow()))


def write(archive: Archive, indices: Sequence[int], round_: int, workers: int) -> None:
    """Store the items of these reports in batches; the reports of the next batch are made from the truth
    in `workers` processes while this one writes (on 2 cores: the truth on one, SQLite on the other)."""
    jobs = [(indices[s : s + BATCH], round_) for s in range(0, len(indices), BATCH)]
    started = time.monotonic()
    done = 0
    with ProcessPoolExecutor(max(1, workers)) as pool:

        def submit(job: tuple[Sequence[int], int]) -> list[Future[list[Item]]]:
            part = max(1, len(job[0]) // max(1, workers))
            return [pool.submit(_items_of, (job[0][s : s + part], round_)) for s in range(0, len(job[0]), part)]

        ahead = [submit(job) for job in jobs[:2]]
        for n, job in enumerate(jobs):
            futures = ahead.pop(0)
            if n + 2 < len(jobs):
                ahead.append(submit(jobs[n + 2]))
            store(archive, [item for f in futures for item in f.result()])
            done += len(job[0])
            if done % 5000 < BATCH and len(indices) >= 5000:
                print(f"  stored {done} reports ({time.monotonic() - started:.0f} s)", file=sys.stderr, flush=True)


def build(archive: Archive, reports: int, workers: int = 2) -> None:
    write(archive, range(reports), 0, workers)


def change(archive: Archive, reports: int, share: float, round_: int, workers: int = 2) -> int:
    """A new version with changed numbers for `share` of the reports' pages."""
    rng = random.Random(round_)
    chosen = rng.sample(range(reports), max(1, int(reports * share)))
    write(archive, chosen, round_, workers)
    return len(chosen)


class LockProbe:
    """A writer beside the refresh (SQLite): takes and releases the write lock every 20 ms, keeping the
    longest wait — how long a crawl's ingest would have waited."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.longest = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> LockProbe:
        if self.path is not None:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self.path is not None:
            self._thread.join()

    def _run(self) -> None:
        db = sqlite3.connect(self.path, timeout=600, isolation_level=None)
        while not self._stop.is_set():
            started = time.monotonic()
            db.execute("BEGIN IMMEDIATE")
            db.execute("COMMIT")
            self.longest = max(self.longest, time.monotonic() - started)
            time.sleep(0.02)
        db.close()


def timed_refresh(archive: Archive, sqlite_file: Path | None) -> tuple[float, float, float]:
    """(wall seconds, longest write-lock wait of a probe writer, longest refresh transaction) of one refresh."""
    with LockProbe(sqlite_file) as probe:
        started = time.monotonic()
        summary = refresh(archive)
        took = time.monotonic() - started
    held = getattr(summary, "longest_write", took)  # before issue 18 a refresh was one transaction
    return took, probe.longest if sqlite_file is not None else held, held


def command(url: str, *argv: str) -> float:
    """Wall seconds of `nianbao ARGV` in a new process, as a user runs it."""
    env = dict(os.environ, NIANBAO_DATABASE_URL=url)
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from nianbao.cli import main; sys.exit(main())", *argv],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    took = time.monotonic() - started
    if done.returncode:
        raise SystemExit(f"nianbao {' '.join(argv)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return took


def settle(archive: Archive) -> None:
    """Refresh until nothing is left to regroup (the first refresh of a new archive does it all)."""
    started = time.monotonic()
    refresh(archive)
    print(f"  first refresh {time.monotonic() - started:.1f} s", file=sys.stderr, flush=True)


def measure(url: str, reports: int, sqlite_file: Path | None, round_: int) -> dict[str, float]:
    with Archive.open(url) as archive:
        settle(archive)
        unchanged, waited_unchanged, held_unchanged = timed_refresh(archive, sqlite_file)
        change(archive, reports, 0.01, round_)
        changed, waited_changed, held_changed = timed_refresh(archive, sqlite_file)
    region = county(min(3, (reports - 1) // PER_COUNTY))
    with tempfile.TemporaryDirectory() as out:
        reads = {
            "search": command(url, "search", "街道", "--region", region),
            "scorecard": command(url, "scorecard", "--year", "2023", "--region", region),
            "dashboard": command(url, "dashboard", "--region", region, "--out", out),
        }
    return {
        "unchanged": unchanged,
        "changed_1pct": changed,
        **reads,
        "longest_lock": max(waited_unchanged, waited_changed),
        "longest_txn": max(held_unchanged, held_changed),
    }


def cached_archive(cache: Path, name: str, reports: int) -> Path:
    """The SQLite archive `cache/name` of `reports` reports, built on first use (a `.built` mark says it is
    whole: a build cut short is started again)."""
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / name
    done = path.with_suffix(".built")
    if not done.exists():
        for leftover in cache.glob(f"{path.stem}.*"):
            leftover.unlink()
        started = time.monotonic()
        with Archive.open(f"sqlite:///{path}") as archive:
            build(archive, reports)
        print(f"  built {reports} reports in {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
        done.write_text("")
    from nianbao.archive import schema
    from nianbao.archive.database import make_engine

    engine = make_engine(f"sqlite:///{path}")
    try:
        before, after = schema.upgrade(engine)
    finally:
        engine.dispose()
    if before != after:
        print(f"  upgraded from {before} to {after}", file=sys.stderr, flush=True)
    return path


def run_size(reports: int, database: str | None, cache: Path, label: str, reuse: bool = False) -> dict[str, float]:
    if database:
        from nianbao.archive.database import make_engine

        engine = make_engine(database)
        if not reuse:
            with engine.begin() as conn:  # a fresh schema per size
                conn.exec_driver_sql("DROP SCHEMA public CASCADE")
                conn.exec_driver_sql("CREATE SCHEMA public")
            with Archive.open(database) as archive:
                started = time.monotonic()
                build(archive, reports)
                print(f"  built in {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
        with engine.begin() as conn:
            # What autovacuum does after a bulk load (where it runs: the test server has it off). Without
            # statistics PostgreSQL looked up each copy's latest extraction by scanning the primary key.
            conn.exec_driver_sql("ANALYZE")
            round_ = conn.exec_driver_sql("SELECT coalesce(max(seq), 0) FROM version").scalar_one()
        engine.dispose()
        return measure(database, reports, None, round_)
    path = cached_archive(cache, f"{label}-{reports}.sqlite", reports)
    stamp = path.with_suffix(".rounds")
    round_ = int(stamp.read_text()) + 1 if stamp.exists() else 1
    stamp.write_text(str(round_))
    return measure(f"sqlite:///{path}", reports, path, round_)


COLUMNS = ("unchanged", "changed_1pct", "search", "scorecard", "dashboard", "longest_lock", "longest_txn")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--database", help="a PostgreSQL URL (its public schema is dropped!); default SQLite")
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "nianbao-scale",
        help="where SQLite archives are kept between runs",
    )
    parser.add_argument("--label", default="head", help="cache file prefix: one per code version measured")
    parser.add_argument(
        "--reuse", action="store_true", help="PostgreSQL: measure the archive built by the last run (one size)"
    )
    args = parser.parse_args()
    print(f"{'reports':>8} " + " ".join(f"{c:>13}" for c in COLUMNS) + "   (seconds)")
    for reports in args.sizes:
        row = run_size(reports, args.database, args.cache, args.label, args.reuse)
        print(f"{reports:>8} " + " ".join(f"{row[c]:>13.3f}" for c in COLUMNS), flush=True)


if __name__ == "__main__":
    main()
