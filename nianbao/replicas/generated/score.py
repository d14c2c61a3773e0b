"""Measuring discovery on a generated world: the portals file a new user would write (home pages alone), a
crawl of the served world by `nianbao crawl`, and the score of what the archive then holds against the manifest.

Scores, in the order the issue asks for them:
- recall: reports whose document (the page carrying the body, or its file) the archive holds, of all reports,
  pre-2019 reports included (and reported apart);
- false reports: archived documents that carry a year but are no report of the manifest (news, notices about
  reports, 工作要点 …);
- cells exact: template cells read with the truth's value, over the reports found;
- pages per report: requests the world answered during the crawl, per report found.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

if TYPE_CHECKING:
    from nianbao.replicas.generated.world import GeneratedWorld
    from nianbao.replicas.server import ReplicaServer

CRAWL_SETTINGS = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "NIANBAO_REVISIT_AFTER": "0",
    "LOG_LEVEL": "WARNING",
}
"""Politeness off: the world is on loopback. Everything else is the crawler's default, as a new user has it."""


def portals_toml(world: GeneratedWorld) -> str:
    """The portals file of a new user: one entry per portal with `name` and its home page, nothing else."""
    lines = [
        "# Generated world (nianbao test data, synthetic): every portal by its home page alone.",
        f"# world_seed = {world.world_seed}, {len(world.portals)} portals",
    ]
    for p in world.portals:
        lines += ["", "[[portal]]", f'name = "{p.name}"', f'start_urls = ["{p.home}"]']
    return "\n".join(lines) + "\n"


@dataclass
class CrawlRun:
    seconds: float
    returncode: int
    peak_rss_mib: float  # of the crawl process
    stderr_tail: str = ""


def crawl(server: ReplicaServer, database_url: str, workdir: Path, extra: dict[str, str] | None = None) -> CrawlRun:
    """Run `nianbao crawl` (a child process, as a user runs it) over the served world from home pages alone."""
    world: Any = server.world
    portals = workdir / "portals.toml"
    portals.write_text(portals_toml(world), encoding="utf-8")
    env = dict(os.environ, http_proxy=server.proxy_url, HTTP_PROXY=server.proxy_url, NIANBAO_DATABASE_URL=database_url)
    env.pop("https_proxy", None)
    base = [sys.executable, "-m", "nianbao"]
    subprocess.run([*base, "db", "upgrade"], env=env, check=True, capture_output=True)
    settings = [a for k, v in {**CRAWL_SETTINGS, **(extra or {})}.items() for a in ("--set", f"{k}={v}")]
    started = time.monotonic()
    done = subprocess.run([*base, "crawl", "--portals", str(portals), *settings], env=env, capture_output=True)
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
    return CrawlRun(seconds, done.returncode, peak, done.stderr.decode(errors="replace")[-2000:])


@dataclass
class WorldScore:
    reports: int = 0
    found: int = 0
    pre2019: int = 0
    pre2019_found: int = 0
    false_reports: list[str] = field(default_factory=list)
    cells: int = 0
    cells_exact: int = 0
    requests: int = 0
    missed: list[str] = field(default_factory=list)
    by_family: dict[str, list[int]] = field(default_factory=dict)  # family -> [found, reports]

    @property
    def recall(self) -> float:
        return self.found / self.reports if self.reports else 0.0

    @property
    def cells_accuracy(self) -> float:
        return self.cells_exact / self.cells if self.cells else 0.0

    @property
    def pages_per_report(self) -> float:
        return self.requests / self.found if self.found else float("inf")

    def summary(self) -> str:
        fams = " ".join(f"{f}={a}/{b}" for f, (a, b) in sorted(self.by_family.items()))
        return (
            f"recall {self.recall:.1%} ({self.found}/{self.reports}; pre-2019 {self.pre2019_found}/{self.pre2019}), "
            f"non-reports with a year {len(self.false_reports)}, cells exact {self.cells_accuracy:.1%} "
            f"({self.cells_exact}/{self.cells}), pages per report {self.pages_per_report:.1f} [{fams}]"
        )


def score(world: GeneratedWorld, database_url: str, requests: int) -> WorldScore:
    """Score the archive at `database_url` against the world's manifest; `requests` = pages the world served."""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            docs = conn.execute(sa.text("SELECT document_id, url, year FROM documents")).all()
            aliases = conn.execute(sa.text("SELECT url, document_id FROM document_alias")).all()
            cell_rows = conn.execute(sa.text("SELECT document_id, cell_key, value FROM report_cells")).all()
    finally:
        engine.dispose()
    by_url = {d.url: d.document_id for d in docs} | {a.url: a.document_id for a in aliases}
    cells: dict[int, dict[str, float]] = {}
    for c in cell_rows:
        if c.value is not None:
            cells.setdefault(c.document_id, {})[c.cell_key] = float(c.value)
    out = WorldScore(requests=requests)
    family = {p.name: p.family for p in world.portals}
    known: set[int] = set()
    for e in world.manifest():
        out.reports += 1
        fam = out.by_family.setdefault(family[e.portal], [0, 0])
        fam[1] += 1
        pre = e.template == "prose"
        out.pre2019 += pre
        ids = {by_url.get(u) for u in (e.page_url, e.document_url, *e.attachment_urls)} - {None}
        known |= {i for i in ids if i is not None}
        doc = by_url.get(e.document_url)
        if doc is None:
            out.missed.append(f"{e.report_id} {e.format} {e.document_url}")
            continue
        out.found += 1
        fam[0] += 1
        out.pre2019_found += pre
        read = cells.get(doc, {})
        for key, value in (e.truth or {}).items():
            out.cells += 1
            out.cells_exact += key in read and abs(read[key] - value) < 1e-9
    out.false_reports = sorted(d.url for d in docs if d.year is not None and d.document_id not in known)
    return out


@dataclass
class Measurement:
    portals: int
    world_seed: int
    build_seconds: float
    run: CrawlRun
    score: WorldScore

    @property
    def pages_per_second(self) -> float:
        return self.score.requests / self.run.seconds if self.run.seconds else 0.0


def measure(portals: int, world_seed: int, workdir: Path, office: bool = True) -> Measurement:
    """Build a world, serve it, crawl it from home pages alone into a fresh SQLite archive, score it.

    The crawl-recall test (once discovery lands) and `bench/world.py` both call this.
    """
    from nianbao.replicas.generated.world import GeneratedWorld
    from nianbao.replicas.server import ReplicaServer

    started = time.monotonic()
    world = GeneratedWorld(portals=portals, world_seed=world_seed, office=office)
    built = time.monotonic() - started
    workdir.mkdir(parents=True, exist_ok=True)
    database_url = f"sqlite:///{workdir / 'archive.sqlite'}"
    with ReplicaServer(port=0, world=world) as server:
        run = crawl(server, database_url, workdir)
        served = len(server.requests())
    return Measurement(portals, world_seed, built, run, score(world, database_url, served))
