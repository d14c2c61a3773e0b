"""Trap portals for the hostile-input crawls: hosts of their own, served by the replica proxy's faults.

A trap portal is a `generic` portal whose pages are `serve` and `redirect` faults armed on the real replica
server (replicas/faults.py), so the spider meets it over loopback through the proxy exactly like a county
portal. `portals_file` writes a TOML registry with the trap portals and, optionally, a real replica portal
copied from the bundled registry, so a test can show that the other portals complete.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from nianbao.archive import Archive
from nianbao.crawler.portals import load_portals
from nianbao.replicas import ReplicaServer
from tests.crawler.pages import REPORT_BODY, hanweb_article

REPORT_TITLE = "2025年政府信息公开工作年度报告"


@dataclass
class Trap:
    """One trap portal on `host` (www.<name>.gov.cn unless given)."""

    name: str
    options: dict[str, Any] = field(default_factory=dict)
    host: str = ""

    def __post_init__(self) -> None:
        self.host = self.host or f"www.{self.name}.gov.cn"

    @property
    def root(self) -> str:
        return f"http://{self.host}/"

    def url(self, path: str) -> str:
        return self.root + path.lstrip("/")

    def pattern(self, path: str = "") -> str:
        """A fault pattern for `path` on this host (a prefix; the whole host when empty)."""
        return "^" + re.escape(self.url(path))


def page(title: str, links: Iterable[tuple[str, str]] = (), body: str = "") -> str:
    anchors = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><h1>{title}</h1>"
        f"<ul>{anchors}</ul>{body}</body></html>"
    )


def serve(server: ReplicaServer, trap: Trap, path: str, html: str, *, exact: bool = True, **params: Any) -> None:
    """Serve `html` at `path` of the trap (exactly that URL unless exact=False: every URL under it)."""
    server.inject(trap.pattern(path) + ("$" if exact else ""), "serve", body=html, **params)


def portals_file(tmp_path: Path, traps: Iterable[Trap], real: Iterable[str] = ()) -> Path:
    """A portal registry with the traps and the named bundled portals (TOML; JSON strings are TOML strings)."""
    entries: list[str] = []
    for trap in traps:
        options = "".join(f"{k} = {json.dumps(v)}\n" for k, v in trap.options.items())
        entries.append(
            f'[[portal]]\nname = "{trap.name}"\nprovince = "测试省"\nplatform = "generic"\n'
            f'start_urls = ["{trap.root}"]\nallowed_domains = ["{trap.name}.gov.cn"]\n'
            + (f"[portal.options]\n{options}" if options else "")
        )
    for portal in load_portals():
        if portal.name in real:
            options = "".join(f"{k} = {json.dumps(v)}\n" for k, v in portal.options.items())
            entries.append(
                f'[[portal]]\nname = "{portal.name}"\nprovince = "{portal.province}"\n'
                f'platform = "{portal.platform}"\nstart_urls = {json.dumps(list(portal.start_urls))}\n'
                f"allowed_domains = {json.dumps(list(portal.allowed_domains))}\n"
                + (f"[portal.options]\n{options}" if options else "")
            )
    path = tmp_path / "portals.toml"
    path.write_text("\n".join(entries), encoding="utf-8")
    return path


def fetch_log(archive: Archive) -> list[Any]:
    """Every fetch record: url, outcome, error, status, size."""
    with archive.engine.connect() as conn:
        return list(conn.execute(sa.text("SELECT url, outcome, error, status, size FROM fetch_record ORDER BY id")))


def reasons(archive: Archive, outcome: str = "refused") -> dict[str, str]:
    """URL -> the reason logged, for the fetches with this outcome."""
    return {r.url: r.error or "" for r in fetch_log(archive) if r.outcome == outcome}


@contextmanager
def replica_server() -> Iterator[ReplicaServer]:
    """A replica server for a module of trap crawls (building the world once is the slow part)."""
    with ReplicaServer(port=0) as server:
        yield server


def fresh(server: ReplicaServer) -> ReplicaServer:
    """The module's server with no faults armed and an empty request log, for the next test."""
    server.clear_faults()
    server.clear_log()
    return server


def requested(server: ReplicaServer, host_part: str) -> list[str]:
    """URLs the replica proxy was asked for whose URL contains `host_part`."""
    return [r.url for r in server.requests() if host_part in r.url]


def allow_robots(server: ReplicaServer, *traps: Trap) -> None:
    """robots.txt for the trap hosts (unknown hosts answer 502, which Scrapy retries with backoff first)."""
    for trap in traps:
        serve(server, trap, "robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")


def report_with(trap: Trap, *files: str) -> str:
    """A report page on the trap linking `files` (paths) as its attachments."""
    links = "".join(f'<p><a href="/{f.lstrip("/")}">附件：{REPORT_TITLE}{i}</a></p>' for i, f in enumerate(files))
    return hanweb_article(REPORT_TITLE, REPORT_BODY + links)


def run_stats(archive: Archive) -> list[dict[str, Any]]:
    """The counts each crawl run stored when it finished (None for a run that never finished)."""
    with archive.engine.connect() as conn:
        found = [r.stats for r in conn.execute(sa.text("SELECT stats FROM crawl_run ORDER BY id"))]
    return [json.loads(s) if isinstance(s, str) else s for s in found]  # SQLite hands JSON back as text
