"""`nianbao dispatch`: schedule tonight's crawl as portal shards on Scrapyd nodes (docs/scale-out.md)."""

from __future__ import annotations

import argparse
import importlib.util

from nianbao.cli import usage_error
from nianbao.cli.options import parse_settings
from nianbao.errors import CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "dispatch",
        help="schedule the crawl as portal shards on Scrapyd nodes",
        description="Split the portals into shards (portals sharing a host stay together) and schedule one "
        "Scrapyd job per shard, dealt round the nodes. Each job takes the portal locks in the archive, so a "
        "portal still being crawled elsewhere is skipped by the job, not crawled twice.",
    )
    parser.add_argument("--node", action="append", required=True, metavar="URL",
                        help="a Scrapyd node, e.g. http://crawler-1:6800 (repeat for each node)")
    parser.add_argument("--portal", action="append", default=[], metavar="NAME", help="only these portals")
    parser.add_argument("--portals", metavar="FILE", help="a portal file, at the same path on every node")
    # crawler.scaleout.dispatch.SHARDS_PER_NODE, spelled out so that the parser needs no crawler import
    # (tests/cli/test_startup.py holds the two equal).
    parser.add_argument("--shards", type=int, metavar="N", help="number of jobs (default: 4 per node)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a Scrapy setting for every job")
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from nianbao.crawler.portals import PortalConfigError, load_portals, select
    from nianbao.crawler.scaleout.dispatch import dispatch

    if args.shards is not None and args.shards < 1:
        raise usage_error("--shards must be at least 1")
    settings = parse_settings(args.set)
    _require_scaleout()
    import requests
    from scrapyd_client.exceptions import ErrorResponse, MalformedResponse

    try:
        registry = load_portals(args.portals)
    except PortalConfigError as err:
        raise CommandError(str(err)) from err
    try:
        portals = select(registry, args.portal)
    except PortalConfigError as err:
        raise usage_error(str(err)) from err
    try:
        jobs = dispatch(args.node, portals, args.shards, portals_file=args.portals, settings=settings)
    except (requests.RequestException, ErrorResponse, MalformedResponse) as err:
        raise CommandError(f"scheduling on Scrapyd failed: {err}") from err
    for job in jobs:
        print(f"{job.node}\t{job.job_id}\t{','.join(job.portals)}")
    print(f"{len(jobs)} jobs for {sum(len(j.portals) for j in jobs)} portals on {len(set(args.node))} nodes")
    return 0


def _require_scaleout() -> None:
    """Scrapyd's client is the `scaleout` extra: without it, say how to get it instead of a traceback."""
    if importlib.util.find_spec("scrapyd_client") is None:
        raise CommandError(
            "nianbao dispatch needs the scale-out extra (Scrapyd's client): pip install 'nianbao[scaleout]'"
        )
