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

from lxml import etree

from nianbao.extractor.dates import PUBDATE_TEXT as _PUBDATE_TEXT
from nianbao.extractor.formats.charset import decode_html
from nianbao.extractor.layout import Block, Image, Layout, Paragraph, Table
from nianbao.extractor.tables.spacing import HTML_GAP, row_text
from nianbao.extractor.textnorm import clean

if TYPE_CHECKING:
    from nianbao.extractor.bundle import Bundle

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
_REPORT_WORDS = re.compile(
    r"总体情况|主动公开|依申请公开|行政复议|行政诉讼|存在的主要问题|其他需要报告|本年新收|予以公开|政府信息公开"
)
_PUBDATE_META = ("pubdate", "publishdate", "PubDate", "firstpublishedtime", "others", "article:published_time")
_TITLE_META = ("ArticleTitle", "title", "og:title")
MAX_SPAN = 200  # a rowspan/colspan beyond this is markup damage, not a table


def read(bundle: Bundle) -> Layout:
    text, charset, warnings = decode_html(bundle.body, bundle.content_type)
    root = _parse(text)
    if root is None:
        return Layout(format="html", warnings=[*warnings, "empty HTML document"])
    if _cut_too_deep():
        warnings = [*warnings, f"HTML nested deeper than {MAX_DEPTH} levels: the content below that is left out"]
    for bad in list(root.iter(*_DROP_TAGS)):
        _remove(bad)
    metadata = _metadata(root)
    body, how = find_body(root)
    _word_tabs(body)
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


def _word_tabs(body: etree._Element) -> None:
    """Word's HTML writes a tab as a span of spaces styled `mso-tab-count`: make it the tab it was, so that a
    table row pasted as a paragraph keeps its cells apart."""
    for span in body.iter("span"):
        if "mso-tab-count" in (span.get("style") or ""):
            for child in list(span):
                _remove(child)
            span.text = "\t"


