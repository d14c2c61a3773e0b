"""The registrable domain of a host (`www.wenshang.gov.cn` -> `wenshang.gov.cn`), by the Public Suffix List.

A hand-written list of suffixes would miss `gov.cn`'s siblings (`org.cn`, `edu.cn`, provincial second-level
names such as `sd.cn`) and every foreign host; tldextract — already on every install as Scrapy's cookie
middleware's dependency — answers from the snapshot of the list it bundles. The instance is built with no list
URLs and no cache: it never makes a request of its own (the crawler's rule, see crawler/__init__.py) and never
writes to the user's disk.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import tldextract


@functools.cache
def _extract() -> tldextract.TLDExtract:
    """Made on first use: importing tldextract (and requests with it) costs a second that listing commands and
    portal files with every field given never need."""
    import tldextract

    return tldextract.TLDExtract(cache_dir=None, suffix_list_urls=())


@functools.lru_cache(maxsize=8192)
def registrable_domain(url_or_host: str) -> str:
    """The domain one registrant holds (one label under its public suffix), lower-case; "" when there is none:
    an IP address, `localhost`, or a host under no known suffix (a typo such as `gov.cnn`)."""
    host = urlsplit(url_or_host).hostname if "//" in url_or_host else url_or_host
    return _extract()(host or "").top_domain_under_public_suffix.lower()


def host_of(url: str) -> str:
    """The URL's host, lower-case ("" when it has none)."""
    return (urlsplit(url).hostname or "").lower()
