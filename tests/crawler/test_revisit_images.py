"""A table picture replaced under the same URL, below a report page that did not change (it answers 304): the
revisit asks for the page's pictures too, stores the new one, and reads the page again with it (OCR).

The portal is narrowed to that one report, so only its page is extracted (OCR is slow): the first crawl
starts on the report page itself, the second on the home page without following its lists, so the page
comes back only as a known document due for its revisit, the way a weekly revisit asks for it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from nianbao.archive import Archive
from nianbao.archive.database import reading
from nianbao.archive.reextract import stored_bundle
from nianbao.replicas import ReplicaServer
from tests.crawler.crawling import document_id, manifest, rows, run_crawl

PORTAL = "wenshang"  # Hanweb: articles whose tables are pictures, no browser needed


def _portal_file(path: Path, start: str, max_depth: int = 6) -> str:
    path.write_text(
        f'[[portal]]\nname = "{PORTAL}"\nprovince = "山东省"\nplatform = "generic"\nstart_urls = ["{start}"]\n'
        f'allowed_domains = ["www.wenshang.gov.cn"]\n[portal.options]\nmax_depth = {max_depth}\n',
        encoding="utf-8",
    )
    return str(path)


def _table3(archive: Archive, document: int) -> dict[str, float]:
    cells = rows(
        archive, "SELECT cell_key, value FROM report_cells WHERE document_id = :d AND cell_key LIKE 't3.%'", d=document
    )
    return {c.cell_key: c.value for c in cells}


def _agreement(found: dict[str, float], truth: dict[str, float]) -> float:
    keys = [k for k in truth if k.startswith("t3.")]
    return sum(found.get(k) == truth[k] for k in keys) / len(keys)


@pytest.mark.slow
@deferred_f_from_coro_f
async def test_a_picture_replaced_under_an_unchanged_page_is_fetched_and_the_page_read_again(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    with ReplicaServer(port=0) as server:
        report = next(m for m in manifest(server) if m["portal"] == PORTAL and m["form"] == "images" and not m["seed"])
        first = _portal_file(tmp_path / "first.toml", report["page_url"])
        await run_crawl(database_url, server.proxy_url, portals_file=first)
        archive = Archive.open(database_url)
        page = document_id(archive, report["page_url"])
        assert page is not None
        before = _table3(archive, page)
        assert _agreement(before, report["truth"]) >= 0.95  # table 3 read from its picture

        corrected = server.change_image(report["report_id"], 1)  # the picture of table 3
        server.clear_log()
        home = _portal_file(tmp_path / "second.toml", "http://www.wenshang.gov.cn/index.html", max_depth=0)
        stats = await run_crawl(database_url, server.proxy_url, portals_file=home, revisit_after=0)
        asked = {r.url: r.status for r in server.requests()}

    picture = report["image_urls"][1]
    assert asked[report["page_url"]] == 304  # the page is unchanged …
    assert asked[picture] == 200  # … its corrected picture is fetched, the others confirmed
    assert [asked[u] for u in report["image_urls"] if u != picture] == [304] * (len(report["image_urls"]) - 1)
    assert len(archive.versions(page)) == 1
    assert len(archive.versions(document_id(archive, picture))) == 2

    # `nianbao reextract` rebuilds the same input from the archive: the page with the corrected picture
    with archive.engine.connect() as conn:
        rebuilt = stored_bundle(reading(conn), archive.version_id(page))
    newest = archive.body(archive.version_id(document_id(archive, picture)))
    assert rebuilt.resource(picture) is not None and rebuilt.resource(picture).body == newest

    after = _table3(archive, page)
    assert after != before
    assert _agreement(after, corrected.truth) >= 0.95  # the page's extraction reads the new picture
    assert stats.get("nianbao/extracted", 0) == 1  # that page alone was read again
    assert stats.get("nianbao/versions_new", stats.get("nianbao/new_version", 0)) in (0, 1)
    archive.close()
