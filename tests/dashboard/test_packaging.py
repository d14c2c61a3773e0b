"""The page and the chart library ship in a non-editable install: setuptools' build of the package (what a
wheel carries) holds every file the dashboard copies, so a dashboard built from a wheel works offline too."""

from __future__ import annotations

import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_build_of_the_package_carries_the_page_and_the_chart_library(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(ROOT / "nianbao", source / "nianbao", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    build = tmp_path / "build"

    subprocess.run(
        [sys.executable, "-c", "from setuptools import setup; setup()", "-q", "build_py", "--build-lib", str(build)],
        cwd=source,
        check=True,
        capture_output=True,
    )

    static = resources.files("nianbao.dashboard") / "static"
    wanted = {f"{item.name}" for item in static.iterdir() if item.is_file()}
    wanted |= {f"echarts/{item.name}" for item in (static / "echarts").iterdir()}
    built = build / "nianbao" / "dashboard" / "static"
    assert {str(p.relative_to(built)) for p in built.rglob("*") if p.is_file()} == wanted
    assert {"index.html", "dashboard.js", "echarts/echarts.common.min.js", "echarts/LICENSE.txt"} <= wanted
