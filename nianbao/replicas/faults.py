"""Faults a test can arm per URL pattern, so crawl and reliability tests meet broken networks on purpose."""

from __future__ import annotations

import random
import re
import threading
import time
from dataclasses import dataclass, field, fields
from typing import Literal
from urllib.parse import urlsplit

FaultKind = Literal["reset", "stall", "truncate", "status", "huge", "slow", "hold", "redirect", "serve"]
KINDS: tuple[str, ...] = ("reset", "stall", "truncate", "status", "huge", "slow", "hold", "redirect", "serve")


@dataclass(frozen=True)
class Canned:
    """An answer a fault serves instead of the replica's: a redirect, or a hostile or trap page."""

    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class Fault:
    """One armed fault.

    `pattern` is a regular expression searched in the full URL (`http://host/path?query`). `times` limits how
    often it fires (None: until cleared). `seconds` is the stall/slow duration, `status` the 5xx code,
    `size` the number of bytes a huge body streams (`declare_size=False`: without Content-Length, so only a
    cap on the bytes received can stop it).

    `redirect` answers `status` (a 3xx; 302 otherwise) to `location`; `serve` answers `body` as
    `content_type`, with any extra `headers` (a hostile Content-Disposition, say). Faults match any host,
    not only the replicas', so a test can stand up a trap portal (a redirect loop, an endless calendar, a
    page served for every URL) or a hostile document on a host of its own. In `location` and a text `body`,
    `{n}` is replaced by how often the fault has fired (a calendar whose every page links the next), `{url}`
    by the requested URL and `{path}` by its path and query.

    `hold` keeps each matching request waiting until the fault is released (`release()`, or the table is
    cleared), at most `seconds`, then answers it as usual: a gate that lets a test line up crawls on a moment
    it observes (every racing job has taken or been refused its locks) instead of on a guess of time.

    `probability` below 1 makes the fault random: each matching request draws from a generator seeded with
    `seed`, so a soak's faults fall on the same share of requests run after run.
    """

    pattern: str
    kind: FaultKind
    times: int | None = None
    seconds: float = 30.0
    status: int = 503
    size: int = 64 * 1024 * 1024
    declare_size: bool = True
    location: str = ""
    body: str | bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    probability: float = 1.0
    seed: int | None = None
    fired: int = 0
    _regex: re.Pattern[str] = field(init=False, repr=False)
    _random: random.Random = field(init=False, repr=False)
    _released: threading.Event = field(init=False, repr=False, default_factory=threading.Event)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; expected one of {', '.join(KINDS)}")
        if self.kind == "redirect" and not self.location:
            raise ValueError("a redirect fault needs a location")
        if not 0 < self.probability <= 1:
            raise ValueError(f"probability {self.probability} is not in (0, 1]")
        self._regex = re.compile(self.pattern)
        self._random = random.Random(self.seed)

    def as_json(self) -> dict[str, object]:
        """The fault as the admin endpoint answers it: its public fields (a text body as text)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if not f.name.startswith("_")}

    def release(self) -> None:
        """Let every request a `hold` fault keeps waiting, and every later one, go on."""
        self._released.set()

    def wait_released(self, stopping: threading.Event) -> None:
        """Block until released, the server stops, or `seconds` pass, whichever comes first."""
        deadline = time.monotonic() + self.seconds
        while not self._released.wait(0.05) and not stopping.is_set() and time.monotonic() < deadline:
            pass

    def canned(self, url: str) -> Canned | None:
        """The answer a `redirect` or `serve` fault gives for `url` (None for the other kinds)."""
        if self.kind == "redirect":
            status = self.status if 300 <= self.status < 400 else 302
            location = self._fill(self.location, url)
            return Canned(
                status,
                {"Location": location, "Content-Type": "text/plain; charset=utf-8"},
                f"redirect to {location}\n".encode(),
            )
        if self.kind == "serve":
            body = self.body if isinstance(self.body, bytes) else self._fill(self.body, url).encode("utf-8")
            return Canned(200, {"Content-Type": self.content_type, **self.headers}, body)
        return None

    def _fill(self, template: str, url: str) -> str:
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        return template.replace("{n}", str(self.fired)).replace("{url}", url).replace("{path}", path)

    def matches(self, url: str) -> bool:
        """Whether the fault fires for `url` (called under the table's lock, so the draws are serial)."""
        if not self._regex.search(url) or (self.times is not None and self.fired >= self.times):
            return False
        return self.probability >= 1 or self._random.random() < self.probability


class FaultTable:
    """Armed faults, first match wins; thread-safe because every connection has its own thread."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def arm(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            for fault in self._faults:
                fault.release()
            self._faults.clear()

    def take(self, url: str) -> Fault | None:
        """The fault to apply to this request, counted as fired."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(url):
                    fault.fired += 1
                    return fault
        return None

    def __len__(self) -> int:
        return len(self._faults)
