"""The consistency rules (勾稽关系) of report-format.md, judged on the cells a report prints.

Each rule has instances (one per column or row). An instance is judged only when every cell it needs was
read from a table; a missing cell makes it unjudgeable, never a pass, and no cell is ever filled in from a
rule. Status: fail if any instance fails, pass if all were judged and passed, not_assessable if some could
not be judged, not_applicable where the report has no such thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from nianbao.extractor import keys
from nianbao.extractor.prose import Statement
from nianbao.extractor.report import Cell, Check

EPS = 1e-6


@dataclass(frozen=True)
class Instance:
    """One equation of a rule: the cells on its left sum to the cells on its right."""

    name: str
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]

    def cells(self) -> tuple[str, ...]:
        return (*self.lhs, *self.rhs)

    def holds(self, cells: dict[str, Cell]) -> bool | None:
        """Whether it holds on these cells; None if some cell is missing (not judgeable)."""
        if any(k not in cells for k in self.cells()):
            return None
        return abs(sum(cells[k].value for k in self.lhs) - sum(cells[k].value for k in self.rhs)) <= EPS


def _judge(rule: str, instances: Sequence[Instance], cells: dict[str, Cell]) -> Check:
    failed: list[str] = []
    failed_cells: list[str] = []
    missing: list[str] = []
    missing_cells: list[str] = []
    judged: list[str] = []
    for inst in instances:
        absent = [k for k in (*inst.lhs, *inst.rhs) if k not in cells]
        if absent:
            missing.append(inst.name)
            missing_cells.extend(absent)
            continue
        judged.append(inst.name)
        left = sum(cells[k].value for k in inst.lhs)
        right = sum(cells[k].value for k in inst.rhs)
        if abs(left - right) > EPS:
            failed.append(f"{inst.name}: {_fmt(left)} ≠ {_fmt(right)}")
            failed_cells.extend((*inst.lhs, *inst.rhs))
    if failed:
        return Check(rule, "fail", "; ".join(failed), tuple(dict.fromkeys(failed_cells)))
    if missing:
        detail = f"cells not found for {', '.join(missing)}"
        detail += f"; judged and passed: {', '.join(judged)}" if judged else "; nothing could be judged"
        return Check(rule, "not_assessable", detail, tuple(dict.fromkeys(missing_cells)))
    return Check(rule, "pass", f"{len(judged)} instances")


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def t3_balance_instances(org_subtotal: bool) -> list[Instance]:
    return [
        Instance(
            f"column {c}",
            (f"t3.new.{c}", f"t3.carried_over.{c}"),
            (f"t3.handled_total.{c}", f"t3.carried_forward.{c}"),
        )
        for c in keys.t3_columns(org_subtotal)
    ]


def t3_handled_sum_instances(org_subtotal: bool, other_single: bool) -> list[Instance]:
    rows = keys.t3_result_rows(other_single)
    return [
        Instance(f"column {c}", (f"t3.handled_total.{c}",), tuple(f"t3.{r}.{c}" for r in rows))
        for c in keys.t3_columns(org_subtotal)
    ]


def t3_row_total_instances(other_single: bool) -> list[Instance]:
    return [
        Instance(f"row {r.key}", (f"t3.{r.key}.total",), tuple(f"t3.{r.key}.{c}" for c in keys.T3_BASE_COLUMNS))
        for r in keys.t3_rows(other_single)
    ]


def t3_org_subtotal_instances(org_subtotal: bool, other_single: bool) -> list[Instance]:
    if not org_subtotal:
        return []
    return [
        Instance(f"row {r.key}", (f"t3.{r.key}.org_subtotal",), tuple(f"t3.{r.key}.{c}" for c in keys.T3_ORG_COLUMNS))
        for r in keys.t3_rows(other_single)
    ]


def t4_total_instances() -> list[Instance]:
    return [
        Instance(f"row {r}", (f"t4.{r}.total",), tuple(f"t4.{r}.{c}" for c in keys.T4_COLUMNS[:4]))
        for r in keys.T4_ROWS
    ]


def sum_rules(org_subtotal: bool, other_single: bool) -> dict[str, list[Instance]]:
    """The rules that are sums of table cells, by rule key: what a table's own totals can confirm."""
    return {
        "t3_balance": t3_balance_instances(org_subtotal),
        "t3_handled_sum": t3_handled_sum_instances(org_subtotal, other_single),
        "t3_row_total": t3_row_total_instances(other_single),
        "t3_org_subtotal": t3_org_subtotal_instances(org_subtotal, other_single),
        "t4_total": t4_total_instances(),
    }