def _parse(text: str) -> etree._Element | None:
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    if not text.strip():
        return None
    try:
        root = etree.fromstring(text, _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    return root


# plain etree elements: lxml.html's element-class lookup costs more than the whole walk on Word pages
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
#: libxml2's nesting limit without XML_PARSE_HUGE (left off: it lifts the memory limits too). Hostile HTML
#: nested 100,000 deep is cut there, in bounded time and memory, instead of exhausting the recursion below.
MAX_DEPTH = 256


def _cut_too_deep() -> bool:
    """Whether the last parse stopped descending at MAX_DEPTH (libxml2 logs it and goes on)."""
    return any(e.type_name == "ERR_RESOURCE_LIMIT" and "depth" in e.message for e in _PARSER.error_log)


def text_of(el: etree._Element) -> str:
    """The element's text and its descendants' (not its own tail): `"".join(el.itertext())`, serialised in one C
    call instead of a Python string per text node (a page's cells and paragraphs are read this way by the
    thousand)."""
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


def _remove(el: etree._Element) -> None:
    """Remove an element but keep its tail text in place."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


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
        if title is not None and text_of(title).strip():
            out["title"] = clean(re.split(r"\s*[_|｜]\s*|\s+-\s+", text_of(title).strip())[0])
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
    for scope in (_outside_text(root, body), text_of(body)):
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
    ranked: list[tuple[int, int, etree._Element]] = []
    for el in root.iter("div", "td", "section", "article"):
        rank = _body_rank(el)
        if rank < len(_KNOWN_BODIES):
            size = len(text_of(el).strip())
            if size > 50:
                ranked.append((rank, -size, el))
    if ranked:
        rank, _, el = min(ranked, key=lambda item: item[:2])
        return el, _KNOWN_BODIES[rank]
    return _anchored_body(root), "anchored"


_KNOWN_BODIES = ("#zoom", ".TRS_Editor", ".Custom_UnionStyle", "#UCAP-CONTENT", ".TRS_UEDITOR")


def _body_rank(el: etree._Element) -> int:
    ident = el.get("id")
    if ident == "zoom":
        return 0
    if ident == "UCAP-CONTENT":
        return 3
    classes = el.get("class")
    if classes:
        names = classes.split()
        if "TRS_Editor" in names:
            return 1
        if "Custom_UnionStyle" in names:
            return 2
        if "TRS_UEDITOR" in names:
            return 4
    return len(_KNOWN_BODIES)


def _anchored_body(root: etree._Element) -> etree._Element:
    """For unknown templates: the deepest container that holds nearly all the report's vocabulary.

    Anchors are paragraphs and cells with report words (总体情况, 行政复议 …) outside links; the site chrome
    has few of them, the report dozens, so the deepest container holding 80 % of the hits is the body.
    """
    body = root.find("body")
    if body is None:
        body = root
    counts: dict[etree._Element, int] = {}
    depth: dict[etree._Element, int] = {}
    total = 0
    for el in body.iter(*_ANCHORS):
        if len(el) == 0:  # most anchors are cells and paragraphs of one text: no links, nothing inside
            hits = len(_REPORT_WORDS.findall(el.text)) if el.text else 0
        elif el.tag in ("div", "td", "th", "li") and next(el.iterdescendants(*_BREAKING), None) is not None:
            continue  # a container of paragraphs: its paragraphs are the anchors
        else:
            hits = len(_REPORT_WORDS.findall(text_of(el)))
            if hits:  # words of links (menus, related articles) are chrome, not report
                hits -= sum(len(_REPORT_WORDS.findall(text_of(a))) for a in el.iterdescendants("a"))
        if hits <= 0:
            continue
        path = [el, *el.iterancestors()]
        if any(node.tag == "a" for node in path):
            continue
        total += hits
        for level, node in enumerate(reversed(path)):
            counts[node] = counts.get(node, 0) + hits
            depth[node] = level
    containers = [node for node, n in counts.items() if n >= 0.8 * total and node.tag in _CONTAINERS and len(node) > 1]
    if not total or not containers:
        return body
    return max(containers, key=lambda node: depth[node])


_ANCHORS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "div")
_CONTAINERS = frozenset(("div", "td", "article", "section", "main", "body", "center", "form"))


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
            text = row_text("".join(self.buffer), HTML_GAP)
            self.buffer.clear()
            if text:
                self.blocks.append(Paragraph(text))

    def _visit(self, el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "table" and not _is_layout_table(el):
            self._flush()
            rows, starts = table_grid(el)
            if any(any(cell for cell in row) for row in rows):
                self.blocks.append(Table(rows, starts=starts))
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
            if tag in _LEAF_BLOCKS and next(el.iter(*_BREAKING), None) is None:
                # a paragraph of runs (Word pastes one span per run): its text in one C call
                self.buffer.append(text_of(el))
                self._flush()
                return
        if el.text:
            self.buffer.append(el.text)
        for child in el:
            self._visit(child)
            if child.tail:
                self.buffer.append(child.tail)
        if is_block:
            self._flush()


_LEAF_BLOCKS = frozenset(("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "td", "th"))
_BREAKING = ("img", "br", "table", "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6")


def _is_layout_table(table: etree._Element) -> bool:
    """A table used for layout around the report or a table of it: its own cells nest tables and hold long
    text (a page frame), or it is a frame around a table at least as long as itself (a caption row and a cell
    holding the real table: a Word table pasted into a table's cell). Its cells are then read as paragraphs and
    the nested tables as tables; a data table with a small table in one cell stays a table."""
    nested = table.find(".//table")
    if nested is None:
        return False
    own_rows = [tr for tr in table.iter("tr") if _owning_table(tr) is table]
    if any(len(text_of(td)) > 300 for tr in own_rows for td in tr):
        return True
    longest = max(sum(1 for tr in inner.iter("tr") if _owning_table(tr) is inner) for inner in table.iter("table")
                  if inner is not table)  # fmt: skip
    return longest >= len(own_rows)


def _cell_text(td: etree._Element) -> str:
    """A cell's text: paragraphs and line breaks become spaces (the interpreter drops them between Chinese)."""
    if len(td) == 0:  # most cells: one number
        return clean(td.text or "")
    if next(td.iter("br", "p", "div", "li", "table"), None) is None:  # (a stray tr alone stays unspaced)
        return clean(text_of(td))
    parts: list[str] = []
    for event, el in etree.iterwalk(td, events=("start", "end")):  # document order, without recursion
        if event == "start":
            if el.tag in _CELL_BREAKS:
                parts.append(" ")
            if el.text:
                parts.append(el.text)
        elif el.tail and el is not td:
            parts.append(el.tail)
    return clean("".join(parts))


_CELL_BREAKS = ("br", "p", "div", "li", "tr", "table")


def _span(value: str | None) -> int:
    if not value:
        return 1
    if value.isascii() and value.isdigit():  # the usual "2", without the expression
        return max(1, min(int(value), MAX_SPAN))
    match = _SPAN.match(value)
    if not match:
        return 1
    return max(1, min(int(match.group(1)), MAX_SPAN))


_SPAN = re.compile(r"\s*(\d+)")


def table_grid(table: etree._Element) -> tuple[list[list[str]], list[list[int]]]:
    """The table's rows with row and column spans expanded (a merged cell's text in every position it covers),
    and for every position the column where its cell begins (so that a merged cell counts once)."""
    if table.find(".//table") is None:  # no nested table: every row is this table's
        rows = list(table.iter("tr"))
    else:
        rows = [tr for tr in table.iter("tr") if _owning_table(tr) is table]
    grid: list[list[tuple[str, int] | None]] = []
    for i, tr in enumerate(rows):
        while len(grid) <= i:
            grid.append([])
        row = grid[i]
        j = 0
        for td in tr:
            tag = td.tag
            if tag != "td" and tag != "th" and (not isinstance(tag, str) or tag.lower() not in ("td", "th")):
                continue
            while j < len(row) and row[j] is not None:
                j += 1
            text = _cell_text(td)
            if td.get("rowspan") is None and td.get("colspan") is None:  # most cells: one position
                if len(row) <= j:
                    row.extend([None] * (j + 1 - len(row)))
                if row[j] is None:
                    row[j] = (text, j)
                j += 1
                continue
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
                        target[j + dj] = (text, j)
            j += colspan
    width = max((len(r) for r in grid), default=0)
    texts = [[cell[0] if cell else "" for cell in row] + [""] * (width - len(row)) for row in grid]
    starts = [[cell[1] if cell else k for k, cell in enumerate(row)] + list(range(len(row), width)) for row in grid]
    return texts, starts


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
