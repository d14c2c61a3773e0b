"""The layout fuzzer: synthetic reports, one perturbation drawn per report (corpus.perturb), rendered in every
format, extracted, and scored per rendering × perturbation.

A cell is exact when read with the truth's value; a value read differently, or read where the report prints
none, is wrong (the worst outcome: it enters the archive as fact). A rule the report fails is flagged when the
truth broke it on purpose and a false alarm otherwise.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from nianbao.corpus import render_html, render_lines, render_text
from nianbao.corpus.perturb import COMBINED, LATER, PERTURBATIONS, perturbed
from nianbao.corpus.renderings import RENDERINGS as BASE_RENDERINGS
from nianbao.corpus.truth import BREAKABLE_RULES, ReportTruth, generate
from nianbao.extractor import extract
from nianbao.extractor.bundle import Bundle
from nianbao.extractor.report import Report


def _slow(module: str, function: str) -> Callable[[ReportTruth], Bundle]:
    """A rendering through LibreOffice or OCR, imported when used."""

    def render(truth: ReportTruth) -> Bundle:
        import importlib

        return getattr(importlib.import_module(f"nianbao.corpus.{module}"), function)(truth)

    return render


def _nested_html(truth: ReportTruth) -> Bundle:
    """The report inside a page-layout table, its own tables nested in that table's cell."""
    page = (
        f"<html><head><meta charset='utf-8'><title>{truth.title}</title></head><body>"
        "<table width='100%'><tr><td>导航</td></tr><tr><td class='content'>"
        f"{render_html.body_fragment(truth, 'clean')}</td></tr></table></body></html>"
    )
    return Bundle(page.encode("utf-8"), "text/html; charset=utf-8", truth.url)


def _prose_only(truth: ReportTruth) -> Bundle:
    text = "\n".join(render_text.lines(truth, with_tables=False)) + "\n"
    return Bundle(text.encode("utf-8"), "text/plain; charset=utf-8", None)


FAST: dict[str, Callable[[ReportTruth], Bundle]] = {
    "html": BASE_RENDERINGS["html"],
    "word_html": BASE_RENDERINGS["word_html"],
    "docx": BASE_RENDERINGS["docx"],
    "text_tabs": BASE_RENDERINGS["text_tabs"],
    "text_cells": BASE_RENDERINGS["text_cells"],
    "html_p_tabs": lambda truth: render_lines.render(truth, "html_p", "tab"),
    "html_p_spaced": lambda truth: render_lines.render(truth, "html_p", "fullwidth"),
    "html_nested": _nested_html,
    "prose": _prose_only,
}
PROSE_ONLY = frozenset({"prose"})  # renderings without tables: only what the prose states is expected
TABLES_ONLY = frozenset({"xlsx"})  # renderings without prose: only the table cells are expected
SLOW: dict[str, Callable[[ReportTruth], Bundle]] = {
    "doc": _slow("render_doc", "bundle"),
    "pdf_ruled": _slow("render_pdf", "bundle"),
    "pdf_unruled": _slow("render_pdf", "unruled_bundle"),
    "picture": _slow("render_image", "png_bundle"),
    "xlsx": _slow("render_xls", "xlsx_bundle"),
}
RENDERINGS = {**FAST, **SLOW}


