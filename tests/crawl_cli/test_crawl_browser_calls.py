"""Chromium's own calls — Google sign-in, component updates, autofill, search preconnects — never leave the
machine during a crawl, and never reach the proxy a crawl counts its pages on (crawler/settings.py:
BROWSER_OWN_DOMAINS, browser_proxy). Debian's Chromium, launched with the crawl's options through the replica
proxy, renders a script-drawn list and asks for nothing but the portal's pages."""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from nianbao.crawler import settings
from nianbao.replicas import ReplicaServer

sync_api = pytest.importorskip("playwright.sync_api")


def _playwright_disabled_features() -> set[str]:
    """The features the installed Playwright disables (its chromiumSwitches `disabledFeatures` list)."""
    import playwright

    lib = Path(playwright.__file__).parent / "driver" / "package" / "lib"
    for path in lib.rglob("*.js"):
        text = path.read_text(encoding="utf-8", errors="replace")
        found = re.search(r"disabledFeatures\s*=\s*\[(.*?)\]", text, re.S)
        if found:
            return set(re.findall(r'"([A-Za-z0-9]+)"', found.group(1)))
    raise AssertionError(f"no disabledFeatures list in {lib}: Playwright's layout changed, look again")


def test_our_disable_features_switch_keeps_playwrights_list() -> None:
    """Chromium reads only the last --disable-features, and ours comes after Playwright's: it must hold all
    of Playwright's (HttpsUpgrades, PreconnectToSearch …) or they are switched back on."""
    theirs = _playwright_disabled_features()
    assert {"HttpsUpgrades", "PreconnectToSearch"} <= theirs
    ours = [a for a in settings.PLAYWRIGHT_LAUNCH_OPTIONS["args"] if a.startswith("--disable-features=")]  # type: ignore[union-attr]
    assert len(ours) == 1
    assert theirs - set(ours[0].removeprefix("--disable-features=").split(",")) == set()


def test_the_proxy_is_never_asked_for_the_browsers_own_hosts() -> None:
    proxy = settings.browser_proxy("http://127.0.0.1:8080", "localhost, .internal.example")
    bypass = proxy["bypass"].split(",")
    assert proxy["server"] == "http://127.0.0.1:8080"
    assert {"localhost", ".internal.example", "google.com", ".google.com", ".googleapis.com"} <= set(bypass)
    rules = next(a for a in settings.PLAYWRIGHT_LAUNCH_OPTIONS["args"] if a.startswith("--host-resolver-rules="))  # type: ignore[union-attr]
    # what bypasses the proxy goes straight to a resolver that knows none of these names
    for domain in settings.BROWSER_OWN_DOMAINS:
        assert f"MAP {domain} ~NOTFOUND" in rules and f"MAP *.{domain} ~NOTFOUND" in rules


@pytest.mark.browser
@pytest.mark.slow
def test_chromium_with_the_crawls_options_asks_for_the_portals_pages_only() -> None:
    """The very launch a crawl makes (the settings' options and `browser_proxy`), a page whose list is drawn
    by script from a POST, and the time Chromium's start-up calls take (they came within seconds with
    Playwright's own switches alone: accounts.google.com, update.googleapis.com, content-autofill…)."""
    with ReplicaServer(port=0) as server:

        def run() -> None:
            with sync_api.sync_playwright() as pw:
                options: dict[str, Any] = dict(settings.PLAYWRIGHT_LAUNCH_OPTIONS)
                browser = pw.chromium.launch(**options, proxy=settings.browser_proxy(server.proxy_url))
                try:
                    page = browser.new_context().new_page()
                    page.goto("http://www.linqu.gov.cn/xxgk/")
                    page.wait_for_selector("#xxgk-list li a", timeout=30_000)
                    time.sleep(8)  # start-up calls (sign-in, updates) come in the first seconds
                finally:
                    browser.close()

        with ThreadPoolExecutor(1) as pool:
            pool.submit(run).result(timeout=180)
        asked = [(r.method, r.url) for r in server.requests()]
    hosts = {urlsplit(url if "://" in url else f"//{url}").hostname for _, url in asked}
    assert hosts == {"www.linqu.gov.cn"}, asked
    assert ("POST", "http://www.linqu.gov.cn/xxgk/els-service/search/new/1/10") in asked  # the list was drawn
