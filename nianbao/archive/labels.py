"""The printed Chinese label of every canonical cell key, and the canonical order of the keys.

Built from extractor/keys.py (the single source of truth for keys and their labels), so Datasette metadata,
wide exports and the change feed name a number the way the report prints it.
"""

from __future__ import annotations

from functools import cache

from nianbao.extractor import keys


@cache
def cell_labels() -> dict[str, str]:
    """cell key -> label, in print order: table 2 (2021, then the 2019 template's extra keys), 3, 4, prose."""
    labels: dict[str, str] = {}
    for template in keys.TEMPLATES:
        columns = keys.t2_column_labels(template)
        for row in keys.t2_rows(template):
            for column in row.columns:
                key = keys.cell_key("t2", row.key, column)
                labels.setdefault(key, f"表二 {row.label}·{columns[column]}")
    t3_rows = list(keys.T3_ROWS)
    t3_rows.insert(t3_rows.index(next(r for r in t3_rows if r.key == "handled_total")), keys.T3_OTHER_SINGLE)
    for row in t3_rows:
        printed = f"{row.group}{row.label}" if row.group and not row.label.startswith(row.group) else row.label
        for column in keys.t3_columns(org_subtotal=True):
            column_label = keys.T3_COLUMN_LABELS[column]
            if column in (*keys.T3_ORG_COLUMNS, "org_subtotal"):
                column_label = f"法人或其他组织{column_label}"
            labels[keys.cell_key("t3", row.key, column)] = f"表三 {printed}·{column_label}"
    for row_key, row_label in keys.T4_ROW_LABELS.items():
        for column, column_label in keys.T4_COLUMN_LABELS.items():
            labels[keys.cell_key("t4", row_key, column)] = f"表四 {row_label}·{column_label}"
    labels.update(keys.PROSE_KEYS)
    return labels


def key_order(cell_key: str) -> tuple[int, str]:
    """Sort key: canonical keys in print order, unknown ones after them alphabetically."""
    order = _positions()
    return (order.get(cell_key, len(order)), cell_key)


@cache
def _positions() -> dict[str, int]:
    return {key: i for i, key in enumerate(cell_labels())}
