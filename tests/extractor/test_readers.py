"""The format readers on real bytes: sniffing, charsets, the body among site chrome, spans, text layouts."""

from __future__ import annotations

import io
import zipfile

import pytest

from nianbao.corpus import printed, render_docx, render_html
from nianbao.corpus.truth import generate
from nianbao.extractor.bundle import Bundle
from nianbao.extractor.formats import docx as docx_reader
from nianbao.extractor.formats import html as html_reader
from nianbao.extractor.formats import text as text_reader
from nianbao.extractor.formats.sniff import sniff
from nianbao.extractor.layout import Image, Paragraph, Table


def _zip(names: list[str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("body", "content_type", "url", "expected"),
    [
        (b"%PDF-1.7\n...", None, None, "pdf"),
        (b"%PDF-1.4", "text/html", "http://x/a.html", "pdf"),  # bytes beat a wrong label
        (_zip(["word/document.xml"]), "application/octet-stream", "http://x/a.doc", "docx"),
        (_zip(["xl/workbook.xml"]), None, None, "xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, None, "http://x/downfile.jsp?filename=ab12.wps", "wps"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le"), None, None, "xls"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"), None, None, "doc"),
        (b"\x89PNG\r\n\x1a\n....", None, None, "image"),
        (b"\xff\xd8\xff\xe0....", None, None, "image"),
        (b"<!DOCTYPE html><html><body>x</body></html>", None, None, "html"),
        (b"  <div><p>\xe6\x8a\xa5\xe5\x91\x8a</p></div>", None, None, "html"),
        ("一、总体情况\n规章\t0\t0\t0\n".encode(), None, None, "text"),
        ("一、总体情况\n".encode("gb18030"), None, None, "text"),
    ],
)
def test_sniff(body: bytes, content_type: str | None, url: str | None, expected: str) -> None:
    assert sniff(Bundle(body, content_type, url)) == expected


@pytest.mark.parametrize("body", [b"", b"   \n", bytes(range(256)) * 4])
def test_sniff_refuses_empty_and_binary(body: bytes) -> None:
    with pytest.raises(ValueError):
        sniff(Bundle(body))


PAGE = """<html><head>{meta}<title>某县某镇2024年政府信息公开工作年度报告_某县人民政府</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/xxgk/">政府信息公开</a><a href="/nb/">政府信息公开年报</a></div>
<div class="main"><div class="content"><p>某县某镇2024年政府信息公开工作年度报告</p>
<p>一、总体情况</p><p>本年度主动公开政府信息120条——全部按时发布。</p>
<p>二、主动公开政府信息情况</p><table border=1><tr><td rowspan=2>规章</td><td colspan=2>本年</td></tr>
<tr><td>1</td><td>2</td></tr></table>
<p>三、收到和处理政府信息公开申请情况</p><p>四、政府信息公开行政复议、行政诉讼情况</p><img src="pic/t4.png">
</div><div class="side"><a href="/a.html">关于政府信息公开工作的通知</a></div></div>
<div class="footer">主办单位：某县人民政府办公室</div></body></html>"""


def test_gb2312_is_read_as_gb18030_and_keeps_the_dash() -> None:
    page = PAGE.format(meta='<meta charset="gb2312">').encode("gb18030")
    layout = html_reader.read(Bundle(page, "text/html", "http://www.example.gov.cn/art/1.html"))
    assert any("——" in b.text for b in layout.blocks if isinstance(b, Paragraph))
    assert layout.metadata["charset"] == "gb18030"


def test_missing_charset_is_guessed() -> None:
    page = PAGE.format(meta="").encode("gbk")
    layout = html_reader.read(Bundle(page, "text/html", None))
    assert any("本年度主动公开政府信息120条" in b.text for b in layout.blocks if isinstance(b, Paragraph))
    assert any("charset" in w for w in layout.warnings)


def test_utf8_page_declared_gb2312_is_read_as_utf8() -> None:
    page = PAGE.format(meta='<meta charset="gb2312">').encode("utf-8")
    layout = html_reader.read(Bundle(page, "text/html", None))
    assert layout.metadata["charset"] == "utf-8"
    assert any("总体情况" in b.text for b in layout.blocks if isinstance(b, Paragraph))


def test_unknown_template_body_leaves_out_the_chrome() -> None:
    page = PAGE.format(meta='<meta charset="utf-8">').encode()
    layout = html_reader.read(Bundle(page, "text/html", "http://www.example.gov.cn/art/1.html"))
    texts = [b.text for b in layout.blocks if isinstance(b, Paragraph)]
    assert texts[0] == "某县某镇2024年政府信息公开工作年度报告"
    assert not any("首页" in t or "主办单位" in t or "通知" in t for t in texts)
    tables = [b for b in layout.blocks if isinstance(b, Table)]
    assert tables[0].rows == [["规章", "本年", "本年"], ["规章", "1", "2"]]
    images = [b for b in layout.blocks if isinstance(b, Image)]
    assert images[0].url == "http://www.example.gov.cn/art/pic/t4.png"
    assert html_reader.body_image_urls(page, "text/html", "http://www.example.gov.cn/art/1.html") == [
        "http://www.example.gov.cn/art/pic/t4.png"
    ]


@pytest.mark.parametrize("chrome", ["hanweb", "trs", "plain"])
@pytest.mark.parametrize("style", ["clean", "word"])
def test_report_pages_of_each_platform(chrome: str, style: str) -> None:
    truth = generate(11, org_subtotal=True)
    layout = html_reader.read(Bundle(render_html.page(truth, style, chrome), "text/html", truth.url))  # type: ignore[arg-type]
    texts = [b.text for b in layout.blocks if isinstance(b, Paragraph)]
    assert truth.title in texts[:3]
    assert not any("网站地图" in t or "相关链接" in t for t in texts)
    grids = [b.rows for b in layout.blocks if isinstance(b, Table)]
    expected = [_text_grid(rows) for rows in printed.tables(truth).values()]
    assert grids == expected
    if chrome == "hanweb":
        assert layout.metadata["body"] == "#zoom" and layout.published.startswith(f"{truth.published:%Y-%m-%d}")  # type: ignore[union-attr]


def _text_grid(rows: list[printed.PRow]) -> list[list[str]]:
    """The grid a reader must return: a merged cell's text in every position it covers."""
    grid = printed.expand(rows)
    out = [["" for _ in row] for row in grid]
    for i, row in enumerate(grid):
        for j, cell in enumerate(row):
            if cell is not None:
                for di in range(cell.rowspan):
                    for dj in range(cell.colspan):
                        out[i + di][j + dj] = cell.text
    return out


def test_word_runs_split_numbers_are_joined() -> None:
    page = (
        "<html><body><div id=zoom><p class=MsoNormal><span lang=EN-US>12</span><span lang=EN-US>34</span>"
        "<o:p></o:p></p><table class=MsoNormalTable><tr><td><p class=MsoNormal><span>1</span><span>0"
        "</span><span>24</span></p></td><td><p class=MsoNormal>&nbsp;</p></td></tr></table></div></body></html>"
    )
    layout = html_reader.read(Bundle(page.encode(), "text/html"))
    assert isinstance(layout.blocks[0], Paragraph) and layout.blocks[0].text == "1234"
    assert isinstance(layout.blocks[1], Table) and layout.blocks[1].rows == [["1024", ""]]


def test_docx_merged_cells_expanded() -> None:
    truth = generate(12, org_subtotal=True, other_single=True)
    layout = docx_reader.read(Bundle(render_docx.render(truth)))
    grids = [b.rows for b in layout.blocks if isinstance(b, Table)]
    assert grids == [_text_grid(rows) for rows in printed.tables(truth).values()]
    assert layout.title == truth.title


def test_text_one_cell_a_line_with_continued_cells() -> None:
    text = (
        "三、收到和处理政府信息公开申请情况\n\t（本列数据的勾稽关系为：第一项加第二项之和，\n"
        "等于第三项加第四项之和）\n\t申请人情况\n\n\t规章\n\t3\n\n\n五、存在的主要问题\n"
    )
    layout = text_reader.read(Bundle(text.encode()))
    tables = [b for b in layout.blocks if isinstance(b, Table)]
    assert tables[0].rows == [
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
        ["规章", "3"],
    ]
    assert isinstance(layout.blocks[-1], Paragraph) and layout.blocks[-1].text == "五、存在的主要问题"


def test_text_image_and_bookmark_markers() -> None:
    text = " 3、 [image: abc123]收到和处理政府信息公开申请情况\n[bookmark: _GoBack]四、复议\n"
    blocks = text_reader.read(Bundle(text.encode())).blocks
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Image", "Paragraph", "Paragraph"]
    assert isinstance(blocks[1], Image) and blocks[1].url == "abc123"
    assert isinstance(blocks[3], Paragraph) and blocks[3].text == "四、复议"


def test_hanweb_annual_report_module_page() -> None:
    """xxgkAnnualReport.jsp: unit title, 发布时间, a voice-reading link, then the report; no known container."""
    from nianbao.extractor import extract

    truth = generate(14)
    page = (
        '<html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body>'
        '<div class="top"><a href="/">首页</a> <a href="/col/col1/">政府信息公开</a></div>'
        f'<div class="nbbox"><h2>{truth.title}</h2><div class="time">发布时间:{truth.published:%Y-%m-%d} 12:00:07'
        '</div><div><a href="javascript:void(0)">点击收听年报语音朗读</a></div>'
        f'<div class="nbcon">{render_html.body_fragment(truth)}</div></div>'
        '<div class="bottom">版权所有：某县人民政府 网站标识码 0000000000</div></body></html>'
    )
    report = extract(Bundle(page.encode(), "text/html", "http://www.example.gov.cn/module/xxgk/xxgkAnnualReport.jsp"))
    assert report.published == truth.published.isoformat()
    assert report.title == truth.title
    assert {k: c.value for k, c in report.cells.items() if not k.startswith("prose.")} == {
        k: v for k, v in truth.expected_cells().items() if not k.startswith("prose.")
    }


def test_layout_table_around_the_report_is_walked_into() -> None:
    inner = "<table><tr><td>规章</td><td>3</td></tr></table>"
    prose = "一、总体情况" + "本年度政府信息公开工作稳步推进。" * 30
    page = f"<html><body><table><tr><td><p>{prose}</p>{inner}</td></tr></table></body></html>"
    blocks = html_reader.read(Bundle(page.encode(), "text/html")).blocks
    assert isinstance(blocks[0], Paragraph) and blocks[0].text.startswith("一、总体情况")
    assert isinstance(blocks[1], Table) and blocks[1].rows == [["规章", "3"]]


def _docx_with_table_picture(truth: object) -> bytes:
    from docx import Document
    from docx.shared import Cm

    from nianbao.corpus import render_image

    doc = Document()
    doc.add_paragraph(truth.title)  # type: ignore[attr-defined]
    doc.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    png = render_image.png(render_image.draw_table(printed.table4(truth)))  # type: ignore[arg-type]
    doc.add_picture(io.BytesIO(png), width=Cm(16))
    doc.add_paragraph("五、存在的主要问题及改进情况")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_docx_pictures_become_image_blocks_with_their_bytes() -> None:
    body = _docx_with_table_picture(generate(7))
    layout = docx_reader.read(Bundle(body))
    images = [b for b in layout.blocks if isinstance(b, Image)]
    assert len(images) == 1 and images[0].url is not None
    assert images[0].url.startswith(docx_reader.MEDIA_PREFIX + "word/media/")
    resources = docx_reader.media_resources(Bundle(body))
    assert [r.url for r in resources] == [images[0].url]
    assert resources[0].body.startswith(b"\x89PNG")


@pytest.mark.slow
def test_docx_table_pasted_as_picture_is_read_by_ocr() -> None:
    from nianbao.extractor import extract

    truth = generate(7)
    report = extract(Bundle(_docx_with_table_picture(truth)))
    expected = {k: v for k, v in truth.cells.items() if k.startswith("t4.")}
    assert {k: c.value for k, c in report.cells.items() if k.startswith("t4.")} == expected
    assert {c.source for k, c in report.cells.items() if k.startswith("t4.")} == {"ocr"}
