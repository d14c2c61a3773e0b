"""Crawl runs that died: closing the rows a killed process can never close itself.

A run's row is opened when its spider opens and closed by its own process when the spider closes. A process
killed in between (SIGKILL, the machine going down) leaves `finished` empty forever, and an open run reads as
"still crawling" to whoever queries `crawl_runs`. Two things prove a run dead: its portal lock taken over as
stale (see archive.locks), and, for any run, its process gone from this host — which covers runs started with
a bare `scrapy crawl`, which take no locks. A run on another machine is left alone: only a lock's heartbeat
can judge it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from nianbao.archive.holders import Holder
from nianbao.models import CrawlRun

_run = CrawlRun.__table__


def abandon_run(conn: Connection, run_id: int, at: datetime, reason: str, **details: Any) -> None:
    """Close a dead run's row with the reason; a run that did finish (it died after closing) keeps its stats."""
    stats = {"status": "abandoned", "finish_reason": "abandoned", "reason": reason, **details}
    conn.execute(_run.update().where(_run.c.id == run_id, _run.c.finished.is_(None)).values(finished=at, stats=stats))


def close_dead_runs(conn: Connection, at: datetime) -> list[int]:
    """Close every open run whose process (named in its stats when it started) no longer exists here."""
    closed = []
    open_runs = conn.execute(sa.select(_run.c.id, _run.c.stats).where(_run.c.finished.is_(None))).all()
    for run_id, stats in open_runs:
        text = stats.get("process") if isinstance(stats, dict) else None
        process = Holder.parse(text) if isinstance(text, str) else None
        if process is not None and process.is_dead_here():
            abandon_run(conn, run_id, at, f"its process {process.host}:{process.pid} is gone", process=text)
            closed.append(run_id)
    return closed
