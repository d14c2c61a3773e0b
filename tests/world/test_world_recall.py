"""Issue 16's measure as a test: a generated world of every platform family, on a HELD-OUT world seed, crawled
by `nianbao crawl` from its home pages alone (no platform, no column URL), scored against its manifest.

The world is drawn without LibreOffice-made attachments (PDF/DOC/WPS) so that the suite's time budget holds;
HTML and DOCX bodies, script-built and browser-only lists, servlets, GBK and every year 2008-2025 still come.
bench/world.py gives the full figures, office formats included.

Asserted at the issue's bar (`assert_discovery_done`, tests/world/recall.py): recall >= 99 % (pre-2019 reports
included), nothing that is not a report archived with a year, cells >= 99 % exact, <= 5 pages fetched per report
found, and a crawl that ends well. History on this seed: 88.5 % when the test was written (session 5: hanweb 0/6,
phpcms 8/17, asserted as an 88 % floor); 100 % (130/130, 2.5 pages per report) in session 6, after fixes
diagnosed on the dev seeds only (hubs named 主动公开/公开内容, Hanweb per-year columns listing agencies only,
script-drawn rows resolved against their page, repeats not spending the exploring budget).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao.replicas.generated import HELDOUT_SEEDS
from nianbao.replicas.generated.score import measure
from tests.world.recall import assert_discovery_done

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def test_a_held_out_world_is_found_from_home_pages_alone(tmp_path: Path) -> None:
    measured = measure(18, HELDOUT_SEEDS[0], tmp_path, office=False)
    assert len(measured.score.by_family) >= 8, measured.score.by_family
    assert_discovery_done(measured)
