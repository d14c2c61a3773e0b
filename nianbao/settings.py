"""Where the archive is: one answer for every command, cron and systemd included."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

DATABASE_URL_ENV = "NIANBAO_DATABASE_URL"


def default_database_path() -> Path:
    """The embedded default: a SQLite file in the user's data directory."""
    return Path(user_data_dir("nianbao", appauthor=False)) / "archive.sqlite"


def database_url(explicit: str | None = None) -> str:
    """The archive URL: an explicit value, else `NIANBAO_DATABASE_URL`, else the default SQLite file."""
    url = explicit or os.environ.get(DATABASE_URL_ENV)
    if url:
        return url
    return f"sqlite:///{default_database_path()}"
