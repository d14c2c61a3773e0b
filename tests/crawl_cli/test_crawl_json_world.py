"""`nianbao crawl --json` on generated portals (a dev world seed), from their home pages alone, as a user runs it:
what discovery understood per portal is in the JSON (platform, report columns with score and why, the city's
集约化 host the county's navigation led to); reports behind download servlets are archived as their pages'
attachments; and Chromium, rendering a browser-only list, asks the world for nothing but the portals' pages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from nianbao.replicas.generated import DEV_SEEDS
from nianbao.replicas.generated.score import CRAWL_SETTINGS, portals_toml
from nianbao.replicas.generated.world import GeneratedWorld
from nianbao.replicas.server import ReplicaServer

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _behind_servlets(portal: Any) -> list[Any]:
    """The portal's reports whose file sits behind a download servlet, linked from their pages."""
    return [r for r in portal.reports if r.servlet and not r.direct]


def _chosen(world: GeneratedWorld) -> dict[str, Any]:
    """Three portals by what they show (never by index): a county whose 政务公开 lives on its city's platform,
    a .do site whose reports sit behind `download.do?fileId=` on their pages, a list drawn only in a browser."""
    return {
        "city_host": next(p for p in world.portals if p.zwgk_host != p.host and _behind_servlets(p)),
        "servlets": next(p for p in world.portals if p.family == "action" and len(_behind_servlets(p)) >= 2),
        "browser": next(p for p in world.portals if p.list_mode == "browser"),
    }


def test_crawl_json_on_generated_portals(tmp_path: Path) -> None:
    world = GeneratedWorld(portals=24, world_seed=DEV_SEEDS[0], office=False)
    chosen = _chosen(world)
    names = [p.name for p in chosen.values()]
    portals = tmp_path / "portals.toml"
    portals.write_text(portals_toml(world), encoding="utf-8")
    database_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    settings = [a for k, v in CRAWL_SETTINGS.items() for a in ("--set", f"{k}={v}")]
    with ReplicaServer(port=0, world=world) as server:
        env = {**os.environ, "http_proxy": server.proxy_url, "HTTP_PROXY": server.proxy_url,
               "NIANBAO_DATABASE_URL": database_url}
        env.pop("https_proxy", None)
        done = subprocess.run(
            [sys.executable, "-m", "nianbao", "crawl", "--portals", str(portals), "--json", *settings,
             *(a for n in names for a in ("--portal", n))],
            env=env, capture_output=True, text=True, timeout=900,
        )
        asked = [r.url for r in server.requests()]
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads(done.stdout)
    by_name = {p["portal"]: p for p in summary["portals"]}
    assert sorted(by_name) == sorted(names) and summary["exit"] == 0

    # what discovery understood, per portal: platform, the report columns taken and why, other hosts
    for portal in chosen.values():
        found = by_name[portal.name]["discovery"]
        assert found["platform"], portal
        assert found["columns"], portal
        for column in found["columns"]:
            assert column["why"] and column["title"] and isinstance(column["score"], int)
            assert urlsplit(column["url"]).hostname in {portal.host, portal.zwgk_host}
    city = chosen["city_host"]
    hosts = by_name[city.name]["discovery"]["hosts"]
    assert list(hosts) == [city.zwgk_host]
    assert urlsplit(hosts[city.zwgk_host]).hostname == city.host

    engine = sa.create_engine(database_url)
    with engine.connect() as conn:
        docs = {r.url: r for r in conn.execute(sa.text(
            "SELECT document_id, url, kind, parent_document_id FROM documents"))}
    engine.dispose()
    # every report of the three found, the browser-only list's too (Chromium drew it)
    missed = [m.document_url for m in world.manifest() if m.portal in names and m.document_url not in docs]
    assert missed == []
    # a report behind a download servlet is its page's attachment, on the city's platform too
    for portal in (chosen["servlets"], city):
        for r in _behind_servlets(portal):
            file, page = docs[r.file_url], docs[r.page_url]
            assert (file.kind, file.parent_document_id) == ("attachment", page.document_id), r.file_url

    # Chromium's own calls (Google sign-in, updates) never reached the proxy the world counts pages on
    world_hosts = set(world.hosts)
    foreign = [u for u in asked if urlsplit(u if "://" in u else f"//{u}").hostname not in world_hosts]
    assert foreign == []
    assert sum(p["pages"] for p in summary["portals"]) <= len(asked)
