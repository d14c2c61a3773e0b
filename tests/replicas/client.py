"""A plain HTTP client through the replica proxy: absolute-URI requests, exactly what a spider sends."""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> Any:
        return json.loads(self.body)


def fetch(
    proxy_port: int, url: str, method: str = "GET", headers: dict[str, str] | None = None,
    form: dict[str, str] | None = None, body: bytes | None = None, timeout: float = 20,
) -> Reply:
    conn = http.client.HTTPConnection("127.0.0.1", proxy_port, timeout=timeout)
    hdrs = dict(headers or {})
    if form is not None:
        body = urlencode(form).encode()
        hdrs["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, url, body=body, headers=hdrs)
        resp = conn.getresponse()
        data = resp.read()
        return Reply(resp.status, {k.lower(): v for k, v in resp.getheaders()}, data)
    finally:
        conn.close()
