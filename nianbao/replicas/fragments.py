"""Small HTML-fragment transformations shared by the renderers: flattened text back to tables, tables to pictures."""

from __future__ import annotations

import html
import re


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _table_html(rows: list[list[str]]) -> str:
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows if row)
    return f'<table border="1" cellspacing="0" cellpadding="4">{body}</table>'


def text_to_html(text: str) -> str:
    """Paragraphs and tables from a report flattened to text.

    Two flattenings occur: a row per line with tab-separated cells, and a cell per tab-led line with blank
    lines between rows; a tab-less line right after a lone cell continues that cell.
    """
    out: list[str] = []
    rows: list[list[str]] = []
    row: list[str] = []
    last = ""  # "cell", "row", "blank" or "" (outside a table)
    in_table = False

    def flush_row() -> None:
        nonlocal row
        if row:
            rows.append(row)
            row = []

    def end_table() -> None:
        nonlocal rows, in_table
        flush_row()
        if rows:
            out.append(_table_html(rows))
        rows, in_table = [], False

    for raw in text.splitlines():
        line = raw.rstrip("\r")
        if "\t" in line:
            in_table = True
            fields = line.split("\t")
            if fields[0] == "" and len([f for f in fields[1:] if f.strip()]) <= 1 and len(fields) == 2:
                row.append(fields[1].strip())
                last = "cell"
            else:
                flush_row()
                rows.append([f.strip() for f in fields])
                last = "row"
            continue
        if not line.strip():
            if in_table:
                flush_row()
                last = "blank"
            continue
        if in_table and last == "cell" and row:
            row[-1] += line.strip()
            continue
        if in_table:
            end_table()
        last = ""
        out.append(f"<p>{esc(line.strip())}</p>")
    end_table()
    return "\n".join(out)


_TABLE = re.compile(r"<table\b.*?</table>", re.S | re.I)


def replace_tables_with_images(fragment: str) -> str:
    """Each table becomes `<img src="{IMAGEn}">`, as when a report's tables were pasted as pictures."""
    count = 0

    def image(_m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return f'<p style="text-align:center"><img src="{{IMAGE{count - 1}}}" alt="" style="width:640px"/></p>'

    return _TABLE.sub(image, fragment)
