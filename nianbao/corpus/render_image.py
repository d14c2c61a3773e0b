"""Synthetic reports as pictures: tables drawn as ruled images, and whole "图片版" pages, clean or scanned.

Portals paste tables as screenshots and publish scanned reports; the OCR path is tested on these. Drawing
follows the printed structure of corpus.printed (cells with row and column spans); a label too long for its
cell wraps inside it, as in Word. `scan` adds what a scanner does: a slight rotation, blur and noise.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from PIL import Image, ImageDraw, ImageFilter, ImageFont

if TYPE_CHECKING:
    from nianbao.corpus.truth import ReportTruth
    from nianbao.extractor.bundle import Bundle

FONT_PATH = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


class SpanCell(Protocol):
    text: str
    rowspan: int
    colspan: int


@lru_cache(maxsize=8)
def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT_PATH, size)


def _place(rows: Sequence[Sequence[SpanCell]]) -> tuple[list[tuple[int, int, SpanCell]], int, int]:
    """Each cell's top-left grid position, resolving row spans as HTML does."""
    taken: set[tuple[int, int]] = set()
    placed: list[tuple[int, int, SpanCell]] = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    n_rows = max(r for r, _ in taken) + 1
    n_cols = max(c for _, c in taken) + 1
    return placed, n_rows, n_cols


def _wrap(text: str, width: int, face: ImageFont.FreeTypeFont) -> list[str]:
    lines: list[str] = []
    line = ""
    for ch in text:
        if line and face.getlength(line + ch) > width:
            lines.append(line)
            line = ch
        else:
            line += ch
    return [*lines, line] if line or not lines else lines


