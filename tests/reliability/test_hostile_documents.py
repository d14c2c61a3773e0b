"""Hostile documents served by a portal during a crawl: a jpage list with external entities and billion
laughs, HTML nested 100,000 deep, a PDF whose page tree loops, a PNG claiming 400 megapixels, a zip bomb
posing as DOCX, entity tricks posing as XLSX. Each ends in bounded time and memory with a recorded reason
(an extraction warning, or the extraction failure in the log and counts), and the crawl goes on."""

from __future__ import annotations

import io
import re
import resource
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from scrapy.utils.defer import deferred_f_from_coro_f

from nianbao.archive import Archive
from nianbao.crawler.platforms.base import Lead, Role
from nianbao.crawler.platforms.generic import Generic
from nianbao.crawler.portals import load_portals
from nianbao.replicas import ReplicaServer
from tests.crawler.crawling import document_id, run_crawl
from tests.crawler.pages import REPORT_BODY, hanweb_article, hanweb_column, response
from tests.extractor_formats.test_hostile import _zip
from tests.reliability.traps import (
    REPORT_TITLE,
    Trap,
    allow_robots,
    portals_file,
    run_stats,
    serve,
)

ENTITIES = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i + 1} "{("&lol" + (str(i) if i else "") + ";") * 10}">' for i in range(9))
    + '<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
)


def hostile_column(report_url: str) -> str:
    """A Hanweb column whose jpage datastore declares a billion laughs and an external entity, and uses them."""
    column = hanweb_column([(report_url, f"&lol9;&xxe;某局{REPORT_TITLE}")], total=1)
    return column.replace("<datastore>", ENTITIES + "<datastore>&lol9;&xxe;")


def hostile_files() -> dict[str, tuple[bytes, str]]:
    from PIL import Image

    png = io.BytesIO()
    Image.new("1", (20000, 20000)).save(png, format="PNG")  # 400 Mpx in a few hundred KB
    laughs = b'<?xml version="1.0"?>' + ENTITIES.encode() + b"<root>&lol9;&xxe;</root>"
    return {
        "zipbomb.docx": (
            _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (400 * 1024**2)}),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        "laughs.xlsx": (
            _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": laughs}),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        "loop.pdf": (
            b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[2 0 R]/Count 1>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF",
            "application/pdf",
        ),
        "giga.png": (png.getvalue(), "image/png"),
    }


EXPECTED_REASONS = {
    "zipbomb.docx": r"bytes uncompressed|zip bomb",
    "laughs.xlsx": r"DTD",
    "loop.pdf": r"pdf: .+",
    "giga.png": r"over the cap|decompression bomb",
}


def test_jpage_datastore_entities_are_never_expanded() -> None:
    portal = next(p for p in load_portals() if p.name == "wenshang")
    url = "http://www.wenshang.gov.cn/col/col61999/index.html"
    started = time.monotonic()
    leads = Generic().parse_list(
        response(url, hostile_column("/art/2026/1/22/art_1.html")), Lead(url, Role.LIST), portal
    )
    assert time.monotonic() - started < 1
    assert [lead.url for lead in leads] == ["http://www.wenshang.gov.cn/art/2026/1/22/art_1.html"]
    assert "root:" not in leads[0].title and "lollol" not in leads[0].title  # /etc/passwd, expansion


@pytest.mark.slow
@deferred_f_from_coro_f
async def test_hostile_documents_in_a_crawl_end_with_a_reason_and_the_crawl_goes_on(
    trap_server: ReplicaServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    trap = Trap("hostile")
    allow_robots(trap_server, trap)
    files = hostile_files()
    for name, (body, ctype) in files.items():
        trap_server.inject(trap.pattern(name) + "$", "serve", body=body, content_type=ctype)
    links = "".join(f'<p><a href="/{name}">附件{i}：{REPORT_TITLE}</a></p>' for i, name in enumerate(files))
    serve(trap_server, trap, "report.html", hanweb_article(f"某局{REPORT_TITLE}", REPORT_BODY + links))
    deep = "<div>" * 100_000 + "深处" + "</div>" * 100_000
    serve(trap_server, trap, "deep.html", hanweb_article(f"另一局{REPORT_TITLE}", REPORT_BODY + deep))
    column = hostile_column("/report.html").replace(
        "</recordset>",
        f"<record><![CDATA[<li><a href='/deep.html' title='另一局{REPORT_TITLE}'>x</a></li>]]></record></recordset>",
    )
    serve(trap_server, trap, "", column.replace("totalRecord:1", "totalRecord:2"))

    database_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    started = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    stats = await run_crawl(
        database_url, trap_server.proxy_url, portals=[trap.name], portals_file=str(portals_file(tmp_path, [trap]))
    )
    elapsed = time.monotonic() - started

    assert stats["finish_reason"] == "finished"
    assert elapsed < 180, elapsed
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < max(before, 1024 * 1024) + 1024 * 1024  # KiB
    with Archive.open(database_url) as archive, archive.engine.connect() as conn:
        # every body kept byte-exact (the archive keeps what was published, whatever it is)
        for name, (body, _) in files.items():
            found = document_id(archive, trap.url(name))
            assert found is not None, name
            assert archive.body(archive.versions(found)[-1].version_id) == body, name
        warnings = dict(
            conn.execute(
                sa.text(
                    "SELECT d.url, e.warnings FROM document d JOIN version v ON v.document_id = d.id "
                    "JOIN extraction e ON e.version_id = v.id"
                )
            ).all()
        )
    # each hostile file: its extraction failed with the reason in the log and in the version's stored extraction,
    # and the failures are counted in the run the archive keeps (the body stays archived for a better extractor:
    # `nianbao reextract --stale` tries again once the extractor version changes)
    failures = {
        r.getMessage().split(" ")[2]: r.getMessage()
        for r in caplog.records
        if r.getMessage().startswith("extraction of ")
    }
    for name, reason in EXPECTED_REASONS.items():
        assert re.search(reason, failures.get(trap.url(name), "")), (name, failures.get(trap.url(name)))
        # ... and with its version in the archive: an extraction that found nothing and says why
        kept = str(warnings.get(trap.url(name)))
        assert "not read: " in kept and re.search(reason, kept), (name, kept)
    [run] = run_stats(archive)
    assert run["extraction_failed"] == len(files) and run["portal/hostile/extraction_failed"] == len(files)
    deep_warnings = str(warnings[trap.url("deep.html")])
    assert "nested deeper than 256 levels" in deep_warnings, deep_warnings
    assert trap.url("report.html") in warnings  # the report beside them was extracted
