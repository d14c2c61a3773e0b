"""Synthetic reports' tables as workbooks: one sheet per table, merged cells as in print.

Some portals attach the tables as a spreadsheet beside the text. XLSX is written with openpyxl; legacy XLS
is that workbook saved by LibreOffice as Excel 97.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from nianbao.corpus.render_image import SpanCell, _place
from nianbao.corpus.render_pdf import soffice_convert

if TYPE_CHECKING:
    from collections.abc import Sequence

    from nianbao.corpus.truth import ReportTruth
    from nianbao.extractor.bundle import Bundle

SHEET_TITLES = {
    "active_disclosure": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
}


def workbook(tables: dict[str, Sequence[Sequence[SpanCell]]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for index, (key, rows) in enumerate(tables.items()):
        sheet = book.create_sheet(f"表{index + 2}")
        placed, _, n_cols = _place(rows)
        sheet.cell(1, 1, SHEET_TITLES.get(key, key))
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n_cols)
        for r, c, cell in placed:
            value: str | int | float = cell.text
            if cell.text.isascii() and cell.text.isdigit():  # full-width digits stay text, as printed
                value = int(cell.text)
            sheet.cell(r + 2, c + 1, value)
            if cell.rowspan > 1 or cell.colspan > 1:
                sheet.merge_cells(
                    start_row=r + 2, start_column=c + 1, end_row=r + 1 + cell.rowspan, end_column=c + cell.colspan
                )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render_xlsx(truth: ReportTruth) -> bytes:
    from nianbao.corpus import printed

    return workbook(printed.tables(truth))


def render_xls(truth: ReportTruth) -> bytes:
    return soffice_convert(render_xlsx(truth), "xlsx", "xls:MS Excel 97")


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bundle(truth: ReportTruth) -> Bundle:
    from nianbao.extractor.bundle import Bundle

    return Bundle(render_xlsx(truth), XLSX_TYPE, truth.url.replace(".html", ".xlsx"))


def xls_bundle(truth: ReportTruth) -> Bundle:
    from nianbao.extractor.bundle import Bundle

    return Bundle(render_xls(truth), "application/vnd.ms-excel", truth.url.replace(".html", ".xls"))
