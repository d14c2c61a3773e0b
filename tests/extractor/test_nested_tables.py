"""Tables inside tables (issue #17): a frame table around a template table is read as its content, a data
table with a small table in one cell stays a table. The fuzzer's `nested_tables` perturbation covers the
template tables in every rendering (tests/extractor/test_fuzz.py); these pin the rule itself."""

from __future__ import annotations

from nianbao.extractor.bundle import Bundle
from nianbao.extractor.formats.html import read
from nianbao.extractor.layout import Paragraph, Table


def _layout(body: str):  # type: ignore[no-untyped-def]
    page = f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>"
    return read(Bundle(page.encode("utf-8"), "text/html; charset=utf-8", None))


def test_a_frame_around_a_longer_table_is_read_as_its_caption_and_the_table() -> None:
    inner = "".join(f"<tr><td>行{i}</td><td>{i}</td></tr>" for i in range(4))
    layout = _layout(f"<table border=1><tr><td>表三 复议诉讼</td></tr><tr><td><table>{inner}</table></td></tr></table>")
    tables = [b for b in layout.blocks if isinstance(b, Table)]
    assert [t.rows for t in tables] == [[[f"行{i}", str(i)] for i in range(4)]]
    assert any(isinstance(b, Paragraph) and "表三" in b.text for b in layout.blocks)


def test_a_data_table_with_a_small_table_in_a_cell_stays_one_table() -> None:
    rows = "".join(f"<tr><td>行{i}</td><td>{i}</td></tr>" for i in range(5))
    small = "<table><tr><td>注</td></tr></table>"
    layout = _layout(f"<table border=1>{rows}<tr><td>备注</td><td>{small}</td></tr></table>")
    tables = [b for b in layout.blocks if isinstance(b, Table)]
    assert len(tables) == 1 and len(tables[0].rows) == 6
