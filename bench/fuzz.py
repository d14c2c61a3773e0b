"""The layout fuzzer: synthetic reports in every rendering, one perturbation drawn per report, scored per
rendering × perturbation (cells exact, wrong values, rules flagged, false alarms, and the rules the truth broke
that a report did not flag: said to pass — a missed flag — or left not assessable, its cells unread).

The held-out seeds are never looked at while changing the extractor: their figure is printed first, then the
fresh seeds of this run (printed, so that a failure can be replayed with --seed).

Usage: .venv/bin/python bench/fuzz.py [--reports N] [--heldout N] [--seed S] [--renderings a,b|fast|all]
                                     [--only PERTURBATION]

`--only` keeps, of the seeds a run would take, those that draw one perturbation (e.g. the held-out seeds among
the first N that draw spans_shifted, for a slow rendering); the seeds are printed either way.
"""

from __future__ import annotations

import argparse
import os
import time

from nianbao.corpus import fuzz
from nianbao.corpus.perturb import COMBINED, PERTURBATIONS

HELDOUT_START = 7_000_000  # the held-out seeds: HELDOUT_START, HELDOUT_START + 1, …


def table(tallies: dict[tuple[str, str], fuzz.Tally]) -> None:
    print(f"{'rendering':14s} {'perturbation':22s} {'reports':>7s} {'exact':>13s} {'share':>8s} {'wrong':>6s} "
          f"{'flagged':>7s} {'false':>6s} {'missed':>6s} {'n/a':>4s}")  # fmt: skip
    for (rendering, perturbation), t in sorted(tallies.items()):
        print(f"{rendering:14s} {perturbation:22s} {t.reports:7d} {t.exact:6d}/{t.cells:<6d} {t.share:8.2%} "
              f"{t.wrong:6d} {t.flagged:7d} {t.false_alarms:6d} {t.passed_broken:6d} "
              f"{t.unassessed_broken:4d}")  # fmt: skip
    by_perturbation: dict[str, list[fuzz.Tally]] = {}
    by_rendering: dict[str, list[fuzz.Tally]] = {}
    for (rendering, perturbation), t in tallies.items():
        by_perturbation.setdefault(perturbation, []).append(t)
        by_rendering.setdefault(rendering, []).append(t)
    for title, groups in (("per perturbation", by_perturbation), ("per rendering", by_rendering)):
        print(f"-- {title}")
        for name, ts in sorted(groups.items()):
            t = fuzz.total(ts)
            print(f"{name:37s} {t.reports:7d} {t.exact:6d}/{t.cells:<6d} {t.share:8.3%} {t.wrong:6d} "
                  f"{t.flagged:7d} {t.false_alarms:6d} {t.passed_broken:6d} {t.unassessed_broken:4d}")  # fmt: skip
    t = fuzz.total(tallies.values())
    print(f"overall: {t.exact}/{t.cells} = {t.share:.3%} exact, {t.wrong} wrong values, {t.flagged} rules flagged, "
          f"{t.false_alarms} false alarms; broken rules not flagged: {t.passed_broken} said to pass, "
          f"{t.unassessed_broken} not assessable")
    examples = [e for tally in tallies.values() for e in tally.examples]
    for example in examples[:20]:
        print("  ", example)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=60, help="fresh reports")
    parser.add_argument("--heldout", type=int, default=60, help="held-out reports (0: none)")
    parser.add_argument("--seed", type=int, default=None, help="first fresh seed (default: drawn)")
    parser.add_argument("--renderings", default="fast", help="comma-separated names, 'fast' or 'all'")
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)), help="processes (default: cores)")
    parser.add_argument("--only", default=None, help="only the seeds that draw this perturbation (or 'combined')")
    args = parser.parse_args()
    if args.only is not None and args.only not in {*PERTURBATIONS, COMBINED, "none"}:
        parser.error(f"--only: no perturbation {args.only!r}")

    def seeds(first: int, count: int) -> list[int]:
        chosen = [s for s in range(first, first + count) if args.only is None or fuzz.kind(fuzz.draw(s)) == args.only]
        if args.only is not None:
            print(f"seeds drawing {args.only}: {', '.join(map(str, chosen)) or 'none'}")
        return chosen

    if args.renderings in ("fast", "all"):
        renderings = list(fuzz.FAST if args.renderings == "fast" else fuzz.RENDERINGS)
    else:
        renderings = args.renderings.split(",")
    print(f"renderings: {', '.join(renderings)}; {args.workers} workers; load average {os.getloadavg()[0]:.1f}")
    if args.heldout:
        start = time.perf_counter()
        print(f"== held out: seeds {HELDOUT_START}..{HELDOUT_START + args.heldout - 1}")
        table(fuzz.run(seeds(HELDOUT_START, args.heldout), renderings, workers=args.workers))
        print(f"({time.perf_counter() - start:.0f} s)")
    first = args.seed if args.seed is not None else int.from_bytes(os.urandom(4), "big") % 1_000_000_000
    if first <= HELDOUT_START < first + args.reports:
        first += args.reports + args.heldout  # fresh seeds never the held-out ones
    start = time.perf_counter()
    print(f"== fresh: seeds {first}..{first + args.reports - 1} (replay with --seed {first})")
    table(fuzz.run(seeds(first, args.reports), renderings, workers=args.workers))
    print(f"({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
