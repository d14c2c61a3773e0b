"""PDF attachments: text-layer PDFs as paragraphs and tables; pages without text are rendered and OCR'd.

pypdfium2 reads every page's text runs (fast); pdfplumber, slower but exact on ruled tables, is asked only
about pages that draw lines. A table broken over a page (header not repeated) is joined with its
continuation, including a row or a merged label cell split by the break. The parse runs in a capped child
(extractor.limits): truncated, looping or hostile PDFs end as ExtractionError, never as a hung crawl.
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from nianbao.extractor.formats.pdf_text import (
    DIGIT_CHARS,
    WRAPPED_END,
    Chunk,
    Line,
    LineParagraph,
    PositionedRows,
    blocks_of,
    foot_header_start,
    is_page_furniture,
    join_fragments,
    lines_of,
)
from nianbao.extractor.layout import Block, Layout, Paragraph, Table
from nianbao.extractor.limits import DEFAULT_CAPS, Caps, ExtractionError, run_capped
from nianbao.extractor.tables.grid import grid_table, is_number

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

    from nianbao.extractor.bundle import Bundle

SCAN_DPI = 200
MAX_PAGES = 500
ENUMERATED = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.．、])")


@dataclass
class PageTable:
    """A table on one page, with what the cross-page join needs to know."""

    rows: list[list[str]]
    top: float
    bottom: float
    col_edges: list[float] = field(default_factory=list)
    columns: list[tuple[float, float]] = field(default_factory=list)  # x-extents, for unruled tables
    headed: bool = False  # it starts with a header carried over from the previous page: a table of its own
    starts: list[list[int]] | None = None  # ruled tables: per row and position, the column its cell begins at


@dataclass
class Page:
    """One page read: blocks in order, and whether it needs OCR (no text layer, an image instead)."""

    blocks: list[Paragraph | PageTable] = field(default_factory=list)
    height: float = 0.0
    scan: PILImage | None = None
    warning: str | None = None


def read(bundle: Bundle, caps: Caps = DEFAULT_CAPS) -> Layout:
    """Read a PDF into a Layout (the `pdf` format)."""
    if b"%PDF" not in bundle.body[:1024]:
        raise ExtractionError("pdf: no %PDF header")
    pages, meta = run_capped(_parse, bundle.body, caps, caps=caps, what="pdf")
    layout = Layout(format="pdf", title=meta.get("Title") or None, published=_pdf_date(meta.get("CreationDate")))
    layout.metadata.update({k: v for k, v in meta.items() if v})
    layout.warnings.extend(f"pdf {page.warning}" for page in pages if page.warning)
    scanned = [i for i, page in enumerate(pages) if page.scan is not None]
    if scanned:
        from nianbao.extractor.formats import ocr

        for i in scanned:
            image = pages[i].scan
            assert image is not None
            ocr_blocks, warnings = ocr.read_page(image)
            pages[i].blocks = ocr_blocks  # type: ignore[assignment]
            layout.warnings.extend(f"pdf page {i + 1}: {w}" for w in warnings)
        layout.metadata["ocr_pages"] = ",".join(str(i + 1) for i in scanned)
    layout.blocks = _join_pages(pages)
    if not layout.blocks:
        layout.warnings.append("pdf: no text found on any page")
    return layout


def _pdf_date(raw: str | None) -> str | None:
    """'D:20250110093000+08'00'' -> '2025-01-10' (the date part; the raw value stays in metadata)."""
    if not raw:
        return None
    match = re.match(r"D?:?(\d{4})(\d{2})?(\d{2})?", raw.strip())
    if not match:
        return None
    year, month, day = match.group(1), match.group(2) or "01", match.group(3) or "01"
    return f"{year}-{month}-{day}"


def _parse(body: bytes, caps: Caps) -> tuple[list[Page], dict[str, str]]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_raw

    try:
        document = pdfium.PdfDocument(body)
    except pdfium.PdfiumError as exc:
        raise ExtractionError(f"not a readable PDF ({exc})") from None
    meta = {k: str(v) for k, v in document.get_metadata_dict(skip_empty=True).items()}
    if len(document) > MAX_PAGES:
        raise ExtractionError(f"{len(document)} pages (cap {MAX_PAGES})")
    plumber: Any = None
    pages: list[Page] = []
    carried: list[Line] = []  # a table header left at the foot of the previous page
    for index in range(len(document)):
        page = document[index]
        width, height = page.get_size()
        chunks = _chunks(page.get_textpage(), height)
        paths = list(page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_PATH], max_depth=3))
        n_paths = len(paths)
        if not chunks:
            if carried:  # no text here to carry the header to: it stays where it was printed
                pages[-1].blocks.extend(LineParagraph(ln.text, x0=ln.x0, x1=ln.x1) for ln in carried)
                carried = []
            has_image = any(True for _ in page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_IMAGE], max_depth=3))
            scale = SCAN_DPI / 72
            if has_image and width * height * scale * scale <= caps.image_pixels:
                pages.append(Page(height=height, scan=page.render(scale=scale, grayscale=True).to_pil()))
            elif has_image:
                pages.append(
                    Page(
                        height=height,
                        warning=f"page {index + 1}: {width:.0f}x{height:.0f} pt is "
                        "too large to render for OCR (over the pixel cap); skipped",
                    )
                )
            else:
                pages.append(Page(height=height))
            continue
        ruled: list[PageTable] = []
        if n_paths >= 4:
            ruled = _pdfium_ruled_tables(paths, chunks, height)
        if n_paths >= 4 and not ruled:
            if plumber is None:
                import pdfplumber

                plumber = pdfplumber.open(io.BytesIO(body))
            ruled = _ruled_tables(plumber.pages[index])
        page_read, carried = _page(chunks, ruled, height, carried, last=index == len(document) - 1)
        pages.append(page_read)
    return pages, meta


def _chunks(textpage: Any, height: float) -> list[Chunk]:
    """Runs of characters on one baseline with no wide gap, from pdfium's character boxes.

    Character by character rather than pdfium's text rects: a rect's text is "every character touching
    it", which repeats glyphs that overhang (curly quotes) into both neighbours.
    """
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count) if count else ""
    if len(text) != count:  # characters outside the BMP break the 1:1 index mapping: take the rects
        return _rect_chunks(textpage, height)
    chunks: list[Chunk] = []
    run: list[str] = []
    x0 = top = x1 = bottom = 0.0

    def flush() -> None:
        if run:
            chunks.append(Chunk(x0, top, x1, bottom, "".join(run)))
            run.clear()

    for index, char in enumerate(text):
        if char.isspace() or char == "\ufffe":
            flush()
            continue
        left, low, right, high = textpage.get_charbox(index, loose=True)
        c_top, c_bottom = height - high, height - low
        h = max(c_bottom - c_top, 1.0)
        centre = (c_top + c_bottom) / 2
        if run and top - 1 <= centre <= bottom + 1 and x1 - 0.5 * h <= left <= x1 + 0.9 * h:
            run.append(char)
            x1 = max(x1, right)
            top, bottom = min(top, c_top), max(bottom, c_bottom)
            continue
        flush()
        run.append(char)
        x0, top, x1, bottom = left, c_top, right, c_bottom
    flush()
    return chunks


def _rect_chunks(textpage: Any, height: float) -> list[Chunk]:
    chunks = []
    for k in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(k)
        text = textpage.get_text_bounded(left, bottom, right, top).strip()
        if text:
            chunks.append(Chunk(left, height - top, right, height - bottom, text))
    return chunks


def _pdfium_ruled_tables(paths: list[Any], chunks: list[Chunk], height: float) -> list[PageTable]:
    """Ruled tables from pdfium's path objects and text runs, with pdfplumber's pure grid functions.

    Letting pdfplumber parse a page costs ~0.1 s (pdfminer interprets the whole content stream in Python);
    pdfium has already parsed it. Lines drawn as thin paths or rectangle outlines become edges; pdfplumber's
    edge merging and cell finding (pure functions) turn them into cells. Pages drawn some other way fall
    back to pdfplumber (the caller does that when this finds nothing).
    """
    import pypdfium2.raw as pdfium_raw
    from pdfplumber import table as plumber_table

    edges: list[dict[str, Any]] = []

    def h_edge(x0: float, x1: float, y: float) -> None:
        edges.append(
            {
                "x0": x0,
                "x1": x1,
                "top": y,
                "bottom": y,
                "width": x1 - x0,
                "height": 0.0,
                "orientation": "h",
                "object_type": "line",
            }
        )

    def v_edge(x: float, top: float, bottom: float) -> None:
        edges.append(
            {
                "x0": x,
                "x1": x,
                "top": top,
                "bottom": bottom,
                "width": 0.0,
                "height": bottom - top,
                "orientation": "v",
                "object_type": "line",
            }
        )

    for path in paths:
        left, bottom, right, top = path.get_bounds()
        y_top, y_bottom = height - top, height - bottom
        width, tall = right - left, top - bottom
        if tall < 2 and width > 2:
            h_edge(left, right, (y_top + y_bottom) / 2)
        elif width < 2 and tall > 2:
            v_edge((left + right) / 2, y_top, y_bottom)
        elif width > 2 and tall > 2 and pdfium_raw.FPDFPath_CountSegments(path.raw) in (4, 5):
            h_edge(left, right, y_top)
            h_edge(left, right, y_bottom)
            v_edge(left, y_top, y_bottom)
            v_edge(right, y_top, y_bottom)
    if len(edges) < 4:
        return []
    merged = plumber_table.merge_edges(edges, 3, 3, 3, 3)
    merged = [e for e in merged if (e["width"] if e["orientation"] == "h" else e["height"]) >= 3]
    cells = plumber_table.intersections_to_cells(plumber_table.edges_to_intersections(merged, 3, 3))
    tables: list[PageTable] = []
    for group in plumber_table.cells_to_tables(cells):
        group = _without_frames(group)
        boxes: list[tuple[tuple[float, float, float, float], str]] = []
        for x0, top, x1, bottom in group:
            inside = [c for c in chunks if x0 <= (c.x0 + c.x1) / 2 <= x1 and top <= (c.top + c.bottom) / 2 <= bottom]
            boxes.append(((x0, top, x1, bottom), join_fragments([line.text for line in lines_of(inside)])))
        tables.append(_boxed_table(boxes, min(c[1] for c in group), max(c[3] for c in group)))
    tables.sort(key=lambda t: t.top)
    return tables


def _without_frames(cells: list[Any]) -> list[Any]:
    """The cells of a ruled grid less those that hold other cells: a page-layout table's cell around a table
    (a table inside a table) is a frame, not a cell; spread over the inner grid its text (the whole inner
    table) would stand beside every row as its label."""
    tolerance = 1.0

    def holds(outer: Any, inner: Any) -> bool:
        return (
            outer is not inner
            and outer[0] - tolerance <= inner[0]
            and outer[1] - tolerance <= inner[1]
            and inner[2] <= outer[2] + tolerance
            and inner[3] <= outer[3] + tolerance
        )

    frames = {id(cell) for cell in cells if any(holds(cell, other) for other in cells)}
    return [cell for cell in cells if id(cell) not in frames] if frames else cells


def _ruled_tables(page: Any) -> list[PageTable]:
    """Tables drawn with lines, spans expanded from the cells' boxes (pdfplumber leaves None in spans)."""
    tables: list[PageTable] = []
    for found in page.find_tables():
        texts = found.extract()
        boxes: list[tuple[tuple[float, float, float, float], str]] = []
        for row, row_texts in zip(found.rows, texts, strict=False):
            for bbox, text in zip(row.cells, row_texts, strict=False):
                if bbox is not None:
                    boxes.append((bbox, join_fragments((text or "").split("\n"))))
        if boxes:
            tables.append(_boxed_table(boxes, found.bbox[1], found.bbox[3]))
    return tables


