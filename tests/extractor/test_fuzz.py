"""The layout fuzzer on a fixed handful of seeds in the fast renderings: no wrong value, every perturbation
read, no false alarm. bench/fuzz.py runs it on fresh seeds and the held-out set."""

from __future__ import annotations

import pytest

from nianbao.corpus import fuzz
from nianbao.corpus.perturb import PERTURBATIONS

# one report per perturbation: the first seed from 100 on that draws it
SEEDS = {name: next(s for s in range(100, 100_000) if fuzz.kind(fuzz.draw(s)) == name) for name in PERTURBATIONS}
RENDERINGS = ["html", "word_html", "docx", "text_tabs", "text_cells", "html_p_tabs", "html_p_spaced", "html_nested"]


@pytest.mark.parametrize("perturbation", sorted(PERTURBATIONS))
def test_each_perturbation_reads_exactly_in_every_fast_rendering(perturbation: str) -> None:
    tallies = fuzz.run([SEEDS[perturbation]], RENDERINGS)
    total = fuzz.total(tallies.values())
    assert total.wrong == 0, [e for t in tallies.values() for e in t.examples]
    assert total.false_alarms == 0
    assert total.share >= 0.99, {k: t.share for k, t in tallies.items()}


def test_the_perturbed_truth_prints_what_it_says() -> None:
    truth = fuzz.draw(SEEDS["zero_markers"])
    markers = [k for k, text in truth.printed.items() if text in ("—", "-", "－", "——", "/")]
    assert markers and all(truth.cells.get(k, 0) == 0 for k in markers)
