"""Report pages: the body found among the site chrome, read into paragraphs, table grids and images.

lxml directly rather than BeautifulSoup: a Word-pasted report page is 100–300 kB of nested spans, and the
interpreter only needs text in reading order, so one C parse plus a single walk keeps a page in milliseconds.
Known platforms name their content container (Hanweb `#zoom` between ContentStart/ContentEnd, TRS
`.TRS_Editor` / `.Custom_UnionStyle`); anything else is found by scoring blocks on report vocabulary and
text that is not links.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from extractor.formats.charset import decode_html
from extractor.layout import Block, Image, Layout, Paragraph, Table
from extractor.textnorm import clean

if TYPE_CHECKING:
    from extractor.bundle import Bundle

_BLOCK_TAGS = frozenset(
    (
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "section",
        "article",
        "blockquote",
        "center",
        "pre",
        "form",
        "header",
        "footer",
        "address",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "figure",
        "figcaption",
        "main",
        "nav",
        "aside",
        "hr",
    )
)
_DROP_TAGS = ("script", "style", "noscript", "iframe", "object", "embed", "select", "button", "textarea")
_KNOWN_BODIES = (
    "//*[@id='zoom']",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' TRS_Editor ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' Custom_UnionStyle ')]",
    "//*[@id='UCAP-CONTENT']",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' view TRS_UEDITOR ')]",
)
_REPORT_WORDS = re.compile(
    r"总体情况|主动公开|依申请公开|行政复议|行政诉讼|存在的主要问题|其他需要报告|本年新收|予以公开|政府信息公开"
)
_PUBDATE_TEXT = re.compile(
    r"(?:发布日期|发布时间|发文日期|更新时间|日期)\s*[:：]\s*(\d{4}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}日?"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)"
)
_PUBDATE_META = ("pubdate", "publishdate", "PubDate", "firstpublishedtime", "others", "article:published_time")
_TITLE_META = ("ArticleTitle", "title", "og:title")
MAX_SPAN = 200  # a rowspan/colspan beyond this is markup damage, not a table


def read(bundle: Bundle) -> Layout:
    text, charset, warnings = decode_html(bundle.body, bundle.content_type)
    root = _parse(text)
    if root is None:
        return Layout(format="html", warnings=[*warnings, "empty HTML document"])
    for bad in root.iter(*_DROP_TAGS):
        bad.drop_tree()
    for comment in root.iter(etree.Comment):
        comment.drop_tree()
    metadata = _metadata(root)
    body, how = find_body(root)
    blocks = _Walker(bundle.url).walk(body)
    published = metadata.get("pubdate") or _pubdate_from_text(root, body)
    layout = Layout(
        format="html",
        blocks=blocks,
        title=metadata.get("title"),
        published=published,
        metadata={**metadata, "charset": charset, "body": how},
        warnings=warnings,
    )
    return layout


def _parse(text: str) -> etree._Element | None:
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None


def _metadata(root: etree._Element) -> dict[str, str]:
    out: dict[str, str] = {}
    metas: dict[str, str] = {}
    for meta in root.iter("meta"):
        name = meta.get("name") or meta.get("property") or meta.get("http-equiv") or ""
        content = meta.get("content")
        if name and content:
            metas.setdefault(name.lower(), content.strip())
    for name in _TITLE_META:
        if metas.get(name.lower()):
            out["title"] = clean(metas[name.lower()])
            break
    else:
        title = root.find(".//title")
        if title is not None and title.text_content().strip():
            out["title"] = clean(re.split(r"\s*[_|｜]\s*|\s+-\s+", title.text_content().strip())[0])
    for name in _PUBDATE_META:
        value = metas.get(name.lower())
        if value and re.search(r"\d{4}", value):
            out["pubdate"] = value
            break
    for name in ("contentsource", "sitename", "columnname", "description", "keywords"):
        if metas.get(name):
            out[name] = metas[name]
    return out


def _pubdate_from_text(root: etree._Element, body: etree._Element) -> str | None:
    """发布日期 printed in the page header (outside the body first: inside it is the report's own text)."""
    for scope in (_outside_text(root, body), body.text_content()):
        match = _PUBDATE_TEXT.search(scope)
        if match:
            return match.group(1)
    return None


def _outside_text(root: etree._Element, body: etree._Element) -> str:
    if body is root:
        return ""
    parts: list[str] = []
    for el in root.iter():
        if el is body:
            break
        if el.text:
            parts.append(el.text)
        if el.tail:
            parts.append(el.tail)
    return " ".join(parts)[-3000:]


def find_body(root: etree._Element) -> tuple[etree._Element, str]:
    """The element holding the report, and how it was found (for the record in metadata)."""
    for xpath in _KNOWN_BODIES:
        found = [el for el in root.xpath(xpath) if len(el.text_content().strip()) > 50]
        if found:
            best = max(found, key=lambda el: len(el.text_content()))
            return best, xpath
    return _score_body(root), "scored"


def _score_body(root: etree._Element) -> etree._Element:
    """The smallest block holding nearly as much report text (not links) as the best-scoring one."""
    body = root.find("body")
    if body is None:
        body = root
    scored = [(_score(el), el) for el in (body, *body.iter("div", "td", "article", "section", "main"))]
    top = max(score for score, _ in scored)
    if top <= 0:
        return body
    near = [el for score, el in scored if score >= 0.85 * top]
    return min(near, key=lambda el: len(el.text_content()))


def _score(el: etree._Element) -> float:
    text = el.text_content()
    if len(text) < 50:
        return 0.0
    link_text = sum(len(a.text_content()) for a in el.iter("a"))
    link_density = link_text / max(len(text), 1)
    words = len(_REPORT_WORDS.findall(text))
    return (len(text) * (1 - link_density) + 200 * words) * (1 - link_density)


class _Walker:
    """Walks a body in document order, cutting text into paragraphs at block boundaries and `<br>`."""

    def __init__(self, base_url: str | None) -> None:
        self.base_url = base_url
        self.blocks: list[Block] = []
        self.buffer: list[str] = []

    def walk(self, el: etree._Element) -> list[Block]:
        self._visit(el)
        self._flush()
        return self.blocks

    def _flush(self) -> None:
        if self.buffer:
            text = clean("".join(self.buffer))
            self.buffer.clear()
            if text:
                self.blocks.append(Paragraph(text))

    def _visit(self, el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower().rpartition("}")[2] if tag else ""
        if tag == "table" and not _is_layout_table(el):
            self._flush()
            rows = table_grid(el)
            if any(any(cell for cell in row) for row in rows):
                self.blocks.append(Table(rows))
            return
        if tag == "img":
            self._flush()
            src = el.get("src") or el.get("data-src") or ""
            url = urljoin(self.base_url, src) if self.base_url and src else (src or None)
            self.blocks.append(Image(url=url, alt=el.get("alt") or el.get("title") or ""))
            return
        if tag == "br":
            self._flush()
            return
        is_block = tag in _BLOCK_TAGS
        if is_block:
            self._flush()
        if el.text:
            self.buffer.append(el.text)
        for child in el:
            self._visit(child)
            if child.tail:
                self.buffer.append(child.tail)
        if is_block:
            self._flush()


def _is_layout_table(table: etree._Element) -> bool:
    """A table used for page layout around the report (it nests tables and holds long text), not data."""
    nested = table.find(".//table")
    if nested is None:
        return False
    for cell in table.iterchildren():
        for row in cell.iter("tr"):
            for td in row:
                if len(td.text_content()) > 300:
                    return True
            break
    return len(table.text_content()) > 2000 and len(table.findall(".//tr")) < 8


def _cell_text(td: etree._Element) -> str:
    """A cell's text: paragraphs and line breaks become spaces (the interpreter drops them between Chinese)."""
    parts: list[str] = []

    def visit(el: etree._Element) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in ("br", "p", "div", "li", "tr", "table"):
            parts.append(" ")
        if el.text:
            parts.append(el.text)
        for child in el:
            visit(child)
            if child.tail:
                parts.append(child.tail)

    visit(td)
    return clean("".join(parts))


def _span(value: str | None) -> int:
    if not value:
        return 1
    match = re.match(r"\s*(\d+)", value)
    if not match:
        return 1
    return max(1, min(int(match.group(1)), MAX_SPAN))


def table_grid(table: etree._Element) -> list[list[str]]:
    """The table's rows with row and column spans expanded: a merged cell's text in every position it covers."""
    rows = [tr for tr in table.iter("tr") if _owning_table(tr) is table]
    grid: list[list[str | None]] = []
    for i, tr in enumerate(rows):
        while len(grid) <= i:
            grid.append([])
        row = grid[i]
        j = 0
        for td in tr:
            if not isinstance(td.tag, str) or td.tag.lower() not in ("td", "th"):
                continue
            while j < len(row) and row[j] is not None:
                j += 1
            text = _cell_text(td)
            rowspan = min(_span(td.get("rowspan")), len(rows) - i)
            colspan = _span(td.get("colspan"))
            for di in range(rowspan):
                while len(grid) <= i + di:
                    grid.append([])
                target = grid[i + di]
                while len(target) < j + colspan:
                    target.append(None)
                for dj in range(colspan):
                    if target[j + dj] is None:
                        target[j + dj] = text
            j += colspan
    width = max((len(r) for r in grid), default=0)
    return [[cell if cell is not None else "" for cell in row] + [""] * (width - len(row)) for row in grid]


def _owning_table(tr: etree._Element) -> etree._Element | None:
    parent = tr.getparent()
    while parent is not None and not (isinstance(parent.tag, str) and parent.tag.lower() == "table"):
        parent = parent.getparent()
    return parent


def body_image_urls(body: bytes, content_type: str | None = None, url: str | None = None) -> list[str]:
    """Absolute URLs of the images inside a page's report body (not the site chrome), in order, once each.

    For fetchers (the crawler, `nianbao extract URL`): these are the resources a Bundle should carry so that
    tables pasted as pictures can be read.
    """
    text, _, _ = decode_html(body, content_type)
    root = _parse(text)
    if root is None:
        return []
    found, _ = find_body(root)
    urls: list[str] = []
    for img in found.iter("img"):
        src = (img.get("src") or img.get("data-src") or "").strip()
        if not src or src.startswith("data:"):
            continue
        absolute = urljoin(url, src) if url else src
        if absolute not in urls:
            urls.append(absolute)
    return urls