@dataclass
class Tally:
    reports: int = 0
    cells: int = 0
    exact: int = 0
    wrong: int = 0
    flagged: int = 0  # rules failed that the truth broke
    false_alarms: int = 0  # rules failed that the truth did not break
    passed_broken: int = 0  # rules the truth broke that the report says hold (a missed flag)
    unassessed_broken: int = 0  # rules the truth broke that the report could not assess (cells left unread)
    examples: list[str] = field(default_factory=list)

    def add(self, truth: ReportTruth, report: Report, *, prose_only: bool = False, tables_only: bool = False) -> None:
        self.reports += 1
        expected = dict(truth.prose) if prose_only else dict(truth.cells) if tables_only else truth.expected_cells()
        for key, value in expected.items():
            self.cells += 1
            got = report.value(key)
            if got is not None and abs(got - value) < 1e-9:
                self.exact += 1
            elif got is not None:
                self._wrong(f"seed {truth.seed} {key}: {value} read as {got}")
        for key in sorted(set(report.cells) - set(expected)):
            self._wrong(f"seed {truth.seed} {key}: not printed, read as {report.value(key)}")
        statuses: dict[str, set[str]] = {}
        for check in report.checks:
            statuses.setdefault(check.rule, set()).add(check.status)
            if check.status == "fail":
                if check.rule in truth.broken:
                    self.flagged += 1
                else:
                    self.false_alarms += 1
                    if len(self.examples) < 8:
                        self.examples.append(f"seed {truth.seed} false alarm {check.rule}: {check.detail[:120]}")
        if not prose_only:  # a report of prose alone has no tables whose rules could be broken
            for rule in truth.broken:
                seen = statuses.get(rule, set())
                if "fail" in seen:
                    continue
                if "pass" in seen and "not_assessable" not in seen:
                    self.passed_broken += 1
                    if len(self.examples) < 8:
                        self.examples.append(f"seed {truth.seed} broken rule {rule} passed")
                else:
                    self.unassessed_broken += 1

    def _wrong(self, text: str) -> None:
        self.wrong += 1
        if len(self.examples) < 8:
            self.examples.append(text)

    @property
    def share(self) -> float:
        return self.exact / self.cells if self.cells else 1.0


def kind(truth: ReportTruth) -> str:
    """The perturbation a report is scored under ("combined" for several at once)."""
    name = truth.perturbation or "none"
    return COMBINED if "+" in name else name


def draw(seed: int) -> ReportTruth:
    """The report of `seed` with its one perturbation: template, shape, broken rule and quirks drawn like the
    corpus's."""
    rng = random.Random(seed * 104729 + 17)
    org_subtotal = rng.random() < 0.25
    broken: tuple[str, ...] = ()
    if rng.random() < 0.2:
        broken = (rng.choice([r for r in BREAKABLE_RULES if r != "t3_org_subtotal" or org_subtotal]),)
    quirks = tuple(q for q in ("heading_variants", "title_break", "t2_split") if rng.random() < 0.3)
    template = "2019" if rng.random() < 0.15 else "2021"
    base = generate(seed, template=template, org_subtotal=org_subtotal, broken=broken, quirks=quirks)
    name = rng.choice(sorted(set(PERTURBATIONS) - set(LATER)))
    later = random.Random(seed * 31 + 7)  # a perturbation added later takes its share of seeds, the rest keep theirs
    if later.random() < len(LATER) / len(PERTURBATIONS):
        name = later.choice(LATER)
    return perturbed(base, name, seed)


def run(
    seeds: Iterable[int],
    renderings: Iterable[str],
    on_report: Callable[[str, ReportTruth, Report], None] | None = None,
    *,
    workers: int = 1,
) -> dict[tuple[str, str], Tally]:
    """Every seed's report in every rendering, tallied by (rendering, perturbation); with `workers` > 1 the
    seeds are shared out to that many processes (the slow renderings wait on LibreOffice and OCR, one core
    each) and their tallies added up, in seed order."""
    names = list(renderings)
    if workers > 1 and on_report is None:
        from concurrent.futures import ProcessPoolExecutor
        from functools import partial

        out: dict[tuple[str, str], Tally] = {}
        with ProcessPoolExecutor(workers) as pool:
            for part in pool.map(partial(run, renderings=names), [[seed] for seed in seeds]):
                for key, tally in part.items():
                    out[key] = total([out.get(key, Tally()), tally])
        return out
    out = {}
    for seed in seeds:
        truth = draw(seed)
        for name in names:
            report = extract(RENDERINGS[name](truth))
            tally = out.setdefault((name, kind(truth)), Tally())
            tally.add(truth, report, prose_only=name in PROSE_ONLY, tables_only=name in TABLES_ONLY)
            if on_report is not None:
                on_report(name, truth, report)
    return out


def total(tallies: Iterable[Tally]) -> Tally:
    out = Tally()
    for t in tallies:
        out.reports += t.reports
        out.cells += t.cells
        out.exact += t.exact
        out.wrong += t.wrong
        out.flagged += t.flagged
        out.false_alarms += t.false_alarms
        out.passed_broken += t.passed_broken
        out.unassessed_broken += t.unassessed_broken
        out.examples.extend(t.examples[: max(0, 8 - len(out.examples))])
    return out
