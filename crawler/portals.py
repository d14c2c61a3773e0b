"""The portal registry: which portals to crawl, on which platform, from where.

Portals are configuration, not code (interfaces.md): a TOML file bundled with the package, or one of the
user's own via `--portals FILE`. The loader is strict — an unknown key, a missing field or a start URL outside
the allowed domains is reported with the file and entry it came from, because a typo in a nightly crawl's
config otherwise surfaces weeks later as a portal that silently stopped being crawled.

A portal needs only its home page: `home_pages = ["http://www.example.gov.cn/"]` at the top of the file, or a
`[[portal]]` with `start_urls` alone. What is not given is derived, never guessed from outside the entry:
`allowed_domains` is the registrable domain of the start URLs (by the Public Suffix List), `name` the label
under the public suffix (`www.wenshang.gov.cn` -> `wenshang`, made unique within the file), the region that of
the registry's unit with a home page on the same domain (nianbao.registry; left empty when none: the reports
name their region), and `platform` "generic" (discovery, which recognises known platforms by themselves).
"""

from __future__ import annotations

import contextlib
import json
import re
import tomllib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from nianbao.crawler import settings as project
from nianbao.registry.counties import scope, unit_for
from nianbao.registry.domains import host_of, registrable_domain

BUNDLED = "portals.toml"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_REQUIRED = ("start_urls",)
_OPTIONAL = ("name", "province", "platform", "allowed_domains", "title", "city", "county", "options")
#: The platform of an entry that names none: discovery from the home page.
DEFAULT_PLATFORM = "generic"


class PortalConfigError(ValueError):
    """The portal file cannot be used as written; the message names the file, entry and field."""


@dataclass(frozen=True)
class PortalConfig:
    """One configured portal."""

    name: str
    province: str | None
    platform: str
    start_urls: tuple[str, ...]
    allowed_domains: tuple[str, ...]
    title: str = ""
    city: str | None = None
    county: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def region(self) -> str:
        """The most specific region the portal covers (the county, else the city, else the province; "" when
        the entry names none and the registry does not know its domain)."""
        return self.county or self.city or self.province or ""

    @property
    def domain(self) -> str:
        """Its first start URL's registrable domain (its host where the registry has several governments on
        that domain, or for an IP address or `localhost`): the key of its verified mark and registry match."""
        return scope(self.start_urls[0])

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


def parse_portals(text: str, source: str = "<portals>", platforms: Collection[str] | None = None) -> list[PortalConfig]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PortalConfigError(f"{source}: not valid TOML: {exc}") from exc
    unknown = set(data) - {"portal", "home_pages"}
    if unknown:
        raise PortalConfigError(
            f"{source}: unknown top-level key(s) {sorted(unknown)}; portals go in [[portal]] or home_pages"
        )
    entries = data.get("portal", [])
    homes = data.get("home_pages", [])
    if not isinstance(homes, list) or not all(isinstance(h, str) and h.strip() for h in homes):
        raise PortalConfigError(f"{source}: home_pages must be a list of URLs")
    if not isinstance(entries, list) or not (entries or homes):
        raise PortalConfigError(f"{source}: no [[portal]] entries and no home_pages")
    entries = [*entries, *({"start_urls": [h]} for h in homes)]
    where = [f"{source}: portal #{i}" for i in range(1, len(entries) - len(homes) + 1)]
    where += [f"{source}: home_pages[{i}] ({h.strip()})" for i, h in enumerate(homes)]
    known = set(project.NIANBAO_PLATFORMS if platforms is None else platforms)
    given = [e.get("name") if isinstance(e, dict) else None for e in entries]
    taken = {n for n in given if isinstance(n, str)}
    portals: list[PortalConfig] = []
    seen: set[str] = set()
    for entry, place in zip(entries, where, strict=True):
        portal = _portal(entry, place, known, taken)
        if portal.name in seen:
            raise PortalConfigError(f"{place}: name {portal.name!r} is used twice")
        seen.add(portal.name)
        taken.add(portal.name)
        portals.append(portal)
    return portals


