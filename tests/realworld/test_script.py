"""Traditional-character mirrors of reports: converted to simplified, and only they."""

from __future__ import annotations

from pathlib import Path

from extractor.layout import Layout, Paragraph, Table
from extractor.script import is_traditional, simplified

FIXTURES = Path(__file__).parent / "fixtures"


def test_a_traditional_mirror_is_read_as_simplified() -> None:
    text = (FIXTURES / "heldout" / "h15_fuyuan_zrzyj_2022_traditional.txt").read_text(encoding="utf-8")
    layout = Layout("text", [Paragraph(line) for line in text.splitlines()] + [Table([["規章", "0"]])])
    out = simplified(layout)
    assert out.blocks[-1].rows == [["规章", "0"]]  # type: ignore[union-attr]
    assert "本年新收政府信息公开申请数量" in out.text()
    assert "traditional characters read as simplified" in out.warnings


def test_simplified_reports_are_left_alone() -> None:
    for path in sorted(FIXTURES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert not is_traditional(text), path.name
        layout = Layout("text", [Paragraph(text)])
        assert simplified(layout) is layout
