"""File renderings the corpus does not (yet) provide: LibreOffice conversions and table pictures.

LibreOffice is the only offline tool here that writes DOC and a PDF with a real text layer from DOCX/HTML;
it starts slowly, so conversions are batched into one `soffice` run per target format, with a private
profile directory so parallel test processes do not fight over one.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from replicas.web import SYNTHETIC_NOTE

_FILTERS = {"pdf": "pdf", "doc": 'doc:MS Word 97', "wps": 'doc:MS Word 97'}
_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def convert_many(pending: dict[Path, tuple[str, bytes]]) -> None:
    """Write each target (its suffix names the format) from its source (kind "docx" or "html")."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError(
            "LibreOffice (soffice) is needed to render PDF/DOC attachments: apt install libreoffice-writer-nogui"
        )
    groups: dict[tuple[str, str], list[tuple[Path, bytes]]] = {}
    for target, (kind, data) in pending.items():
        fmt = target.suffix.lstrip(".")
        if fmt not in _FILTERS:
            raise ValueError(f"no LibreOffice conversion to {fmt}")
        groups.setdefault((_FILTERS[fmt], kind), []).append((target, data))
    with tempfile.TemporaryDirectory(prefix="nianbao-soffice-") as tmp:
        root = Path(tmp)
        profile = (root / "profile").as_uri()
        for n, ((filt, kind), items) in enumerate(groups.items()):
            src_dir, out_dir = root / f"in{n}", root / f"out{n}"
            src_dir.mkdir()
            out_dir.mkdir()
            inputs = []
            for i, (_target, data) in enumerate(items):
                src = src_dir / f"f{i}.{kind}"
                src.write_bytes(data)
                inputs.append(str(src))
            cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore"]
            if kind == "html":
                cmd += ["--infilter=HTML (StarWriter)"]  # open as a Writer document, not Writer/Web
            cmd += ["--convert-to", filt, "--outdir", str(out_dir), *inputs]
            done = subprocess.run(cmd, capture_output=True, timeout=300, check=False)
            ext = filt.split(":")[0]
            for i, (target, _data) in enumerate(items):
                out = out_dir / f"f{i}.{ext}"
                if not out.exists():
                    raise RuntimeError(
                        f"LibreOffice did not convert to {ext}: {done.stderr.decode(errors='replace')[-500:]}"
                    )
                tmp_target = target.with_suffix(target.suffix + ".part")
                tmp_target.write_bytes(out.read_bytes())
                tmp_target.replace(target)


def _cell_text(cell: Any) -> str:
    return cell if isinstance(cell, str) else cell.text


def table_image(grid: list[list[Any]], caption: str) -> bytes:
    """A ruled table as a JPEG, merged cells drawn merged, as reports paste tables from Word screenshots.

    `grid` is rows of cells: a str, an object with text/rowspan/colspan, or None where a span continues.
    Hand-drawn with Pillow because no installed renderer turns a table into a picture without a browser.
    """
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(_FONT, 20)
    small = ImageFont.truetype(_FONT, 14)
    nrows = len(grid)
    ncols = max((len(r) for r in grid), default=1)
    widths = [60] * ncols
    for row in grid:
        for j, cell in enumerate(row):
            if cell is None or getattr(cell, "colspan", 1) > 1:
                continue
            widths[j] = min(max(widths[j], int(font.getlength(_cell_text(cell))) + 16), 320)
    xs = [20]
    for w in widths:
        xs.append(xs[-1] + w)

    def wrap(text: str, room: float) -> list[str]:
        lines, line = [], ""
        for ch in text:
            if line and font.getlength(line + ch) > room:
                lines.append(line)
                line = ""
            line += ch
        return [*lines, line]

    line_h, top = 26, 40
    heights = [line_h + 10] * nrows
    for i, row in enumerate(grid):
        for j, cell in enumerate(row):
            if cell is not None and getattr(cell, "rowspan", 1) == 1:
                cs = getattr(cell, "colspan", 1)
                n = len(wrap(_cell_text(cell), xs[min(j + cs, ncols)] - xs[j] - 8))
                heights[i] = max(heights[i], n * line_h + 10)
    ys = [top]
    for h in heights:
        ys.append(ys[-1] + h)
    width, height = xs[-1] + 20, ys[-1] + 40
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    draw.text((20, 8), f"{caption}（{SYNTHETIC_NOTE}）", fill="black", font=small)
    for i, row in enumerate(grid):
        for j, cell in enumerate(row):
            if cell is None:
                continue
            rs, cs = getattr(cell, "rowspan", 1), getattr(cell, "colspan", 1)
            x0, y0 = xs[j], ys[i]
            x1, y1 = xs[min(j + cs, ncols)], ys[min(i + rs, nrows)]
            draw.rectangle([x0, y0, x1, y1], outline="black", width=2)
            lines = wrap(_cell_text(cell), x1 - x0 - 8)
            y = y0 + (y1 - y0 - len(lines) * line_h) / 2
            for line in lines:
                draw.text((x0 + (x1 - x0 - font.getlength(line)) / 2, y), line, fill="black", font=font)
                y += line_h
    draw.text((20, height - 28), SYNTHETIC_NOTE, fill="gray", font=small)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=90)
    return out.getvalue()
