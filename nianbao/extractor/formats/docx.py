"""DOCX attachments: body paragraphs and tables in document order, merged cells expanded from the XML.

The body is walked as WordprocessingML directly, because python-docx's `row.cells` repeats merged cells without
saying which ones are merged, while `w:gridSpan`, `w:vMerge` and `w:gridBefore` say exactly where each cell
sits on the grid. For the same reason the package is opened here too, reading only the three parts the walk
needs (the main document, its relationships, the core properties): python-docx's `Document()` parses every
XML part (styles, numbering, theme, settings, fonts), a quarter of the time of reading a DOCX. python-docx
still parses the core properties (its W3CDTF dates).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from docx.opc.packuri import PackURI
from docx.opc.parts.coreprops import CorePropertiesPart
from docx.oxml.ns import qn
from lxml import etree

from nianbao.extractor.bundle import Bundle, Resource
from nianbao.extractor.layout import Block, Image, Layout, Paragraph, Table
from nianbao.extractor.limits import ExtractionError, check_zip
from nianbao.extractor.tables.spacing import row_text
from nianbao.extractor.textnorm import clean

if TYPE_CHECKING:
    from lxml.etree import _Element

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_VAL = qn("w:val")
_TR_PR, _TC_PR, _GRID_BEFORE, _GRID_SPAN, _VMERGE = (
    qn("w:trPr"), qn("w:tcPr"), qn("w:gridBefore"), qn("w:gridSpan"), qn("w:vMerge")
)
_BODY = qn("w:body")
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_CORE_PROPERTIES = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_PARSER = etree.XMLParser(resolve_entities=False, remove_blank_text=False)  # as python-docx's own parser
_SDT, _SDT_CONTENT, _CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
_BLIP, _IMAGEDATA = qn("a:blip"), "{urn:schemas-microsoft-com:vml}imagedata"
_EMBED, _REL_ID = qn("r:embed"), qn("r:id")
MEDIA_PREFIX = "docx-media:"  # Image URLs of pictures inside the package: MEDIA_PREFIX + part name


def read(bundle: Bundle) -> Layout:
    check_zip(bundle.body, what="docx")  # refuse zip bombs and DTDs before anything is inflated
    try:
        body, targets, props = _open_package(bundle.body)
    except Exception as err:  # zipfile, lxml and python-docx raise KeyError, ValueError … on damaged packages
        raise ExtractionError(f"not a readable DOCX: {type(err).__name__}: {err}") from err

    def picture(rel_id: str) -> str | None:
        target = targets.get(rel_id)
        return MEDIA_PREFIX + target if target is not None else None

    blocks = list(_blocks(body, picture))
    title = (props.title if props is not None else "") or ""
    created = props.created if props is not None else None
    modified = props.modified if props is not None else None
    metadata = {
        "title": title,
        "author": (props.author if props is not None else "") or "",
        "created": created.isoformat() if created else "",
        "modified": modified.isoformat() if modified else "",
    }
    return Layout(format="docx", blocks=blocks, title=title or None, metadata=metadata)


def _open_package(data: bytes) -> tuple[_Element, dict[str, str], Any]:
    """The main document's body, its relationships (id -> part name inside the package, external targets left
    out) and its core properties, from the package's relationship parts as OPC says."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = set(package.namelist())

        def rels(source: str) -> list[_Element]:
            folder, name = posixpath.split(source)
            path = posixpath.join(folder, "_rels", name + ".rels")
            return list(etree.fromstring(package.read(path), _PARSER).iter(_RELS_NS)) if path in names else []

        def resolved(source: str, target: str) -> str:
            if target.startswith("/"):
                return posixpath.normpath(target).lstrip("/")
            return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))

        package_rels = rels("")
        main = next(resolved("", r.get("Target", "")) for r in package_rels if r.get("Type") == _OFFICE_DOCUMENT)
        root = etree.fromstring(package.read(main), _PARSER)
        body = root.find(_BODY)
        if body is None:
            raise ValueError(f"{main} has no w:body")
        targets = {
            r.get("Id", ""): resolved(main, r.get("Target", ""))
            for r in rels(main)
            if r.get("TargetMode") != "External"
        }
        cores = (resolved("", r.get("Target", "")) for r in package_rels if r.get("Type") == _CORE_PROPERTIES)
        core = next(cores, None)
        if core is not None and core in names:
            part = CorePropertiesPart.load(PackURI("/" + core), "", package.read(core), None)  # type: ignore[arg-type]
            props = part.core_properties
        else:  # python-docx would make up a title ("Word Document") and a modified time (now): nothing is said
            props = None
    return body, targets, props


