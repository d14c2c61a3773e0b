"""OCR at the Layout level: table pictures (clean and scanned) rebuilt into the grid, spans expanded."""

from __future__ import annotations

import random
import unicodedata

import pytest

from nianbao.corpus import render_image
from nianbao.extractor.bundle import Bundle, Resource
from nianbao.extractor.formats import ocr
from nianbao.extractor.layout import Image, Layout, Paragraph, Table
from tests.extractor_formats import fixtures

pytestmark = pytest.mark.slow  # a few seconds a picture on 2 cores


def _numbers_right(got: list[list[str]], want: list[list[str]]) -> tuple[int, int]:
    pairs = [(g, w) for grow, wrow in zip(got, want, strict=False) for g, w in zip(grow, wrow, strict=False)
             if w.isdigit()]
    return sum(1 for g, w in pairs if unicodedata.normalize("NFKC", g) == w), sum(1 for row in want for w in row
                                                                                 if w.isdigit())


@pytest.mark.parametrize("noisy", [False, True])
def test_table_picture_becomes_the_grid(t3_spec, noisy):
    image = render_image.draw_table(t3_spec)
    if noisy:
        image = render_image.scan(image, random.Random(11), degrees=1.5)
    blocks, warnings = ocr.read_page(image)
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 1 and tables[0].source == "ocr"
    want = fixtures.expand(t3_spec)
    assert len(tables[0].rows) == len(want) and len(tables[0].rows[0]) == len(want[0])
    right, total = _numbers_right(tables[0].rows, want)
    assert total > 150
    assert right / total >= 0.97, (right, total, warnings)


def test_read_images_replaces_fetched_pictures_in_place(small_spec):
    url = "http://www.example.gov.cn/images/t2.png"
    layout = Layout(format="html", blocks=[Paragraph("二、主动公开政府信息情况"), Image(url=url),
                                           Image(url="http://www.example.gov.cn/missing.png")])
    bundle = Bundle(body=b"", resources=(Resource(url, render_image.png(render_image.draw_table(small_spec))),))
    out = ocr.read_images(layout, bundle)
    assert isinstance(out.blocks[0], Paragraph)
    assert isinstance(out.blocks[1], Table) and out.blocks[1].rows == fixtures.expand(small_spec)
    assert isinstance(out.blocks[2], Image)  # not fetched: stays, nothing invented


def test_picture_with_no_text():
    from PIL import Image as PILImage

    layout = ocr.read(Bundle(body=render_image.png(PILImage.new("L", (400, 300), 255))))
    assert layout.blocks == [] and layout.warnings


def test_lookalike_letters_in_number_cells_only():
    assert ocr._clean("1O5") == "105"
    assert ocr._clean("l2") == "12"
    assert ocr._clean("其他") == "其他"
    assert ocr._clean("Ol") == "01"


def test_multi_page_tiff_scan(small_spec):
    import io

    page = render_image.draw_table(small_spec).convert("RGB")
    out = io.BytesIO()
    page.save(out, format="TIFF", save_all=True, append_images=[page.rotate(0.8, expand=True, fillcolor="white")])
    layout = ocr.read(Bundle(body=out.getvalue()))
    tables = [b.rows for b in layout.blocks if isinstance(b, Table)]
    assert tables == [fixtures.expand(small_spec)] * 2


def _glyph(text: str, size: int = 28):
    """A cell's glyph drawn in the renderer's font, as a grayscale array, and its box."""
    import numpy as np
    from PIL import Image as PILImage
    from PIL import ImageDraw

    canvas = PILImage.new("L", (80, 60), 255)
    ImageDraw.Draw(canvas).text((20, 10), text, font=render_image.font(size), fill=0)
    pixels = np.asarray(canvas)
    ys, xs = np.nonzero(pixels < 128)
    return pixels, ocr.Box(float(xs.min() - 3), float(ys.min() - 3), float(xs.max() + 3), float(ys.max() + 3), "1", 0.9)


@pytest.mark.parametrize("dash", ["—", "－", "-"])
def test_a_flat_stroke_read_as_1_is_a_dash(dash):
    # a printed zero marker came back from OCR as "1" (seed 860369916: 17 wrong values)
    pixels, box = _glyph(dash)
    warnings: list[str] = []
    assert ocr._slash_or_one(pixels, box, warnings) == "—" and not warnings


def test_an_upright_1_stays_1():
    pixels, box = _glyph("1")
    assert ocr._slash_or_one(pixels, box, []) == "1"


def test_a_dash_the_detector_missed_is_seen_in_the_cell_ink():
    pixels, _ = _glyph("—")
    assert ocr._one_dash(pixels)
    for text in ("1", "/", "三", "7"):
        assert not ocr._one_dash(_glyph(text)[0]), text


