"""The portal registry: which portals to crawl, on which platform, from where.

Portals are configuration, not code (interfaces.md): a TOML file bundled with the package, or one of the
user's own via `--portals FILE`. The loader is strict — an unknown key, a missing field or a start URL outside
the allowed domains is reported with the file and entry it came from, because a typo in a nightly crawl's
config otherwise surfaces weeks later as a portal that silently stopped being crawled.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from nianbao.crawler import settings as project

BUNDLED = "portals.toml"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_REQUIRED = ("name", "province", "platform", "start_urls", "allowed_domains")
_OPTIONAL = ("title", "city", "county", "options")


class PortalConfigError(ValueError):
    """The portal file cannot be used as written; the message names the file, entry and field."""


@dataclass(frozen=True)
class PortalConfig:
    """One configured portal."""

    name: str
    province: str
    platform: str
    start_urls: tuple[str, ...]
    allowed_domains: tuple[str, ...]
    title: str = ""
    city: str | None = None
    county: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def region(self) -> str:
        """The most specific region the portal covers (the county, else the city, else the province)."""
        return self.county or self.city or self.province

    def option(self, key: str, default: Any = None) -> Any:
        return self.options.get(key, default)

    def allows(self, url: str) -> bool:
        """Whether `url` lies on one of the portal's allowed hosts (subdomains included)."""
        host = (urlsplit(url).hostname or "").lower()
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)


def load_portals(path: str | Path | None = None, platforms: Collection[str] | None = None) -> list[PortalConfig]:
    """The portals of `path`, or of the bundled registry when `path` is None.

    `platforms`: the platform names a portal may use (a crawl's NIANBAO_PLATFORMS); None: the project's.
    """
    if path is None:
        source = f"{__package__}/{BUNDLED}"
        text = resources.files(__package__).joinpath(BUNDLED).read_text(encoding="utf-8")
    else:
        source = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise PortalConfigError(f"{source}: cannot read the portal file: {exc.strerror or exc}") from exc
    return parse_portals(text, source, platforms)


def parse_portals(
    text: str, source: str = "<portals>", platforms: Collection[str] | None = None
) -> list[PortalConfig]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PortalConfigError(f"{source}: not valid TOML: {exc}") from exc
    unknown = set(data) - {"portal"}
    if unknown:
        raise PortalConfigError(f"{source}: unknown top-level key(s) {sorted(unknown)}; portals go in [[portal]]")
    entries = data.get("portal")
    if not isinstance(entries, list) or not entries:
        raise PortalConfigError(f"{source}: no [[portal]] entries")
    known = set(project.NIANBAO_PLATFORMS if platforms is None else platforms)
    portals: list[PortalConfig] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        portal = _portal(entry, f"{source}: portal #{index}", known)
        if portal.name in seen:
            raise PortalConfigError(f"{source}: portal #{index}: name {portal.name!r} is used twice")
        seen.add(portal.name)
        portals.append(portal)
    return portals


def select(portals: Sequence[PortalConfig], names: Iterable[str] | None) -> list[PortalConfig]:
    """The portals called `names` (all when None or empty), in the order given; unknown names are an error."""
    wanted = list(names or [])
    if not wanted:
        return list(portals)
    by_name = {p.name: p for p in portals}
    missing = [n for n in wanted if n not in by_name]
    if missing:
        raise PortalConfigError(f"unknown portal(s) {missing}; configured: {sorted(by_name)}")
    return [by_name[n] for n in dict.fromkeys(wanted)]


def _portal(entry: Any, where: str, platforms: set[str]) -> PortalConfig:
    if not isinstance(entry, dict):
        raise PortalConfigError(f"{where}: must be a table")
    if isinstance(entry.get("name"), str):
        where = f"{where} ({entry['name']})"
    unknown = set(entry) - set(_REQUIRED) - set(_OPTIONAL)
    if unknown:
        raise PortalConfigError(f"{where}: unknown key(s) {sorted(unknown)}")
    missing = [k for k in _REQUIRED if k not in entry]
    if missing:
        raise PortalConfigError(f"{where}: missing {', '.join(missing)}")
    name = _text(entry, "name", where)
    if not _NAME.match(name):
        raise PortalConfigError(f"{where}: name must be lower-case ASCII letters, digits, '-' or '_'")
    platform = _text(entry, "platform", where)
    if platform not in platforms:
        raise PortalConfigError(f"{where}: unknown platform {platform!r}; known: {sorted(platforms)}")
    domains = tuple(d.lower().strip(".") for d in _strings(entry, "allowed_domains", where))
    start_urls = _strings(entry, "start_urls", where)
    options = entry.get("options", {})
    if not isinstance(options, dict):
        raise PortalConfigError(f"{where}: options must be a table")
    portal = PortalConfig(
        name=name,
        province=_text(entry, "province", where),
        platform=platform,
        start_urls=start_urls,
        allowed_domains=domains,
        title=_text(entry, "title", where, required=False) or "",
        city=_text(entry, "city", where, required=False),
        county=_text(entry, "county", where, required=False),
        options=options,
    )
    for url in start_urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise PortalConfigError(f"{where}: start URL {url!r} is not an http(s) URL")
        if not portal.allows(url):
            raise PortalConfigError(f"{where}: start URL {url!r} is outside allowed_domains {list(domains)}")
    return portal


def _text(entry: dict[str, Any], key: str, where: str, required: bool = True) -> str | None:
    value = entry.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise PortalConfigError(f"{where}: {key} must be a non-empty string")
    return value.strip()


def _strings(entry: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise PortalConfigError(f"{where}: {key} must be a non-empty list of strings")
    return tuple(v.strip() for v in value)
