"""Which portals a check or a crawl on this machine has reached: a small JSON state file.

Every registry entry starts unverified: its address comes from a public list, and the machines that build and
test nianbao cannot reach real sites. `nianbao portals check` and `nianbao crawl` record here what they saw of
each portal, keyed by the registrable domain of its home page (the key the registry and a portal file share),
so `nianbao portals list` can say which addresses have been seen to answer. The file lives in the user's
state directory (XDG_STATE_HOME), beside the schedule's; losing it loses only these marks.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from platformdirs import user_state_dir

from nianbao.errors import CommandError
from nianbao.files import write_atomically

FILE = "portals-verified.json"


@dataclass(frozen=True)
class Seen:
    """What one check or crawl saw of a portal. `reached`: when a page of it last answered (None: never)."""

    portal: str
    checked: str
    reachable: bool
    reached: str | None = None
    platform: str = ""
    reports: int = 0
    pages: int = 0
    by: str = "check"  # "check" or "crawl"


def state_path() -> Path:
    return Path(user_state_dir("nianbao", appauthor=False)) / FILE


def load_seen(path: Path | None = None) -> dict[str, Seen]:
    """{registrable domain: what was last seen of it}; an absent or unreadable file is an empty record."""
    path = path or state_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    fields = set(Seen.__dataclass_fields__)
    return {
        domain: Seen(**{k: v for k, v in entry.items() if k in fields})
        for domain, entry in data.items()
        if isinstance(entry, dict) and {"portal", "checked", "reachable"} <= set(entry)
    }


def record(seen: Mapping[str, Seen], path: Path | None = None) -> None:
    """Merge `seen` into the file; a failed check keeps the time the portal was last reached. CommandError when
    the file cannot be written."""
    path = path or state_path()
    current = load_seen(path)
    for domain, new in seen.items():
        old = current.get(domain)
        if not new.reachable and old is not None and old.reached:
            new = Seen(**{**asdict(new), "reached": old.reached})
        current[domain] = new
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CommandError(f"cannot write {path}: {err}") from err
    body: dict[str, Any] = {domain: asdict(entry) for domain, entry in sorted(current.items())}
    write_atomically(path, json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8"))


def verified(domains: Iterable[str], path: Path | None = None) -> set[str]:
    """The domains among `domains` that some check or crawl has reached."""
    seen = load_seen(path)
    return {d for d in domains if d in seen and seen[d].reached}
