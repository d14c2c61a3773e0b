"""Archives filled with corpus reports, for the tests of working with the archive."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from nianbao.archive import Archive, Fetch
from nianbao.corpus.renderings import render
from nianbao.corpus.truth import ReportTruth, corpus_truths
from nianbao.extractor import extract

T0 = datetime(2026, 1, 10, 8, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def store(archive: Archive, truth: ReportTruth, minutes: float = 0, rendering: str = "html",
          url: str | None = None) -> int:
    """Ingest one rendering of a truth as a crawl would; returns the version id."""
    bundle = render(truth, rendering)
    result = archive.ingest(Fetch(
        url=url or bundle.url or truth.url, status=200, headers={"Content-Type": bundle.content_type or ""},
        body=bundle.body, fetched_at=at(minutes), portal="corpus",
        kind="page" if rendering.endswith("html") else "attachment",
    ))
    assert result.version_id is not None
    return result.version_id


def store_extracted(archive: Archive, truths: list[ReportTruth], minutes: float = 0,
                    label: str | None = None) -> list[int]:
    """Ingest and extract each truth's HTML page; `label` stamps another extractor version on the reports."""
    ids = []
    for truth in truths:
        version_id = store(archive, truth, minutes)
        report = extract(render(truth, "html")).to_json()
        if label is not None:
            report["extractor_version"] = label
        archive.save_extraction(version_id, report)
        ids.append(version_id)
    return ids


def truths(n: int, start: int = 0) -> list[ReportTruth]:
    return corpus_truths(n, start=start)


def rows(archive: Archive, sql: str, **params: Any) -> list[sa.Row[Any]]:
    with archive.engine.connect() as conn:
        return list(conn.execute(sa.text(sql), params))


def nianbao_command() -> list[str]:
    script = Path(sys.executable).with_name("nianbao")
    return [str(script)] if script.exists() else [sys.executable, "-m", "nianbao"]


def run_nianbao(*argv: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*nianbao_command(), *argv], capture_output=True, text=True, env=env,
                          timeout=timeout, check=False)


def keep_ingesting(database_url: str, ready: str, stop: str) -> None:
    """A crawl stand-in for another process: new versions of a few documents until `stop` exists.

    Touches `ready` once the first hundred are in, so a test knows writing is under way.
    """
    import os
    import random

    archive = Archive.open(database_url)
    rng = random.Random(7)
    n = 0
    while not os.path.exists(stop):
        body = rng.randbytes(20_000) + f"版本 {n}".encode()
        archive.ingest(Fetch(url=f"http://www.example.gov.cn/doc/{n % 7}.pdf", status=200, kind="attachment",
                             headers={"Content-Type": "application/pdf"}, body=body,
                             fetched_at=datetime.now(UTC), portal="busy"))
        n += 1
        if n == 100:
            Path(ready).touch()
    archive.close()
