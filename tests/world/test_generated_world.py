"""The generated world (replicas.generated) serves what its manifest says: one portal per platform family on a
dev seed, every report's document answering 200 with bytes that extract to its truth (a sample of every
family, format and template), every column linked from its parent page and every report row present on the
list page or data call the manifest names — the ground the crawl-recall measurement stands on."""

from __future__ import annotations

import base64
import collections
import html
import json
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from nianbao.extractor import extract
from nianbao.extractor.bundle import Bundle
from nianbao.replicas.generated import DEV_SEEDS, HELDOUT_SEEDS, GeneratedWorld
from nianbao.replicas.generated.families import FAMILIES
from nianbao.replicas.generated.names import BUNDLED_HOSTS
from nianbao.replicas.generated.pages import relative
from nianbao.replicas.generated.score import portals_toml
from nianbao.replicas.server import ReplicaServer
from nianbao.replicas.web import SYNTHETIC_NOTE
from tests.replicas.client import fetch

SMALL = 12  # the nine families once, and three more


@pytest.fixture(scope="module")
def world() -> GeneratedWorld:
    return GeneratedWorld(portals=SMALL, world_seed=DEV_SEEDS[0])


@pytest.fixture(scope="module")
def server(world: GeneratedWorld) -> Iterator[ReplicaServer]:
    with ReplicaServer(port=0, world=world) as srv:
        yield srv


def _get(server: ReplicaServer, url: str, **kw: object):
    return fetch(server.port, url, **kw)  # type: ignore[arg-type]


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("gb18030")


