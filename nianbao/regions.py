"""The regions of the portals, and the portals of a region: the configured ones and the registry's.

Reports are grouped by region when their text names none (`regions_of`). `nianbao portals` and
`nianbao crawl --region` need the other direction: every portal of a region, the configured ones (a portal
file) and those of the registry (nianbao.registry) whose home page no configured portal covers already. A
registry unit becomes a portal on the generic platform with its home page as its only start URL; its name is
derived from the host over the whole registry (configured names taken first), so it is the same whichever
region it is chosen by — the archive keeps every document under its portal's name.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from nianbao.crawler.portals import (
    DEFAULT_PLATFORM,
    PortalConfig,
    PortalConfigError,
    derived_name,
    load_portals,
)
from nianbao.errors import CommandError
from nianbao.registry.counties import Unit, load_units, scope, unit_for

PortalRegion = tuple[str, str | None, str | None, str | None]


def regions_of(portals: Iterable[PortalConfig]) -> list[PortalRegion]:
    """(name, province, city, county) of each portal, as `archive.annual.refresh` takes them."""
    return [(p.name, p.province, p.city, p.county) for p in portals]


def portal_regions(path: str | Path | None = None) -> list[PortalRegion]:
    """The regions of the portals in `path` (the bundled file when None); a bad file is a clear error."""
    try:
        return regions_of(load_portals(path))
    except PortalConfigError as err:
        raise CommandError(str(err)) from err


@dataclass(frozen=True)
class KnownPortal:
    """A portal as `nianbao portals` shows it: its config (None for a registry unit without a home page), the
    registry unit on its domain (None when the registry has none), and where the entry came from."""

    config: PortalConfig | None
    unit: Unit | None
    source: str  # "config" (a portal file) or "registry"

    @property
    def name(self) -> str:
        return self.config.name if self.config else ""

    @property
    def home_page(self) -> str:
        return self.config.start_urls[0] if self.config else ""

    @property
    def domain(self) -> str:
        return self.config.domain if self.config else ""

    def matches(self, region: str) -> bool:
        """`region` is the portal's province, city or county, or a prefix of its registry unit's code."""
        if self.unit is not None and self.unit.matches(region):
            return True
        config = self.config
        return config is not None and region.strip() in (config.province, config.city, config.county)


def known_portals(
    portals_file: str | Path | None = None, platforms: Collection[str] | None = None
) -> list[KnownPortal]:
    """The configured portals, then the registry's other units: each with its own portal when it has a home page
    no portal covers yet, with the portal covering it (a configured one, or the same government's other row:
    东莞市 is a city and its own county-level unit), or bare (`config=None`) when no source gave it one."""
    configured = load_portals(portals_file, platforms)
    known = [KnownPortal(p, unit_for(p.start_urls[0]), "config") for p in configured]
    covering = {p.domain: known[i] for i, p in enumerate(configured)}
    taken = {p.name for p in configured}
    for unit in load_units():
        if unit.home_page is None:
            known.append(KnownPortal(None, unit, "registry"))
            continue
        where = scope(unit.home_page)
        if where in covering:
            cover = covering[where]
            if cover.unit != unit:
                known.append(KnownPortal(cover.config, unit, cover.source))
            continue
        name = derived_name(unit.home_page, taken)
        taken.add(name)
        config = PortalConfig(
            name=name,
            province=unit.province,
            platform=DEFAULT_PLATFORM,
            start_urls=(unit.home_page,),
            allowed_domains=(where,),
            city=unit.city,
            county=unit.county,
        )
        covering[where] = KnownPortal(config, unit, "registry")
        known.append(covering[where])
    return known


def in_region(known: Iterable[KnownPortal], region: str | None) -> list[KnownPortal]:
    """The portals `region` matches (all when None); a region nothing matches is a clear error."""
    chosen = [k for k in known if region is None or k.matches(region)]
    if not chosen:
        raise PortalConfigError(
            f"no portal or registry unit in region {region!r}: give a province, city or county name as the "
            "registry spells it (山东省, 济宁市, 汶上县) or a prefix of its 6-digit code (37, 3708)"
        )
    return chosen


def region_portals(
    region: str, portals_file: str | Path | None = None, platforms: Collection[str] | None = None
) -> list[PortalConfig]:
    """Every portal of `region` that has a home page to start from, configured ones first, each once."""
    chosen = in_region(known_portals(portals_file, platforms), region)
    return list({k.config.name: k.config for k in chosen if k.config is not None}.values())
