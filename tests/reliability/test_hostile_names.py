"""Attachment names from a portal — `../` (plain and percent-encoded), NUL bytes, Windows reserved names,
1,000 characters, a Content-Disposition naming `../../tmp/…` — never reach the filesystem.

Every place a document leaves the archive as a file was checked: the blob store is addressed by SHA-256,
`nianbao get -o` and `nianbao export -o` write where the user says, the dashboard names originals
`<version>-<sha256 prefix>.<sniffed extension>`, and LibreOffice/antiword convert fixed names in a private
temporary folder. So there is nothing to sanitize; this test crawls such names through all of those paths
and proves that only the files they were told to write exist afterwards.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f
from w3lib.url import safe_url_string

from nianbao.archive import Archive
from nianbao.archive.annual import refresh
from nianbao.replicas import ReplicaServer
from tests.archive.helpers import nianbao
from tests.crawler.crawling import document_id, run_crawl
from tests.crawler.pages import REPORT_BODY, hanweb_article
from tests.extractor_formats.fixtures import docx_bytes, soffice_convert
from tests.reliability.traps import REPORT_TITLE, Trap, allow_robots, portals_file, serve

pytestmark = pytest.mark.slow
LONG = "a" * 1000
#: 1,000 Chinese characters are 9,000 once percent-encoded: past Scrapy's URLLENGTH_LIMIT (2,083), never asked
TOO_LONG = "/files/" + "长" * 1000 + ".pdf"
#: (href as the report page writes it, extra response headers)
NAMES: list[tuple[str, dict[str, str]]] = [
    ("/files/..%2F..%2F..%2F..%2F..%2Ftmp%2Fevil-dotdot.doc", {}),
    ("/files/a/../../../../../tmp/evil-plain.pdf", {}),
    ("/files/evil%00nul.pdf", {}),
    ("/files/CON.docx", {}),
    ("/files/NUL.xlsx", {}),
    ("/files/aux.pdf", {"Content-Disposition": 'attachment; filename="CON.pdf"'}),
    (f"/files/{LONG}.pdf", {}),
    ("/files/download.jsp?id=1&filename=..%2F..%2Fevil-query.pdf", {}),
    ("/files/plain.pdf", {"Content-Disposition": 'attachment; filename="../../../../tmp/evil-cd.pdf"'}),
    ("/files/star.pdf", {"Content-Disposition": "attachment; filename*=UTF-8''..%2F..%2Fevil-cd2%00.pdf"}),
]
EVIL = re.compile(r"evil|^(con|nul|aux)(\.|$)|\x00", re.IGNORECASE)


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def _hostile_files_anywhere(*roots: Path) -> list[str]:
    found = []
    for root in roots:
        for path in root.glob("*"):
            if EVIL.search(path.name) or len(path.name.encode()) > 255:
                found.append(str(path))
    return found


@deferred_f_from_coro_f
async def test_hostile_attachment_names_write_nothing_outside_what_the_user_asked_for(
    trap_server: ReplicaServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: Any
) -> None:
    sandbox = tmp_path / "sandbox"
    (sandbox / "home").mkdir(parents=True)
    monkeypatch.chdir(sandbox)
    monkeypatch.setenv("HOME", str(sandbox / "home"))
    database_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    monkeypatch.setenv("NIANBAO_DATABASE_URL", database_url)

    trap = Trap("names")
    allow_robots(trap_server, trap)
    doc = soffice_convert(docx_bytes([f"某局{REPORT_TITLE}", REPORT_BODY]), "docx", "doc")
    report = trap.url("report.html")
    for href, headers in NAMES:
        body, ctype = (
            (doc, "application/msword") if href.endswith(".doc") else (b"%PDF-1.4 " + href.encode(), "application/pdf")
        )
        sent = safe_url_string(urljoin(report, href))  # as Scrapy sends it: resolved, percent-encoded
        trap_server.inject("^" + re.escape(sent) + "$", "serve", body=body, content_type=ctype, headers=headers)
    links = "".join(f'<p><a href="{href}">附件{i}</a></p>' for i, (href, _) in enumerate([*NAMES, (TOO_LONG, {})]))
    serve(trap_server, trap, "report.html", hanweb_article(f"某局{REPORT_TITLE}", REPORT_BODY + links))
    serve(trap_server, trap, "", f'<html><body><a href="/report.html">某局{REPORT_TITLE}</a></body></html>')

    stats = await run_crawl(
        database_url, trap_server.proxy_url, portals=[trap.name], portals_file=str(portals_file(tmp_path, [trap]))
    )

    with Archive.open(database_url) as archive:
        ids = {}
        for href, _ in NAMES:
            url = urljoin(report, href)
            ids[href] = document_id(archive, url) or document_id(archive, safe_url_string(url))
            assert ids[href] is not None, f"{url[:80]} not archived"
        refresh(archive)
    assert stats.get("urllength/request_ignored_count") == 1
    assert not [r for r in trap_server.requests() if "%E9%95%BF" in r.url]
    before = _files(sandbox)
    # every way a document leaves the archive as a file
    (sandbox / "got").mkdir()
    for n, (href, _) in enumerate(NAMES):
        code, _, err = nianbao(capsysbinary, "get", str(ids[href]), "-o", f"got/{n}.bin")
        assert code == 0, err
    assert nianbao(capsysbinary, "export", "--format", "csv", "-o", "cells.csv")[0] == 0
    code, _, err = nianbao(capsysbinary, "dashboard", "--out", "site")
    assert code == 0, err

    written = _files(sandbox) - before
    unexpected = [
        f
        for f in written
        if not (
            re.fullmatch(r"got/\d+\.bin|cells\.csv", f)
            or (
                f.startswith("site/")
                and (not f.startswith("site/originals/") or re.fullmatch(r"site/originals/\d+-[0-9a-f]{16}\.[a-z]+", f))
            )
        )
    ]
    assert unexpected == []
    assert [f for f in written if f.startswith("site/originals/")], "the dashboard copied no original"
    assert _hostile_files_anywhere(sandbox, sandbox / "home", Path("/tmp"), Path("/etc"), tmp_path) == []
    assert sorted(p.name for p in (sandbox / "got").iterdir()) == sorted(f"{n}.bin" for n in range(len(NAMES)))
