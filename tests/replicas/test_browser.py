"""The parts only a browser gets through, with Debian's Chromium through the replica proxy.

The suite runs under pytest-twisted's asyncio reactor, whose running loop the sync Playwright API refuses to
share; each test therefore drives Chromium from a worker thread of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from nianbao.replicas import ReplicaServer
from tests.replicas.client import fetch

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")


def in_browser(server: ReplicaServer, body: Callable[[Any], None]) -> None:
    def run() -> None:
        with sync_api.sync_playwright() as pw:
            b = pw.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
                proxy={"server": server.proxy_url},
            )
            try:
                body(b)
            finally:
                b.close()

    with ThreadPoolExecutor(1) as pool:
        pool.submit(run).result(timeout=120)


def test_challenge_passes_in_a_real_browser_only(server: ReplicaServer) -> None:
    def body(browser: Any) -> None:
        url = "http://www.xigong.gov.cn/zwgk/zfxxgk/zfxxgknb/index.html"
        assert fetch(server.port, url).status == 412
        context = browser.new_context()
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector("ul.list li a", timeout=15000)
        links = page.eval_on_selector_all("ul.list li a", "els => els.map(e => e.href)")
        assert any(re.search(r"/\d{4}/\d{2}-\d{2}/\d+\.html$", u) for u in links)
        assert "年度报告" in page.content()
        cookies = {c["name"]: c["value"] for c in context.cookies()}
        name = next(n for n in cookies if n.endswith("S"))
        # the cookie the script computed opens the page to a plain client too, as a real 瑞数 cookie does
        again = fetch(server.port, url, headers={"Cookie": f"{name}={cookies[name]}"})
        assert again.status == 200 and "年度报告" in again.text
        statuses = [r.status for r in server.requests() if r.url == url]
        assert 412 in statuses and 200 in statuses
        context.close()

    in_browser(server, body)

def test_linqu_list_renders_only_with_javascript(server: ReplicaServer) -> None:
    def body(browser: Any) -> None:
        context = browser.new_context()
        page = context.new_page()
        page.goto("http://www.linqu.gov.cn/xxgk/")
        page.wait_for_selector("#xxgk-list li a", timeout=15000)
        with page.expect_response(lambda r: "/search/new/1/" in r.url and "年度报告" in (r.request.post_data or "")):
            page.click("#nb")
        page.wait_for_function(
            "Array.prototype.every.call(document.querySelectorAll('#xxgk-list li a'),"
            " a => a.title.indexOf('年度报告') >= 0)"
        )
        seen: set[str] = set()
        pages = len(page.query_selector_all("#xxgk-pager a, #xxgk-pager span"))
        assert pages >= 2
        for n in range(1, pages + 1):
            if n > 1:
                page.click(f"#xxgk-pager a[data-page='{n}']")
                page.wait_for_selector(f"#xxgk-pager span.cur:text-is('{n}')")
            seen |= set(page.eval_on_selector_all("#xxgk-list li a", "els => els.map(e => e.href)"))
        expected = {e.page_url for e in server.manifest() if e.portal == "linqu"}
        assert expected <= seen
        assert any(c["name"] == "wzws_sessionid" for c in context.cookies())
        context.close()

    in_browser(server, body)

def test_hanweb_xxgk_shell_fills_in_the_browser(server: ReplicaServer) -> None:
    def body(browser: Any) -> None:
        context = browser.new_context()
        page = context.new_page()
        page.goto("http://www.wenshang.gov.cn/col/col61940/index.html?vc_xxgkarea=11370830004335350N&number=WSA0312&jh=263")
        page.wait_for_selector("tr.tr_main_value_odd td a[title]", timeout=15000)
        assert "共" in page.inner_text("div.xxgk_pager")
        context.close()

    in_browser(server, body)


def test_hanweb_column_renders_and_pages_past_the_embedded_group(server: ReplicaServer) -> None:
    def body(browser: Any) -> None:
        page = browser.new_page()
        page.goto("http://www.wenshang.gov.cn/col/col61950/index.html")
        page.wait_for_selector("div[id='282374'] ul li a", timeout=15000)
        first = page.eval_on_selector_all("div[id='282374'] ul li a", "els => els.map(e => e.getAttribute('href'))")
        assert len(first) == 18
        page.click("div.default_pgContainer a[data-page='4']")
        page.wait_for_selector("div.default_pgContainer span.current:text-is('4')")
        fourth = page.eval_on_selector_all("div[id='282374'] ul li a", "els => els.map(e => e.getAttribute('href'))")
        assert fourth and not set(fourth) & set(first)
        page.close()

    server.clear_log()
    in_browser(server, body)
    posts = [r for r in server.requests() if r.method == "POST" and "dataproxy.jsp?startrecord=55" in r.url]
    assert posts and posts[0].status == 200
