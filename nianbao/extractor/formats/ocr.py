"""Reading pictures of reports: tables pasted as images, "图片版" reports, scanned PDF pages.

rapidocr (its ONNX models ship in the wheel; runs offline) finds text boxes. Rows and cells are rebuilt from
them: the page is deskewed by the boxes' own slant, the table's ruling lines are found in the picture with the
text masked out, and every box goes to the grid cell its centre falls in (a cell whose borders are missing is
a merged cell, expanded as in every other reader). A picture without ruling lines goes through the same
column logic as an unruled PDF table. Cells carry source "ocr". Nothing is guessed: a cell that reads as
something other than a number stays as read, and uncertain cells are named in warnings.
"""

from __future__ import annotations

import io
import itertools
import math
import re
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from nianbao.extractor.formats.pdf_text import Chunk, Line, PositionedRows, blocks_of, join_fragments, lines_of
from nianbao.extractor.layout import Block, Image, Layout, Table
from nianbao.extractor.limits import DEFAULT_CAPS, Caps, ExtractionError, check_image_size
from nianbao.extractor.numbers import parse_cell
from nianbao.extractor.tables.grid import grid_table

if TYPE_CHECKING:
    import numpy as np
    from PIL.Image import Image as PILImage

    from nianbao.extractor.bundle import Bundle

LOW_CONFIDENCE = 0.85
# Letters OCR puts for digits inside number cells; mapped only when the whole cell is digits and these.
DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "〇": "0", "l": "1", "I": "1", "|": "1"})
NUMBERISH = re.compile(r"^[\d０-９OoI〇l|,，.．]+$")

_engine_lock = threading.Lock()
_engine: Any = None


def engine() -> Any:
    """The shared rapidocr engine (loading the models takes ~1 s; one instance serves every page)."""
    global _engine
    with _engine_lock:
        if _engine is None:
            from rapidocr import RapidOCR

            _engine = RapidOCR(
                params={
                    # Report pages are upright: the angle classifier only costs time.
                    "Global.log_level": "warning",
                    "Global.max_side_len": 2400,
                    "Global.use_cls": False,
                    # One thread: documents are read in parallel by processes (the crawl's and reextract's workers,
                    # the test suite's), and onnxruntime's default of a spinning thread per core then fights them.
                    # Measured on 6 replica picture reports beside one busy process on 2 cores: 113 s wall and 141 s
                    # CPU with the default, 88 s and 87 s with one thread.
                    "EngineConfig.onnxruntime.intra_op_num_threads": 1,
                    "EngineConfig.onnxruntime.inter_op_num_threads": 1,
                }
            )
        return _engine


