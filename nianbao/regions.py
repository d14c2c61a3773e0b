"""The regions of the configured portals, for grouping annual reports when a report's text names none."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from nianbao.crawler.portals import PortalConfig, PortalConfigError, load_portals
from nianbao.errors import CommandError

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
