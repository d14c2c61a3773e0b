"""Ingest benchmark: synthetic report pages through `Archive.ingest`, on SQLite and PostgreSQL.

    .venv/bin/python bench/ingest.py [--versions 10000] [--size 100000] [--duplicates 0.3] [--batch 50]
                                     [--chunk 100] [--postgresql URL] [--skip-sqlite] [--levels]

Every ingest stores a version; a `--duplicates` share of them carry a body already stored under another
URL (an attachment copied across portals), so only the rest add a blob. Three runners take the same bodies:
the floor — SHA-256, zstd at the archive's level (new bodies only), and a blob row and a version row in one
transaction per version, nothing else — nianbao one `ingest` at a time, and nianbao in `ingest_many` batches
of `--batch` (group commit, compression in threads). They take turns, `--chunk` versions each in a rotating
order, each into its own database, so a machine whose load changes during the run slows them alike (on a
shared machine a floor measured before or after nianbao said more about the load than about nianbao).
Prints versions/s and stored bytes per raw byte (compressed blob bytes / bytes of every version's body) per
runner, nianbao's rate as a share of the floor's, and the load average before and after. PostgreSQL: throwaway
databases are created beside the one in --postgresql (default NIANBAO_TEST_DATABASE_URL) and dropped afterwards.
`--levels` also prints zstd's ratio and speed per level on the same bodies (the choice of ZSTD_LEVEL).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import zstandard

from nianbao.archive import Archive, Fetch
from nianbao.archive.blobs import ZSTD_LEVEL, compress, sha256_hex
from nianbao.archive.database import make_engine

SENTENCES = [
    "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外。",
    "全年主动公开政府信息{n}条，其中规范性文件{m}件，政策解读{k}篇。",
    "本年新收政府信息公开申请{n}件，上年结转{m}件，结转下年度继续办理{k}件。",
    "进一步完善政府信息公开指南和目录，及时更新机构职能、办事指南等基础信息。",
    "加强政策解读和回应关切，通过政府网站、政务新媒体等渠道发布解读材料{n}篇。",
    "行政复议{n}件，行政诉讼{m}件，均依法按时办结，未发生因政府信息公开引起的纠纷。",
    "存在的主要问题：公开内容还不够全面，部分栏目更新不够及时，解读形式较为单一。",
    "下一步，将持续加强业务培训，提升工作人员业务能力和水平，推动政务公开工作提质增效。",
    "<a href=\"/art/2025/1/{n}/art_{m}_{k}.html\" target=\"_blank\">关于印发《{n}号文件》的通知</a>",
    "<div class=\"xxgk_navli\"><span>发布日期：2025-01-{d}</span><span>来源：本网</span></div>",
]
T3_ROWS = ["本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "予以公开", "部分公开",
           "属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
           "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项",
           "本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确", "信访举报投诉类申请",
           "重复申请", "要求提供公开出版物", "无正当理由大量反复申请", "要求行政机关确认或重新出具已获取信息",
           "申请人无正当理由逾期不补正", "申请人逾期未按收费通知要求缴纳费用", "其他", "总计", "结转下年度继续办理"]


def synthetic_page(seed: int, size: int) -> bytes:
    """A report-like HTML page of about `size` bytes; the same seed always gives the same bytes."""
    rng = random.Random(seed)
    parts = [f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>第{seed}号 2024年政府信息公开工作年度报告"
             "</title><link rel=\"stylesheet\" href=\"/css/main.css\"></head><body><div class=\"article\">"]
    length = sum(len(p.encode()) for p in parts)
    while length < size:
        if rng.random() < 0.1:
            rows = "".join(
                f"<tr><td>{label}</td>" + "".join(f"<td>{rng.randint(0, 300)}</td>" for _ in range(7)) + "</tr>"
                for label in T3_ROWS
            )
            chunk = f"<table border=\"1\" cellspacing=\"0\">{rows}</table>"
        else:
            chunk = "<p style=\"text-indent:2em\">" + rng.choice(SENTENCES).format(
                n=rng.randint(1, 9999), m=rng.randint(1, 999), k=rng.randint(1, 99), d=rng.randint(10, 31)
            ) + "</p>\n"
        parts.append(chunk)
        length += len(chunk.encode())
    parts.append("</div></body></html>")
    return "".join(parts).encode()


START = datetime(2026, 1, 1, tzinfo=UTC)


def plan(versions: int, duplicates: float, seed: int = 1) -> list[int]:
    """Body seeds, one per version: a `duplicates` share repeats a seed used before."""
    rng = random.Random(seed)
    seeds: list[int] = []
    for i in range(versions):
        seeds.append(rng.choice(seeds) if seeds and rng.random() < duplicates else i)
    return seeds


@dataclass
class Chunk:
    """Versions to ingest: (index, body) each; the same bodies go to every runner."""

    start: int
    bodies: list[bytes]


class Nianbao:
    """The archive, one `ingest` per version (`batch` 1) or `ingest_many` batches of `batch`."""

    def __init__(self, name: str, url: str, batch: int) -> None:
        self.name, self.batch, self.url = name, batch, url
        self.archive = Archive.open(url)
        self.run_id = self.archive.start_run(["bench"])
        self.elapsed = 0.0  # ingest time only: making the synthetic bodies is not the archive's cost
        self.raw = 0

    def ingest(self, chunk: Chunk) -> None:
        fetches = [
            Fetch(
                url=f"http://bench.example.gov.cn/art/{chunk.start + n}.html", status=200,
                headers={"Content-Type": "text/html; charset=utf-8"}, body=body,
                fetched_at=START + timedelta(seconds=chunk.start + n), portal="bench", run_id=self.run_id,
            )
            for n, body in enumerate(chunk.bodies)
        ]  # fmt: skip
        self.raw += sum(map(len, chunk.bodies))
        began = time.perf_counter()
        if self.batch <= 1:
            results = [self.archive.ingest(fetch) for fetch in fetches]
        else:
            results = [r for i in range(0, len(fetches), self.batch)
                       for r in self.archive.ingest_many(fetches[i:i + self.batch])]  # fmt: skip
        self.elapsed += time.perf_counter() - began
        assert all(result.outcome == "new_document" for result in results), results

    def close(self) -> tuple[int, int]:
        """(stored bytes, blobs)."""
        self.archive.finish_run(self.run_id)
        with self.archive.engine.connect() as conn:
            stored, blobs = conn.execute(sa.text("SELECT sum(stored_size), count(*) FROM blob")).one()
        self.archive.close()
        return int(stored), int(blobs)


class Floor:
    """The least any archive must do with these bodies: hash each, compress the new ones, and write a blob row
    (if new) and a version row in one transaction per version, on the same kind of database (tables of its
    own, statements sent as they are, the archive's engine settings: SQLite WAL, synchronous=NORMAL, BEGIN
    IMMEDIATE)."""

    def __init__(self, url: str) -> None:
        self.name = "floor"
        self.engine = make_engine(url)
        sqlite = self.engine.dialect.name == "sqlite"
        mark = "?" if sqlite else "%s"
        blob_type = "BLOB" if sqlite else "BYTEA"
        with self.engine.begin() as conn:
            conn.exec_driver_sql(f"CREATE TABLE floor_blob (sha256 TEXT PRIMARY KEY, data {blob_type})")
            conn.exec_driver_sql(f"CREATE TABLE floor_version (id {'INTEGER' if sqlite else 'SERIAL'} PRIMARY KEY, "
                                 "url TEXT, sha256 TEXT, seen TEXT)")
        self.insert_blob = f"INSERT INTO floor_blob (sha256, data) VALUES ({mark}, {mark})"
        self.insert_version = f"INSERT INTO floor_version (url, sha256, seen) VALUES ({mark}, {mark}, {mark})"
        self.stored: set[str] = set()
        self.elapsed = 0.0

    def ingest(self, chunk: Chunk) -> None:
        for n, body in enumerate(chunk.bodies):
            i = chunk.start + n
            url, seen = f"http://bench.example.gov.cn/art/{i}.html", (START + timedelta(seconds=i)).isoformat()
            began = time.perf_counter()
            digest = sha256_hex(body)
            packed = None if digest in self.stored else compress(body)
            with self.engine.begin() as conn:
                if packed is not None:
                    conn.exec_driver_sql(self.insert_blob, (digest, packed))
                conn.exec_driver_sql(self.insert_version, (url, digest, seen))
            self.stored.add(digest)
            self.elapsed += time.perf_counter() - began

    def close(self) -> None:
        self.engine.dispose()


def interleaved(runners: list[Any], seeds: list[int], size: int, chunk: int) -> None:
    """Every runner ingests the same bodies, `chunk` versions at a time, taking turns (in a rotating order),
    so that a machine whose load changes during the run slows each of them alike."""
    bodies: dict[int, bytes] = {}
    for number, start in enumerate(range(0, len(seeds), chunk)):
        part = []
        for seed in seeds[start:start + chunk]:
            part.append(bodies.get(seed) or bodies.setdefault(seed, synthetic_page(seed, size)))
            if len(bodies) > 2000:  # keep memory bounded; a re-generated body is identical anyway
                bodies.pop(next(iter(bodies)))
        turn = number % len(runners)
        for runner in runners[turn:] + runners[:turn]:
            runner.ingest(Chunk(start, part))


def report(runner: Nianbao, seeds: list[int], stored: int, blobs: int, file_size: int | None) -> None:
    elapsed, raw = runner.elapsed, runner.raw
    print(f"{runner.name}: {len(seeds)} versions ({blobs} distinct bodies) in {elapsed:.1f} s = "
          f"{len(seeds) / elapsed:.0f} versions/s; raw {raw / 1e6:.1f} MB, blobs {stored / 1e6:.1f} MB, "
          f"stored bytes per raw byte {stored / raw:.4f}"
          + (f"; database file {file_size / 1e6:.1f} MB ({file_size / raw:.4f} per raw byte)" if file_size else ""))


def report_floor(name: str, seeds: list[int], floor: Floor, runners: list[Nianbao]) -> None:
    rate = len(seeds) / floor.elapsed
    print(f"{name} floor: {rate:.0f} versions/s (SHA-256, zstd level {ZSTD_LEVEL} for new bodies, a blob and a "
          "version row in one transaction)")
    for runner in runners:
        print(f"  {runner.name}: {floor.elapsed / runner.elapsed:.2f} of the floor's rate "
              f"({runner.elapsed / floor.elapsed:.2f}x the floor's time)")


def levels(size: int) -> None:
    bodies = [synthetic_page(seed, size) for seed in range(50)]
    raw = sum(map(len, bodies))
    for level in (1, 3, 6, 9, 12, 15, 19):
        compressor = zstandard.ZstdCompressor(level=level)
        began = time.perf_counter()
        stored = sum(len(compressor.compress(b)) for b in bodies)
        ms = (time.perf_counter() - began) * 1000 / len(bodies)
        print(f"zstd level {level:2d}: {stored / raw:.4f} stored per raw byte, {ms:.2f} ms per {size // 1000} KB body")


@contextlib.contextmanager
def postgresql_database(server_url: str) -> Iterator[tuple[str, Callable[[], int]]]:
    """A throwaway database beside the one `server_url` names: (its URL, its size in bytes), dropped after."""
    base = sa.engine.make_url(server_url)
    name = f"nianbao_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def size() -> int:
        with admin.connect() as conn:
            return int(conn.exec_driver_sql(f"SELECT pg_database_size('{name}')").scalar())

    try:
        yield base.set(database=name).render_as_string(hide_password=False), size
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{name}_reader"')
        admin.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--versions", type=int, default=10_000)
    parser.add_argument("--size", type=int, default=100_000, help="bytes per body (about)")
    parser.add_argument("--duplicates", type=float, default=0.3)
    parser.add_argument("--postgresql", default=os.environ.get("NIANBAO_TEST_DATABASE_URL"),
                        help="a PostgreSQL URL whose server hosts the throwaway databases")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--levels", action="store_true", help="also compare zstd levels")
    parser.add_argument("--batch", type=int, default=50,
                        help="also ingest in batches of this many (Archive.ingest_many); 1: one at a time only")
    parser.add_argument("--chunk", type=int, default=100,
                        help="versions each runner (floor, one at a time, batches) ingests in its turn")
    args = parser.parse_args()
    if args.levels:
        levels(args.size)
    seeds = plan(args.versions, args.duplicates)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            paths = {name: Path(tmp) / f"{name}.sqlite" for name in ("floor", "single", "batched")}
            floor = Floor(f"sqlite:///{paths['floor']}")
            runners = [Nianbao("SQLite", f"sqlite:///{paths['single']}", 1)]
            if args.batch > 1:
                runners.append(Nianbao(f"SQLite, batches of {args.batch}", f"sqlite:///{paths['batched']}", args.batch))
            interleaved([floor, *runners], seeds, args.size, args.chunk)
            floor.close()
            for runner, name in zip(runners, ("single", "batched"), strict=False):
                report(runner, seeds, *runner.close(), paths[name].stat().st_size)
            report_floor("SQLite", seeds, floor, runners)
    if args.postgresql:
        with contextlib.ExitStack() as stack:
            databases = [stack.enter_context(postgresql_database(args.postgresql)) for _ in range(3)]
            floor = Floor(databases[0][0])
            runners = [Nianbao("PostgreSQL", databases[1][0], 1)]
            if args.batch > 1:
                runners.append(Nianbao(f"PostgreSQL, batches of {args.batch}", databases[2][0], args.batch))
            interleaved([floor, *runners], seeds, args.size, args.chunk)
            floor.close()
            for runner, (_, size_of) in zip(runners, databases[1:], strict=False):
                report(runner, seeds, *runner.close(), size_of())
            report_floor("PostgreSQL", seeds, floor, runners)
    else:
        print("PostgreSQL: skipped (no --postgresql and no NIANBAO_TEST_DATABASE_URL)")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
