"""Platform adapters: how to find annual reports on one publishing platform.

The registry is the Scrapy setting NIANBAO_PLATFORMS (name -> "module.Class", declared in nianbao.settings),
loaded on demand like Scrapy's component settings: a portal entry names its platform, a new platform is a new
module plus one line there, and a crawl may add or replace an adapter with `-s` like any other component.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.utils.misc import load_object

from nianbao.crawler import settings as project

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

    from nianbao.crawler.platforms.base import Platform


def platform_registry(settings: BaseSettings | None = None) -> dict[str, str]:
    """NIANBAO_PLATFORMS of a crawl's `settings`, or the project's where there is no crawl, or no such setting
    (tests, tools, settings built without crawler/settings.py)."""
    if settings is None:
        return dict(project.NIANBAO_PLATFORMS)
    return {str(k): str(v) for k, v in settings.getdict("NIANBAO_PLATFORMS", project.NIANBAO_PLATFORMS).items()}


def load_platform(name: str, settings: BaseSettings | None = None) -> Platform:
    """A fresh adapter for platform `name` (a key of NIANBAO_PLATFORMS)."""
    registry = platform_registry(settings)
    try:
        path = registry[name]
    except KeyError:
        raise KeyError(f"unknown platform {name!r}; known: {sorted(registry)}") from None
    return load_object(path)()
