"""Hostile and broken files end quickly with ExtractionError (or warnings), never a hang or a crash."""

from __future__ import annotations

import contextlib
import io
import time
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.extractor.bundle import Bundle
from nianbao.extractor.formats import docx, ocr, pdf, xls
from nianbao.extractor.limits import Caps, ExtractionError, check_zip, run_capped


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


OOXML = [
    pytest.param(xls.read_xlsx, "xl/workbook.xml", id="xlsx"),
    pytest.param(docx.read, "word/document.xml", id="docx"),
]


@pytest.mark.parametrize(("read", "part"), OOXML)
def test_zip_bomb_posing_as_ooxml_is_refused_from_the_directory(read, part):
    bomb = _zip({"[Content_Types].xml": b"<Types/>", part: b"\0" * (400 * 1024**2)})
    assert len(bomb) < 1024**2
    start = time.monotonic()
    with pytest.raises(ExtractionError, match=r"bytes uncompressed|zip bomb"):
        read(Bundle(body=bomb))
    assert time.monotonic() - start < 5


@pytest.mark.parametrize(("read", "part"), OOXML)
@pytest.mark.parametrize(
    "doctype",
    [
        pytest.param(b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
                     b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>', id="billion-laughs"),
        pytest.param(b'<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', id="external-entity"),
    ],
)
def test_xml_entity_tricks_posing_as_ooxml_are_refused(read, part, doctype):
    hostile = b'<?xml version="1.0"?>' + doctype + b"<root>&lol2;&xxe;</root>"
    with pytest.raises(ExtractionError, match="DTD"):
        read(Bundle(body=_zip({"[Content_Types].xml": b"<Types/>", part: hostile})))


def test_check_zip_accepts_a_real_workbook(workbook):
    assert "xl/workbook.xml" in check_zip(workbook).namelist()


def test_decompression_bomb_png_is_refused_before_decoding():
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, format="PNG")  # 400 Mpx, a few hundred KB
    with pytest.raises(ExtractionError, match=r"over the cap|decompression bomb"):
        ocr.read(Bundle(body=out.getvalue()))


def _sleep_forever() -> None:
    time.sleep(3600)


def _eat_memory() -> int:
    return len(bytearray(3 * 1024**3))


def test_time_cap_kills_a_looping_parse():
    start = time.monotonic()
    with pytest.raises(ExtractionError, match="time cap"):
        run_capped(_sleep_forever, caps=Caps(seconds=1.0))
    assert time.monotonic() - start < 5


def test_memory_cap_stops_a_runaway_parse():
    with pytest.raises(ExtractionError, match="memory"):
        run_capped(_eat_memory, caps=Caps(memory_bytes=512 * 1024**2))


def test_truncated_pdf(report_pdf):
    for cut in (len(report_pdf) // 2, 2000, 20):
        try:
            layout = pdf.read(Bundle(body=report_pdf[:cut]))
        except ExtractionError:
            continue
        assert layout.format == "pdf"  # pdfium repairs what it can; whatever it returns is a Layout


def test_pdf_whose_page_tree_loops():
    looping = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
               b"2 0 obj<</Type/Pages/Kids[2 0 R]/Count 1>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF")
    start = time.monotonic()
    with pytest.raises(ExtractionError):
        pdf.read(Bundle(body=looping))
    assert time.monotonic() - start < 30


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=4096))
def test_arbitrary_bytes_never_escape_as_anything_but_extraction_error(data):
    for reader, prefix in ((pdf.read, b"%PDF-1.5\n"), (xls.read_xlsx, b""), (xls.read_xls, b""), (ocr.read, b"")):
        with contextlib.suppress(ExtractionError):
            reader(Bundle(body=prefix + data))


@settings(max_examples=25, deadline=None)
@given(st.binary(min_size=1, max_size=2048), st.integers(min_value=0, max_value=1))
def test_mutated_zip_containers(data, where):
    base = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    cut = len(base) // 2 if where else 30
    with contextlib.suppress(ExtractionError):
        xls.read_xlsx(Bundle(body=base[:cut] + data + base[cut:]))