def _boxed_table(boxes: list[tuple[tuple[float, float, float, float], str]], top: float, bottom: float) -> PageTable:
    """The grid of a ruled table's cell boxes, a merged cell's text in every position it covers, and where
    each cell begins (the boxes say which positions are one cell, as a DOCX's or an HTML page's grid does: two
    equal numbers side by side are not taken for one number over two columns, nor the other way round)."""
    xs = _edges([b[0] for b, _ in boxes] + [b[2] for b, _ in boxes])
    ys = _edges([b[1] for b, _ in boxes] + [b[3] for b, _ in boxes])
    grid = [["" for _ in xs[:-1]] for _ in ys[:-1]]
    starts = [list(range(len(xs) - 1)) for _ in ys[:-1]]
    for (x0, y0, x1, y1), text in boxes:
        first = _index(xs, x0)
        for r in range(_index(ys, y0), _index(ys, y1)):
            for c in range(first, _index(xs, x1)):
                grid[r][c] = text
                starts[r][c] = first
    kept = [r for r, row in enumerate(grid) if any(row)] or list(range(len(grid)))
    return PageTable(
        rows=[grid[r] for r in kept], top=top, bottom=bottom, col_edges=xs, starts=[starts[r] for r in kept]
    )


def _edges(values: list[float], tolerance: float = 2.0) -> list[float]:
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > tolerance:
            edges.append(value)
    return edges


