"""Who runs a crawl: a process on a host, told apart from its other runs by a token.

Both portal locks and crawl runs name their process this way, so that a process that no longer exists on
this host — a SIGKILLed or crashed crawl — can be recognised as dead and what it left open closed.
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class Holder:
    """Who holds a lock: a process on a host, and a token telling its runs apart (the crawl run id or a
    random one), so two runs in one process are two holders."""

    host: str
    pid: int
    token: str

    @classmethod
    def current(cls, token: str | int | None = None) -> Holder:
        return cls(socket.gethostname(), os.getpid(), str(token) if token is not None else uuid.uuid4().hex[:12])

    @classmethod
    def parse(cls, text: str) -> Holder | None:
        """None for a holder string not written by this module (then only its heartbeat can judge it)."""
        host, sep, rest = text.rpartition(":")  # the token has no colon; the host might (IPv6 literals)
        host, sep2, pid = host.rpartition(":")
        if not (sep and sep2 and pid.isdigit()):
            return None
        return cls(host, int(pid), rest)

    def __str__(self) -> str:
        return f"{self.host}:{self.pid}:{self.token}"

    def is_dead_here(self) -> bool:
        """True only when the holder is a process of this host that no longer exists."""
        if self.host != socket.gethostname():
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:  # alive, someone else's
            return False
        return False
