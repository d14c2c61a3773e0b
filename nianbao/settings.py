"""Every NIANBAO_* setting, declared once: its name, default, meaning and where it is read.

Two kinds, by who reads them:
- environment settings are read from the process's environment by whichever part needs them (the archive's
  location and SQLite limits, the replicas' cache, debugging);
- crawl settings are Scrapy settings: their defaults go into crawler/settings.py from here, and a run changes
  them with `nianbao crawl --set NAME=VALUE`, `scrapy crawl -s` or `nianbao dispatch --set`.
docs/settings.md lists them all (a test keeps it, this module and the code's uses in step). This module is at
the bottom of the package: it imports nothing from nianbao but the error tree.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from platformdirs import user_data_dir

from nianbao.errors import NianbaoError

ENVIRONMENT: Literal["environment"] = "environment"
CRAWL: Literal["crawl"] = "crawl"


class SettingError(NianbaoError):
    """A setting's value cannot be used; the message names the setting and what it takes."""


def _non_negative(name: str, text: str) -> float:
    try:
        number = float(text)
    except ValueError:
        number = -1.0
    if not number >= 0:  # also NaN
        raise SettingError(f"{name}={text!r}: give a number, 0 or more")
    return number


def _text(_name: str, text: str) -> str:
    return text


def _flag(_name: str, text: str) -> bool:
    return text.strip().lower() not in ("", "0", "false", "no", "off")