def _index(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def _page(
    chunks: list[Chunk], ruled: list[PageTable], height: float, carried: list[Line], *, last: bool
) -> tuple[Page, list[Line]]:
    """Blocks of one page in reading order (text outside ruled tables, tables placed by their top), and the
    lines of a table header left at its foot, to carry over to the next page where the table's rows are."""

    def inside(chunk: Chunk) -> bool:
        cy = (chunk.top + chunk.bottom) / 2
        return any(t.top - 1 <= cy <= t.bottom + 1 for t in ruled)

    lines = [ln for ln in lines_of([c for c in chunks if not inside(c)]) if not is_page_furniture(ln, height)]
    carry = [] if last or not lines else lines[foot_header_start(lines) :]
    lines = lines[: len(lines) - len(carry)]
    page_top = min([ln.top for ln in lines] + [t.top for t in ruled], default=0.1 * height)
    if carried:
        lines = _placed_above(carried, page_top) + lines
    page = Page(height=height)
    positioned: list[tuple[float, Paragraph | PageTable]] = []
    if lines:
        text_x0 = min(ln.x0 for ln in lines)
        text_x1 = max(ln.x1 for ln in lines)
        for top, block in blocks_of(lines, text_x0, text_x1):
            if isinstance(block, PositionedRows):
                positioned.append(
                    (top, PageTable(rows=block.rows, top=top, bottom=top, columns=block.columns, headed=top < page_top))
                )
            else:
                positioned.append((top, block))
    positioned.extend((t.top, t) for t in ruled)
    positioned.sort(key=lambda item: item[0])
    page.blocks = [block for _, block in positioned]
    return page, carry


def _placed_above(lines: list[Line], page_top: float) -> list[Line]:
    """Lines moved (as they stood) to just above a page's first line, a row step (2.4 line heights) above it:
    near enough to join a table's rows, too far to be taken for a paragraph's wrapped line."""
    shift = page_top - 2.4 * lines[-1].height - lines[-1].top
    return [Line([Chunk(c.x0, c.top + shift, c.x1, c.bottom + shift, c.text) for c in line.chunks]) for line in lines]


def _join_pages(pages: list[Page]) -> list[Block]:
    """Concatenate pages, joining a table that runs over a page break with its headerless continuation."""
    blocks: list[Block] = []
    previous: PageTable | None = None  # the table that ended the previous page
    last_table: PageTable | None = None
    unruled: list[Table] = []
    for page in pages:
        if previous is not None and previous.columns:
            _carry_back_digit_lines(previous, page, blocks)
            _absorb_wrapped_fragments(previous, page, blocks)
        for position, block in enumerate(page.blocks):
            if isinstance(block, PageTable):
                aligned = _aligned_unruled(previous, block) if position == 0 and previous else None
                if block.headed:
                    aligned = None
                if aligned is not None and previous is not None:
                    last = blocks[-1]
                    assert isinstance(last, Table)
                    mended = _wrapped_digits(last.rows[-1], aligned[0])
                    if mended is not None:
                        last.rows[-1], aligned = mended, aligned[1:]
                    # No mending of cut labels: without ruling, an empty label cell is as likely a new row.
                    last.rows = last.rows + aligned
                    block = PageTable(rows=last.rows, top=block.top, bottom=block.bottom, columns=previous.columns)
                elif position == 0 and previous is not None and not block.headed and _continues(previous, block):
                    # a number the break cut, "１" at the foot and "３" alone at the head (seed 108031692), is one
                    # number again before the parts are joined (_join_rows never joins numbers)
                    block = _digits_carried_back(previous, block, blocks)
                    last = blocks[-1]
                    assert isinstance(last, Table)
                    joined = _join_rows(last.rows, block.rows) if block.rows else last.rows
                    # a row the break cut is one row again, its cells beginning where the first part's did
                    cut = len(last.rows) + len(block.rows) - len(joined)
                    both = last.starts is not None and block.starts is not None
                    last.starts = last.starts + block.starts[cut:] if both else None  # type: ignore[operator,index]
                    last.rows = joined
                else:
                    if position == 0 and previous is not None and not block.headed:
                        block = _digits_carried_back(previous, block, blocks)
                    if block.rows:
                        table = Table(block.rows, source="table", spans_repeated=not block.columns, starts=block.starts)
                        blocks.append(table)
                        if block.columns:
                            unruled.append(blocks[-1])  # type: ignore[arg-type]
            elif isinstance(block, Table):  # OCR'd page
                blocks.append(block)
            else:
                blocks.append(block)
            if isinstance(block, PageTable):
                last_table = block
        last_block = page.blocks[-1] if page.blocks else None
        previous = last_table if isinstance(last_block, PageTable) else None
    # Unruled tables, their page breaks mended, are made by the builder of every table printed as text.
    built = {id(table): grid_table(table.rows) for table in unruled}
    blocks = [built.get(id(b), b) for b in blocks]
    # A one-cell "table" left after joining is a framed paragraph, not a table.
    return [
        Paragraph(b.rows[0][0])
        if isinstance(b, Table) and len(b.rows) == 1 and len(b.rows[0]) == 1
        else Paragraph(b.text)
        if isinstance(b, LineParagraph)
        else b
        for b in blocks
    ]


def _carry_back_digit_lines(previous: PageTable, page: Page, blocks: list[Block]) -> None:
    """Lines of digits alone opening a page, each under a number column of the unruled table that ended the
    previous page: the rest of numbers its last row wrapped over the break ("36" at the foot, "9" at the head
    is 369). Put back where _wrapped_digits agrees (a number it continues, fewer than the row's numbers)."""
    table = blocks[-1] if blocks else None
    if not isinstance(table, Table) or not table.rows:
        return
    lead = 0
    last = table.rows[-1]
    while lead < len(page.blocks):
        line = page.blocks[lead]
        if not isinstance(line, LineParagraph) or not WRAPPED_END.match(line.text):
            break
        under = [k for k, (b0, b1) in enumerate(previous.columns) if min(line.x1, b1) - max(line.x0, b0) > 0]
        if len(under) != 1 or under[0] >= len(last):
            break
        laid = [""] * len(last)
        laid[under[0]] = line.text
        mended = _wrapped_digits(last, laid)
        if mended is None:
            break
        last = mended
        lead += 1
    if lead:
        table.rows[-1] = last
        page.blocks = page.blocks[lead:]


def _absorb_wrapped_fragments(previous: PageTable, page: Page, blocks: list[Block]) -> None:
    """Short lines opening a page, above an unruled table's continuation: the rest of a wrapped label.

    They go to the label column they stand in, in the table's last row (the row the page break cut).
    """
    lead = 0
    while (
        lead < len(page.blocks) and isinstance(page.blocks[lead], LineParagraph) and len(page.blocks[lead].text) <= 12
    ):  # type: ignore[union-attr]
        lead += 1
    if not lead or lead >= len(page.blocks) or not isinstance(page.blocks[lead], PageTable):
        return
    if page.blocks[lead].headed:  # type: ignore[union-attr]
        return
    if _aligned_unruled(previous, page.blocks[lead]) is None:  # type: ignore[arg-type]
        return
    table = blocks[-1]
    if not isinstance(table, Table):
        return
    last_row = table.rows[-1]
    for fragment in page.blocks[:lead]:
        assert isinstance(fragment, LineParagraph)
        overlaps = [min(fragment.x1, b1) - max(fragment.x0, b0) for b0, b1 in previous.columns]
        col = max(range(len(overlaps)), key=overlaps.__getitem__)
        if overlaps[col] <= 0:
            return
        old = last_row[col]
        joined = join_fragments([old, fragment.text])
        for r in range(len(table.rows) - 1, -1, -1):  # the cell may be a merged label over several rows
            if table.rows[r][col] != old:
                break
            table.rows[r][col] = joined
    page.blocks = page.blocks[lead:]


def _aligned_unruled(before: PageTable, after: PageTable) -> list[list[str]] | None:
    """The rows of an unruled table's continuation laid on the columns of its first part, or None.

    Each part's columns come from its own text, so a page whose label column happens to be empty has fewer;
    columns are matched by horizontal overlap. Anything that does not line up is not a continuation.
    """
    if not before.columns or not after.columns or not before.rows or not after.rows:
        return None
    mapping: list[int] = []
    for x0, x1 in after.columns:
        overlaps = [min(x1, b1) - max(x0, b0) for b0, b1 in before.columns]
        best = max(range(len(overlaps)), key=overlaps.__getitem__)
        # A column must lie within one column of the first part; one spread over several is ambiguous.
        if overlaps[best] < 0.6 * (x1 - x0) or best in mapping:
            return None
        mapping.append(best)
    width = len(before.rows[0])
    rows = []
    for row in after.rows:
        out = [""] * width
        for j, text in enumerate(row):
            out[mapping[j]] = text
        rows.append(out)
    return rows


def _digits_carried_back(before: PageTable, after: PageTable, blocks: list[Block]) -> PageTable:
    """`after` without its first row when that row is only the digits a row cut by the page break wrapped onto
    this page, put back into the last row of `before` (the last of `blocks`).

    An unruled continuation whose columns do not line up with the first part's as a whole (its label column
    split where the first part's was one) is a table of its own, but its first row may still be the rest of
    the numbers of the row the break cut ("２" at the foot of one page, "７", "８" at the head of the next).
    Only the ends of numbers (digits, a unit, or both), each standing within exactly one column of the first
    part, under a number they continue (see _wrapped_digits), and beside them at most the rest of the cut label
    (seed 578530864: "3.补正后申 | １" at the foot, "请内容仍不明确 | ８" at the head: 18 had been read as 8 for
    the wrong row); anything else leaves both parts as they were.
    """
    table = blocks[-1] if blocks else None
    before_columns, after_columns = _extents(before), _extents(after)
    if not before_columns or not after_columns or not after.rows or not isinstance(table, Table) or not table.rows:
        return after
    first = after.rows[0]
    ends = [bool(WRAPPED_END.match(text)) for text in first]
    if not any(ends) or any(text and is_number(text) and not end for text, end in zip(first, ends, strict=True)):
        return after
    laid = [""] * len(table.rows[-1])
    for (x0, x1), text in zip(after_columns, first, strict=False):
        if not text:
            continue
        under = [k for k, (b0, b1) in enumerate(before_columns) if min(x1, b1) - max(x0, b0) > 0]
        if not WRAPPED_END.match(text) and len(under) > 1:
            # the rest of the cut label beside the digits ("请内容仍不明确" beside "８"): the label column it
            # overlaps most (_wrapped_digits takes it only under a label, never an enumerated new one)
            under = [max(under, key=lambda k: min(x1, before_columns[k][1]) - max(x0, before_columns[k][0]))]
        # one label column there where this page split it in two: the label's rest, repeated in both
        repeated = len(under) == 1 and under[0] < len(laid) and laid[under[0]] and not WRAPPED_END.match(text)
        if repeated and (text in laid[under[0]] or laid[under[0]] in text):
            laid[under[0]] = max(text, laid[under[0]], key=len)
            continue
        if len(under) != 1 or under[0] >= len(laid) or laid[under[0]]:
            return after
        laid[under[0]] = text
    mended = _wrapped_digits(table.rows[-1], laid)
    if mended is None:
        return after
    table.rows[-1] = mended
    starts = after.starts[1:] if after.starts is not None else None
    return dataclasses.replace(after, rows=after.rows[1:], starts=starts)


def _extents(table: PageTable) -> list[tuple[float, float]]:
    """The x-extents of a table's columns: an unruled table's own, or a ruled one's between its lines, pulled in
    from them so that a cell never overlaps its neighbour by a line's width. A ruled table whose continuation
    has other columns (a group label's column only on the first page) is matched by them as an unruled one is
    (seed 758310356: "２１" at the foot, "１" alone at the head of the next page, 211 read as 21)."""
    if table.columns:
        return table.columns
    return [(x0 + 2, x1 - 2) for x0, x1 in itertools.pairwise(table.col_edges)]


def _wrapped_digits(last: list[str], first: list[str]) -> list[str] | None:
    """The last row before a page break with what its cells wrapped onto the next page put back.

    As within a page (pdf_text._join_wrapped_numbers): the first row holds the ends of numbers (digits, a unit,
    or both: "３１" at the foot and "５个" at the head is 315, seed 181132977), each under a number of the last
    row, fewer of them than that row has numbers, and at most the rest of its labels (text under text, not a new
    enumerated label). None when it is a row of its own.
    """
    digits = [j for j, text in enumerate(first) if WRAPPED_END.match(text)]
    if not digits or len(digits) >= sum(1 for text in last if is_number(text)):
        return None
    # a label column left of the numbers may be empty in the cut row: a group label printed once, further up,
    # whose rest ("办理结果" of 三、本年度办理结果) comes after the break
    numbers_from = min(j for j, text in enumerate(last) if is_number(text))
    for j, text in enumerate(first):
        if j in digits:
            if not is_number(last[j]) or last[j][-1] not in DIGIT_CHARS:
                return None
        elif text and (
            (not last[j] and j >= numbers_from) or is_number(last[j]) or is_number(text) or ENUMERATED.match(text)
        ):
            return None
    return [text + first[j] if j in digits else join_fragments([text, first[j]]) for j, text in enumerate(last)]


def _continues(before: PageTable, after: PageTable) -> bool:
    """Whether `after`, first on its page, is the rest of `before`, last on the previous page."""
    if not before.rows or not after.rows or len(before.rows[0]) != len(after.rows[0]):
        return False
    if before.col_edges and after.col_edges:
        if len(before.col_edges) != len(after.col_edges):
            return False
        if any(abs(a - b) > 4 for a, b in zip(before.col_edges, after.col_edges, strict=True)):
            return False
    # A repeated header means a new table (or a repeated header row, dropped by the interpreter anyway).
    return after.rows[0] != before.rows[0]


def _join_rows(head: list[list[str]], tail: list[list[str]]) -> list[list[str]]:
    """Join two parts of one table, mending what the page break cut.

    A merged label cell cut by the break shows as one text at the bottom of the first part and its rest (or
    nothing) at the top of the second; a row cut by the break shows its numbers on one side only. Text that
    starts a new enumerated label ("（五）", "2.") is a new cell, never a continuation; numbers never join.
    """
    head = [row[:] for row in head]
    tail = [row[:] for row in tail]
    last, first = head[-1], tail[0]
    numbers_apart = not any(is_number(x) and is_number(y) for x, y in zip(last, first, strict=True))
    pairs = list(zip(last, first, strict=True))
    if any(is_number(x) or is_number(y) for x, y in pairs):
        # A row cut in two has its numbers on one side, facing empty cells on the other.
        row_split = numbers_apart and not any((is_number(x) and y) or (is_number(y) and x) for x, y in pairs)
    else:  # a header row cut by the break: text fragments on both sides, none starting a new label
        row_split = any(x and y and x != y for x, y in pairs) and not any(
            x and y and x != y and ENUMERATED.match(y) for x, y in pairs
        )
    for col in range(len(last)):
        a, b = last[col], first[col]
        if not a or is_number(a) or (b and (is_number(b) or ENUMERATED.match(b))):
            continue
        run_a = _run(head[::-1], col, a)
        run_b = _run(tail, col, b)
        if not (b == "" or b == a or row_split or run_a > 1 or run_b > 1):
            continue
        joined = join_fragments([a, b]) if b and b != a else a
        for r in range(run_a):
            head[-1 - r][col] = joined
        for r in range(run_b):
            tail[r][col] = joined
    last, first = head[-1], tail[0]
    if row_split and all(not x or not y or x == y for x, y in zip(last, first, strict=True)):
        head[-1] = [x or y for x, y in zip(last, first, strict=True)]
        tail = tail[1:]
    return head + tail


def _run(rows: list[list[str]], col: int, text: str) -> int:
    """How many rows from the start of `rows` hold `text` in column `col` (one merged cell, expanded)."""
    count = 0
    while count < len(rows) and rows[count][col] == text:
        count += 1
    return count