def _blocks(container: _Element, picture: Callable[[str], str | None]) -> Iterator[Block]:
    for child in container.iterchildren():
        if child.tag == _P:
            for line in paragraph_text(child).split("\n"):  # a line break is a line (a table row, say)
                if text := row_text(line):
                    yield Paragraph(text)
            for el in child.iter(_BLIP, _IMAGEDATA):  # a table pasted as a picture
                rel_id = el.get(_EMBED) or el.get(_REL_ID)
                if rel_id:
                    yield Image(url=picture(rel_id))
        elif child.tag == _TBL and _is_frame(child):
            for tr in _children(child, _TR):  # a frame's cells read as the body: paragraphs and nested tables
                for tc in _children(tr, _TC):
                    yield from _blocks(tc, picture)
        elif child.tag == _TBL:
            rows, starts = table_grid(child)
            if any(any(cell for cell in row) for row in rows):
                yield Table(rows, starts=starts)
        elif child.tag in (_SDT, _CUSTOM_XML):
            yield from _blocks(_unwrapped(child), picture)


def _is_frame(tbl: _Element) -> bool:
    """A table around a table at least as long as itself (a caption row and a cell holding the real table: a
    Word table pasted into a table's cell), read as its content; a data table with a small table in one cell
    stays a table (as the HTML reader decides). A one-column table holding tables is a frame too: Word joins
    frames that follow each other without a paragraph between them into one (a DOC converted by LibreOffice
    printed table 2's four framed parts as one eight-row column), and one column carries no grid to keep."""
    inner = [t for t in tbl.iter(_TBL) if t is not tbl]
    if not inner:
        return False
    rows = list(_children(tbl, _TR))
    if all(sum(1 for _ in _children(tr, _TC)) == 1 for tr in rows):
        return True
    return max(sum(1 for _ in _children(t, _TR)) for t in inner) >= len(rows)


def _unwrapped(el: _Element) -> _Element:
    """The content of a wrapper: a content control's w:sdtContent, or the w:customXml element itself."""
    if el.tag == _SDT:
        content = el.find(_SDT_CONTENT)
        return content if content is not None else el
    return el


def _children(parent: _Element, tag: str) -> Iterator[_Element]:
    """`tag` children, looking through content controls and custom XML wrapped around rows or cells (template
    generated reports wrap form fields that way; a plain child walk drops those rows and cells)."""
    for child in parent.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag in (_SDT, _CUSTOM_XML):
            yield from _children(_unwrapped(child), tag)


def paragraph_text(p: _Element) -> str:
    parts: list[str] = []
    for el in p.iter(_T, _TAB, _BR, _CR):
        if el.tag == _T:
            parts.append(el.text or "")
        elif el.tag == _TAB:
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _cell_text(tc: _Element) -> str:
    return clean(" ".join(paragraph_text(p) for p in tc.iter(_P)))


def _int_prop(parent: _Element | None, path: str, default: int) -> int:
    if parent is None:
        return default
    el = parent.find(path)
    if el is None:
        return default
    try:
        return max(1, int(el.get(_VAL, default)))
    except ValueError:
        return default


def table_grid(tbl: _Element) -> tuple[list[list[str]], list[list[int]]]:
    """Rows of the table with spans expanded (a vertically merged cell repeats the text of its first row), and
    for every position the column where its cell begins (a merged cell counts once)."""
    grid: list[list[str]] = []
    starts: list[list[int]] = []
    for tr in _children(tbl, _TR):
        row: list[str] = []
        tr_pr = tr.find(_TR_PR)
        before = _int_prop(tr_pr, _GRID_BEFORE, 0) if tr_pr is not None else 0
        row.extend([""] * before)
        begins = list(range(before))
        for tc in _children(tr, _TC):
            tc_pr = tc.find(_TC_PR)
            span = _int_prop(tc_pr, _GRID_SPAN, 1)
            vmerge = tc_pr.find(_VMERGE) if tc_pr is not None else None
            j = len(row)
            if vmerge is not None and vmerge.get(_VAL) != "restart" and grid:
                above = grid[-1]
                text = above[j] if j < len(above) else ""
            else:
                text = _cell_text(tc)
            row.extend([text] * span)
            begins.extend([j] * span)
        grid.append(row)
        starts.append(begins)
    width = max((len(r) for r in grid), default=0)
    return (
        [r + [""] * (width - len(r)) for r in grid],
        [b + list(range(len(b), width)) for b in starts],
    )


def media_resources(bundle: Bundle) -> tuple[Resource, ...]:
    """The pictures inside a DOCX as resources under their MEDIA_PREFIX URLs, so that OCR can read them like
    a page's fetched images."""
    out: list[Resource] = []
    with zipfile.ZipFile(io.BytesIO(bundle.body)) as package:
        for info in package.infolist():
            if info.filename.startswith("word/media/") and info.file_size < 50 * 1024 * 1024:
                out.append(Resource(MEDIA_PREFIX + info.filename, package.read(info)))
    return tuple(out)
