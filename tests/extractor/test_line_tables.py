"""Tables printed as lines read the same in every container: a .txt, a page's `<p>` per row (TRS), `<br>` lines,
Word's HTML tab spans, a DOCX without a table; cells apart by tabs, runs of spaces, full-width spaces, single
spaces or pipes. Issue #17: a TRS page with `<p>行政规范性文件\\t0\\t0\\t51</p>` gave 28–41 wrong values a report
while the same text as .txt read exactly.
"""

from __future__ import annotations

import pytest

from nianbao.corpus import render_lines
from nianbao.corpus.scoring import CellScore
from nianbao.corpus.truth import corpus_truths, generate
from nianbao.extractor import extract
from nianbao.extractor.bundle import Bundle

# seed 3 has blank cells and the 小计 column before 商业企业; 0 and 5 are plain 2021 reports, 6 a 2019 one
TRUTHS = [corpus_truths(7)[i] for i in (0, 3, 5, 6)] + [generate(41, template="2019")]


@pytest.mark.parametrize("separator", render_lines.SEPARATORS)
@pytest.mark.parametrize("container", render_lines.CONTAINERS)
def test_no_wrong_value_and_nothing_missed_without_blanks(container: str, separator: str) -> None:
    score = CellScore()
    for truth in TRUTHS:
        score.add(truth, extract(render_lines.render(truth, container, separator)))  # type: ignore[arg-type]
    misread = [w for w in score.wrong if "read as None" not in w]
    assert misread == []
    # only seed 3's rows with a blank cell may be missed where the separators leave the blank no sure place
    if separator == "tab":
        assert score.wrong == []
    assert all(w.startswith("seed 3 ") for w in score.wrong)


@pytest.mark.parametrize("container", ["html_p", "html_br", "word_tabs", "docx"])
def test_every_container_reads_what_the_text_reads(container: str) -> None:
    for truth in TRUTHS:
        text = extract(render_lines.render(truth, "text", "tab"))
        other = extract(render_lines.render(truth, container, "tab"))  # type: ignore[arg-type]
        assert {k: c.value for k, c in other.cells.items()} == {k: c.value for k, c in text.cells.items()}


TRS_PAGE = """<html><head><title>某局2023年政府信息公开工作年度报告</title></head><body>
<div class="TRS_Editor"><p>某局2023年政府信息公开工作年度报告</p>
<p>二、主动公开政府信息情况</p>
<p>第二十条第（一）项</p>
<p>信息内容\t本年制发件数\t本年废止件数\t现行有效件数</p>
<p>规章\t0\t0\t0</p>
<p>行政规范性文件\t0\t0\t51</p>
<p>三、收到和处理政府信息公开申请情况</p>
<p>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况</p>
<p>自然人\t法人或其他组织\t总计</p>
<p>商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他</p>
<p>一、本年新收政府信息公开申请数量\t9\t1\t1\t4\t1\t2\t18</p>
<p>二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0</p>
<p>联系电话：0536-3631123</p>
</div></body></html>"""


def test_the_trs_page_of_the_issue() -> None:
    report = extract(Bundle(TRS_PAGE.encode("utf-8"), "text/html; charset=utf-8"))
    assert [report.value(f"t2.normative_documents.{c}") for c in ("made", "repealed", "in_force")] == [0, 0, 51]
    new = [report.value(f"t3.new.{c}") for c in ("natural_person", "commercial", "research", "social_welfare",
                                                  "legal_service", "other_org", "total")]  # fmt: skip
    assert new == [9, 1, 1, 4, 1, 2, 18]
    assert report.contact.get("phone") == "0536-3631123"


def test_a_tab_in_prose_is_spacing_not_a_table() -> None:
    page = "<html><body><div id='zoom'><p>一、总体情况</p><p>本年度\t我局新收政府信息公开申请12件。</p></div></body>"
    report = extract(Bundle(page.encode("utf-8"), "text/html; charset=utf-8"))
    assert report.value("t3.new.total") == 12 and report.cells["t3.new.total"].source == "prose"


def test_a_form_blank_filled_in_prose_stays_prose() -> None:
    page = (
        "<html><body><div id='zoom'><p>一、总体情况</p>"
        "<p>本年度新收政府信息公开申请&nbsp;&nbsp;12&nbsp;&nbsp;件</p>"
        "<p>规章&nbsp;&nbsp;0&nbsp;&nbsp;1&nbsp;&nbsp;45</p><p>行政规范性文件&nbsp;&nbsp;3&nbsp;&nbsp;0&nbsp;&nbsp;20</p>"
        "</div></body></html>"
    )
    report = extract(Bundle(page.encode("utf-8"), "text/html; charset=utf-8"))
    assert report.cells["t3.new.total"].value == 12 and report.cells["t3.new.total"].source == "prose"


def test_a_pdf_pages_words_and_the_same_table_as_tab_lines_build_the_same_table() -> None:
    """One builder: the rows a PDF page's word positions give (pdf_text, the adapter) and the rows a text
    export's tabs give are made into the same Table, a label merged over rows repeated in each row it covers."""
    from nianbao.extractor.formats import pdf_text
    from nianbao.extractor.layout import Table
    from nianbao.extractor.tables.grid import grid_table
    from nianbao.extractor.tables.lines import line_blocks

    printed = [
        ["", "", "", "自然人", "总计"],
        ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "5", "6"],
        ["", "", "2.其他法律行政法规禁止公开", "1", "2"],
        ["", "（四）无法提供", "1.本机关不掌握", "3", "4"],
        ["四、结转下年度继续办理", "", "", "9", "9"],
    ]
    xs = [90.0, 200.0, 300.0, 480.0, 540.0]
    lines = [
        pdf_text.Line([pdf_text.Chunk(x, top, x + 9 * len(t), top + 10, t) for x, t in zip(xs, row, strict=True) if t])
        for top, row in zip(range(100, 300, 24), printed, strict=False)
    ]
    (_, positioned), *rest = pdf_text.blocks_of(lines, 90.0, 560.0)
    assert not rest and isinstance(positioned, pdf_text.PositionedRows)
    from_positions = grid_table(positioned.rows)
    from_text = next(b for b in line_blocks(["\t".join(row) for row in printed]) if isinstance(b, Table))
    assert from_positions.rows == from_text.rows
    assert [row[:2] for row in from_text.rows[2:4]] == [
        ["三、本年度办理结果", "（三）不予公开"],  # the merged labels, repeated in the rows they cover
        ["三、本年度办理结果", "（四）无法提供"],
    ]
