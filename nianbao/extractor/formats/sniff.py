"""Which format a bundle's bytes are: magic bytes first, then the content type, then the URL's extension.

Portals mislabel attachments (a PDF served as `application/octet-stream`, a DOCX named `.doc`, an HTML error
page under a `.pdf` URL), so the bytes decide whenever they can; headers and names only break ties the bytes
leave open (OLE2 is shared by DOC, WPS and XLS; plain text has no magic).
"""

from __future__ import annotations

import io
import re
import zipfile
from urllib.parse import unquote, urlsplit

from nianbao.extractor.bundle import Bundle

FORMATS = ("html", "docx", "text", "pdf", "doc", "wps", "xls", "xlsx", "image")

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"BM",
    b"II*\x00",
    b"MM\x00*",
)
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|div|table|p|title)\b", re.I | re.S
)
_HTML_TAGS = re.compile(rb"<(?:html|body|div|p|table|br|span)\b", re.I)
_EXTENSIONS = {
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".jsp": "html",
    ".php": "html",
    ".aspx": "html",
    ".docx": "docx",
    ".doc": "doc",
    ".wps": "wps",
    ".xls": "xls",
    ".et": "xls",
    ".xlsx": "xlsx",
    ".pdf": "pdf",
    ".txt": "text",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".gif": "image",
    ".bmp": "image",
    ".tif": "image",
    ".tiff": "image",
    ".webp": "image",
}
_CONTENT_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "application/pdf": "pdf",
    "application/msword": "doc",
    "application/vnd.ms-works": "wps",
    "application/kswps": "wps",
    "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}


def _by_extension(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    candidates = [parts.path]
    # downfile.jsp?…&filename=X.pdf: the real name is in the query
    candidates += re.findall(r"(?:file(?:name)?|showname)=([^&]+)", unquote(parts.query), re.I)
    for name in reversed(candidates):
        match = re.search(r"(\.[A-Za-z]{2,5})$", unquote(name).strip().lower())
        if match and match.group(1) in _EXTENSIONS:
            return _EXTENSIONS[match.group(1)]
    return None


def _by_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    mime = content_type.split(";")[0].strip().lower()
    if mime.startswith("image/"):
        return "image"
    return _CONTENT_TYPES.get(mime)


def _zip_format(body: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as err:
        raise ValueError(f"a damaged zip container (truncated download?): {err}") from err
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _ole_format(body: bytes, hint: str | None) -> str:
    if hint in ("doc", "wps", "xls"):
        return hint
    head = body[:65536]
    if "Workbook".encode("utf-16-le") in head or "Book".encode("utf-16-le") in body[:4096]:
        return "xls"
    if "WordDocument".encode("utf-16-le") in head:
        return "doc"
    return "doc"


def _looks_like_text(body: bytes) -> bool:
    sample = body[:4096]
    if b"\x00" in sample:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            sample.decode(encoding)
            return True
        except UnicodeDecodeError as err:
            if err.start > len(sample) - 4:  # a multi-byte character cut at the sample's end
                return True
    return False


def sniff(bundle: Bundle) -> str:
    """The format name of `bundle` (one of FORMATS); ValueError if the bytes are none of them."""
    body = bundle.body
    if not body.strip():
        raise ValueError("empty document")
    hint = _by_content_type(bundle.content_type) or _by_extension(bundle.url)
    ext_hint = _by_extension(bundle.url)
    if body.startswith(b"%PDF") or body[:1024].lstrip().startswith(b"%PDF"):
        return "pdf"
    if body.startswith(_OLE):
        return _ole_format(body, ext_hint if ext_hint in ("doc", "wps", "xls") else hint)
    if body.startswith(b"PK\x03\x04"):
        found = _zip_format(body)
        if found:
            return found
        raise ValueError("a zip archive that is neither DOCX nor XLSX")
    if body.startswith(_IMAGE_MAGIC) or (body[:4] == b"RIFF" and body[8:12] == b"WEBP"):
        return "image"
    if _HTML_START.match(body[:2048]) or (hint == "html" and _HTML_TAGS.search(body[:65536])):
        return "html"
    if _looks_like_text(body):
        if _HTML_TAGS.search(body[:65536]) and hint != "text":
            return "html"
        return "text"
    raise ValueError(f"unrecognised bytes (content type {bundle.content_type!r}, url {bundle.url!r})")
