"""Synthetic reports as HTML: a clean body, a Word-pasted body, and whole portal-like pages around them.

`body_fragment` is what a portal's editor holds (title, sections, tables) and is what the replicas embed in
their page templates; `page` wraps it in site chrome of a known platform so the extractor's body finding is
tested too. Word-pasted markup splits numbers over several spans and carries `MsoNormal` and `<o:p>` as
pasted reports do.
"""

from __future__ import annotations

import html
import random
from typing import Literal

from nianbao.corpus import perturb, printed, prose
from nianbao.corpus.truth import ReportTruth

Style = Literal["clean", "word"]
Chrome = Literal["hanweb", "trs", "plain"]


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _word_runs(text: str, rng: random.Random) -> str:
    """Split text into several Word spans, numbers included, as Word's run boundaries do."""
    if not text:
        return "<span lang=EN-US>&nbsp;<o:p></o:p></span>"
    pieces: list[str] = []
    i = 0
    while i < len(text):
        step = rng.randint(1, 4)
        pieces.append(text[i : i + step])
        i += step
    spans = []
    for piece in pieces:
        lang = " lang=EN-US" if piece[:1].isascii() else ""
        font = "Times New Roman" if lang else "仿宋_GB2312"
        spans.append(f"<span{lang} style='font-size:12.0pt;font-family:\"{font}\"'>{_esc(piece)}</span>")
    return "".join(spans)


def _paragraph(text: str, style: Style, rng: random.Random) -> str:
    if style == "word":
        return (
            "<p class=MsoNormal style='text-indent:32.0pt;line-height:28.0pt'>"
            f"{_word_runs(text, rng)}<span lang=EN-US><o:p></o:p></span></p>"
        )
    return f"<p>{_esc(text)}</p>"


def _heading(text: str, style: Style, rng: random.Random) -> str:
    if style == "word":
        return f"<p class=MsoNormal style='text-indent:32.0pt'><b>{_word_runs(text, rng)}</b><o:p></o:p></p>"
    return f"<p><strong>{_esc(text)}</strong></p>"


def _table(rows: list[printed.PRow], style: Style, rng: random.Random) -> str:
    out: list[str] = []
    if style == "word":
        out.append(
            "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 "
            "style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt'>"
        )
    else:
        out.append('<table border="1" cellspacing="0" cellpadding="0">')
    for row in rows:
        out.append("<tr>" if style == "clean" else "<tr style='height:20.0pt'>")
        for cell in row:
            attrs = ""
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"' if style == "clean" else f" rowspan={cell.rowspan}"
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"' if style == "clean" else f" colspan={cell.colspan}"
            if style == "word":
                inner = f"<p class=MsoNormal align=center style='text-align:center'>{_word_runs(cell.text, rng)}</p>"
                out.append(f"<td width=60 valign=middle style='border:solid windowtext 1.0pt'{attrs}>{inner}</td>")
            else:
                out.append(f"<td{attrs}>{_esc(cell.text)}</td>")
        out.append("</tr>")
    out.append("</table>")
    return "\n".join(out)


def body_fragment(truth: ReportTruth, style: Style = "clean") -> str:
    """The report body as an editor holds it: title, intro, the six sections with their tables, signature."""
    rng = random.Random(truth.seed * 13 + 1)
    tables = printed.table_groups(truth)
    parts: list[str] = []
    for line in prose.title_lines(truth):
        if style == "word":
            parts.append(
                "<p class=MsoNormal align=center style='text-align:center'><b>"
                f"{_word_runs(line, rng)}</b><o:p></o:p></p>"
            )
        else:
            parts.append(f'<p style="text-align:center"><strong>{_esc(line)}</strong></p>')
    parts += [_paragraph(text, style, rng) for text in prose.intro(truth)]
    for section in prose.sections(truth):
        parts.append(_heading(section.heading, style, rng))
        parts += [_paragraph(text, style, rng) for text in section.paragraphs]
        for rows in tables.get(section.key, ()):
            table = _table(rows, style, rng)
            if perturb.nested(truth):  # tables inside tables: the template table in a frame table's cell
                table = (f'<table border="1" width="100%"><tr><td>{_esc(perturb.frame_caption(section.key))}</td>'
                         f"</tr><tr><td>{table}</td></tr></table>")  # fmt: skip
            parts.append(table)
    parts += [
        f'<p style="text-align:right">{_esc(line)}</p>' if style == "clean" else _paragraph(line, style, rng)
        for line in prose.signature(truth)
    ]
    return "\n".join(parts)