@dataclass(frozen=True)
class Setting:
    name: str
    kind: Literal["environment", "crawl"]
    default: Any
    help: str
    parse: Callable[[str, str], Any] = _text


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in (
        Setting(
            "NIANBAO_DATABASE_URL",
            ENVIRONMENT,
            None,
            "The archive, as a SQLAlchemy URL (sqlite:///FILE or postgresql+psycopg://…). Unset: a SQLite file "
            "in the user's data directory. Also a crawl setting, which wins over the environment.",
        ),
        Setting(
            "NIANBAO_SQLITE_BUSY_TIMEOUT",
            ENVIRONMENT,
            30.0,
            "Seconds a SQLite writer waits for another's lock before giving up; each retry waits again.",
            _non_negative,
        ),
        Setting(
            "NIANBAO_SQLITE_MAX_BYTES",
            ENVIRONMENT,
            None,
            "A cap on a SQLite archive's size in bytes: writing past it fails as a full disk does, rolled back "
            "and said so.",
            _non_negative,
        ),
        Setting(
            "NIANBAO_REPLICA_CACHE",
            ENVIRONMENT,
            None,
            "Where the replicas keep their rendered attachments. Unset: the user's cache directory.",
            _text,
        ),
        Setting(
            "NIANBAO_EXTRACTION_CACHE",
            ENVIRONMENT,
            None,
            "A directory where a crawl keeps each extraction by the digest of its input and of the extractor's "
            "code, so that the same bodies crawled into another archive are not read again. Unset: off.",
            _text,
        ),
        Setting(
            "NIANBAO_DEBUG",
            ENVIRONMENT,
            False,
            "Print the traceback of a parser failure inside an extraction worker (it is otherwise one line).",
            _flag,
        ),
        Setting(
            "NIANBAO_PORTALS_FILE",
            CRAWL,
            None,
            "A TOML portal registry to crawl instead of the bundled crawler/portals.toml.",
        ),
        Setting(
            "NIANBAO_PLATFORMS",
            CRAWL,
            {
                "hanweb": "nianbao.crawler.platforms.hanweb.Hanweb",
                "trs": "nianbao.crawler.platforms.trs.TrsStatic",
                "weifang": "nianbao.crawler.platforms.weifang.WeifangSearch",
                "luoyang": "nianbao.crawler.platforms.luoyang.LuoyangCms",
                "generic": "nianbao.crawler.platforms.generic.Generic",
            },
            "The platform adapters a portal entry may name: name -> dotted class path. Extend it to add one.",
        ),
        Setting(
            "NIANBAO_REVISIT_AFTER",
            CRAWL,
            7 * 24 * 3600,
            "Seconds before a known report page or file is fetched again (list pages are read every run).",
        ),
        Setting(
            "NIANBAO_MAX_DEPTH", CRAWL, 8, "Discovery depth from a start URL, unless a portal's options say otherwise."
        ),
        Setting(
            "NIANBAO_DISCOVERY_PAGES",
            CRAWL,
            30,
            "Pages per portal and run read outside report columns while looking for them (the disclosure area), "
            "unless a portal's `discovery_pages` option says otherwise (docs/discovery.md).",
        ),
        Setting(
            "NIANBAO_MAX_PAGES", CRAWL, 400, "List pages per portal and run, unless a portal's options say otherwise."
        ),
        Setting("NIANBAO_EXTRACT", CRAWL, True, "Extract each stored version during the crawl (off: archive only)."),
        Setting("NIANBAO_EXTRACT_WORKERS", CRAWL, 1, "Extraction worker processes during a crawl."),
        Setting(
            "NIANBAO_INGEST_BATCH",
            CRAWL,
            50,
            "Fetched items stored in one archive transaction (group commit); 1 stores each on its own.",
        ),
        Setting(
            "NIANBAO_INGEST_WAIT",
            CRAWL,
            0.5,
            "Seconds an item waits for its batch to fill before the batch is stored anyway.",
        ),
        Setting(
            "NIANBAO_PROGRESS",
            CRAWL,
            False,
            "Per-portal progress: a live table on a terminal, log lines otherwise (`nianbao crawl` turns it on).",
        ),
        Setting("NIANBAO_PROGRESS_INTERVAL", CRAWL, 30.0, "Seconds between progress log lines off a terminal."),
        Setting(
            "NIANBAO_WARC_DIR",
            CRAWL,
            None,
            "A directory where each crawl also writes every response it gets as a WARC file as it goes "
            "(nianbao-<time>-<pid>.warc.gz; docs/warc.md). Unset: no WARC.",
        ),
        Setting(
            "NIANBAO_PORTAL_LOCKS",
            CRAWL,
            True,
            "Take a lock per portal for the run (Scrapyd nodes), so two runs never crawl one portal at once.",
        ),
        Setting(
            "NIANBAO_LOCK_STALE_AFTER",
            CRAWL,
            600,
            "Seconds without a heartbeat after which another run may take a portal's lock.",
        ),
        Setting("NIANBAO_LOCK_HEARTBEAT", CRAWL, 60, "Seconds between heartbeats of the portal locks a run holds."),
    )
}


def declared(name: str) -> Setting:
    try:
        return SETTINGS[name]
    except KeyError:
        raise KeyError(f"{name} is not a declared nianbao setting (nianbao.settings.SETTINGS)") from None


def from_environment(name: str) -> Any:
    """An environment setting's value: parsed from the environment, or its default when unset or blank."""
    setting = declared(name)
    text = os.environ.get(name, "").strip()
    return setting.parse(name, text) if text else setting.default


def crawl_defaults() -> dict[str, Any]:
    """The crawl settings with their defaults, for crawler/settings.py."""
    return {s.name: s.default for s in SETTINGS.values() if s.kind == CRAWL}


# --- where the archive is: one answer for every command, cron and systemd included ---------------------------
DATABASE_URL_ENV = "NIANBAO_DATABASE_URL"


def default_database_path() -> Path:
    """The embedded default: a SQLite file in the user's data directory."""
    return Path(user_data_dir("nianbao", appauthor=False)) / "archive.sqlite"


def database_url(explicit: str | None = None) -> str:
    """The archive URL: an explicit value, else `NIANBAO_DATABASE_URL`, else the default SQLite file."""
    url = explicit or from_environment(DATABASE_URL_ENV)
    if url:
        return url
    return f"sqlite:///{default_database_path()}"
