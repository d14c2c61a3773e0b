"""Table 4 (复议、诉讼): fifteen numbers in the template's order, or three labelled rows of five."""

from __future__ import annotations

from nianbao.extractor import keys
from nianbao.extractor.numbers import Value, parse_cell
from nianbao.extractor.report import CellSource
from nianbao.extractor.tables.rows import Row, TableReading, header_text, put_value, row_values
from nianbao.extractor.textnorm import compact

_T4_HEADER_WORDS = {"upheld": "维持", "corrected": "纠正", "other": "其他", "pending": "审结", "total": "总计"}


def read_t4(rows: list[Row], out: TableReading) -> None:
    value_rows = [r for r in rows if any(parse_cell(v) is not None for v in r.values)]
    if not value_rows:
        return
    header = header_text(rows, value_rows)
    by_label = _t4_by_row_label(value_rows)
    if by_label is not None:
        for row_key, row in by_label.items():
            values = row_values(row.values, 5)
            if values is None:
                out.warnings.append(f"table 4 row {row_key}: cells do not fit the five columns; row left out")
                continue
            _put_t4(out, row_key, values, row.source)
        return
    cells: list[str] = []
    for r in value_rows:
        cells.extend(r.values)
    # one row of a grid that keeps its blank cells in place: a blank is an absent number at its column
    # ("5 | | | 2 | 7 | 8 | | | 1 | 9 | | | | |", the trailing blanks included), not a row too short to read
    only = value_rows[0] if len(value_rows) == 1 and value_rows[0].blanks_kept else None
    area = only.value_area() if only is not None else None
    values = row_values(cells, 15, area=area, blanks_in_place=area is not None)
    if values is None:
        found = sum(1 for v in cells if v.strip())
        out.warnings.append(f"table 4: {found} numbers where 15 are expected; table 4 not read")
        return
    columns = _header_by_column(rows, value_rows)
    short = [w for w in _T4_HEADER_WORDS.values() if header.count(w) < 3 and columns.count(w) < 3]
    if short:
        out.warnings.append(
            "table 4: column labels unreadable or missing (" + "、".join(short) + "); numbers assigned in the "
            "template's order (复议 5, 直接起诉 5, 复议后起诉 5; 维持, 纠正, 其他, 尚未审结, 总计)"
        )
    for i, row_key in enumerate(keys.T4_ROWS):
        _put_t4(out, row_key, values[i * 5 : i * 5 + 5], value_rows[0].source)


def _header_by_column(rows: list[Row], value_rows: list[Row]) -> str:
    """The header read down each column: a narrow column of an unruled PDF prints 结果维持 a character a line,
    and read row by row its words never stand together ("结结其尚总", "果果他未计", …)."""
    ids = {id(r) for r in value_rows}
    heads = [r.cells for r in rows if id(r) not in ids and r.cells]
    width = max((len(cells) for cells in heads), default=0)
    return "|".join(compact("".join(cells[i] for cells in heads if i < len(cells))) for i in range(width))


def _t4_by_row_label(value_rows: list[Row]) -> dict[str, Row] | None:
    """Rows printed one per case kind (行政复议 / 直接起诉 / 复议后起诉), if the table is laid out that way."""
    found: dict[str, Row] = {}
    for row in value_rows:
        text = compact(row.printed)
        if "复议后" in text:
            found.setdefault("litigation_after_review", row)
        elif "直接起诉" in text or "未经复议" in text:
            found.setdefault("litigation_direct", row)
        elif "行政复议" in text:
            found.setdefault("review", row)
    if len(found) >= 2 and all(sum(1 for v in r.values if v.strip()) <= 5 for r in found.values()):
        return found
    return None


def _put_t4(out: TableReading, row_key: str, values: list[Value | None], source: CellSource) -> None:
    for col, value in zip(keys.T4_COLUMNS, values, strict=True):
        put_value(out, f"t4.{row_key}.{col}", value, source)
