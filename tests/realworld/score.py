"""Score the extractor on the real-report fixtures against the hand-written golden values.

Run `python -m tests.realworld.score` for the per-document table; the tests in test_realworld.py hold the
same numbers to a bar. A cell counts as right only with the golden value; a value that differs is *wrong*
(worse than missing: it would enter the archive as fact), one not extracted is *missed*.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from nianbao.extractor import extract
from nianbao.extractor.bundle import Bundle
from nianbao.extractor.report import Report
from tests.realworld.golden import GOLDEN, HELDOUT, VARIANTS, Golden

FIXTURES = Path(__file__).parent / "fixtures"
_AGENCY_SUFFIXES = ("办事处", "人民政府", "政府")  # 镇政府 is the 镇人民政府


@dataclass
class DocumentScore:
    name: str
    cells_right: int = 0
    cells_total: int = 0
    wrong: dict[str, tuple[object, object]] = field(default_factory=dict)  # key -> (expected, got)
    missed: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)  # cells under an absent prefix
    fields_right: int = 0
    fields_total: int = 0
    field_errors: dict[str, tuple[object, object]] = field(default_factory=dict)


def fixture_bundle(name: str) -> Bundle:
    path = FIXTURES / name
    content_type = "text/html; charset=utf-8" if path.suffix in (".html", ".htm") else "text/plain; charset=utf-8"
    return Bundle(path.read_bytes(), content_type)


def _core(name: str) -> str:
    for suffix in _AGENCY_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _same_agency(expected: object, got: object) -> bool:
    """The unit as titled: 迎宾路街道 and 迎宾路街道办事处 name the same office."""
    if expected is None or got is None:
        return expected == got
    return _core(str(expected)) == _core(str(got))


def _field_value(report: Report, name: str) -> object:
    return getattr(report, name)


def score(name: str, golden: Golden, report: Report) -> DocumentScore:
    out = DocumentScore(name)
    for key, expected in golden.cells.items():
        out.cells_total += 1
        got = report.value(key)
        if got is None:
            out.missed.append(key)
        elif got == expected:
            out.cells_right += 1
        else:
            out.wrong[key] = (expected, got)
    out.unexpected = [k for k in report.cells if k.startswith(golden.absent_prefixes)] if golden.absent_prefixes else []
    for fname, expected in golden.fields.items():
        out.fields_total += 1
        got = _field_value(report, fname)
        ok = _same_agency(expected, got) if fname == "agency" else got == expected
        if ok:
            out.fields_right += 1
        else:
            out.field_errors[fname] = (expected, got)
    return out


def score_all(goldens: dict[str, Golden] = GOLDEN) -> list[DocumentScore]:
    return [score(name, golden, extract(fixture_bundle(name))) for name, golden in sorted(goldens.items())]


# The held-out files came in batches, each collected after the changes made for the one before (README.md):
# the first run of a batch is the honest measure, so each batch's totals are printed on their own as well.
HELDOUT_BATCHES = {
    1: range(1, 15), 2: range(15, 21), 3: range(21, 36), 4: range(36, 51), 5: range(51, 63), 6: range(63, 74),
    7: range(74, 87), 8: range(87, 100), 9: range(100, 113),
}  # fmt: skip


def heldout_batch(name: str) -> int | None:
    """The batch of a held-out file by its number, two or three digits (heldout/h07_… is in batch 1,
    heldout/h104_… in batch 9)."""
    digits = re.match(r"\d{2,3}", name.removeprefix("heldout/h"))
    if digits is None:
        return None
    number = int(digits.group())
    return next((batch for batch, numbers in HELDOUT_BATCHES.items() if number in numbers), None)


def main() -> int:
    for title, goldens in (("tuned on", GOLDEN), ("held out", HELDOUT), ("hand-made variants", VARIANTS)):
        print(f"== {title} ==")
        scores = score_all(goldens)
        report(scores)
        if goldens is HELDOUT:
            for batch in HELDOUT_BATCHES:
                print(f"batch {batch}: ", end="")
                summary([s for s in scores if heldout_batch(s.name) == batch])
    return 0


def report(scores: list[DocumentScore]) -> None:
    for s in scores:
        print(
            f"{s.name:40s} cells {s.cells_right:3d}/{s.cells_total:<3d} wrong {len(s.wrong):2d} "
            f"fields {s.fields_right}/{s.fields_total}"
        )
        for key, (exp, got) in s.wrong.items():
            print(f"    WRONG {key}: expected {exp!r}, got {got!r}")
        if s.missed:
            print(f"    missed {len(s.missed)}: {', '.join(s.missed[:8])}{' …' if len(s.missed) > 8 else ''}")
        if s.unexpected:
            print(f"    UNEXPECTED {', '.join(s.unexpected[:8])}")
        for fname, (exp, got) in s.field_errors.items():
            print(f"    field {fname}: expected {exp!r}, got {got!r}")
    summary(scores)


def summary(scores: list[DocumentScore]) -> None:
    cells = sum(s.cells_total for s in scores)
    right = sum(s.cells_right for s in scores)
    wrong = sum(len(s.wrong) for s in scores)
    fields = sum(s.fields_total for s in scores)
    fields_right = sum(s.fields_right for s in scores)
    print(
        f"documents {len(scores)}; cells {right}/{cells} = {right / cells:.1%} right, {wrong} wrong; "
        f"fields {fields_right}/{fields} = {fields_right / fields:.1%}"
    )


if __name__ == "__main__":
    sys.exit(main())