def derived_name(url: str, taken: Collection[str] = ()) -> str:
    """A portal name from its home page: the label under the public suffix (`www.wenshang.gov.cn` ->
    `wenshang`); when that is taken, the host's labels before the suffix (`xxgk-wenshang`), then a number.
    Internationalised host names come out in their ASCII (punycode) form."""
    host = host_of(url)
    with contextlib.suppress(UnicodeError):  # a label malformed for IDNA: its characters are replaced below
        host = host.encode("idna").decode("ascii")
    domain = registrable_domain(host)
    labels = host.split(".")
    if domain:  # the subdomains, then the registrable label; the suffix dropped, and `www` unless it is the label
        under = labels[: len(labels) - (len(domain.split(".")) - 1)]
        labels = [label for label in under[:-1] if label != "www"] + under[-1:]
    first = re.sub(r"[^a-z0-9_-]+", "-", labels[-1] if domain else host).strip("-_") or "portal"
    whole = re.sub(r"[^a-z0-9_-]+", "-", "-".join(labels)).strip("-_") or first
    for candidate in (first, whole):
        if candidate not in taken:
            return candidate
    number = 2
    while f"{whole}-{number}" in taken:
        number += 1
    return f"{whole}-{number}"


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


def _portal(entry: Any, where: str, platforms: set[str], taken: Collection[str] = ()) -> PortalConfig:
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
    start_urls = _strings(entry, "start_urls", where)
    for url in start_urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise PortalConfigError(f"{where}: start URL {url!r} is not an http(s) URL")
    name = _text(entry, "name", where) if "name" in entry else derived_name(start_urls[0], taken)
    if not _NAME.match(name):
        raise PortalConfigError(f"{where}: name must be lower-case ASCII letters, digits, '-' or '_'")
    platform = _text(entry, "platform", where) if "platform" in entry else DEFAULT_PLATFORM
    if platform not in platforms:
        raise PortalConfigError(f"{where}: unknown platform {platform!r}; known: {sorted(platforms)}")
    if "allowed_domains" in entry:
        domains = tuple(d.lower().strip(".") for d in _strings(entry, "allowed_domains", where))
    else:  # the registrable domain of each start URL: a portal's hosts (www., xxgk. …) are one registrant's
        domains = tuple(dict.fromkeys(scope(u) for u in start_urls))
    options = entry.get("options", {})
    if not isinstance(options, dict):
        raise PortalConfigError(f"{where}: options must be a table")
    region = [_text(entry, key, where, required=False) for key in ("province", "city", "county")]
    if not any(region):
        unit = unit_for(start_urls[0])
        if unit is not None:
            region = [unit.province, unit.city, unit.county]
    portal = PortalConfig(
        name=name,
        province=region[0],
        platform=platform,
        start_urls=start_urls,
        allowed_domains=domains,
        title=_text(entry, "title", where, required=False) or "",
        city=region[1],
        county=region[2],
        options=options,
    )
    for url in start_urls:
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


def portals_toml(portals: Iterable[PortalConfig]) -> str:
    """`portals` as a portal file that `parse_portals` reads back to the same configs (every field written out).

    For a crawl of portals that are in no file (registry entries chosen by region): the crawl machinery takes a
    file, and this one is written for it. tomllib reads TOML but does not write it; the values here are only
    strings, numbers, booleans, lists of them and one options table, which JSON's literals spell as TOML does.
    """
    lines: list[str] = []
    for portal in portals:
        lines.append("[[portal]]")
        fields: dict[str, Any] = {
            "name": portal.name,
            "title": portal.title or None,
            "province": portal.province,
            "city": portal.city,
            "county": portal.county,
            "platform": portal.platform,
            "start_urls": list(portal.start_urls),
            "allowed_domains": list(portal.allowed_domains),
        }
        lines += [f"{key} = {_toml_value(value)}" for key, value in fields.items() if value is not None]
        if portal.options:
            lines.append("[portal.options]")
            lines += [f"{json.dumps(k, ensure_ascii=False)} = {_toml_value(v)}" for k, v in portal.options.items()]
        lines.append("")
    return "\n".join(lines)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {_toml_value(v)}" for k, v in value.items()) + "}"
        )
    raise PortalConfigError(f"cannot write {value!r} ({type(value).__name__}) into a portal file")