@dataclass
class Box:
    """One OCR text box in deskewed page coordinates."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    score: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


def open_image(data: bytes, caps: Caps = DEFAULT_CAPS, what: str = "image") -> PILImage:
    """Decode image bytes, refusing decompression bombs from the header before any pixel is decoded."""
    from PIL import Image as PILImageModule
    from PIL import UnidentifiedImageError

    try:
        image = PILImageModule.open(io.BytesIO(data))
        check_image_size(image.width, image.height, caps, what)
        image.load()
    except ExtractionError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, PILImageModule.DecompressionBombError) as exc:
        raise ExtractionError(f"{what}: not a readable image ({type(exc).__name__}: {exc})") from None
    if getattr(image, "n_frames", 1) > 1:
        image.seek(0)
    return image.convert("L")


MAX_FRAMES = 100


def read(bundle: Bundle, caps: Caps = DEFAULT_CAPS) -> Layout:
    """Read an image attachment (PNG, JPEG, GIF, multi-page TIFF …) as report pages (the `image` format)."""
    image = open_image(bundle.body, caps)
    layout = Layout(format="image")
    for index, frame in enumerate(_frames(bundle.body, image, caps)):
        blocks, warnings = read_page(frame)
        layout.blocks.extend(blocks)
        prefix = f"page {index + 1}: " if index else ""
        layout.warnings.extend(prefix + w for w in warnings)
    if not layout.blocks:
        layout.warnings.append("image: no text found")
    return layout


def _frames(data: bytes, first: PILImage, caps: Caps) -> list[PILImage]:
    """The pages of a multi-page scan (TIFF), each checked against the pixel cap; else the one picture."""
    from PIL import Image as PILImageModule

    try:
        container = PILImageModule.open(io.BytesIO(data))
        count = getattr(container, "n_frames", 1)
        if count <= 1 or container.format not in ("TIFF", "MPO"):
            return [first]
        frames = []
        for index in range(min(count, MAX_FRAMES)):
            container.seek(index)
            check_image_size(container.width, container.height, caps, f"image page {index + 1}")
            frames.append(container.convert("L"))
        return frames
    except (OSError, ValueError, EOFError):
        return [first]


def read_images(layout: Layout, bundle: Bundle, caps: Caps = DEFAULT_CAPS) -> Layout:
    """Replace the unread Image blocks of `layout` whose bytes are in `bundle.resources` by what OCR reads.

    For an HTML page whose tables are pictures: the HTML reader emits Image blocks with absolute URLs, the
    crawler fetched them into the bundle, and this turns each into its Tables and Paragraphs (in place,
    so reading order is kept). Images not fetched or unreadable stay as they are, with a warning.
    """
    blocks: list[Block] = []
    for block in layout.blocks:
        if not isinstance(block, Image) or block.read or not block.url:
            blocks.append(block)
            continue
        resource = bundle.resource(block.url)
        if resource is None:
            blocks.append(block)
            continue
        try:
            image = open_image(resource.body, caps, what=f"image {block.url}")
        except ExtractionError as exc:
            layout.warnings.append(str(exc))
            blocks.append(block)
            continue
        found, warnings = read_page(image)
        layout.warnings.extend(f"image {block.url}: {w}" for w in warnings)
        if found:
            blocks.extend(found)
        else:
            blocks.append(Image(url=block.url, alt=block.alt, read=True))
    layout.blocks = blocks
    return layout


def read_page(image: PILImage) -> tuple[list[Block], list[str]]:
    """OCR one page or picture: its tables (source "ocr") and paragraphs in reading order, and warnings."""
    import numpy as np

    gray = image.convert("L")
    found_boxes, txts, scores = _detect(gray)
    if not found_boxes:
        return [], []
    angle = _refine_skew(gray, found_boxes, _skew_degrees(found_boxes))
    if abs(angle) > 0.2:
        rotated = gray.rotate(angle, resample=3, expand=True, fillcolor=255)
        points = _rotate_points(found_boxes, angle, gray.size, rotated.size)
        gray = rotated
    else:
        points = np.asarray(found_boxes, dtype=float)
    boxes = [
        Box(
            float(p[:, 0].min()),
            float(p[:, 1].min()),
            float(p[:, 0].max()),
            float(p[:, 1].max()),
            str(text).strip(),
            float(score),
        )
        for p, text, score in zip(points, txts, scores, strict=True)
        if str(text).strip()
    ]
    pixels = np.asarray(gray)
    warnings: list[str] = []
    for box in boxes:
        box.text = _slash_or_one(pixels, box, warnings)
    tables = _grid_tables(pixels, boxes)
    used: set[int] = set()
    positioned: list[tuple[float, Block]] = []
    for grid in tables:
        rows = grid.fill(boxes, used, pixels, warnings)
        positioned.append((grid.ys[0], Table(rows=rows, source="ocr", starts=grid.starts(), spans_repeated=True)))
    rest = [b for i, b in enumerate(boxes) if i not in used]
    if rest:
        chunks = [Chunk(b.x0, b.top, b.x1, b.bottom, b.text) for b in rest]
        lines = lines_of(chunks)
        for top, found in blocks_of(lines, min(b.x0 for b in rest), max(b.x1 for b in rest)):
            # words standing apart without ruling lines: the builder of every text table makes their Table
            block = (
                grid_table([[_clean(c) for c in row] for row in found.rows], source="ocr")
                if isinstance(found, PositionedRows)
                else found
            )
            positioned.append((top, block))
    positioned.sort(key=lambda item: item[0])
    low = [b for b in boxes if b.score < LOW_CONFIDENCE and NUMBERISH.match(b.text)]
    if low:
        warnings.append("low OCR confidence for numbers: " + ", ".join(f"{b.text!r} ({b.score:.2f})" for b in low[:20]))
    return [block for _, block in positioned], warnings


STRIP = 1800
OVERLAP = 240


def _detect(gray: PILImage) -> tuple[list[Any], list[str], list[float]]:
    """Text boxes of the whole picture; a tall one (a whole "图片版" report) is read in overlapping strips.

    The detector scales its input down to a maximum side; on a picture many screens tall that shrinks the
    text below what it can find, so each strip is read at full resolution and boxes are kept by the strip
    whose inner part holds their centre.
    """
    import numpy as np

    pixels = np.asarray(gray)
    height = pixels.shape[0]
    starts = [0] if height <= STRIP + OVERLAP else list(range(0, height - OVERLAP, STRIP - OVERLAP))
    boxes: list[Any] = []
    txts: list[str] = []
    scores: list[float] = []
    for index, y0 in enumerate(starts):
        y1 = min(y0 + STRIP, height) if len(starts) > 1 else height
        result = engine()(pixels[y0:y1])
        if result.boxes is None:
            continue
        low = y0 + (OVERLAP // 2 if index > 0 else 0)
        high = y1 - (OVERLAP // 2 if index < len(starts) - 1 else 0)
        # boxes the previous strip kept near their shared boundary: the same text found again, its centre a
        # pixel across the line, is one box (seed 181132988: "1" kept twice read as "11", "6" as "66")
        near = [b for b in boxes if abs(b[:, 1].mean() - low) < OVERLAP // 2]
        for box, text, score in zip(result.boxes, result.txts, result.scores, strict=True):
            shifted = np.asarray(box, dtype=float) + np.array([0.0, y0])
            centre = shifted[:, 1].mean()
            if low <= centre < high or (index == len(starts) - 1 and centre >= high):
                if any(_same_box(shifted, other) for other in near):
                    continue
                boxes.append(shifted)
                txts.append(str(text))
                scores.append(float(score))
    return boxes, txts, scores


def _same_box(a: Any, b: Any) -> bool:
    """Two detections of one text: their rectangles overlap by more than half of the smaller one."""
    ax0, ay0, ax1, ay1 = a[:, 0].min(), a[:, 1].min(), a[:, 0].max(), a[:, 1].max()
    bx0, by0, bx1, by1 = b[:, 0].min(), b[:, 1].min(), b[:, 0].max(), b[:, 1].max()
    inter = max(0.0, min(ax1, bx1) - max(ax0, bx0)) * max(0.0, min(ay1, by1) - max(ay0, by0))
    smaller = min((ax1 - ax0) * (ay1 - ay0), (bx1 - bx0) * (by1 - by0))
    return smaller > 0 and inter > 0.5 * smaller


# What OCR reads for a lone stroke: the digit 1 and the slash some tables print for zero look alike to it (a
# printed "/" came back as "1" at 0.72–0.89 confidence), so the stroke's own slant decides.
_STROKE_READINGS = frozenset({"1", "l", "I", "|", "/", "／", "\\"})
SLASH_SLANT = -0.18  # ink centre moving left this much per pixel down (or more): a slash (measured about -0.31)
ONE_SLANT = -0.08  # at least this (a "1" measured about +0.03, its flag pulling the top left): the digit
UNCERTAIN_STROKE = "1或/"  # no number and no zero marker: the cell stays unread, named in a warning


def _slash_or_one(pixels: Any, box: Box, warnings: list[str]) -> str:
    """A box read as a lone stroke: "—" when its ink lies flat, "/" when it leans like a slash, "1" when it
    stands upright, and `UNCERTAIN_STROKE` (left unread, warned) in between — a misread zero must never become
    the number 1.

    A slash is then a zero marker like any other: 0 only where the table's totals confirm it (zero_markers).
    """
    import numpy as np

    if box.text.replace(" ", "") not in _STROKE_READINGS:
        return box.text
    ink = pixels[max(int(box.top), 0) : int(box.bottom) + 1, max(int(box.x0), 0) : int(box.x1) + 1] < 128
    if ink.size == 0:
        return box.text
    ink = ink[:, ink.mean(axis=0) < 0.9]  # a ruling line caught in the box is not the glyph
    ink = ink[ink.mean(axis=1) < 0.9] if ink.size else ink
    ys, xs = np.nonzero(ink)
    if len(ys) and xs.max() - xs.min() + 1 >= 2 * (ys.max() - ys.min() + 1):
        return "—"  # ink lying flat is a dash, the zero marker OCR took for a "1" (a digit 1 always stands taller)
    rows = np.unique(ys)
    if len(rows) < 6:
        return box.text
    centres = np.array([xs[ys == r].mean() for r in rows])
    slant = float(np.polyfit(rows, centres, 1)[0])
    if slant <= SLASH_SLANT:
        return "/"
    if slant >= ONE_SLANT:
        return box.text
    warnings.append(f"a lone stroke read as {box.text!r} leans between '1' and '/' (slant {slant:.2f}): left unread")
    return UNCERTAIN_STROKE


def _one_slash(crop: Any) -> bool:
    """The ink of a cell is one stroke leaning like a slash (one connected run per ink row, narrow, slanted)."""
    import numpy as np

    ink = crop < 128
    ys, xs = np.nonzero(ink)
    if len(ys) < 10:
        return False
    rows = np.unique(ys)
    if len(rows) < 8 or rows[-1] - rows[0] + 1 != len(rows):
        return False
    widths = [xs[ys == r].max() - xs[ys == r].min() + 1 for r in rows]
    if max(widths) > 0.5 * len(rows) or sum(widths) != int(ink[rows[0] : rows[-1] + 1].sum()):
        return False  # wider than a stroke, or a row with gaps in its ink (two strokes, a character)
    centres = np.array([xs[ys == r].mean() for r in rows])
    return float(np.polyfit(rows, centres, 1)[0]) <= SLASH_SLANT


def _one_dash(crop: Any) -> bool:
    """The ink of a cell is one flat bar (a dash printed for zero), which the detector often does not see."""
    import numpy as np

    ys, xs = np.nonzero(crop < 128)
    if len(ys) < 6:
        return False
    height, width = ys.max() - ys.min() + 1, xs.max() - xs.min() + 1
    return width >= max(6, 3 * height) and height <= 8 and len(ys) >= 0.7 * height * width


_DASH_LOOKALIKES = frozenset({"一", "一一", "_", "__", "~", "－一"})


def _clean(text: str) -> str:
    """A number cell as OCR read it, with letter look-alikes of digits mapped when the cell is all digits."""
    compact = text.replace(" ", "")
    if compact in _DASH_LOOKALIKES:  # a table prints counts in digits: a lone 一 is a dash OCR read as a character
        return "—"
    if compact and NUMBERISH.match(compact) and any(ch.isdigit() for ch in compact + "0"):
        mapped = compact.translate(DIGIT_LOOKALIKES)
        if mapped.replace(",", "").replace("，", "").isdigit():
            return mapped
    return text


def _skew_degrees(boxes: Any) -> float:
    """The page's slant, from the top edges of wide text boxes (robust median)."""
    angles = []
    for p in boxes:
        dx, dy = p[1][0] - p[0][0], p[1][1] - p[0][1]
        height = math.dist(p[0], p[3])
        if dx > 0 and dx > 2.5 * height:
            angles.append(math.degrees(math.atan2(dy, dx)))
    if len(angles) < 3:
        return 0.0
    angles.sort()
    return angles[len(angles) // 2]


def _refine_skew(gray: PILImage, boxes: Any, angle: float) -> float:
    """Sharpen the slant on the ruling lines: the angle at which ink rows are most concentrated.

    Text boxes give the slant to a few tenths of a degree; over a page-tall table that is several pixels of
    drift, enough to lose a line. Ruling lines (text blanked out) pin it down to 0.05 degrees.
    """
    import numpy as np
    from PIL import Image as PILImageModule

    scale = min(1.0, 900 / max(gray.size))
    mask = np.asarray(gray) < 170
    for p in np.asarray(boxes):
        x0, y0 = p.min(axis=0).astype(int)
        x1, y1 = p.max(axis=0).astype(int)
        mask[max(y0, 0) : y1, max(x0, 0) : x1] = False
    if mask.sum() < 50:
        return angle
    small = PILImageModule.fromarray((mask * 255).astype(np.uint8)).resize(
        (max(int(gray.width * scale), 1), max(int(gray.height * scale), 1)), PILImageModule.Resampling.BOX
    )

    def sharpness(candidate: float) -> float:
        rows = np.asarray(small.rotate(candidate, resample=2, expand=True), dtype=float).sum(axis=1)
        return float((rows * rows).sum())

    candidates = [angle + step * 0.05 for step in range(-12, 13)]
    return max(candidates, key=sharpness)


def _rotate_points(boxes: Any, angle: float, size: tuple[int, int], new_size: tuple[int, int]) -> np.ndarray:
    """Box corners carried through PIL's rotate(angle, expand=True) (counter-clockwise, about the centre)."""
    import numpy as np

    pts = np.asarray(boxes, dtype=float)
    theta = math.radians(angle)
    cx, cy = size[0] / 2, size[1] / 2
    ncx, ncy = new_size[0] / 2, new_size[1] / 2
    dx, dy = pts[..., 0] - cx, pts[..., 1] - cy
    x = dx * math.cos(theta) + dy * math.sin(theta) + ncx
    y = -dx * math.sin(theta) + dy * math.cos(theta) + ncy
    return np.stack([x, y], axis=-1)


@dataclass
class Grid:
    """A ruled table found in the picture: its row and column line positions."""

    xs: list[int]
    ys: list[int]
    dark: Any  # boolean ink mask (text masked out)
    _roots: list[list[int]] = field(default_factory=list)  # per position of the last fill, its merged cell

    def _has_vline(self, x: int, y0: int, y1: int) -> bool:
        pad = max(2, (y1 - y0) // 6)
        band = self.dark[y0 + pad : y1 - pad, max(x - 5, 0) : x + 6]
        return band.size > 0 and band.any(axis=1).mean() > 0.6

    def _has_hline(self, y: int, x0: int, x1: int) -> bool:
        pad = max(2, (x1 - x0) // 6)
        band = self.dark[max(y - 5, 0) : y + 6, x0 + pad : x1 - pad]
        return band.size > 0 and band.any(axis=0).mean() > 0.6

    def starts(self) -> list[list[int]]:
        """Per row and position of the last `fill`, the column where the cell covering it begins: the ruling
        lines say which positions are one merged cell, so two equal numbers side by side are not taken for one
        number over two columns (as the HTML, DOCX and spreadsheet readers say it)."""
        out = []
        for roots in self._roots:
            first: dict[int, int] = {}
            out.append([first.setdefault(root, c) for c, root in enumerate(roots)])
        return out

    def fill(self, boxes: list[Box], used: set[int], pixels: Any, warnings: list[str]) -> list[list[str]]:
        """The expanded grid: boxes to cells by their centres, cells without a border between them merged."""
        n_rows, n_cols = len(self.ys) - 1, len(self.xs) - 1
        parent = list(range(n_rows * n_cols))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for r in range(n_rows):
            for c in range(n_cols):
                if c + 1 < n_cols and not self._has_vline(self.xs[c + 1], self.ys[r], self.ys[r + 1]):
                    parent[find(r * n_cols + c + 1)] = find(r * n_cols + c)
                if r + 1 < n_rows and not self._has_hline(self.ys[r + 1], self.xs[c], self.xs[c + 1]):
                    parent[find((r + 1) * n_cols + c)] = find(r * n_cols + c)
        members: dict[int, list[Box]] = {}
        for index, box in enumerate(boxes):
            if not (self.xs[0] <= box.cx <= self.xs[-1] and self.ys[0] <= box.cy <= self.ys[-1]):
                continue
            r = _slot(self.ys, box.cy)
            c = _slot(self.xs, box.cx)
            members.setdefault(find(r * n_cols + c), []).append(box)
            used.add(index)
        texts: dict[int, str] = {}
        stacked: set[int] = set()
        for region, found in members.items():
            lines = lines_of([Chunk(b.x0, b.top, b.x1, b.bottom, b.text) for b in found])
            if self._stacked_numbers(lines):
                stacked.add(region)
                warnings.append(
                    f"numbers stacked in one table cell left unread ({' / '.join(ln.text for ln in lines)}): "
                    "a ruling line between two rows was not found"
                )
                continue
            texts[region] = _clean(
                join_fragments([ln.text.replace(" ", "") if _cjk(ln.text) else ln.text for ln in lines])
            )
        rows = [[texts.get(find(r * n_cols + c), "") for c in range(n_cols)] for r in range(n_rows)]
        self._roots = [[find(r * n_cols + c) for c in range(n_cols)] for r in range(n_rows)]
        self._reread_empty_cells(rows, pixels, find, n_cols, warnings, skip=stacked)
        return rows

    def _stacked_numbers(self, lines: list[Line]) -> bool:
        """Two or more numbers one above the other, each in a row band of its own: cells whose ruling line was
        not found, never one merged cell (a merged cell holds one number, centred); joined they read as a
        wrong number ("58" over "4项" → 584)."""
        if len(lines) < 2 or not all(parse_cell(_clean(ln.text.replace(" ", ""))) for ln in lines):
            return False
        bands = [_slot(self.ys, (ln.top + ln.bottom) / 2) for ln in lines]
        return len(set(bands)) == len(bands)

    def _reread_empty_cells(
        self, rows: list[list[str]], pixels: Any, find: Any, n_cols: int, warnings: list[str], skip: set[int]
    ) -> None:
        """A lone digit in a wide cell is where detection slips: re-read inked cells that came back empty."""
        from PIL import Image as PILImageModule

        extent: dict[int, tuple[int, int, int, int]] = {}  # a merged cell's first and last row and column
        for r in range(len(rows)):
            for c in range(n_cols):
                r0, r1, c0, c1 = extent.get(find(r * n_cols + c), (r, r, c, c))
                extent[find(r * n_cols + c)] = (min(r0, r), max(r1, r), min(c0, c), max(c1, c))
        done: set[int] = set()
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                region = find(r * n_cols + c)
                if text or region in done or region in skip:
                    continue
                done.add(region)
                # the whole merged cell: a dash centred in a value spanning three columns stands in the middle one
                r0, r1, c0, c1 = extent[region]
                y0, y1 = self.ys[r0] + 4, self.ys[r1 + 1] - 3
                x0, x1 = self.xs[c0] + 4, self.xs[c1 + 1] - 3
                inked = int(self.dark[y0:y1, x0:x1].sum())
                if y1 - y0 < 8 or x1 - x0 < 8 or inked < 6:
                    continue
                crop = pixels[y0:y1, x0:x1]
                if inked < 30 and not _one_dash(crop):
                    continue  # a speck of scanner noise; a printed hyphen has less ink than that, and is kept
                canvas = PILImageModule.new("L", (x1 - x0 + 80, y1 - y0 + 80), 255)
                canvas.paste(PILImageModule.fromarray(crop), (40, 40))
                import numpy as np

                canvas_pixels = np.asarray(canvas)
                result = engine()(canvas_pixels)
                found = None
                if result.txts:
                    texts = [str(t).strip() for t in result.txts]
                    if len(texts) == 1:  # a lone stroke is judged by its slant here too
                        p = np.asarray(result.boxes[0], dtype=float)
                        stroke = Box(
                            float(p[:, 0].min()),
                            float(p[:, 1].min()),
                            float(p[:, 0].max()),
                            float(p[:, 1].max()),
                            texts[0],
                            1.0,
                        )
                        texts = [_slash_or_one(canvas_pixels, stroke, warnings)]
                    found = _clean("".join(texts))
                    score = min(float(s) for s in result.scores)
                    if score < LOW_CONFIDENCE:
                        warnings.append(f"low OCR confidence for {found!r} ({score:.2f}), re-read at row {r + 1}")
                elif _one_dash(crop):  # a zero marker too, confirmed or left out by the totals like any other
                    found = "—"
                elif _one_slash(crop):
                    # the detector finds no text in a lone slash in a wide cell; its ink is one leaning stroke,
                    # a zero marker that the table's totals then confirm or leave out
                    found = "/"
                else:
                    warnings.append(f"ink but no text in table cell at row {r + 1}, column {c + 1}")
                if found is not None:
                    for rr, other in enumerate(rows):
                        for cc in range(n_cols):
                            if find(rr * n_cols + cc) == region:
                                other[cc] = found


def _cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _slot(edges: list[int], value: float) -> int:
    for i in range(len(edges) - 1):
        if value < edges[i + 1]:
            return i
    return len(edges) - 2


def _grid_tables(pixels: Any, boxes: list[Box]) -> list[Grid]:
    """Ruled tables in the picture: long ink runs once the text boxes are blanked out."""

    if not boxes:
        return []
    ink = pixels < 170
    dark = ink.copy()
    for b in boxes:  # blank the text so strokes of characters are not taken for lines
        dark[int(b.top) + 1 : int(b.bottom) - 1, int(b.x0) + 1 : int(b.x1) - 1] = False
    heights = sorted(b.bottom - b.top for b in boxes)
    unit = max(heights[len(heights) // 2], 8.0)
    min_run = int(2.5 * unit)
    # a text box reaching over a ruling line ("58" whose box ends below the line to "4项" under it) blanked that
    # piece of the line, and the two cells were taken for one ("58 4项" → 584): runs of ink longer than any
    # character are lines, put back
    dark |= _runs_mask(ink, min_run)
    dark |= _runs_mask(ink.T, min_run).T
    h_rows = _long_runs(dark, min_run)  # row index -> (start, end) of its longest run
    v_cols = _long_runs(dark.T, min_run)
    ys = _merge_positions(sorted(h_rows))
    xs = _merge_positions(sorted(v_cols))
    if len(ys) < 2 or len(xs) < 2:
        return []
    # Split into separate tables where consecutive row lines have no vertical line between them.
    tables: list[Grid] = []
    group = [ys[0]]
    for y0, y1 in itertools.pairwise(ys):
        mid = dark[y0 + 3 : max(y1 - 2, y0 + 4)]
        spanning = [x for x in xs if mid.size and mid[:, max(x - 5, 0) : x + 6].any(axis=1).mean() > 0.8]
        if len(spanning) >= 2:
            group.append(y1)
        else:
            if len(group) >= 2:
                tables.append(_grid(dark, group, xs, min_run))
            group = [y1]
    if len(group) >= 2:
        tables.append(_grid(dark, group, xs, min_run))
    return [t for t in tables if len(t.xs) >= 2 and len(t.ys) >= 2]


def _grid(dark: Any, ys: list[int], xs: list[int], min_run: int) -> Grid:
    """The column lines that cross this table's rows somewhere, found in this table's band of the page.

    The page-wide positions (`xs`) merge lines of different tables that stand a few pixels apart into one
    position between them, which can miss both: a table's own lines are looked for in its own rows (a picture
    of a whole report lost table 2's line between 本年废止件数 and 现行有效件数, and 1 | 28 read as 128).
    """
    top, bottom = ys[0], ys[-1]
    band = dark[top:bottom]
    # a column line may cross one row only (a cell merged over two columns in the rows above and below it):
    # in the table's own band, most of its lowest row's height is long enough (text is blanked out already)
    lowest = min(b - a for a, b in itertools.pairwise(ys))
    own = _merge_positions(sorted(_long_runs(band.T, max(min(min_run, int(0.6 * lowest)), 8))))
    # each of these crosses a row of this table: no share of the table's height is asked (table 2 stacks
    # sub-tables whose columns differ, each a fifth of its height)
    kept = own
    if len(kept) < 2:  # fall back on the page-wide lines
        kept = [x for x in xs if band[:, max(x - 3, 0) : x + 4].any(axis=1).mean() > 0.25]
    return Grid(xs=kept, ys=ys, dark=dark)


def _long_runs(mask: Any, min_run: int) -> list[int]:
    """Indices of mask rows that hold a run of ink at least `min_run` long."""
    import numpy as np

    return [int(index) for index in np.nonzero(_runs_mask(mask, min_run).any(axis=1))[0]]


def _runs_mask(mask: Any, min_run: int) -> Any:
    """The pixels of `mask` that lie in a run along its rows at least `min_run` long."""
    import numpy as np

    out = np.zeros_like(mask)
    for index in np.nonzero(mask.sum(axis=1) >= min_run)[0]:
        padded = np.concatenate(([False], mask[index], [False]))
        changes = np.flatnonzero(padded[1:] != padded[:-1])
        for start, end in zip(changes[::2], changes[1::2], strict=True):
            if end - start >= min_run:
                out[index, start:end] = True
    return out


def _merge_positions(indices: list[int], gap: int = 4) -> list[int]:
    """Adjacent ink rows (a line's thickness) as one position, its middle."""
    groups: list[list[int]] = []
    for index in indices:
        if groups and index - groups[-1][-1] <= gap:
            groups[-1].append(index)
        else:
            groups.append([index])
    return [(g[0] + g[-1]) // 2 for g in groups]


__all__ = ["engine", "read", "read_images", "read_page"]
