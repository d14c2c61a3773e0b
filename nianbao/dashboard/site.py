"""Writes the dashboard folder: the page, its data, the bundled chart library and the archived originals.

    DIR/index.html, dashboard.css, dashboard.js   the page (package data, copied as is)
    DIR/data.js                                   the numbers (nianbao.dashboard.data), as a script: pages
                                                  opened from file:// may not fetch JSON in Chromium
    DIR/echarts/                                  Apache ECharts, minified, with its licence
    DIR/originals/                                each report's archived original, byte-exact

An original's file name is made here from archive facts only — its version id, the start of its SHA-256 and an
extension chosen from the format the extractor sniffs in the bytes — never from a URL, a title or a header
the portal sent, so no name can climb out of the folder, hide its type or collide with another.

HTML originals are the portals' pages as fetched, their scripts included. Opened from disk, Chromium gives
each file an origin of its own; a web server would put them on the dashboard's origin, so publish the folder
on a host name of its own (it holds nothing but public documents and their numbers).

The folder is rebuilt in place: a second run replaces what the first wrote and removes originals no longer
referenced. A folder that holds anything else is refused rather than written into.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from nianbao.archive import Archive
from nianbao.dashboard.data import dashboard_data
from nianbao.errors import CommandError
from nianbao.extractor.bundle import Bundle
from nianbao.extractor.formats.sniff import sniff
from nianbao.files import write_atomically

#: Marks a folder as a dashboard this command wrote, so a rebuild may replace its contents.
MARKER = ".nianbao-dashboard"
ORIGINALS = "originals"
_PAGE_FILES = ("index.html", "dashboard.css", "dashboard.js")
_LIBRARY = "echarts"

#: Extension per sniffed format (extractor.formats.sniff.FORMATS); "image" is refined by its magic bytes.
_EXTENSIONS = {
    "html": "html",
    "docx": "docx",
    "text": "txt",
    "pdf": "pdf",
    "doc": "doc",
    "wps": "wps",
    "xls": "xls",
    "xlsx": "xlsx",
}
_IMAGE_EXTENSIONS = (
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpg"),
    (b"GIF8", "gif"),
    (b"BM", "bmp"),
    (b"II*\x00", "tif"),
    (b"MM\x00*", "tif"),
    (b"RIFF", "webp"),
)


@dataclass(frozen=True)
class SiteSummary:
    """What a build wrote: for the command's closing line and for tests."""

    out: Path
    counties: int
    reports: int
    originals: int
    original_bytes: int


def extension(body: bytes) -> str:
    """A file extension for the bytes, from their sniffed format; "bin" where the bytes are none we know."""
    try:
        found = sniff(Bundle(body=body, content_type=None, url=""))
    except ValueError:
        return "bin"
    if found == "image":
        return next((ext for magic, ext in _IMAGE_EXTENSIONS if body.startswith(magic)), "bin")
    return _EXTENSIONS.get(found, "bin")


def original_name(version_id: int, body: bytes) -> str:
    """The file name of a version's bytes in originals/ (see the module docstring)."""
    return f"{int(version_id)}-{hashlib.sha256(body).hexdigest()[:16]}.{extension(body)}"


def build_site(archive: Archive, out: Path, region: str | None = None, year: int | None = None) -> SiteSummary:
    """Write the dashboard of the archive's annual reports (optionally one region and/or year) into `out`.

    An archive without reports gets a page that says so; a filter that matches none is an error instead (a
    misspelt region should not quietly publish an empty page), and nothing is written."""
    _check_folder(out)
    with archive.engine.connect() as conn:
        data = dashboard_data(conn, region, year)
    if not data["counties"] and (region or year is not None):
        where = " ".join(str(part) for part in (region, year) if part is not None)
        raise CommandError(f"no annual reports for {where} in the archive (see nianbao scorecard)")
    _create_folder(out)
    data["generated"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    written, size = _copy_originals(archive, data, out / ORIGINALS)
    _copy_page(out)
    _write(
        out / "data.js",
        "window.NIANBAO_DASHBOARD = " + json.dumps(data, ensure_ascii=False, separators=(",", ":")) + ";\n",
    )
    (out / MARKER).touch()
    return SiteSummary(out, len(data["counties"]), sum(len(c["reports"]) for c in data["counties"]), len(written), size)


def _check_folder(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise CommandError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise CommandError(f"{out} is not empty and holds no dashboard: choose a new or empty folder")


def _create_folder(out: Path) -> None:
    try:
        (out / ORIGINALS).mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CommandError(f"cannot create {out}: {err}") from err


def _copy_originals(archive: Archive, data: dict[str, Any], folder: Path) -> tuple[set[str], int]:
    """Write each report's original (and the page an attachment hangs from) once; sets each one's `href`,
    `sha256` and `size` in `data`. Returns the file names written and their bytes; removes stale files."""
    names: dict[int, dict[str, Any]] = {}
    for county in data["counties"]:
        for report in county["reports"]:
            original = report["original"]
            for document in (original, original and original["page"]):
                if not document:
                    continue
                version_id = document["version_id"]
                if version_id not in names:
                    names[version_id] = _copy_original(archive, version_id, folder)
                document.update(names[version_id])
    kept = {entry["href"].split("/", 1)[1] for entry in names.values()}
    for stale in folder.iterdir():
        if stale.name not in kept:
            stale.unlink()
    return kept, sum(entry["size"] for entry in names.values())


def _copy_original(archive: Archive, version_id: int, folder: Path) -> dict[str, Any]:
    body = archive.body(version_id)  # verified against its SHA-256 by the archive
    name = original_name(version_id, body)
    target = folder / name
    if not (target.is_file() and target.read_bytes() == body):
        _write_bytes(target, body)
    return {
        "href": f"{ORIGINALS}/{name}",
        "sha256": hashlib.sha256(body).hexdigest(),
        "size": len(body),
        "format": name.rsplit(".", 1)[1],
    }


def _copy_page(out: Path) -> None:
    static = resources.files("nianbao.dashboard") / "static"
    for name in _PAGE_FILES:
        _write_bytes(out / name, (static / name).read_bytes())
    library = out / _LIBRARY
    library.mkdir(exist_ok=True)
    for item in (static / _LIBRARY).iterdir():
        if item.is_file():
            _write_bytes(library / item.name, item.read_bytes())


def _write(path: Path, text: str) -> None:
    _write_bytes(path, text.encode())


def _write_bytes(path: Path, data: bytes) -> None:
    """Atomically (a reader of a half-rebuilt folder sees old or new files, never torn ones), readable by a
    web server if the folder is published."""
    write_atomically(path, data)
    path.chmod(0o644)
