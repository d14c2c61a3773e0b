"""URL policy: links and redirects off a portal's domains, to other schemes, or to this machine's network are
never followed; a refused redirect is in the fetch log with its reason (crawler.url_policy, middlewares)."""

from __future__ import annotations

import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from nianbao.archive import Archive
from nianbao.crawler.url_policy import literal_address, refusal
from nianbao.replicas import ReplicaServer
from tests.crawler.crawling import document_id, run_crawl
from tests.crawler.pages import REPORT_BODY, hanweb_article
from tests.reliability.traps import REPORT_TITLE, Trap, allow_robots, page, portals_file, reasons, serve

DOMAINS = ["wenshang.gov.cn"]


@pytest.mark.parametrize(
    "url",
    [
        "http://www.wenshang.gov.cn/col/col1/index.html",
        "https://wenshang.gov.cn/",
        "http://a.b.wenshang.gov.cn:8080/x?y=1",
        "HTTP://WWW.WENSHANG.GOV.CN/",
    ],
)
def test_portal_urls_pass(url: str) -> None:
    assert refusal(url, DOMAINS) is None


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("file:///etc/passwd", "scheme 'file'"),
        ("ftp://www.wenshang.gov.cn/report.pdf", "scheme 'ftp'"),
        ("gopher://www.wenshang.gov.cn/", "scheme 'gopher'"),
        ("javascript:alert(1)", "scheme 'javascript'"),
        ("data:text/html,<h1>x</h1>", "scheme 'data'"),
        ("http:///etc/passwd", "no host"),
        ("http://[::1/", "malformed"),
        ("http://www.evil.com/wenshang.gov.cn/", "outside the portal's domains"),
        ("http://wenshang.gov.cn.evil.com/", "outside the portal's domains"),
        ("http://evilwenshang.gov.cn/", "outside the portal's domains"),
        ("http://localhost:8080/", "this machine"),
        ("http://LocalHost./", "this machine"),
        ("http://admin.localhost/", "this machine"),
    ],
)
def test_other_schemes_hosts_and_names_of_this_machine_are_refused(url: str, why: str) -> None:
    reason = refusal(url, DOMAINS)
    assert reason is not None and why in reason, reason


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "127.8.9.10",
        "127.1",
        "2130706433",
        "0x7f000001",
        "0x7f.0.0.1",
        "0177.0.0.1",  # loopback
        "[::1]",
        "[::ffff:127.0.0.1]",
        "[0:0:0:0:0:0:0:1]",
        "10.0.0.1",
        "10.255.255.255",
        "172.16.0.1",
        "172.31.255.254",
        "192.168.0.1",  # RFC 1918
        "169.254.169.254",
        "[fe80::1%25eth0]",  # link-local, the cloud metadata address
        "[fc00::1]",
        "[fd00:ab::2]",  # unique local fc00::/7
        "0.0.0.0",
        "0",
        "[::]",  # unspecified
        "100.64.0.1",
        "240.0.0.1",
        "224.0.0.1",  # shared (CGNAT), reserved, multicast
    ],
)
def test_literal_private_loopback_and_reserved_addresses_are_refused_even_off_any_domain_list(host: str) -> None:
    for domains in (None, DOMAINS, [host.strip("[]")]):
        reason = refusal(f"http://{host}/admin", domains)
        assert reason is not None and ("loopback, private or reserved" in reason), (host, domains, reason)


@pytest.mark.parametrize("host", ["8.8.8.8", "172.32.0.1", "[2001:4860:4860::8888]"])
def test_public_addresses_pass_where_no_domain_list_applies(host: str) -> None:
    assert refusal(f"http://{host}/x.png") is None


def test_names_that_merely_look_numeric_are_names() -> None:
    assert literal_address("abc.def") is None
    assert literal_address("www.2130706433.gov.cn") is None
    assert str(literal_address("2130706433")) == "127.0.0.1"


# --- in a crawl ---------------------------------------------------------------------------------------------


FORBIDDEN_HOSTS = ("127.0.0.1", "localhost", "::1", "169.254.169.254", "10.0.0.1", "evil.com")


