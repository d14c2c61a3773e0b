"""Offline replicas of the county portals (synthetic data, said so on every page), served behind one loopback
HTTP proxy under the portals' real host names.

    from nianbao.replicas import ReplicaServer
    with ReplicaServer(port=0) as server:
        os.environ["http_proxy"] = server.proxy_url
        server.manifest()        # every report held: URLs, agency, year, truth of its numbers
"""

from __future__ import annotations

from typing import Any

from nianbao.replicas.server import ADMIN_HOST, ReplicaServer, RequestRecord
from nianbao.replicas.site import ManifestEntry

__all__ = ["ADMIN_HOST", "ManifestEntry", "ReplicaServer", "RequestRecord", "manifest"]


def manifest(seed: int = 2026, **options: Any) -> list[ManifestEntry]:
    """Every report the replicas hold, without starting a server."""
    from nianbao.replicas.world import World

    return World(seed=seed, **options).manifest()
