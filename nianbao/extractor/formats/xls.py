"""Spreadsheet attachments (XLSX, legacy XLS): every sheet becomes a Table, merged cells expanded.

Some portals attach the report's tables as a workbook beside the text. A sheet is already a grid, so the
reader only fills merged ranges and turns cell values into the text a reader would see ("12", not "12.0").
A sheet's title row (one text merged across the whole width) becomes a Paragraph, as it reads in print.
Parsing runs under the per-document caps (extractor.limits); XLSX is checked for zip bombs and DTDs first,
and openpyxl parses through defusedxml.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from nianbao.extractor.layout import Block, Layout, Paragraph, Table
from nianbao.extractor.limits import ExtractionError, check_zip, run_capped

if TYPE_CHECKING:
    from nianbao.extractor.bundle import Bundle

Grid = list[list[str]]
#: per row and position, the column where the cell covering it begins (a merged range counts once), as the
#: HTML and DOCX readers give it: without it, two equal numbers side by side and one number merged over two
#: columns read the same, and a row like 0 | 0 | 78 (over two) could not be placed (fuzzer, spans_shifted)
Starts = list[list[int]]


def read_xlsx(bundle: Bundle) -> Layout:
    """Read an XLSX (or XLSM) workbook."""
    check_zip(bundle.body, what="xlsx")
    sheets, props = run_capped(_parse_xlsx, bundle.body, what="xlsx")
    return _layout("xlsx", sheets, props)


def read_xls(bundle: Bundle) -> Layout:
    """Read a legacy BIFF (Excel 97-2003) workbook; an XLSX mislabelled .xls is read as XLSX."""
    if bundle.body[:4] == b"PK\x03\x04":
        return read_xlsx(bundle)
    sheets, props = run_capped(_parse_xls, bundle.body, what="xls")
    return _layout("xls", sheets, props)


def cell_text(value: Any) -> str:
    """The text a spreadsheet shows for a value, without float artefacts."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(round(value, 10)).rstrip("0").rstrip(".") if "e" not in repr(value) else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _parse_xlsx(body: bytes) -> tuple[list[tuple[str, Grid, Starts]], dict[str, str]]:
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(body), data_only=True, read_only=False)
    sheets: list[tuple[str, Grid, Starts]] = []
    for sheet in book.worksheets:
        if sheet.max_row * sheet.max_column > 200_000:
            raise ExtractionError(f"sheet {sheet.title!r} is {sheet.max_row}x{sheet.max_column} cells")
        grid = [[cell_text(cell.value) for cell in row] for row in sheet.iter_rows()]
        starts = _own_starts(grid)
        for merged in sheet.merged_cells.ranges:
            _fill(grid, starts, merged.min_row - 1, merged.max_row, merged.min_col - 1, merged.max_col)
        sheets.append((sheet.title, grid, starts))
    props = book.properties
    meta = {"title": props.title or "", "created": props.created.isoformat() if props.created else ""}
    return sheets, meta


def _parse_xls(body: bytes) -> tuple[list[tuple[str, Grid, Starts]], dict[str, str]]:
    import xlrd

    book = xlrd.open_workbook(file_contents=body, formatting_info=True, on_demand=True)
    sheets: list[tuple[str, Grid, Starts]] = []
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        if sheet.nrows * sheet.ncols > 200_000:
            raise ExtractionError(f"sheet {sheet.name!r} is {sheet.nrows}x{sheet.ncols} cells")
        grid = [[_xls_value(book, sheet.cell(r, c)) for c in range(sheet.ncols)] for r in range(sheet.nrows)]
        starts = _own_starts(grid)
        for rlo, rhi, clo, chi in sheet.merged_cells:
            _fill(grid, starts, rlo, rhi, clo, chi)
        sheets.append((sheet.name, grid, starts))
    return sheets, {}


def _xls_value(book: Any, cell: Any) -> str:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return cell_text(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
        except (ValueError, OverflowError):
            return cell_text(cell.value)
    if cell.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    return cell_text(cell.value)


def _own_starts(grid: Grid) -> Starts:
    return [list(range(len(row))) for row in grid]


def _fill(grid: Grid, starts: Starts, r0: int, r1: int, c0: int, c1: int) -> None:
    """Copy a merged range's top-left text into every position it covers (rows r0..r1-1, cols c0..c1-1), each
    position recording that its cell begins at column c0."""
    if r0 >= len(grid) or r0 < 0 or c0 < 0:
        return
    row0 = grid[r0]
    text = row0[c0] if c0 < len(row0) else ""
    for r in range(r0, min(r1, len(grid))):
        row = grid[r]
        for c in range(c0, min(c1, len(row))):
            row[c] = text
            starts[r][c] = c0


def _trim(grid: Grid, starts: Starts) -> tuple[Grid, Starts]:
    """The sheet without empty rows and without empty columns at either side (starts shifted alike)."""
    kept = [i for i, row in enumerate(grid) if any(cell for cell in row)]
    if not kept:
        return [], []
    rows = [grid[i] for i in kept]
    width = max((max((i for i, cell in enumerate(row) if cell), default=-1) for row in rows), default=-1) + 1
    first = min(min((i for i, cell in enumerate(row) if cell), default=width) for row in rows)
    trimmed = [[*row[first:width], *[""] * (width - len(row))] for row in rows]
    begins = [
        [max(b - first, 0) for b in starts[i][first:width]] + list(range(len(starts[i][first:width]), width - first))
        for i in kept
    ]
    return trimmed, begins


def sheet_blocks(grid: Grid, starts: Starts | None = None) -> list[Block]:
    """A sheet as blocks: leading full-width title rows as Paragraphs, the rest as one Table."""
    rows, begins = _trim(grid, starts if starts is not None else _own_starts(grid))
    blocks: list[Block] = []
    while rows and len(rows[0]) > 1 and len({cell for cell in rows[0] if cell}) == 1 and all(rows[0]):
        blocks.append(Paragraph(rows[0][0]))
        rows, begins = rows[1:], begins[1:]
    while rows and sum(1 for cell in rows[0] if cell) == 1 and len(rows) > 1 and rows[0][0]:
        # A title typed into A1 without merging reads as a paragraph, too.
        blocks.append(Paragraph(rows[0][0]))
        rows, begins = rows[1:], begins[1:]
    if rows:
        # merged ranges filled, and where each cell begins said, as the HTML and DOCX readers do
        blocks.append(Table(rows=rows, source="table", starts=begins if starts is not None else None,
                            spans_repeated=True))  # fmt: skip
    return blocks


def _layout(format_name: str, sheets: list[tuple[str, Grid, Starts]], props: dict[str, str]) -> Layout:
    layout = Layout(format=format_name, title=props.get("title") or None, published=props.get("created") or None)
    for name, grid, starts in sheets:
        blocks = sheet_blocks(grid, starts)
        if blocks:
            layout.metadata.setdefault("sheets", "")
            layout.metadata["sheets"] = "\n".join(filter(None, [layout.metadata["sheets"], name]))
        layout.blocks.extend(blocks)
    if not any(isinstance(block, Table) for block in layout.blocks):
        layout.warnings.append(f"{format_name}: the workbook holds no table")
    return layout
