"""Platform adapters: how to find annual reports on one publishing platform.

A registry of name -> "module.Class", loaded on demand like Scrapy's component settings, so a portal entry
names its platform and a new platform is a new module plus one line here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.utils.misc import load_object

if TYPE_CHECKING:
    from nianbao.crawler.platforms.base import Platform

PLATFORMS: dict[str, str] = {
    "hanweb": "nianbao.crawler.platforms.hanweb.Hanweb",
    "trs": "nianbao.crawler.platforms.trs.TrsStatic",
    "weifang": "nianbao.crawler.platforms.weifang.WeifangSearch",
    "luoyang": "nianbao.crawler.platforms.luoyang.LuoyangCms",
    "generic": "nianbao.crawler.platforms.generic.Generic",
}


def load_platform(name: str) -> Platform:
    """A fresh adapter for platform `name` (a key of PLATFORMS)."""
    try:
        path = PLATFORMS[name]
    except KeyError:
        raise KeyError(f"unknown platform {name!r}; known: {sorted(PLATFORMS)}") from None
    return load_object(path)()
