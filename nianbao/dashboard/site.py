"""Writes the dashboard folder: the page, its data, the bundled chart library and the archived originals.

    DIR/index.html, dashboard.css, dashboard.js   the page (package data, copied as is)
    DIR/data.js                                   what the first screen draws (nianbao.dashboard.data): the
                                                  summary cards, the overview, the list of counties
    DIR/counties/{i}-{hash}.js                    one county's charts and report table, loaded by the page
                                                  when the county is shown
    DIR/echarts/                                  Apache ECharts, minified, with its licence
    DIR/originals/                                each report's archived original, byte-exact

The data are scripts, not JSON: pages opened from file:// may not fetch JSON in Chromium, but may add a
<script>. A county's file is named from its place in the list and the SHA-256 of its content, never from the
region's name; the hash means a browser (or a web server's cache) never pairs a new data.js with an old
county file of the same index.

An original's file name is made here from archive facts only — its version id, the start of its SHA-256 and an
extension chosen from the format the extractor sniffs in the bytes — never from a URL, a title or a header
the portal sent, so no name can climb out of the folder, hide its type or collide with another.

HTML originals are the portals' pages as fetched, their scripts included. Opened from disk, Chromium gives
each file an origin of its own; a web server would put them on the dashboard's origin, so publish the folder
on a host name of its own (it holds nothing but public documents and their numbers).

The folder is rebuilt in place: a second run replaces what the first wrote and removes county files and
originals no longer referenced, after the new data.js is in place. An original already in originals/ under
its name, with the size the archive records for its version, is kept without reading its body from the
archive (a version's bytes never change, and the name holds their hash); only new versions' bodies are read,
several per transaction, each verified against its SHA-256 by the archive. To copy every original afresh,
build into a new folder. A folder that holds anything else is refused rather than written into.
"""

from __future__ import annotations

import hashlib
import json
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from nianbao.archive import Archive
from nianbao.dashboard.data import DashboardData, dashboard_data
from nianbao.errors import CommandError
from nianbao.extractor.bundle import Bundle
from nianbao.extractor.formats.sniff import sniff
from nianbao.files import write_atomically

#: Marks a folder as a dashboard this command wrote, so a rebuild may replace its contents.
MARKER = ".nianbao-dashboard"
ORIGINALS = "originals"
COUNTIES = "counties"
#: Bodies read from the archive per transaction, and their bytes at most (a batch holds them all in memory).
_BATCH = 200
_BATCH_BYTES = 64 * 1024 * 1024
#: A county's file: it files its details under its index, where dashboard.js loadCounty finds them on load.
_COUNTY_SCRIPT = "window.NIANBAO_COUNTIES = window.NIANBAO_COUNTIES || {};\nwindow.NIANBAO_COUNTIES[%d] = %s;\n"
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
    return _name_stem(version_id, hashlib.sha256(body).hexdigest()) + "." + extension(body)


def _name_stem(version_id: int, sha256: str) -> str:
    return f"{int(version_id)}-{sha256[:16]}"


