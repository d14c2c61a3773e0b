"""`nianbao export --format wacz`: the WARC export packaged as WACZ (issue 19), for ReplayWeb.page and pywb.

py-wacz (Webrecorder's `wacz` package) does the packaging — the CDXJ index, the datapackage with its
digests — from our WARC and a pages list we give it: the captures of report pages and report files, each
titled as the archive knows it, so a reader opening the WACZ starts from the reports and not from robots.txt.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import tempfile
from datetime import datetime
from pathlib import Path

from nianbao.archive.errors import ArchiveError
from nianbao.archive.export import replacing
from nianbao.archive.store import Archive
from nianbao.archive.warc_export import WarcCounts, write_warc

PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "Annual reports"}


def export_wacz(archive: Archive, path: Path, portal: str | None = None, since: datetime | None = None) -> WarcCounts:
    """Write a WACZ of the archive's fetches to `path` (atomically); the counts are the WARC's."""
    from wacz.main import main as wacz_main

    with tempfile.TemporaryDirectory(prefix="nianbao-wacz-") as work:
        warc, pages = Path(work) / "data.warc.gz", Path(work) / "pages.jsonl"
        with open(warc, "wb") as out, open(pages, "w", encoding="utf-8") as listed:
            listed.write(json.dumps(PAGES_HEADER) + "\n")

            def page(url: str, date: str, title: str | None) -> None:
                entry = {
                    "id": hashlib.sha1(f"{date} {url}".encode()).hexdigest()[:20],
                    "url": url,
                    "ts": date,
                    "title": title or url,
                }
                listed.write(json.dumps(entry, ensure_ascii=False) + "\n")

            counts = write_warc(archive, out, portal, since, on_page=page)
        with replacing(path) as tmp:
            said = io.StringIO()
            title = f"nianbao archive{f' of {portal}' if portal else ''}"
            with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
                code = wacz_main(["create", "-o", str(tmp), "-p", str(pages), "--title", title, str(warc)])
            if code not in (0, None):
                raise ArchiveError(f"py-wacz could not package the export: {said.getvalue().strip()[-500:]}")
    return counts
