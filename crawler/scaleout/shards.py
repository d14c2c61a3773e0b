"""Portals into shards, one Scrapyd job each, so that no host is ever crawled by two jobs at once.

Scrapy's politeness (requests per domain, download delay, AutoThrottle) lives in one process. Portals that
share a host — a city's platform serving several counties, a county portal and its departments on one
server — therefore go to the same shard; the portal lock (archive.locks) keeps two jobs off one portal, and
this grouping keeps two jobs off one host. Groups are then packed into the fewest-loaded shard, largest first,
which balances shards by portal count (a portal's size is not known before it is crawled).
"""

from __future__ import annotations

from collections.abc import Iterable

from nianbao.crawler.portals import PortalConfig


def host_groups(portals: Iterable[PortalConfig]) -> list[list[PortalConfig]]:
    """Portals grouped so that two portals sharing an allowed domain (or one's subdomain) are together."""
    portals = list(portals)
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    domains = {_host(d) for p in portals for d in p.allowed_domains}
    for portal in portals:
        for domain in portal.allowed_domains:
            union(f"portal:{portal.name}", f"domain:{_host(domain)}")
    for domain in domains:  # a configured domain joins every configured domain it is a subdomain of
        labels = domain.split(".")
        for i in range(1, len(labels) - 1):
            suffix = ".".join(labels[i:])
            if suffix in domains:
                union(f"domain:{domain}", f"domain:{suffix}")
    groups: dict[str, list[PortalConfig]] = {}
    for portal in portals:
        groups.setdefault(find(f"portal:{portal.name}"), []).append(portal)
    return sorted((sorted(g, key=lambda p: p.name) for g in groups.values()), key=lambda g: g[0].name)


def shard(portals: Iterable[PortalConfig], count: int) -> list[list[str]]:
    """At most `count` shards of portal names (no empty ones), host groups kept whole, deterministic."""
    if count < 1:
        raise ValueError("the number of shards must be at least 1")
    groups = sorted(host_groups(portals), key=lambda g: (-len(g), g[0].name))
    shards: list[list[str]] = [[] for _ in range(count)]
    for group in groups:
        smallest = min(range(count), key=lambda i: (len(shards[i]), i))
        shards[smallest].extend(p.name for p in group)
    return [sorted(s) for s in shards if s]


def _host(domain: str) -> str:
    domain = domain.strip().lower().rstrip(".")
    return domain.removeprefix("www.")
