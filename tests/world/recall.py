"""The crawl-recall check of issue 16, ready for when discovery lands: a generated world crawled by `nianbao
crawl` from its home pages alone, scored against the manifest with the issue's thresholds.

    from tests.world.recall import assert_discovery_done, crawl_recall
    assert_discovery_done(crawl_recall(tmp_path))          # e.g. inside a @pytest.mark.slow test
"""

from __future__ import annotations

from pathlib import Path

from nianbao.replicas.generated import HELDOUT_SEEDS
from nianbao.replicas.generated.score import Measurement, measure

RECALL = 0.99
CELLS = 0.99
PAGES_PER_REPORT = 5.0


def crawl_recall(workdir: Path, portals: int = 18, world_seed: int = HELDOUT_SEEDS[0]) -> Measurement:
    """Build, serve, crawl from home pages alone and score one world (held-out seed by default)."""
    return measure(portals, world_seed, workdir)


def assert_discovery_done(m: Measurement) -> None:
    s = m.score
    assert m.run.returncode == 0, m.run.stderr_tail
    assert s.recall >= RECALL, (s.summary(), s.missed[:10])
    assert s.false_reports == [], s.false_reports[:10]
    assert s.cells_accuracy >= CELLS, s.summary()
    assert s.pages_per_report <= PAGES_PER_REPORT, s.summary()
