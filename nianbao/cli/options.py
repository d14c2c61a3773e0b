"""Option forms more than one command takes."""

from __future__ import annotations

from collections.abc import Iterable

from nianbao.errors import UsageError


def parse_settings(items: Iterable[str]) -> dict[str, str]:
    """`--set NAME=VALUE` (repeatable), as `scrapy crawl -s` takes them; the last of a repeated NAME wins."""
    settings: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--set {item!r}: expected NAME=VALUE")
        settings[name.strip()] = value
    return settings