def t3_balance(cells: dict[str, Cell], org_subtotal: bool) -> Check:
    return _judge("t3_balance", t3_balance_instances(org_subtotal), cells)


def t3_handled_sum(cells: dict[str, Cell], org_subtotal: bool, other_single: bool) -> Check:
    return _judge("t3_handled_sum", t3_handled_sum_instances(org_subtotal, other_single), cells)


def t3_row_total(cells: dict[str, Cell], other_single: bool) -> Check:
    return _judge("t3_row_total", t3_row_total_instances(other_single), cells)


def t3_org_subtotal(cells: dict[str, Cell], org_subtotal: bool, other_single: bool) -> Check:
    if not org_subtotal:
        return Check("t3_org_subtotal", "not_applicable", "the report has no 小计 column for organisations")
    return _judge("t3_org_subtotal", t3_org_subtotal_instances(org_subtotal, other_single), cells)


def t4_total(cells: dict[str, Cell]) -> Check:
    return _judge("t4_total", t4_total_instances(), cells)


def non_negative(cells: dict[str, Cell], expected: Sequence[str]) -> Check:
    """Every count a non-negative integer, every amount a non-negative decimal; one instance per cell the
    template prints, so a cell not found leaves the rule unjudged rather than passed."""
    table_cells = [c for c in cells.values() if c.source != "prose" and not c.key.startswith("prose.")]
    if not table_cells:
        return Check("non_negative", "not_assessable", "no table cells were found")
    bad: list[str] = []
    for cell in table_cells:
        column = cell.key.rsplit(".", 1)[-1]
        if column in keys.SIGNED_COLUMNS:
            continue
        if cell.value < 0 or (cell.key not in keys.DECIMAL_CELLS and not float(cell.value).is_integer()):
            bad.append(cell.key)
    if bad:
        detail = "; ".join(f"{k} = {cells[k].raw}" for k in bad)
        return Check("non_negative", "fail", detail, tuple(bad))
    missing = [k for k in expected if k not in cells]
    if missing:
        return Check(
            "non_negative",
            "not_assessable",
            f"{len(missing)} cells not found; {len(table_cells)} judged and passed",
            tuple(missing),
        )
    return Check("non_negative", "pass", f"{len(table_cells)} cells")


def prose_agrees(cells: dict[str, Cell], stated: Iterable[Statement], tables_found: bool) -> Check:
    """Numbers the prose states against the table cells they name (and 行政诉讼 against table 4's totals)."""
    if not tables_found:
        return Check("prose_agrees", "not_applicable", "the report's numbers stand only in prose")
    insts: list[tuple[str, float, tuple[str, ...]]] = []
    for st in stated:
        if st.key.startswith(("t2.", "t3.", "t4.")):
            insts.append((st.key, st.value, (st.key,)))
        elif st.key == "prose.litigation_total":
            insts.append((st.key, st.value, ("t4.litigation_direct.total", "t4.litigation_after_review.total")))
    if not insts:
        return Check("prose_agrees", "not_applicable", "the prose states no number that a table cell holds")
    failed: list[str] = []
    failed_cells: list[str] = []
    missing: list[str] = []
    judged = 0
    for name, value, table_keys in insts:
        table = [cells.get(k) for k in table_keys]
        if any(c is None or c.source == "prose" for c in table):
            missing.append(name)
            continue
        judged += 1
        total = sum(c.value for c in table if c is not None)
        if abs(total - value) > EPS:
            failed.append(f"prose says {name} = {_fmt(value)}, table {_fmt(total)}")
            failed_cells.extend(table_keys)
    if failed:
        return Check("prose_agrees", "fail", "; ".join(failed), tuple(dict.fromkeys(failed_cells)))
    if missing:
        detail = f"no table cell for {', '.join(dict.fromkeys(missing))}; {judged} statements judged and passed"
        return Check("prose_agrees", "not_assessable", detail, tuple(dict.fromkeys(missing)))
    return Check("prose_agrees", "pass", f"{judged} statements")


def judge_all(
    cells: dict[str, Cell],
    *,
    template: str,
    org_subtotal: bool,
    other_single: bool,
    stated: Sequence[Statement],
    tables_found: bool,
) -> list[Check]:
    table_cells = {k: c for k, c in cells.items() if c.source != "prose"}
    return [
        t3_balance(table_cells, org_subtotal),
        t3_handled_sum(table_cells, org_subtotal, other_single),
        t3_row_total(table_cells, other_single),
        t3_org_subtotal(table_cells, org_subtotal, other_single),
        t4_total(table_cells),
        non_negative(table_cells, keys.table_cell_keys(template, org_subtotal, other_single)),
        prose_agrees(table_cells, stated, tables_found),
    ]
