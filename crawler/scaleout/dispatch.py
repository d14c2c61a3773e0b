"""Scheduling the night's crawl on Scrapyd nodes: one job per shard, the shards dealt round the nodes.

Scrapyd is the queue (each node keeps its pending jobs in its own SQLite queue and runs at most `max_proc`
at a time); this module only decides what goes where and posts `schedule.json` through scrapyd-client.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nianbao.crawler.portals import PortalConfig
from nianbao.crawler.scaleout.shards import shard

if TYPE_CHECKING:  # scrapyd-client is the `scaleout` extra: imported only when a job is scheduled
    from scrapyd_client.pyclient import ScrapydClient

PROJECT = "nianbao"
SPIDER = "portals"
#: Jobs per node by default: more, smaller jobs even out the nodes when one shard turns out slow.
SHARDS_PER_NODE = 4


@dataclass(frozen=True)
class Job:
    node: str
    job_id: str
    portals: tuple[str, ...]


def dispatch(nodes: Sequence[str], portals: Sequence[PortalConfig], shards: int | None = None, *,
             portals_file: str | None = None, settings: Mapping[str, str] | None = None,
             project: str = PROJECT, client: Callable[[str], ScrapydClient] | None = None) -> list[Job]:
    """Schedule one job per shard of `portals` over `nodes` (Scrapyd URLs); returns the jobs scheduled.

    `settings` are Scrapy settings for every job (`-s NAME=VALUE`); `portals_file` must be readable at the
    same path on every node.
    """
    if not nodes:
        raise ValueError("no Scrapyd node given")
    if client is None:
        from scrapyd_client.pyclient import ScrapydClient as client
    parts = shard(portals, shards or SHARDS_PER_NODE * len(nodes))
    clients = {node: client(node.rstrip("/")) for node in nodes}
    jobs = []
    for index, names in enumerate(parts):
        node = nodes[index % len(nodes)]
        args = [("portals", ",".join(names))]
        if portals_file:
            args.append(("portals_file", portals_file))
        args += [("setting", f"{name}={value}") for name, value in (settings or {}).items()]
        job_id = clients[node].schedule(project, SPIDER, args)
        jobs.append(Job(node, job_id, tuple(names)))
    return jobs