def test_every_zero_marker_in_a_table_picture_is_read_as_a_marker():
    # fresh seeds 951838338 ('-' has less ink than a speck of noise: 32 cells missed) and 951838310 ('－' in a
    # value cell merged over three columns, looked for in the first column only): each marker comes back as
    # printed or as "—", never as a number and never as nothing
    spec = [
        [fixtures.SpecCell("信息内容"), fixtures.SpecCell("本年制发件数"), fixtures.SpecCell("本年废止件数"),
         fixtures.SpecCell("现行有效件数")],
        [fixtures.SpecCell("规章"), fixtures.SpecCell("-"), fixtures.SpecCell("－"), fixtures.SpecCell("12")],
        [fixtures.SpecCell("行政规范性文件"), fixtures.SpecCell("—"), fixtures.SpecCell("——"), fixtures.SpecCell("7")],
        [fixtures.SpecCell("行政处罚"), fixtures.SpecCell("－", colspan=3)],
        [fixtures.SpecCell("行政强制"), fixtures.SpecCell("-", colspan=3)],
    ]
    blocks, warnings = ocr.read_page(render_image.draw_table(spec))
    rows = next(b for b in blocks if isinstance(b, Table)).rows
    markers = {"—", "-", "－", "——", "/"}
    assert [rows[1][3], rows[2][3]] == ["12", "7"]
    assert all(cell in markers for cell in [*rows[1][1:3], *rows[2][1:3], rows[3][2], rows[4][2]]), (rows, warnings)


def _ruled_page(hlines: list[tuple[int, int, int]], vlines: list[tuple[int, int, int]]):
    """A white page with ruling lines 2 px thick: (y, x0, x1) across, (x, y0, y1) down."""
    import numpy as np

    pixels = np.full((200, 400), 255, dtype=np.uint8)
    for y, x0, x1 in hlines:
        pixels[y : y + 2, x0:x1] = 0
    for x, y0, y1 in vlines:
        pixels[y0:y1, x : x + 2] = 0
    return pixels


def test_a_text_box_reaching_over_a_ruling_line_does_not_erase_it():
    # fresh seed 10113703: the box of "58" ended below the line to "4项" under it, blanking that piece of the line,
    # and the two cells were read as one, "58 4项" → 584 in both rows
    xs, ys = (10, 110, 210), (10, 70, 130)
    pixels = _ruled_page([(y, 10, 212) for y in ys], [(x, 10, 132) for x in xs])
    boxes = [ocr.Box(15, 28, 105, 73, "58", 0.99), ocr.Box(15, 80, 105, 125, "4项", 0.99)]
    boxes += [ocr.Box(115, 28, 160, 73, "新收", 0.99), ocr.Box(115, 80, 160, 125, "结转", 0.99)]
    grid = ocr._grid_tables(pixels, boxes)[0]
    assert grid.fill(boxes, set(), pixels, []) == [["58", "新收"], ["4项", "结转"]]


def test_numbers_stacked_in_one_cell_are_left_unread_with_a_warning():
    # fresh seed 10113685: 行政处罚 107 over 行政强制 0 in cells whose line was not found, read "1070" in both rows
    xs = (10, 110, 210, 310)
    pixels = _ruled_page([(10, 10, 312), (70, 10, 212), (130, 10, 312)], [(x, 10, 132) for x in xs])
    boxes = [ocr.Box(15, 28, 80, 60, "行政处罚", 0.99), ocr.Box(15, 80, 80, 120, "行政强制", 0.99)]
    boxes += [ocr.Box(120, 28, 180, 60, "5", 0.99), ocr.Box(120, 80, 180, 120, "6", 0.99)]
    boxes += [ocr.Box(230, 28, 290, 60, "107", 0.99), ocr.Box(230, 80, 290, 120, "0", 0.99)]
    warnings: list[str] = []
    grid = ocr._grid_tables(pixels, boxes)[0]
    assert grid.fill(boxes, set(), pixels, warnings) == [["行政处罚", "5", ""], ["行政强制", "6", ""]]
    assert any("107 / 0" in w for w in warnings), warnings


def test_one_text_found_by_two_strips_is_one_box():
    # fresh seed 181132988: a "1" on the boundary of two strips, its centre a pixel apart in each, was kept twice
    import numpy as np

    first = np.array([[1293, 3221], [1316, 3221], [1316, 3258], [1293, 3258]], dtype=float)
    again = np.array([[1293, 3221], [1317, 3221], [1317, 3259], [1293, 3259]], dtype=float)
    beside = first + np.array([30.0, 0.0])  # the next digit of a number: a box of its own
    assert ocr._same_box(first, again)
    assert not ocr._same_box(first, beside)
