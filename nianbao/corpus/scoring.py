"""How well an extraction read a synthetic report: the one scoring rule of tests and benches.

A cell counts as exact only if it was read with the truth's value; a cell the report does not print but
the extraction claims is "invented" — worse than a miss, since a user cannot tell it from a real number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nianbao.corpus.truth import ReportTruth
    from nianbao.extractor.report import Report


@dataclass
class CellScore:
    cells: int = 0
    exact: int = 0
    wrong: list[str] = field(default_factory=list)  # misses and misreads, then invented cells
    invented: int = 0

    @property
    def accuracy(self) -> float:
        return self.exact / self.cells if self.cells else 0.0

    def add(self, truth: ReportTruth, report: Report, *, tables_only: bool = False) -> None:
        """Score one report. `tables_only`: the rendering holds the tables and no prose (spreadsheets)."""
        expected = dict(truth.cells) if tables_only else truth.expected_cells()
        for key, value in expected.items():
            self.cells += 1
            cell = report.cells.get(key)
            if cell is not None and abs(cell.value - value) < 1e-9:
                self.exact += 1
            else:
                self.wrong.append(f"seed {truth.seed} {key}: {value} read as {cell.value if cell else None}")
        invented = {k for k in set(report.cells) - set(expected) if not (tables_only and k.startswith("prose."))}
        self.invented += len(invented)
        self.wrong.extend(f"seed {truth.seed} {key}: not printed, read as {report.cells[key].value}"
                          for key in sorted(invented))