def _mentions(text: str, url: str, page: str) -> bool:
    """Whether a page links `url` in any of the forms portals use (absolute, site path, ../-relative)."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    text = html.unescape(text)
    for blob in re.findall(r"atob\('([A-Za-z0-9+/=]+)'\)", text):  # the browser-only lists' encoded rows
        text += json.dumps(json.loads(base64.b64decode(blob)), ensure_ascii=False)
    return any(form in text for form in (url, path, relative(page, url)))


def test_a_world_is_a_pure_function_of_its_seed_and_a_prefix_of_a_bigger_one() -> None:
    small = GeneratedWorld(portals=SMALL, world_seed=DEV_SEEDS[1], office=False)
    big = GeneratedWorld(portals=SMALL + 8, world_seed=DEV_SEEDS[1], office=False)
    again = GeneratedWorld(portals=SMALL, world_seed=DEV_SEEDS[1], office=False)
    key = [(e.report_id, e.document_url, e.truth) for e in small.manifest()]
    assert key == [(e.report_id, e.document_url, e.truth) for e in again.manifest()]
    assert key == [(e.report_id, e.document_url, e.truth) for e in big.manifest()][: len(key)]
    other = GeneratedWorld(portals=SMALL, world_seed=HELDOUT_SEEDS[0], office=False)
    assert {p.host for p in other.portals}.isdisjoint({p.host for p in small.portals}) or key != [
        (e.report_id, e.document_url, e.truth) for e in other.manifest()
    ]
    assert not set(DEV_SEEDS) & set(HELDOUT_SEEDS)


def test_three_hundred_portals_span_the_families_years_and_shapes_the_issue_names() -> None:
    world = GeneratedWorld(portals=300, world_seed=DEV_SEEDS[0], office=False)
    portals = world.portals
    assert len(portals) == 300 and len({p.host for p in portals}) == 300
    assert not BUNDLED_HOSTS & set(world.hosts)
    assert all(re.fullmatch(r"www\.[a-z]+\.gov\.cn", p.host) for p in portals)
    assert {p.family for p in portals} == set(FAMILIES) and len(FAMILIES) >= 8
    assert {p.depth for p in portals} == {1, 2, 3, 4, 5}
    assert {p.list_mode for p in portals} == {"html", "json", "json_post", "browser"}
    assert {p.encoding for p in portals} == {"utf-8", "utf-8-nohdr", "gbk"}
    assert {p.link_style for p in portals} >= {"abs", "full", "rel", "onclick"}
    assert any(p.year_tabs for p in portals) and any(p.zwgk_host != p.host for p in portals)
    reports = [r for p in portals for r in p.reports]
    assert {r.year for r in reports} == set(range(2008, 2026))
    assert {r.fmt for r in reports} == {"html", "docx"}  # office=False: PDF/DOC/WPS published as DOCX
    assert any(r.direct for r in reports) and any(r.servlet for r in reports)
    assert all(p.noise for p in portals)
    toml = portals_toml(world)
    assert toml.count("[[portal]]") == 300 and "platform" not in toml and "allowed_domains" not in toml


@pytest.mark.slow  # the world's fixture converts its PDF/DOC/WPS files with LibreOffice on a clean cache
def test_every_column_is_linked_from_its_parent_and_every_report_row_where_the_manifest_says(
    world: GeneratedWorld, server: ReplicaServer
) -> None:
    for p in world.portals:
        home = _get(server, p.home)
        assert home.status == 200, p.home
        assert SYNTHETIC_NOTE in _text(home.body)
        assert ("charset" in home.headers["content-type"]) == (p.encoding == "utf-8"), p.name  # GBK: no header
        pages = {p.home: _text(home.body)}
        parents = [(p.home, c) for c in p.nav]
        while parents:
            parent_url, col = parents.pop()
            assert _mentions(pages[parent_url], col.url, parent_url), (p.name, parent_url, col.url)
            reply = _get(server, col.url)
            assert reply.status == 200, col.url
            pages[col.url] = _text(reply.body)
            parents += [(col.url, child) for child in col.children]
        for r in p.reports:
            for where in r.listed_at:
                target = r.file_url if r.direct and r.file_url else r.page_url
                if "/api/front/list" in where:  # the POSTed JSON list: ask page by page as the page's script does
                    col = next(c for c in p.columns if any(row.report is r for row in c.rows))
                    asked = [
                        {"columnId": col.urls.cid, "pageIndex": k, "pageSize": col.size}
                        for k in range(1, col.pages + 1)
                    ]
                    answers = [
                        _get(
                            server,
                            where,
                            method="POST",
                            body=json.dumps(a).encode(),
                            headers={"Content-Type": "application/json"},
                        )
                        for a in asked
                    ]
                    assert {a.status for a in answers} == {200}
                    assert target in {x["linkUrl"] for a in answers for x in a.json()["data"]["list"]}, r.report_id
                    continue
                listed = _get(server, where)
                assert listed.status == 200, where
                assert _mentions(_text(listed.body), target, where), (r.report_id, where)


@pytest.mark.slow
def test_every_report_answers_and_a_sample_of_each_shape_extracts_to_its_truth(
    world: GeneratedWorld, server: ReplicaServer
) -> None:
    family = {p.name: p.family for p in world.portals}
    sample: dict[tuple[str, ...], object] = {}
    for e in world.manifest():
        for url in {e.page_url, e.document_url, *e.attachment_urls}:
            reply = _get(server, url)
            assert reply.status == 200, (e.report_id, url)
            if (url == e.page_url and e.format == "html") or "html" in reply.headers.get("content-type", ""):
                assert SYNTHETIC_NOTE in _text(reply.body)
        planned = world.reports[e.report_id][1]
        if planned.servlet:  # a download servlet names the file only in Content-Disposition
            reply = _get(server, e.document_url)
            assert "filename*=UTF-8''" in reply.headers.get("content-disposition", ""), e.document_url
        sample.setdefault(("format", e.format, str(e.template == "prose")), e)
        sample.setdefault(("family", family[e.portal]), e)
    assert len(sample) >= 12
    misread = {}
    for e in sample.values():
        reply = _get(server, e.document_url)  # type: ignore[attr-defined]
        report = extract(Bundle(reply.body, reply.headers.get("content-type"), e.document_url, reply.headers))  # type: ignore[attr-defined]
        wrong = [k for k, v in e.truth.items() if report.value(k) is None or abs(report.value(k) - v) > 1e-9]  # type: ignore[attr-defined]
        if report.year != e.year or wrong:  # type: ignore[attr-defined]
            misread[e.report_id] = (e.format, report.year, wrong[:3])  # type: ignore[attr-defined]
    assert misread == {}
    counts = collections.Counter(e.format for e in world.manifest())
    assert set(counts) >= {"html", "docx"}
