"""Which URLs the crawl may ask for: http(s) on a portal's own hosts, never a loopback or private address.

Why a policy of our own on top of Scrapy's OffsiteMiddleware: a county portal is someone else's server, and
what it links or redirects to is input, not an instruction. Scrapy's offsite filter drops off-domain requests
silently when they are scheduled, so a report that redirects off-site would vanish without a trace, and it
says nothing about schemes or addresses: a page linking (or redirecting to) `http://127.0.0.1:8080/admin`,
`http://169.254.169.254/` (cloud metadata) or `file:///etc/passwd` would make the crawler a proxy into the
machine it runs on. So every request and every redirect target is checked here, and a refusal carries a
reason that the spider writes to the fetch log.

Pages rendered in Chromium (scrapy-playwright) load their own subresources, which never pass through
Scrapy's middlewares, and Chromium sends loopback addresses around the proxy: `browser_request_refused` is
the same rule as PLAYWRIGHT_ABORT_REQUEST, so a hostile page's `<img src="http://127.0.0.1/…">` or `fetch()`
is aborted before it leaves the browser.

The rule is about the target URL's host, not the proxy: the crawl may go through a proxy on loopback (the
replicas do), which is configured by the operator, not chosen by a portal. Host names are not resolved
here — the proxy (or the resolver) does that; what is checked is every literal address form the resolver
would accept, including the legacy IPv4 spellings `127.1`, `2130706433` and `0x7f.0.0.1`.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)

SCHEMES = ("http", "https")
#: What a browser resolves without the network (inline images, generated objects, blank frames).
_IN_BROWSER_SCHEMES = ("data", "blob", "about")
_LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")


def refusal(url: str, allowed_domains: Iterable[str] | None = None) -> str | None:
    """Why `url` must not be fetched, or None when it may be.

    `allowed_domains`: the portal's hosts (subdomains included); None skips the domain check (images a report
    embeds may live on another host, but still never on a private address).
    """
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".").lower()
    except ValueError as exc:  # e.g. an unbalanced "[" in the host
        return f"malformed URL ({exc})"
    if parts.scheme.lower() not in SCHEMES:
        return f"scheme {parts.scheme or '(none)'!r} is not crawled (http and https only)"
    if not host:
        return "no host"
    local = _local_reason(host)
    if local:
        return local
    if allowed_domains is not None:
        domains = [d.lower().lstrip(".") for d in allowed_domains]
        if not any(host == d or host.endswith("." + d) for d in domains):
            return f"host {host!r} is outside the portal's domains ({', '.join(domains) or 'none'})"
    return None


def browser_request_refused(request: Any) -> bool:
    """PLAYWRIGHT_ABORT_REQUEST: whether Chromium must not make this request (a Playwright `Request`).

    Only the address rules apply: a report page may load pictures and scripts from another public host.
    """
    url = str(request.url)
    if urlsplit(url).scheme.lower() in _IN_BROWSER_SCHEMES:
        return False
    reason = refusal(url)
    if reason is not None:
        logger.info("browser request refused: %s (%s)", url, reason)
    return reason is not None


def _local_reason(host: str) -> str | None:
    if host in _LOCAL_NAMES or host.endswith(".localhost"):
        return f"host {host!r} is this machine"
    address = literal_address(host)
    if address is None:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    # not is_global: loopback, RFC 1918, link-local, unique-local fc00::/7, 0.0.0.0, shared and reserved ranges
    if not address.is_global or address.is_multicast:
        return f"address {address} is loopback, private or reserved, not a public server"
    return None


def literal_address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address `host` spells, in any form a resolver accepts as a literal, or None for a name."""
    host = host.strip("[]")
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])  # a scoped IPv6 literal "fe80::1%eth0"
    except ValueError:
        pass
    if not host or not all(c in "0123456789abcdefx." for c in host):
        return None  # a name: only inet_aton's numeric forms (127.1, 2130706433, 0x7f.1) remain to check
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None
