"""The few HTTP objects the replicas pass around: a parsed request, a stored resource, an answer.

Kept apart from the server so the portal modules can build pages without knowing about sockets.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlsplit

SYNTHETIC_NOTE = "本页为nianbao测试用合成数据"
"""Shown on every page and inside every file: the replicas must never pass for a real government site."""

HTML = "text/html; charset=utf-8"


@dataclass
class Request:
    """One request as a portal sees it: host and path already split from an absolute URI or Host header."""

    method: str
    host: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes = b""

    @property
    def url(self) -> str:
        return f"http://{self.host}{self.path}" + (f"?{self.query}" if self.query else "")

    @property
    def args(self) -> dict[str, str]:
        """Query and (for form posts) body fields, last value wins — what a JSP's request.getParameter sees."""
        merged = {k: v[-1] for k, v in parse_qs(self.query, keep_blank_values=True).items()}
        ctype = self.headers.get("content-type", "")
        if self.method == "POST" and "application/x-www-form-urlencoded" in ctype:
            form = parse_qs(self.body.decode("utf-8", "replace"), keep_blank_values=True)
            merged.update({k: v[-1] for k, v in form.items()})
        return merged

    @property
    def cookies(self) -> dict[str, str]:
        jar = SimpleCookie()
        try:
            jar.load(self.headers.get("cookie", ""))
        except Exception:  # a malformed Cookie header is the client's problem, not a crash
            return {}
        return {k: m.value for k, m in jar.items()}

    @classmethod
    def parse_target(cls, method: str, target: str, headers: dict[str, str], body: bytes) -> Request:
        """Accept both proxy form (`GET http://host/path`) and origin form (`GET /path` + Host)."""
        if target.startswith(("http://", "https://")):
            parts = urlsplit(target)
            host = parts.hostname or ""
            path, query = parts.path or "/", parts.query
        else:
            host = headers.get("host", "").split(":")[0]
            path, _, query = target.partition("?")
        return cls(method, host.lower(), path or "/", query, headers, body)


@dataclass
class Resource:
    """A stored body with the validators a real web server would send."""

    body: bytes
    content_type: str = HTML
    last_modified: datetime = field(default_factory=lambda: datetime(2026, 1, 1, tzinfo=UTC))
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:20] + '"'


@dataclass
class Answer:
    """What the server writes back; `resource` carries body and validators."""

    resource: Resource
    delay: float = 0.0

    @classmethod
    def of(cls, body: bytes | str, content_type: str = HTML, status: int = 200, **headers: str) -> Answer:
        data = body.encode("utf-8") if isinstance(body, str) else body
        return cls(Resource(data, content_type, status=status, headers=dict(headers)))


def http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC).replace(microsecond=0), usegmt=True)


def not_modified(resource: Resource, headers: dict[str, str]) -> bool:
    """RFC 9110 §13.2.2: If-None-Match wins over If-Modified-Since when both are sent."""
    inm = headers.get("if-none-match")
    if inm is not None:
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return "*" in tags or resource.etag in tags
    ims = headers.get("if-modified-since")
    if ims:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return resource.last_modified.replace(microsecond=0) <= since
    return False
