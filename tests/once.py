"""Work done once per test run and shared by every xdist worker: a crawl many tests read, a warmed memo.

The first worker to ask does it under a file lock in the run's shared temporary directory (the parent of the
workers' own base temporaries); the others wait for that lock and read what it left. A failed attempt leaves
no mark, so the next worker to ask tries again and fails with its own message.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable
from pathlib import Path

import pytest


def shared_directory(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """`name` under the directory every worker of this run sees."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    home = shared / name
    home.mkdir(exist_ok=True)
    return home


def once_per_run(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """Run `make(home)` the first time any worker of the run asks for `name`; returns `home` to every asker."""
    home = shared_directory(tmp_path_factory, name)
    with open(home / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = home / ".done"
        if not done.exists():
            make(home)
            done.touch()
    return home
