"""Mirrors of reports: traditional characters converted to simplified (and only they), pinyin readings skipped."""

from __future__ import annotations

from pathlib import Path

from nianbao.extractor.glosses import unglossed, without_glosses
from nianbao.extractor.layout import Layout, Paragraph, Table
from nianbao.extractor.script import is_traditional, simplified

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


def test_pinyin_readings_and_lost_characters_of_a_mirror_are_skipped() -> None:
    assert without_glosses("年度報(bào)告 發(fā)布時(shí)間") == "年度報告 發布時間"
    assert without_glosses("主動發布信息共?1340條?,") == "主動發布信息共1340條?,"  # only "?" beside a digit
    for kept in ("附件(a)", "年报(PDF)", "第(一)项", "如有疑问?请联系"):  # no tone mark, no digit beside
        assert without_glosses(kept) == kept
    text = (FIXTURES / "heldout" / "h34_jingxian_jtj_2025_pinyin.txt").read_text(encoding="utf-8")
    out = unglossed(Layout("text", [Paragraph(line) for line in text.splitlines()]))
    assert "年度報告" in out.text() and "(bào)" not in out.text()
    assert "pinyin readings after characters skipped" in out.warnings
    plain = Layout("text", [Paragraph("2023年,主动公开政府信息63条。")])
    assert unglossed(plain) is plain
