"""How much of the template a report yielded: found and expected cells per table, and a warning naming the
rows a printed table did not yield in full.

A report read at 19 % with no word said is the next worst thing after a wrong value: the scorecard would call
the agency incomplete or inconsistent. So every report on a template says per table how many of its cells were
found, and a table that was printed but not read in full names the rows it lost. Reports from before the
national template (2008–2018) have no template cells and get neither.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping

from nianbao.extractor import keys

_TABLE_NAMES = {"t2": "table 2 (主动公开)", "t3": "table 3 (申请)", "t4": "table 4 (复议诉讼)"}
FIRST_TEMPLATE_YEAR = 2019  # reports on 2019 follow 国办公开办函〔2019〕60号


def on_template(template: str | None, year: int | None) -> bool:
    return template is not None and (year is None or year >= FIRST_TEMPLATE_YEAR)


@functools.cache  # a handful of shapes, asked twice for every report
def _expected(template: str, org_subtotal: bool, other_single: bool) -> dict[str, dict[str, list[str]]]:
    """Table -> row -> its cell keys, in print order."""
    out: dict[str, dict[str, list[str]]] = {"t2": {}, "t3": {}, "t4": {}}
    for key in keys.table_cell_keys(template, org_subtotal, other_single):
        table, row, _ = keys.split_key(key)
        out[table].setdefault(row, []).append(key)
    return out


def completeness(
    found: Collection[str], template: str, *, org_subtotal: bool, other_single: bool
) -> dict[str, list[int]]:
    """Per table, [cells found, cells the template has] (found from tables or prose alike)."""
    return {
        table: [sum(1 for ks in rows.values() for k in ks if k in found), sum(len(ks) for ks in rows.values())]
        for table, rows in _expected(template, org_subtotal, other_single).items()
    }


def missed_rows_warnings(
    found: Mapping[str, object], printed: Collection[str], template: str, *, org_subtotal: bool, other_single: bool
) -> list[str]:
    """A warning per printed table that yielded fewer than all its cells, naming the rows short of cells."""
    warnings = []
    for table, rows in _expected(template, org_subtotal, other_single).items():
        if table not in printed:
            continue
        short = [(row, sum(1 for k in ks if k in found), len(ks)) for row, ks in rows.items()]
        short = [item for item in short if item[1] < item[2]]
        if not short:
            continue
        total = sum(len(ks) for ks in rows.values())
        got = total - sum(n - k for _, k, n in short)
        shown = ", ".join(f"{row} ({k}/{n})" for row, k, n in short[:12])
        more = f" and {len(short) - 12} more" if len(short) > 12 else ""
        warnings.append(f"{_TABLE_NAMES[table]}: {got} of {total} cells read; rows missed: {shown}{more}")
    return warnings
