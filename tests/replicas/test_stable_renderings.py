"""Replica files are byte-identical on every start, so a crawl over a restarted replica sees nothing new.

Each start here renders into an empty cache of its own: LibreOffice, python-docx, Pillow and the scanner
noise really run twice.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from nianbao.archive import Archive
from nianbao.replicas import ReplicaServer
from nianbao.replicas.stable import RENDERED_AT, stable, stable_pdf
from tests.crawler.crawling import rows, run_crawl
from tests.replicas.client import fetch


@pytest.fixture(autouse=True)
def _clean_faults() -> None:
    """This module starts servers of its own (with empty caches), not the package's shared one."""


PORTAL = "zzszq"  # PDF, DOC, DOCX, WPS and a picture, all reachable without a browser


def _files(server: ReplicaServer) -> dict[str, bytes]:
    """Every file a report of the manifest carries (attachments, the canonical document, images)."""
    urls = {u for m in server.manifest() for u in (m.document_url, *m.attachment_urls, *m.image_urls)}
    bodies = {}
    for url in sorted(urls):
        reply = fetch(server.port, url)
        assert reply.status == 200, url
        bodies[url] = reply.body
    return bodies


@pytest.mark.slow
@deferred_f_from_coro_f
async def test_a_restarted_replica_renders_the_same_bytes_and_a_second_crawl_stores_nothing(
    tmp_path: Path,
) -> None:
    database_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    with ReplicaServer(port=0, cache_dir=tmp_path / "first-cache") as first:
        before = _files(first)
        await run_crawl(database_url, first.proxy_url, extract=False, portals=PORTAL)
    formats = {url.rsplit(".", 1)[-1] for url in before}
    assert {"pdf", "doc", "docx", "wps", "jpg", "png"} <= formats  # every renderer took part

    with ReplicaServer(port=0, cache_dir=tmp_path / "second-cache") as second:  # an empty cache: rendered anew
        after = _files(second)
        await run_crawl(database_url, second.proxy_url, extract=False, portals=PORTAL, revisit_after=0)
    assert sorted(before) == sorted(after)
    assert [url for url in before if before[url] != after[url]] == []

    archive = Archive.open(database_url)
    runs = rows(archive, "SELECT run_id, versions_new, documents_new, unchanged FROM crawl_runs ORDER BY run_id")
    assert len(runs) == 2 and runs[0].documents_new > 0
    assert (runs[1].versions_new, runs[1].documents_new) == (0, 0) and runs[1].unchanged > 0
    assert all(r.versions == 1 for r in rows(archive, "SELECT versions FROM documents"))
    archive.close()


def test_pdf_dates_and_ids_are_fixed_in_place() -> None:
    made = (
        b"%PDF-1.4\n1 0 obj<</CreationDate(D:20261122042724Z')/ModDate (D:20261122042725Z)>>endobj\n"
        b"trailer<</ID [ <FB27B6226DA651EC61196B3D140B3D51>\n<FB27B6226DA651EC61196B3D140B3D51> ]\n"
        b"/DocChecksum /1DC2EAE6A9C017E7627ED5D7D8F6A7F2>>\n%%EOF\n"
    )
    later = made.replace(b"20261122042724", b"20270304101010").replace(b"FB27B6226DA6", b"0123456789AB")
    fixed = stable_pdf(made)
    assert fixed == stable_pdf(later) == stable(later, ".pdf")
    assert len(fixed) == len(made)  # xref offsets stay right
    assert fixed.count(RENDERED_AT.strftime("D:%Y%m%d%H%M%S").encode()) == 2
    assert b"FB27B6226DA6" not in fixed and b"1DC2EAE6A9C0" not in fixed


def test_zip_entries_keep_names_order_and_content_with_one_date() -> None:
    def docx(moment: tuple[int, ...]) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for name in ("[Content_Types].xml", "word/document.xml"):
                entry = zipfile.ZipInfo(name, date_time=moment)
                entry.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(entry, f"<{name}/>")
        return out.getvalue()

    one, two = docx((2026, 11, 22, 4, 27, 14)), docx((2027, 1, 2, 3, 4, 6))
    assert one != two and stable(one, "docx") == stable(two, "docx")
    with zipfile.ZipFile(io.BytesIO(stable(one, "docx"))) as z:
        assert z.namelist() == ["[Content_Types].xml", "word/document.xml"]
        assert z.read("word/document.xml") == b"<word/document.xml/>"
        assert {i.date_time for i in z.infolist()} == {RENDERED_AT.timetuple()[:6]}
        assert {i.compress_type for i in z.infolist()} == {zipfile.ZIP_DEFLATED}
