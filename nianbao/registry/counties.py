"""Reading the bundled registry (counties.csv): the units, their home pages, and where each came from.

The file is data a maintainer rebuilds with `python -m nianbao.registry.build` from the public sources it cites
row by row; this module only reads it. A row without `home_page` is a unit no public source gave an address
for: listed, never crawled, and never given a guessed URL.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from nianbao.registry.domains import host_of, registrable_domain

BUNDLED = "counties.csv"
LEVELS = ("province", "city", "county", "zone")


@dataclass(frozen=True)
class Unit:
    """One government of the registry: a province, a city, a county-level unit, or a 功能区 (`zone`)."""

    adcode: str
    level: str
    province: str
    city: str | None
    county: str | None
    home_page: str | None
    home_page_source: str
    unit_source: str
    note: str = ""

    @property
    def name(self) -> str:
        """The unit's own name (the county's, the city's, or the province's)."""
        return self.county or self.city or self.province

    @property
    def domain(self) -> str:
        """The registrable domain of the home page ("" without one)."""
        return registrable_domain(self.home_page) if self.home_page else ""

    def matches(self, region: str) -> bool:
        """Whether `region` names this unit or one it lies in: a province, city or county name, or a prefix
        of the 6-digit code (`37` Shandong, `3708` 济宁, `370830` 汶上)."""
        region = region.strip()
        if region.isdigit():
            return self.adcode.startswith(region)
        return region in (self.province, self.city, self.county)


@functools.cache
def load_units() -> tuple[Unit, ...]:
    """Every unit of the bundled registry, in the file's order (by province, then code)."""
    text = resources.files(__package__).joinpath(BUNDLED).read_text(encoding="utf-8")
    return tuple(_unit(row) for row in csv.DictReader(text.splitlines()))


def in_region(region: str, units: Iterable[Unit] | None = None) -> list[Unit]:
    """The units `region` matches (see `Unit.matches`)."""
    return [u for u in (load_units() if units is None else units) if u.matches(region)]


@functools.cache
def _index() -> tuple[dict[str, Unit], dict[str, Unit], frozenset[str]]:
    """(host -> unit, registrable domain -> unit, the domains several units' home pages share)."""
    hosts: dict[str, list[Unit]] = {}
    domains: dict[str, list[Unit]] = {}
    for unit in load_units():
        if unit.home_page:
            hosts.setdefault(host_of(unit.home_page), []).append(unit)
            if unit.domain:
                domains.setdefault(unit.domain, []).append(unit)
    # a host or domain units of different names share says nothing about which one a portal on it belongs to
    by_host = {h: units[0] for h, units in hosts.items() if len({u.name for u in units}) == 1}
    by_domain = {d: units[0] for d, units in domains.items() if len({u.name for u in units}) == 1}
    shared = frozenset(d for d, units in domains.items() if len({u.name for u in units}) > 1)
    return by_host, by_domain, shared


def unit_for(url: str) -> Unit | None:
    """The unit whose home page is on the host of `url`, else the one whose home page is on its registrable
    domain — when exactly one unit (by name) is."""
    by_host, by_domain, _ = _index()
    host = host_of(url) if "//" in url else url.lower()
    return by_host.get(host) or by_domain.get(registrable_domain(host))


def scope(url: str) -> str:
    """The hosts a portal starting at `url` may crawl, as one domain: its registrable domain, or its host where
    the registry has units of several governments on that domain (a city's `tangshan.gov.cn` whose counties are
    `lunan.tangshan.gov.cn` …: a county portal must not wander into its city's and siblings' sites)."""
    host = host_of(url) if "//" in url else url.lower()
    domain = registrable_domain(host)
    if not domain:
        return host
    return host if domain in _index()[2] else domain


def _unit(row: dict[str, str]) -> Unit:
    if row["level"] not in LEVELS or len(row["adcode"]) != 6 or not row["adcode"].isdigit():
        raise ValueError(f"{BUNDLED}: bad row {row}")
    return Unit(
        adcode=row["adcode"],
        level=row["level"],
        province=row["province"],
        city=row["city"] or None,
        county=row["county"] or None,
        home_page=row["home_page"] or None,
        home_page_source=row["home_page_source"],
        unit_source=row["unit_source"],
        note=row["note"],
    )
