"""Tables 2, 3 and 4 found in a Layout by their labels, and their numbers put under canonical cell keys.

Readers hand over grids whose shape cannot be trusted: text exports shift cells left or right, merged labels
repeat or vanish, OCR garbles characters and drops cells. So the reading works on what survives all of that:

- a row is split into its label (cells with Chinese text) and its value area (the cells after the label);
- table-3 rows are matched to the template's rows by an order-preserving alignment on label similarity, so a
  garbled or missing label is placed by its neighbours, and a row nobody can place is left out, never guessed;
- values are taken in order when a row has exactly as many as the table has columns, by position when the
  row's value area has the table's width, and not at all otherwise.
"""

from __future__ import annotations

from nianbao.extractor.layout import Layout
from nianbao.extractor.tables.rows import Row, TableReading, group_rows, row_values
from nianbao.extractor.tables.t2 import read_t2
from nianbao.extractor.tables.t3 import align, fill_by_order, read_t3
from nianbao.extractor.tables.t4 import read_t4

__all__ = ["Row", "TableReading", "align", "fill_by_order", "group_rows", "read_tables", "row_values"]

# formats whose tables come with their real grid (spans expanded), so a header cell stands above its column
GRID_FORMATS = frozenset({"html", "docx", "xlsx", "xls", "doc", "wps"})


def read_tables(layout: Layout, template_hint: str | None = None) -> TableReading:
    """Every number of tables 2–4 the layout prints; `template_hint` (from the text) decides table 2's keys
    only where its own headers do not."""
    out = TableReading()
    groups = group_rows(layout)
    for kind, rows in groups.items():
        if any(any(v.strip() for v in r.values) for r in rows):
            out.found.add(kind)
    read_t2(groups["t2"], template_hint, out)
    read_t3(groups["t3"], out, grid_reliable=layout.format in GRID_FORMATS)
    read_t4(groups["t4"], out)
    return out
