"""Faults a test can arm per URL pattern, so crawl and reliability tests meet broken networks on purpose."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Literal

FaultKind = Literal["reset", "stall", "truncate", "status", "huge", "slow"]
KINDS: tuple[str, ...] = ("reset", "stall", "truncate", "status", "huge", "slow")


@dataclass
class Fault:
    """One armed fault.

    `pattern` is a regular expression searched in the full URL (`http://host/path?query`). `times` limits how
    often it fires (None: until cleared). `seconds` is the stall/slow duration, `status` the 5xx code,
    `size` the number of bytes a huge body streams.
    """

    pattern: str
    kind: FaultKind
    times: int | None = None
    seconds: float = 30.0
    status: int = 503
    size: int = 64 * 1024 * 1024
    fired: int = 0
    _regex: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; expected one of {', '.join(KINDS)}")
        self._regex = re.compile(self.pattern)

    def matches(self, url: str) -> bool:
        return bool(self._regex.search(url)) and (self.times is None or self.fired < self.times)


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