def build_site(archive: Archive, out: Path, region: str | None = None, year: int | None = None) -> SiteSummary:
    """Write the dashboard of the archive's annual reports (optionally one region and/or year) into `out`.

    An archive without reports gets a page that says so; a filter that matches none is an error instead (a
    misspelt region should not quietly publish an empty page), and nothing is written."""
    _check_folder(out)
    with archive.engine.connect() as conn:
        data = dashboard_data(conn, region, year)
    page = data.page
    if not page["counties"] and (region or year is not None):
        where = " ".join(str(part) for part in (region, year) if part is not None)
        raise CommandError(f"no annual reports for {where} in the archive (see nianbao scorecard)")
    _create_folder(out)
    page["generated"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    originals, size = _copy_originals(archive, data, out / ORIGINALS)
    county_files = _write_counties(data, out / COUNTIES)
    _copy_page(out)
    _write(out / "data.js", "window.NIANBAO_DASHBOARD = " + _json(page) + ";\n")
    # Stale files go only now: a reader of the old data.js found its files until the new one was in place.
    _remove_others(out / ORIGINALS, originals)
    _remove_others(out / COUNTIES, county_files)
    (out / MARKER).touch()
    return SiteSummary(out, len(page["counties"]), page["totals"]["reports"], len(originals), size)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _check_folder(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise CommandError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise CommandError(f"{out} is not empty and holds no dashboard: choose a new or empty folder")


def _create_folder(out: Path) -> None:
    try:
        for folder in (ORIGINALS, COUNTIES):
            (out / folder).mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CommandError(f"cannot create {out}: {err}") from err


def _remove_others(folder: Path, kept: set[str]) -> None:
    for stale in folder.iterdir():
        if stale.name not in kept:
            stale.unlink()


def _write_counties(data: DashboardData, folder: Path) -> set[str]:
    """Write each county's details as a script that hands them to the page (dashboard.js loadCounty) and set
    its summary's `file`; returns the file names. An unchanged file is left as it is."""
    names = set()
    for index, (summary, detail) in enumerate(zip(data.page["counties"], data.details, strict=True)):
        body = (_COUNTY_SCRIPT % (index, _json(detail))).encode()
        name = f"{index}-{hashlib.sha256(body).hexdigest()[:12]}.js"
        summary["file"] = f"{COUNTIES}/{name}"
        target = folder / name
        if not (target.is_file() and target.read_bytes() == body):
            _write_bytes(target, body)
        names.add(name)
    return names


def _documents(data: DashboardData) -> Iterator[dict[str, Any]]:
    """Every document the report tables link: each report's canonical copy and the page it hangs from."""
    for county in data.details:
        for report in county["reports"]:
            original = report["original"]
            for document in (original, original and original["page"]):
                if document:
                    yield document


def _copy_originals(archive: Archive, data: DashboardData, folder: Path) -> tuple[set[str], int]:
    """Put each linked version's bytes in `folder` once and set each document's `href` and `format`; returns
    the file names and their bytes. A file already there under the version's name stem with the recorded
    size is kept unread; the other versions' bodies are read from the archive in batches."""
    present: dict[str, list[Path]] = {}
    for path in folder.iterdir():
        present.setdefault(path.name.rsplit(".", 1)[0], []).append(path)
    names: dict[int, str] = {}
    wanted: dict[int, int] = {}
    for document in _documents(data):
        version_id, size = document["version_id"], document["size"]
        if version_id in names or version_id in wanted:
            continue
        kept = [p for p in present.get(_name_stem(version_id, document["sha256"]), []) if _is_file_of(p, size)]
        if kept:
            names[version_id] = kept[0].name
        else:
            wanted[version_id] = size
    for batch in _batches(wanted):
        for version_id, body in archive.bodies(batch).items():  # each verified against its SHA-256
            name = names[version_id] = original_name(version_id, body)
            _write_bytes(folder / name, body)
    sizes: dict[int, int] = {}
    for document in _documents(data):
        name = names[document["version_id"]]
        document.update({"href": f"{ORIGINALS}/{name}", "format": name.rsplit(".", 1)[1]})
        sizes[document["version_id"]] = document["size"]
    return set(names.values()), sum(sizes.values())


def _is_file_of(path: Path, size: int) -> bool:
    """A regular file (not a link to elsewhere, which the folder's files never are) of `size` bytes."""
    found = path.lstat()
    return stat.S_ISREG(found.st_mode) and found.st_size == size


def _batches(sizes: dict[int, int]) -> Iterator[list[int]]:
    """Version ids in batches of at most _BATCH bodies and, past the first, _BATCH_BYTES bytes."""
    batch: list[int] = []
    total = 0
    for version_id, size in sizes.items():
        if batch and (len(batch) == _BATCH or total + size > _BATCH_BYTES):
            yield batch
            batch, total = [], 0
        batch.append(version_id)
        total += size
    if batch:
        yield batch


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