def draw_table(rows: Sequence[Sequence[SpanCell]], *, size: int = 22, width: int = 1500) -> Image.Image:
    """A ruled table as a white-background picture; number columns narrow, label columns wide."""
    placed, n_rows, n_cols = _place(rows)
    face = font(size)
    numeric = [True] * n_cols
    for r, c, cell in placed:
        if cell.colspan == 1 and r >= 2 and not cell.text.replace(".", "").replace("-", "").isdigit() and cell.text:
            numeric[c] = False
    number_w = int(size * 4.2)
    n_num = sum(numeric)
    label_w = max((width - number_w * n_num) // max(n_cols - n_num, 1), size * 4)
    col_w = [number_w if numeric[c] else label_w for c in range(n_cols)]
    xs = [0]
    for w in col_w:
        xs.append(xs[-1] + w)
    pad = size // 2
    line_h = int(size * 1.45)
    heights = [line_h + 2 * pad] * n_rows
    for r, c, cell in placed:
        if cell.rowspan == 1:
            cell_w = xs[c + cell.colspan] - xs[c] - 2 * pad
            need = len(_wrap(cell.text, cell_w, face)) * line_h + 2 * pad
            heights[r] = max(heights[r], need)
    ys = [0]
    for h in heights:
        ys.append(ys[-1] + h)
    margin = 30
    image = Image.new("L", (xs[-1] + 2 * margin, ys[-1] + 2 * margin), 255)
    draw = ImageDraw.Draw(image)
    for r, c, cell in placed:
        x0, x1 = xs[c] + margin, xs[c + cell.colspan] + margin
        y0, y1 = ys[r] + margin, ys[r + cell.rowspan] + margin
        draw.rectangle((x0, y0, x1, y1), outline=0, width=2)
        lines = _wrap(cell.text, x1 - x0 - 2 * pad, face)
        top = (y0 + y1) / 2 - len(lines) * line_h / 2
        for i, text in enumerate(lines):
            tw = face.getlength(text)
            draw.text(((x0 + x1) / 2 - tw / 2, top + i * line_h), text, font=face, fill=0)
    return image


def draw_text(lines: Sequence[str], *, size: int = 24, width: int = 1500) -> Image.Image:
    """Paragraphs as a picture, wrapped to `width`, first lines indented two characters."""
    face = font(size)
    wrapped: list[str] = []
    for text in lines:
        wrapped.extend(_wrap("\u3000\u3000" + text if text else "", width, face))
        wrapped.append("")
    line_h = int(size * 1.6)
    image = Image.new("L", (width + 60, max(len(wrapped), 1) * line_h + 60), 255)
    draw = ImageDraw.Draw(image)
    for i, text in enumerate(wrapped):
        draw.text((30, 30 + i * line_h), text.replace("\u3000", "  "), font=face, fill=0)
    return image


def stack(images: Sequence[Image.Image], gap: int = 30) -> Image.Image:
    width = max(im.width for im in images)
    page = Image.new("L", (width, sum(im.height for im in images) + gap * len(images)), 255)
    y = 0
    for im in images:
        page.paste(im, (0, y))
        y += im.height + gap
    return page


def scan(image: Image.Image, rng: random.Random, *, degrees: float = 1.2, blur: float = 0.9,
         noise: float = 12.0) -> Image.Image:
    """What a scanner makes of a printout: rotated a little, blurred, speckled."""
    angle = rng.uniform(-degrees, degrees)
    out = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    out = out.filter(ImageFilter.GaussianBlur(blur))
    if noise:
        speckle = Image.effect_noise(out.size, noise)
        out = Image.blend(out, speckle, 0.12)
    return out


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def image_pdf(pages: Sequence[Image.Image], dpi: int = 200) -> bytes:
    """A PDF of page pictures and no text layer: what a scanner hands the portal."""
    out = io.BytesIO()
    rgb = [p.convert("RGB") for p in pages]
    rgb[0].save(out, format="PDF", save_all=True, append_images=rgb[1:], resolution=dpi)
    return out.getvalue()


def report_pages(truth: ReportTruth, *, noisy: bool = False) -> list[Image.Image]:
    """A whole report as page pictures (a "图片版" report): prose and tables, one section after another."""
    from nianbao.corpus import printed, prose

    tables = printed.tables(truth)
    parts: list[Image.Image] = [draw_text([truth.title, *prose.intro(truth)])]
    for section in prose.sections(truth):
        parts.append(draw_text([section.heading, *section.paragraphs]))
        if section.key in tables:
            parts.append(draw_table(tables[section.key]))
    parts.append(draw_text(prose.signature(truth)))
    rng = random.Random(truth.seed)
    pages = [scan(p, rng) if noisy else p for p in parts]
    return pages


def report_png(truth: ReportTruth, *, noisy: bool = False) -> bytes:
    """A "图片版" report as one tall PNG (scanned as one sheet when noisy: one slant for the whole picture)."""
    page = stack(report_pages(truth))
    return png(scan(page, random.Random(truth.seed)) if noisy else page)


def report_scanned_pdf(truth: ReportTruth, *, noisy: bool = True) -> bytes:
    """A scanned report: an image-only PDF, one picture per part."""
    return image_pdf(report_pages(truth, noisy=noisy))


def text_grid(rows: Sequence[Sequence[SpanCell]]) -> list[list[str]]:
    """The grid a reader should return for printed rows: each merged cell's text in every position it covers."""
    placed, n_rows, n_cols = _place(rows)
    grid = [["" for _ in range(n_cols)] for _ in range(n_rows)]
    for r, c, cell in placed:
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                grid[r + dr][c + dc] = cell.text
    return grid


def table_png(rows: Sequence[Sequence[SpanCell]], *, noisy: bool = False, seed: int = 0) -> bytes:
    image = draw_table(rows)
    return png(scan(image, random.Random(seed)) if noisy else image)


def png_bundle(truth: ReportTruth, *, noisy: bool = False) -> Bundle:
    """A "图片版" report: one PNG attachment."""
    from nianbao.extractor.bundle import Bundle

    return Bundle(report_png(truth, noisy=noisy), "image/png", truth.url.replace(".html", ".png"))


def noisy_png_bundle(truth: ReportTruth) -> Bundle:
    return png_bundle(truth, noisy=True)


def scanned_pdf_bundle(truth: ReportTruth) -> Bundle:
    """A scanned report: an image-only PDF, slanted, blurred and speckled."""
    from nianbao.extractor.bundle import Bundle

    return Bundle(report_scanned_pdf(truth, noisy=True), "application/pdf", truth.url.replace(".html", ".pdf"))


def html_with_pictures_bundle(truth: ReportTruth) -> Bundle:
    """An HTML report page whose three tables are pictures (fetched with the page as resources)."""
    from nianbao.corpus import printed, prose
    from nianbao.extractor.bundle import Bundle, Resource

    tables = printed.tables(truth)
    base = truth.url.rsplit("/", 1)[0]
    parts = [f"<h1>{truth.title}</h1>", *(f"<p>{t}</p>" for t in prose.intro(truth))]
    resources = []
    for section in prose.sections(truth):
        parts.append(f"<p>{section.heading}</p>")
        parts.extend(f"<p>{t}</p>" for t in section.paragraphs)
        if section.key in tables:
            url = f"{base}/images/{truth.seed}_{section.key}.png"
            parts.append(f'<p><img src="images/{truth.seed}_{section.key}.png" alt=""></p>')
            resources.append(Resource(url, png(draw_table(tables[section.key])), "image/png"))
    parts.extend(f"<p>{t}</p>" for t in prose.signature(truth))
    html = "<html><head><meta charset='utf-8'><title>{}</title></head><body><div class='article'>{}</div></body></html>"
    body = html.format(truth.title, "".join(parts)).encode("utf-8")
    return Bundle(body, "text/html; charset=utf-8", truth.url, resources=tuple(resources))
