"""The synthetic corpus through every rendering: cells exact, broken rules flagged, consistent reports clean.

Numbers are random and mostly non-zero, so a column or row read one place off cannot pass. Each rendering is
judged on its own; the accuracy is printed (pytest -s) and must be at least 99.5 % of cells.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import pytest

from nianbao.corpus.renderings import RENDERINGS, render
from nianbao.corpus.scoring import CellScore
from nianbao.corpus.truth import QUIRKS, ReportTruth, corpus_truths
from nianbao.extractor import extract
from nianbao.extractor.formats import reader_for
from nianbao.extractor.formats.sniff import sniff

N_REPORTS = int(os.environ.get("NIANBAO_CORPUS_N", "60"))
# part 1's renderings; part 2 registers its own and tests them in tests/extractor_formats
PART1 = ("html", "word_html", "gb18030_html", "docx", "text_tabs", "text_cells")


@dataclass
class Score(CellScore):
    missed_breaks: list[str] = field(default_factory=list)
    false_failures: list[str] = field(default_factory=list)
    field_errors: list[str] = field(default_factory=list)


def score_report(truth: ReportTruth, rendering: str, score: Score) -> None:
    report = extract(render(truth, rendering))
    score.add(truth, report)
    for check in report.checks:
        if check.rule in truth.broken and check.status != "fail":
            score.missed_breaks.append(f"seed {truth.seed} {check.rule}: {check.status}")
        if check.rule not in truth.broken and check.status == "fail":
            score.false_failures.append(f"seed {truth.seed} {check.rule}: {check.detail}")
    fields = {
        "agency": (report.agency, truth.agency.name),
        "year": (report.year, truth.year),
        "county": (report.county, truth.agency.county),
        "city": (report.city, truth.agency.city),
        "template": (report.template, truth.template),
        "signed": (report.signed, truth.signed.isoformat()),
        "active_disclosures": (report.active_disclosures, truth.active_disclosures),
        "npc_suggestions": (report.npc_suggestions, truth.npc_suggestions),
        "cppcc_proposals": (report.cppcc_proposals, truth.cppcc_proposals),
        "processing_fees": (report.processing_fees, truth.processing_fees),
        "phone": (report.contact.get("phone"), truth.contact["phone"]),
    }
    for name, (got, want) in fields.items():
        if got != want:
            score.field_errors.append(f"seed {truth.seed} {name}: {got!r} != {want!r}")


@pytest.fixture(scope="module")
def truths() -> list[ReportTruth]:
    return corpus_truths(N_REPORTS)


def test_corpus_has_broken_and_2019_and_subtotal_reports(truths: list[ReportTruth]) -> None:
    assert sum(1 for t in truths if t.broken) >= N_REPORTS // 6
    assert any(t.template == "2019" for t in truths)
    assert any(t.org_subtotal for t in truths)
    assert any(t.other_single and t.template == "2021" for t in truths)
    for quirk in QUIRKS:  # label typos, missing rows, split and re-laid tables, heading and title variants
        assert any(quirk in t.quirks for t in truths), quirk
    nonzero = sum(1 for t in truths for v in t.cells.values() if v)
    assert nonzero / sum(len(t.cells) for t in truths) > 0.5


@pytest.mark.parametrize("rendering", PART1)
def test_rendering_is_read_exactly(rendering: str, truths: list[ReportTruth]) -> None:
    assert rendering in RENDERINGS
    score = Score()
    for truth in truths:
        score_report(truth, rendering, score)
    print(
        f"\n{rendering}: {score.exact}/{score.cells} cells exact ({score.accuracy:.3%}) over {len(truths)} reports; "
        f"missed breaks {len(score.missed_breaks)}, false failures {len(score.false_failures)}, "
        f"field errors {len(score.field_errors)}"
    )
    assert score.accuracy >= 0.995, score.wrong[:20]
    assert not score.missed_breaks, score.missed_breaks
    assert not score.false_failures, score.false_failures
    assert len(score.field_errors) <= len(truths) * 0.01, score.field_errors[:20]


def test_published_date_comes_from_page_metadata(truths: list[ReportTruth]) -> None:
    for truth in truths[:10]:
        report = extract(render(truth, "html"))
        assert report.published == truth.published.isoformat()
        assert report.title == truth.title


@pytest.mark.parametrize("rendering", PART1)
def test_every_rendering_says_it_is_synthetic(rendering: str, truths: list[ReportTruth]) -> None:
    bundle = render(truths[0], rendering)
    text = reader_for(sniff(bundle))(bundle).text()
    assert "SYNTHETIC TEST DATA" in text and "合成测试数据" in text
