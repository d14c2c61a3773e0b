"""Word 97-2003 (.doc) and WPS attachments: converted to DOCX by LibreOffice, then read by the DOCX reader.

No maintained Python library parses the binary Word format; LibreOffice does, headless, in about a second.
Each conversion gets its own profile directory (parallel conversions otherwise fight over one lock) and a
timeout that kills the whole soffice process group. LibreOffice has been seen to drop a table that antiword
keeps (rows printed as `|规章|3|1|25|`), so when the converted document has fewer tables than antiword
shows, antiword's tables are used instead.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from nianbao.extractor.layout import Block, Layout, Table
from nianbao.extractor.limits import DEFAULT_CAPS, Caps, ExtractionError, run_command

if TYPE_CHECKING:
    from nianbao.extractor.bundle import Bundle

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CONVERT_SECONDS = 120.0


def read(bundle: Bundle, caps: Caps = DEFAULT_CAPS) -> Layout:
    """Read a .doc (the `doc` format)."""
    return _read(bundle, "doc", caps)


def read_wps(bundle: Bundle, caps: Caps = DEFAULT_CAPS) -> Layout:
    """Read a WPS document (the `wps` format).

    Kingsoft's own .wps format cannot be produced on this machine, so this path is tested with Word-97 files
    named .wps (what many portals serve); LibreOffice's import filter also claims the native format.
    """
    return _read(bundle, "wps", caps)


def _read(bundle: Bundle, format_name: str, caps: Caps) -> Layout:
    from nianbao.extractor.bundle import Bundle as BundleType
    from nianbao.extractor.formats import docx

    body = bundle.body
    if body[:4] == b"PK\x03\x04":  # a DOCX under a .doc name
        layout = docx.read(bundle)
        layout.format = format_name
        return layout
    if not body.startswith(OLE_MAGIC):
        raise ExtractionError(f"{format_name}: not an OLE2 (Word 97-2003 / WPS) file")
    converted = to_docx(body, format_name, caps)
    layout = docx.read(BundleType(body=converted, url=bundle.url))
    layout.format = format_name
    layout.metadata["converted_by"] = "libreoffice"
    for block in layout.blocks:
        if isinstance(block, Table):
            block.rows, block.starts = drop_split_columns(block.rows, block.starts)
    if format_name == "doc":
        _antiword_fallback(layout, body)
    return layout


def to_docx(body: bytes, ext: str, caps: Caps = DEFAULT_CAPS) -> bytes:
    """Convert a binary Word/WPS document with LibreOffice headless (own profile, timeout, memory cap)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ExtractionError("LibreOffice (soffice) is not installed: cannot read DOC/WPS")
    with tempfile.TemporaryDirectory(prefix="nianbao-lo-") as tmp:
        source = Path(tmp) / f"document.{ext}"
        source.write_bytes(body)
        outdir = Path(tmp) / "out"
        env = {**os.environ, "HOME": tmp}
        result = run_command(
            [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
             "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(outdir), str(source)],
            seconds=min(CONVERT_SECONDS, caps.seconds * 2), memory_bytes=max(caps.memory_bytes, 4 * 1024**3),
            cwd=tmp, env=env,
        )
        produced = list(outdir.glob("*.docx")) if outdir.exists() else []
        if not produced:
            detail = result.stderr.decode("utf-8", "replace").strip()[-300:]
            raise ExtractionError(f"{ext}: LibreOffice could not convert it (exit {result.returncode}) {detail}")
        return produced[0].read_bytes()


def drop_split_columns(
    rows: list[list[str]], starts: list[list[int]] | None = None
) -> tuple[list[list[str]], list[list[int]] | None]:
    """Remove grid columns LibreOffice adds when cell widths do not add up.

    Such a column belongs, in every row, to a span of its left or right neighbour, so removing it narrows spans
    and loses nothing. Where the grid says where each cell begins (`starts`), that is the test: no row has a
    cell of its own in the column. Without it, a column whose text repeats a neighbour's in every row is taken
    for one (two equal numbers side by side defeat this, which is why `starts` decides when given).
    """
    rows = [row[:] for row in rows]
    begins = [b[:] for b in starts] if starts is not None else None
    changed = True
    while changed and rows and len(rows[0]) > 1:
        changed = False
        width = len(rows[0])
        for c in range(width):
            if begins is not None:
                split = not any(b[c] == c and (c + 1 >= width or b[c + 1] != c) for b in begins)
            else:

                def spanned(row: list[str], c: int = c, width: int = width) -> bool:
                    return (c > 0 and row[c] == row[c - 1]) or (c + 1 < width and row[c] == row[c + 1])

                split = all(spanned(row) for row in rows)
            if split:
                rows = [row[:c] + row[c + 1 :] for row in rows]
                if begins is not None:
                    begins = [[v if v < c else max(v - 1, c) for v in b[:c] + b[c + 1 :]] for b in begins]
                changed = True
                break
    return rows, begins


def antiword_tables(body: bytes) -> list[list[list[str]]] | None:
    """Tables as antiword prints them (`|a|b|c|` lines), or None when antiword is missing or fails."""
    antiword = shutil.which("antiword")
    if antiword is None:
        return None
    with tempfile.NamedTemporaryFile(suffix=".doc") as handle:
        handle.write(body)
        handle.flush()
        try:
            result = run_command([antiword, "-w", "0", "-m", "UTF-8.txt", handle.name], seconds=30.0,
                                 memory_bytes=512 * 1024**2)
        except ExtractionError:
            return None
    if result.returncode != 0:
        return None
    return parse_antiword(result.stdout.decode("utf-8", "replace"))


TABLE_LINE = re.compile(r"^\s*\|(.*)\|\s*$")


def parse_antiword(text: str) -> list[list[list[str]]]:
    """Runs of `|cell|cell|` lines as grids (antiword prints merged cells once, so spans are not expanded)."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in text.splitlines():
        match = TABLE_LINE.match(line)
        if match:
            current.append([cell.strip() for cell in match.group(1).split("|")])
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return [_rectangular(t) for t in tables]


def _rectangular(rows: list[list[str]]) -> list[list[str]]:
    width = max(len(r) for r in rows)
    return [r + [""] * (width - len(r)) for r in rows]


def _antiword_fallback(layout: Layout, body: bytes) -> None:
    """Use antiword's tables when LibreOffice's DOCX lost some (the conversion is trusted otherwise)."""
    have = sum(1 for block in layout.blocks if isinstance(block, Table))
    tables = antiword_tables(body)
    if tables is None or len(tables) <= have:
        return
    layout.warnings.append(
        f"doc: LibreOffice kept {have} of the {len(tables)} tables antiword sees; tables taken from antiword"
    )
    blocks: list[Block] = [b for b in layout.blocks if not isinstance(b, Table)]
    blocks.extend(Table(rows=t, source="table") for t in tables)
    layout.blocks = blocks
    layout.metadata["tables_by"] = "antiword"


__all__ = ["antiword_tables", "drop_split_columns", "parse_antiword", "read", "read_wps", "to_docx"]