@pytest.mark.slow
@deferred_f_from_coro_f
async def test_redirects_and_links_off_policy_are_refused_and_logged_and_the_report_is_archived(
    trap_server: ReplicaServer, tmp_path: Path
) -> None:
    trap = Trap("redirects")
    refused_redirects = {
        "private.html": f"http://127.0.0.1:{trap_server.port}/admin",
        "ipv6.html": "http://[::1]/",
        "metadata.html": "http://169.254.169.254/latest/meta-data/",
        "localhost.html": "http://localhost/",
        "file.html": "file:///etc/passwd",
        "ftp.html": f"ftp://{trap.host}/report.pdf",
        "offsite.html": "http://www.evil.com/report.html",
    }
    for path, target in refused_redirects.items():
        trap_server.inject(trap.pattern(path) + "$", "redirect", location=target)
    serve(
        trap_server,
        trap,
        "meta.html",
        '<html><head><meta http-equiv="refresh" content="0;url=http://10.0.0.1/">'
        f"<title>{REPORT_TITLE}</title></head><body>{REPORT_TITLE}</body></html>",
    )
    serve(trap_server, Trap("evil", host="www.evil.com"), "", hanweb_article(REPORT_TITLE), exact=False)
    # a report whose picture lives on a private address: the page is archived, the picture refused
    serve(
        trap_server,
        trap,
        "report.html",
        hanweb_article(REPORT_TITLE, REPORT_BODY + '<img src="http://10.0.0.1/t.png">'),
    )
    links = [(p, f"某局{REPORT_TITLE}") for p in [*refused_redirects, "meta.html", "report.html"]]
    links += [
        (u, f"外站{REPORT_TITLE}")
        for u in (
            "http://www.evil.com/a.html",
            f"http://127.0.0.1:{trap_server.port}/",
            "file:///etc/passwd",
            "ftp://www.redirects.gov.cn/a.pdf",
        )
    ]
    serve(trap_server, trap, "", page("政府信息公开年报", links))

    database_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    await run_crawl(
        database_url,
        trap_server.proxy_url,
        extract=False,
        portals=[trap.name],
        portals_file=str(portals_file(tmp_path, [trap])),
    )

    asked = [r.url for r in trap_server.requests()]
    assert not [u for u in asked if (urlsplit(u).hostname or "").endswith(FORBIDDEN_HOSTS)], "a refused URL went out"
    assert not [u for u in asked if not u.startswith("http://")]
    with Archive.open(database_url) as archive:
        refused = reasons(archive)
        for path, target in refused_redirects.items():
            reason = refused.get(trap.url(path), "")
            assert f"to {target} refused" in reason, (path, reason)
        assert "loopback, private or reserved" in refused[trap.url("private.html")]
        assert "scheme 'file'" in refused[trap.url("file.html")]
        assert "outside the portal's domains" in refused[trap.url("offsite.html")]
        assert "10.0.0.1" in refused[trap.url("meta.html")]  # a meta refresh is a redirect too
        assert "loopback, private or reserved" in refused["http://10.0.0.1/t.png"]
        assert document_id(archive, trap.url("report.html")) is not None
        assert not reasons(archive, "error")


class _Listener:
    """A plain HTTP server on loopback standing for a service on the crawl's machine; it counts who calls."""

    def __init__(self) -> None:
        hits: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.hits = hits
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self._httpd.server_address[1]
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.mark.slow
@pytest.mark.browser
@deferred_f_from_coro_f
async def test_a_page_rendered_in_chromium_cannot_reach_this_machine(
    trap_server: ReplicaServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Subresources of a rendered page bypass Scrapy; PLAYWRIGHT_ABORT_REQUEST applies the policy to them."""
    caplog.set_level(logging.INFO, logger="nianbao.crawler.url_policy")
    local = _Listener()
    trap = Trap("browser", options={"render_list": True})
    allow_robots(trap_server, trap)
    hostile = (
        f'<img src="http://127.0.0.1:{local.port}/img.png"><img src="http://localhost:{local.port}/lh.png">'
        f"<script>fetch('http://127.0.0.1:{local.port}/fetch');"
        "fetch('/allowed.json');</script>"
    )
    serve(trap_server, trap, "xxgk/", page("政府信息公开", body=hostile))
    serve(trap_server, trap, "allowed.json", "{}", content_type="application/json")
    registry = portals_file(tmp_path, [trap]).read_text().replace('platform = "generic"', 'platform = "weifang"')
    registry = registry.replace(f'start_urls = ["{trap.root}"]', f'start_urls = ["{trap.url("xxgk/")}"]')
    (tmp_path / "browser.toml").write_text(registry, encoding="utf-8")
    try:
        stats = await run_crawl(
            f"sqlite:///{tmp_path / 'archive.sqlite'}",
            trap_server.proxy_url,
            extract=False,
            portals=[trap.name],
            portals_file=str(tmp_path / "browser.toml"),
        )
    finally:
        local.close()
    assert stats.get("playwright/page_count", 0) >= 1  # the page was rendered
    assert trap.url("allowed.json") in [r.url for r in trap_server.requests()]  # and its script ran
    assert local.hits == []
    # aborted by the policy, not merely left unloaded (Chromium's own Private Network Access may block some too)
    aborted = {r.getMessage().split()[3] for r in caplog.records if "browser request refused" in r.getMessage()}
    assert {f"http://127.0.0.1:{local.port}/fetch", f"http://localhost:{local.port}/lh.png"} <= aborted, aborted
