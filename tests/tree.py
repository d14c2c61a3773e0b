"""The package as a user installs it, built from what a clean clone holds: for tests of packaging and layers."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def tracked_copy(target: Path) -> Path:
    """The files a clean clone has: what git tracks, as they are in the working tree."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def installed_tree(source: Path, target: Path) -> Path:
    """`nianbao/` as setuptools lays it out in site-packages (crawler/ as nianbao/crawler …), from a copy."""
    subprocess.run([sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(target)], cwd=source,
                   check=True, capture_output=True)
    return target
