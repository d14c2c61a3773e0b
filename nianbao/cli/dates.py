"""The DATE of `--since`: an ISO date or date-time, read as UTC unless it says otherwise."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime


def since(text: str) -> datetime:
    """argparse type: `2026-11-01`, `2026-11-01T08:00`, `2026-11-01 08:00:00+08:00`, `…Z`."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD or an ISO date-time)") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
