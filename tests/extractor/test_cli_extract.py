"""`nianbao extract` as a user runs it: a real process, real files, a real HTTP proxy on loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from nianbao.corpus import render_html
from nianbao.corpus.truth import generate

SEEDS = Path(__file__).parent / "seeds"
PAGE_URL = "http://www.nianbao-test.gov.cn/art/2025/1/10/art_1_1.html"
IMAGE_URL = "http://www.nianbao-test.gov.cn/picture/0/t4.png"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def nianbao(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nianbao", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_file_to_json() -> None:
    result = nianbao("extract", str(next(SEEDS.glob("002_*.txt"))), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["agency"] == "临朐县冶源街道办事处"
    assert data["cells"]["t3.new.total"] == 6
    assert data["cell_details"]["t3.new.total"] == {"raw": "6", "source": "table"}
    assert data["format"] == "text"


def test_readable_summary() -> None:
    result = nianbao("extract", str(next(SEEDS.glob("001_*.txt"))))
    assert result.returncode == 0, result.stderr
    assert "西工区西工街道办事处" in result.stdout
    assert "t3_handled_sum   not_assessable" in result.stdout
    assert "warnings" in result.stdout


def test_unreadable_input_exits_1(tmp_path: Path) -> None:
    missing = nianbao("extract", str(tmp_path / "nope.html"))
    assert missing.returncode == 1 and "cannot read" in missing.stderr
    garbage = tmp_path / "x.bin"
    garbage.write_bytes(bytes(range(256)) * 8)
    result = nianbao("extract", str(garbage))
    assert result.returncode == 1 and "cannot read" in result.stderr
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    assert nianbao("extract", str(empty)).returncode == 1


def test_bad_usage_exits_2() -> None:
    assert nianbao("extract").returncode == 2
    assert nianbao("extract", "a", "b").returncode == 2


class _Proxy(BaseHTTPRequestHandler):
    """A forward proxy that answers for the test portal itself (as the replicas' proxy does)."""

    pages: ClassVar[dict[str, tuple[bytes, str]]] = {}
    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.seen.append(self.path)  # a proxy is asked for the absolute URL
        body, ctype = self.pages.get(self.path, (b"not found", "text/plain"))
        self.send_response(200 if self.path in self.pages else 404)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def proxy() -> Iterator[str]:
    truth = generate(21)
    page = render_html.page(truth, "clean", "hanweb").replace(b"<p>", f'<p><img src="{IMAGE_URL}">'.encode(), 1)
    _Proxy.pages = {PAGE_URL: (page, "text/html; charset=utf-8"), IMAGE_URL: (PNG, "image/png")}
    _Proxy.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Proxy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_url_fetched_through_http_proxy_with_its_body_images(proxy: str) -> None:
    env = {"http_proxy": proxy, "HTTP_PROXY": proxy, "no_proxy": "", "NO_PROXY": ""}
    result = nianbao("extract", PAGE_URL, "--json", env=env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["format"] == "html"
    assert data["published"] is not None
    assert _Proxy.seen == [PAGE_URL, IMAGE_URL]
    missing = nianbao("extract", PAGE_URL.replace("art_1_1", "gone"), env=env)
    assert missing.returncode == 1 and "HTTP 404" in missing.stderr


def test_damaged_docx_is_a_clear_error(tmp_path: Path) -> None:
    from nianbao.corpus import render_docx

    broken = tmp_path / "report.docx"
    broken.write_bytes(render_docx.render(generate(3))[:5000])  # a truncated download
    result = nianbao("extract", str(broken))
    assert result.returncode == 1
    assert "damaged zip" in result.stderr and "Traceback" not in result.stderr
