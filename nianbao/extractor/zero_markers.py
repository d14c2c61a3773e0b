"""Zero markers ("—", "-", "/") in count cells: 0 where the table's own totals confirm it, absent elsewhere.

Word-pasted tables write zero as a dash, and so do tables that were simply not filled in; the print alone
cannot tell them apart. The template's sums can: a dash read as 0 that leaves every sum it takes part in whole
is a zero, and one that breaks or cannot complete a sum is left out (its rules then not assessable) with a
warning, rather than turned into a wrong 0. Cells in no sum (table 2) have nothing to contradict them but the
prose.
"""

from __future__ import annotations

from collections.abc import Iterable

from nianbao.extractor import keys
from nianbao.extractor.checks import Instance, sum_rules
from nianbao.extractor.prose import Statement
from nianbao.extractor.report import Cell


def confirmed(
    cells: dict[str, Cell], *, org_subtotal: bool, other_single: bool, stated: Iterable[Statement] = ()
) -> tuple[dict[str, Cell], list[str]]:
    """The cells with every unconfirmed zero marker removed, and a warning naming those removed (if any).

    Markers are accepted together and dropped one by one: a marker whose sums do not all hold (or miss a cell)
    goes, which can leave another marker's sum incomplete, until what remains confirms itself. A sum that runs
    through a table-3 column the report does not print at all (a table without its 其他 column) is left out of
    the count: the column's absence says nothing about the marker, and the other sums still have to hold — a
    marker with no sum left to confirm it stays unread.
    """
    markers = {key for key, cell in cells.items() if cell.zero_marker}
    if not markers:
        return cells, []
    involving: dict[str, list[Instance]] = {key: [] for key in markers}
    for instances in sum_rules(org_subtotal, other_single).values():
        for inst in instances:
            for key in inst.cells():
                if key in involving:
                    involving[key].append(inst)
    accepted = markers - {st.key for st in stated if st.key in markers and st.value != 0}
    unprinted = _unprinted_columns(cells)
    for key in markers:  # a sum over a column the table does not print cannot confirm a marker, nor refute it
        kept = [inst for inst in involving[key] if not unprinted & {_column(k) for k in inst.cells()}]
        if involving[key] and not kept:
            accepted.discard(key)
        involving[key] = kept
    while True:
        current = {key: cell for key, cell in cells.items() if key not in markers or key in accepted}
        dropped = {key for key in accepted if any(inst.holds(current) is not True for inst in involving[key])}
        if not dropped:
            break
        accepted -= dropped
    rejected = sorted(markers - accepted, key=list(cells).index)
    if not rejected:
        return cells, []
    shown = ", ".join(f"{key}={cells[key].raw}" for key in rejected[:12])
    more = f" and {len(rejected) - 12} more" if len(rejected) > 12 else ""
    warning = (
        f"zero markers left out, the table's totals do not confirm them as 0 (their rules not assessable): "
        f"{shown}{more}"
    )
    return current, [warning]


def _column(key: str) -> str | None:
    """Table 3's column of a cell (its last key part), None for the other tables (their sums run down rows)."""
    return key.rsplit(".", 1)[1] if key.startswith("t3.") else None


def _unprinted_columns(cells: dict[str, Cell]) -> set[str]:
    """Table 3's columns with no cell at all, when the table itself is there: columns the report does not print."""
    printed = {_column(key) for key in cells if key.startswith("t3.")}
    if not printed:
        return set()
    return set(keys.t3_columns(org_subtotal=True)) - printed
