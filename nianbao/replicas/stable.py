"""Byte-identical renderings on every start: the moments and IDs writers stamp into files, fixed.

A crawl compares bodies byte for byte. If a replica started tomorrow served an unchanged report with
another CreationDate, every crawl over a fresh replica process (a second `nianbao demo`, CI on a clean
machine) would store a new version of every unchanged PDF and DOCX. LibreOffice 7.4 ignores
SOURCE_DATE_EPOCH, Pillow's PDF writer stamps the clock, and `zipfile` (python-docx) stamps each entry,
so the bytes are settled here, after writing, for every renderer at once.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from datetime import UTC, datetime

RENDERED_AT = datetime(2026, 1, 1, tzinfo=UTC)
"""The moment a file claims it was made when no report gives one (a report's files claim its publication).

Readers take a PDF's CreationDate for the day a report was published when its page gives none, so a
constant here would move every replica report's publication to this day."""

_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate)\s*\(D:)(\d{14})")
_PDF_ID = re.compile(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]+)(>\s*<)([0-9A-Fa-f]+)(>)")
_PDF_CHECKSUM = re.compile(rb"(/DocChecksum\s*/)([0-9A-Fa-f]+)")  # LibreOffice's, over the timestamped bytes


def stable(data: bytes, ext: str, made: datetime = RENDERED_AT) -> bytes:
    """`data` with its writer's timestamps (set to `made`) and random IDs fixed; other formats pass unchanged."""
    ext = ext.lower().lstrip(".")
    if ext == "pdf":
        return stable_pdf(data, made)
    if ext in ("docx", "xlsx", "pptx"):
        return stable_zip(data, made)
    return data


def stable_pdf(data: bytes, made: datetime = RENDERED_AT) -> bytes:
    """Fix the Info dates, the trailer /ID and LibreOffice's /DocChecksum in place.

    Each value is replaced by one of the same length, so every byte offset (the xref table, startxref)
    stays valid and the file is the writer's own but for those fields; a rewrite through a PDF library
    would re-serialise the whole file. The /ID is derived from the content, as the spec intends.
    """
    stamp = made.strftime("%Y%m%d%H%M%S").encode()
    data = _PDF_DATE.sub(lambda m: m.group(1) + stamp, data)
    content = _PDF_CHECKSUM.sub(b"", _PDF_ID.sub(b"", data))
    digest = hashlib.md5(content, usedforsecurity=False).hexdigest().upper().encode()

    def fixed_id(m: re.Match[bytes]) -> bytes:
        first, second = digest[: len(m.group(2))], digest[: len(m.group(4))]
        return m.group(1) + first + m.group(3) + second + m.group(5)

    data = _PDF_ID.sub(fixed_id, data)
    return _PDF_CHECKSUM.sub(lambda m: m.group(1) + digest[: len(m.group(2))], data)


def stable_zip(data: bytes, made: datetime = RENDERED_AT) -> bytes:
    """The same archive entries, in the same order and compression, each dated `made`."""
    moment = made.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=moment)
            entry.compress_type = info.compress_type
            entry.external_attr = info.external_attr
            target.writestr(entry, source.read(info))
    return out.getvalue()
