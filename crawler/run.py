"""Running a crawl from Python: what `nianbao crawl` and `nianbao demo` call.

    from nianbao.crawler.run import crawl, crawl_async
    outcome = crawl(portals=["wenshang"], database_url=None)         # blocking; once per process (Twisted)
    outcome = await crawl_async(portals=None, overrides={...})        # inside a running asyncio reactor

Portal names and the portal file are checked before anything starts, so a typo is a clear error
(`crawler.portals.PortalConfigError`) rather than a crawl of nothing. A caller that has loaded the portals
already (`nianbao crawl` does, to lock them) passes the `PortalConfig`s themselves: the file is read once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypedDict, Unpack

from scrapy import signals
from scrapy.crawler import AsyncCrawlerRunner, Crawler, CrawlerProcess
from scrapy.settings import Settings

from nianbao.crawler.platforms import platform_registry
from nianbao.crawler.portals import PortalConfig, load_portals, select
from nianbao.crawler.spiders.portals import PortalSpider

#: Settings that switch politeness off: for loopback replicas and benchmarks, never for real portals.
IMPOLITE: dict[str, Any] = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "RETRY_BACKOFF_BASE": 0.05,
}


@dataclass
class CrawlOutcome:
    """What a finished crawl counted (the `nianbao/…` stats), in total and per portal."""

    run_id: int | None
    portals: list[str]
    totals: dict[str, float] = field(default_factory=dict)
    by_portal: dict[str, dict[str, float]] = field(default_factory=dict)
    finish_reason: str = ""
    #: What discovery understood per portal (docs/discovery.md): {"platform": str, "columns": [{url, title,
    #: score, why}], "hosts": {host: page}} — from the stats under `nianbao/discovery/<portal>/…`.
    discovery: dict[str, dict[str, Any]] = field(default_factory=dict)


def crawl_settings(
    database_url: str | None = None, portals_file: str | None = None, overrides: Mapping[str, Any] | None = None
) -> Settings:
    settings = Settings()
    settings.setmodule("nianbao.crawler.settings", priority="project")
    if database_url:
        settings.set("NIANBAO_DATABASE_URL", database_url, priority="cmdline")
    if portals_file:
        settings.set("NIANBAO_PORTALS_FILE", portals_file, priority="cmdline")
    settings.setdict(dict(overrides or {}), priority="cmdline")
    return settings


#: Called with the crawl run's id as soon as the run exists (before anything is fetched).
RunStarted = Callable[[int], None]


class CrawlOptions(TypedDict, total=False):
    """What both ways of running a crawl take, all optional.

    portals: names to crawl, or their loaded configs (all configured ones when None); portals_file: a
    registry other than the bundled one; database_url: the archive (the default one when None); overrides:
    Scrapy settings; revisit_after: days before a known report is asked for again; on_run: see `RunStarted`.
    """

    portals: Sequence[str] | Sequence[PortalConfig] | None
    portals_file: str | None
    database_url: str | None
    overrides: Mapping[str, Any] | None
    revisit_after: float | None
    on_run: RunStarted | None


def configured_portals(
    names: Sequence[str] | None, portals_file: str | None = None, overrides: Mapping[str, Any] | None = None
) -> list[PortalConfig]:
    """The portals `names` (all when None) of the registry, each on a platform the crawl's settings know."""
    registry = platform_registry(crawl_settings(overrides=overrides))
    return select(load_portals(portals_file, registry), names)


def _prepare(options: CrawlOptions) -> tuple[Settings, dict[str, Any]]:
    """The settings and the spider arguments of a crawl; unknown portal names fail here, before any start."""
    portals_file, overrides = options.get("portals_file"), options.get("overrides")
    given = list(options.get("portals") or [])
    configs = [p for p in given if isinstance(p, PortalConfig)]
    if not given or len(configs) < len(given):
        names = [p.name if isinstance(p, PortalConfig) else p for p in given]
        configs = configured_portals(names, portals_file, overrides)
    args: dict[str, Any] = {"portals": configs, "portals_file": portals_file}
    if options.get("revisit_after") is not None:
        args["revisit_after"] = options["revisit_after"]
    return crawl_settings(options.get("database_url"), portals_file, overrides), args


async def crawl_async(**options: Unpack[CrawlOptions]) -> CrawlOutcome:
    """Crawl inside a running asyncio reactor (tests, `nianbao demo`)."""
    settings, args = _prepare(options)
    crawler = AsyncCrawlerRunner(settings).create_crawler(PortalSpider)
    _notify_run(crawler, options.get("on_run"))
    await crawler.crawl_async(**args)
    return outcome_of(crawler)


def crawl(**options: Unpack[CrawlOptions]) -> CrawlOutcome:
    """Blocking crawl in a fresh CrawlerProcess (Twisted allows one per process)."""
    settings, args = _prepare(options)
    # Scrapy installs its root log handler by its LOG_INSTALL_ROOT_HANDLER setting (on by default).
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(PortalSpider)
    _notify_run(crawler, options.get("on_run"))
    process.crawl(crawler, **args)
    process.start()
    return outcome_of(crawler)


def _notify_run(crawler: Crawler, on_run: RunStarted | None) -> None:
    """Hand the run id to `on_run` once the archive pipeline has started the run.

    `nianbao crawl` names the run in its portal locks this way, so a run killed later is recognised as
    dead — and its crawl_runs row closed — when another run takes its stale locks over.
    """
    if on_run is None:
        return

    def opened(spider: PortalSpider) -> None:
        if spider.run_id is not None:  # None only when no archive pipeline runs (a bare spider)
            on_run(spider.run_id)

    crawler.signals.connect(opened, signal=signals.spider_opened, weak=False)


def outcome_of(crawler: Crawler) -> CrawlOutcome:
    stats = crawler.stats.get_stats() if crawler.stats else {}
    spider = crawler.spider
    outcome = CrawlOutcome(
        run_id=getattr(spider, "run_id", None),
        portals=list(getattr(spider, "portals", {}) or []),
        finish_reason=str(stats.get("finish_reason", "")),
    )
    for key, value in stats.items():
        if key.startswith("nianbao/discovery/") and key.count("/") == 3:
            _, _, portal, what = key.split("/")
            outcome.discovery.setdefault(portal, {})[what] = value
            continue
        if not key.startswith("nianbao/") or not isinstance(value, int | float):
            continue
        name = key.removeprefix("nianbao/")
        if name.startswith("portal/"):
            _, portal, what = name.split("/", 2)
            outcome.by_portal.setdefault(portal, {})[what] = value
        else:
            outcome.totals[name] = value
    return outcome
