"""bench/search: how long `nianbao search` takes per word length, and what indexing costs, on a filled archive.

    python bench/search.py                                  # 1000 reports x 100 sentences, a fresh SQLite file
    python bench/search.py --database postgresql+psycopg://postgres@127.0.0.1/bench_search --reports 3000

Each report is a real archived document with an extraction whose sections hold `--sentences` sentences made of
common report words (so short words match nearly everything), plus one rare sentence in one report. Prints the
time of the refresh that builds the index, of a second refresh (nothing to re-index), and of each search.
Words of 3 or more characters are index lookups; 1 and 2 characters scan (see archive.search).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from nianbao.archive import Archive, Fetch
from nianbao.archive.annual import refresh
from nianbao.archive.search import search

WORDS = [
    "政府信息",
    "公开",
    "申请",
    "办理",
    "行政复议",
    "诉讼",
    "主动公开",
    "依申请",
    "答复",
    "期限",
    "本机关",
    "年度",
    "平台",
    "网站",
    "政务",
    "服务",
    "群众",
    "满意度",
    "培训",
    "制度",
    "规范",
    "标准",
    "落实",
    "推进",
    "工作",
]
RARE = "本机关首次试行蝴蝶效应评估。"
QUERIES = [["蝴蝶效应"], ["蝴蝶"], ["蝶"], ["行政复议"], ["复议"], ["行政复议", "满意度"]]


def fill(archive: Archive, reports: int, sentences: int) -> None:
    rng = random.Random(1)
    fetched = datetime(2025, 2, 1, tzinfo=UTC)
    for i in range(reports):
        prose = "".join("".join(rng.choice(WORDS) for _ in range(10)) + "。" for _ in range(sentences))
        if i == reports // 2:
            prose += RARE
        stored = archive.ingest(
            Fetch(
                url=f"http://bench.example.gov.cn/{i}.html",
                status=200,
                headers={"Content-Type": "text/html"},
                body=f"<p>{i}</p>".encode(),
                fetched_at=fetched,
                portal="bench",
                kind="page",
            )
        )
        agency = f"第{i}局"
        archive.save_extraction(
            stored.version_id,
            {
                "extractor_version": "bench",
                "title": f"{agency}2024年政府信息公开工作年度报告",
                "agency": agency,
                "year": 2024,
                "published": "2025-01-20",
                "signed": None,
                "template": "2021",
                "format": "html",
                "cells": {},
                "cell_details": {},
                "checks": [],
                "sections": {"overview": prose},
                "warnings": [],
                "province": "山东省",
                "city": "济宁市",
                "county": "汶上县",
            },
        )


def timed(label: str, work: object) -> object:
    start = time.perf_counter()
    result = work()  # type: ignore[operator]
    print(f"{label:<32} {1000 * (time.perf_counter() - start):8.0f} ms")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", help="archive URL (default: a new SQLite file in a temporary directory)")
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--sentences", type=int, default=100, help="per report")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database or f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        with Archive.open(url) as archive:
            fill(archive, args.reports, args.sentences)
            timed("refresh (indexing)", lambda: refresh(archive))
            timed("refresh (nothing to re-index)", lambda: refresh(archive))
            with archive.engine.begin() as conn:
                total = conn.execute(sa.text("SELECT count(*) FROM report_sentence")).scalar()
                if conn.dialect.name == "postgresql":
                    conn.exec_driver_sql("ANALYZE report_sentence")
            print(f"{archive.engine.dialect.name}: {args.reports} reports, {total} sentences")
            with archive.engine.connect() as conn:
                for words in QUERIES:
                    result = timed(f"search {' '.join(words)}", lambda w=words: search(conn, w, limit=100))
                    if result.backend.note:  # type: ignore[attr-defined]
                        print(f"  ({result.backend.note})")  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