_NAV = "".join(
    f'<li><a href="/col/col{100 + i}/index.html">{name}</a></li>'
    for i, name in enumerate(
        ["首页", "走进本地", "政务公开", "政务服务", "互动交流", "专题专栏", "政府信息公开年报", "新闻动态"]
    )
)
_FOOTER = (
    '<div class="footer"><p>主办单位：合成测试站点 &nbsp; 网站标识码：0000000000 &nbsp; 备案号：测试ICP备00000000号</p>'
    '<p><a href="/col/col1/index.html">网站地图</a> | <a href="/col/col2/index.html">联系我们</a> | '
    '<a href="/col/col3/index.html">隐私声明</a></p><p>本站为 nianbao 合成测试数据，非真实政府网站内容。</p></div>'
)
_SIDEBAR = (
    '<div class="sidebar"><h3>相关链接</h3><ul>'
    + "".join(
        f'<li><a href="/art/2024/1/{i}/art_{i}.html">关于做好{i}月份政务公开工作的通知</a></li>' for i in range(1, 9)
    )
    + "</ul></div>"
)


def page(
    truth: ReportTruth,
    style: Style = "clean",
    chrome: Chrome = "hanweb",
    encoding: str = "utf-8",
    declared_charset: str | None = None,
) -> bytes:
    """A whole report page in a portal's chrome, encoded as asked (gb18030 pages declare gb2312, or nothing)."""
    body = body_fragment(truth, style)
    charset = encoding if declared_charset is None else declared_charset
    meta_charset = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    pub = f"{truth.published:%Y-%m-%d} 09:{truth.seed % 60:02d}"
    if chrome == "hanweb":
        head = (
            f'<meta name="ArticleTitle" content="{html.escape(truth.title)}">'
            f'<meta name="pubdate" content="{pub}"><meta name="contentSource" content="{truth.agency.name}">'
        )
        main = (
            f'<div class="article"><div class="title">{_esc(truth.title)}</div>'
            f'<div class="font">发布日期：{pub} &nbsp; 来源：{_esc(truth.agency.name)} &nbsp; 浏览次数：'
            f'{truth.seed % 977}</div><div id="zoom"><meta name="ContentStart">{body}<meta name="ContentEnd">'
            '</div><div class="print"><a href="javascript:window.print()">打印本页</a> '
            '<a href="javascript:window.close()">关闭窗口</a></div></div>'
        )
    elif chrome == "trs":
        head = ""
        main = (
            '<div class="location">您现在的位置:<a href="/">首页</a> &gt; <a href="/zw/">政府信息公开</a> &gt; '
            '<a href="/zw/gknb/">信息公开年报</a></div>'
            f'<div class="detail"><h1>{_esc(truth.title)}</h1><div class="info">作者: 更新时间:{pub}</div>'
            f'<div class="TRS_Editor">{body}</div></div>'
        )
    else:
        head = ""
        main = f'<div class="wrap"><div class="box"><span class="date">发布时间：{pub}</span>{body}</div></div>'
    doc = (
        "<!DOCTYPE html><html><head>"
        f"{meta_charset}<title>{_esc(truth.title)}_{_esc(truth.agency.county)}人民政府</title>{head}"
        '<link rel="stylesheet" href="/css/main.css"></head><body>'
        f'<div class="header"><div class="logo">{_esc(truth.agency.county)}人民政府</div>'
        f'<ul class="nav">{_NAV}</ul></div>'
        f'<div class="main">{main}{_SIDEBAR}</div>{_FOOTER}</body></html>'
    )
    return doc.encode(encoding)


def word_page_gb18030(truth: ReportTruth) -> bytes:
    """A Word-pasted page of an older GBK site: encoded gb18030, declared gb2312 or not declared at all."""
    declared = "gb2312" if truth.seed % 2 == 0 else ""
    return page(truth, style="word", chrome="trs", encoding="gb18030", declared_charset=declared)
