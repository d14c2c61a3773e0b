"""Issue 16's measure as a test: a generated world of every platform family, on a HELD-OUT world seed, crawled
by `nianbao crawl` from its home pages alone (no platform, no column URL), scored against its manifest.

The world is drawn without LibreOffice-made attachments (PDF/DOC/WPS) so that the suite's time budget holds;
HTML and DOCX bodies, script-built and browser-only lists, servlets, GBK and every year 2008-2025 still come.
bench/world.py gives the full figures, office formats included.

The issue's bar is recall >= 99 %. Measured on this world when the test was written: 88.5 % (115/130; hanweb
0/6, phpcms 8/17), so the recall asserted here is the floor no change may fall below, not the goal: issue 16
stays open until `assert_discovery_done` (tests/world/recall.py) holds on this seed. Everything else the issue
asks holds already and is asserted at its bar: nothing that is not a report archived with a year, cells >= 99 %
exact, <= 5 pages fetched per report found, and a crawl that ends well.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao.replicas.generated import HELDOUT_SEEDS
from nianbao.replicas.generated.score import measure
from tests.world.recall import CELLS, PAGES_PER_REPORT

pytestmark = [pytest.mark.slow, pytest.mark.browser]

RECALL_FLOOR = 0.88


def test_a_held_out_world_is_found_from_home_pages_alone(tmp_path: Path) -> None:
    measured = measure(18, HELDOUT_SEEDS[0], tmp_path, office=False)
    score = measured.score
    assert measured.run.returncode == 0, measured.run.stderr_tail
    assert len(score.by_family) >= 8, score.by_family
    assert score.false_reports == [], score.false_reports[:10]
    assert score.cells_accuracy >= CELLS, score.summary()
    assert score.pages_per_report <= PAGES_PER_REPORT, score.summary()
    assert score.recall >= RECALL_FLOOR, (score.summary(), score.missed[:10])
