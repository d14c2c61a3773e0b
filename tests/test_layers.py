"""The layers are a contract: import-linter (pyproject's [tool.importlinter]) on the package as installed, where
crawler/, pipelines/, models/ and migrations/ are nianbao.crawler … — and it does break when an arrow runs up."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.tree import installed_tree, tracked_copy

LINT = Path(sys.executable).with_name("lint-imports")


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tracked_copy(tmp_path_factory.mktemp("clone"))
    built = installed_tree(source, tmp_path_factory.mktemp("site"))
    shutil.copy(source / "pyproject.toml", built / "pyproject.toml")
    return built


def lint(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT), "--no-cache", "pyproject.toml"], cwd=tree, capture_output=True, text=True,
                          env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"})


def test_the_package_keeps_its_layers(tree: Path) -> None:
    result = lint(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 4 kept, 0 broken." in result.stdout


TYPE_ONLY = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from nianbao.archive import Archive"
PLANTED = [
    # (module, line added at its end, the contract that must break)
    ("nianbao/archive/blobs.py", "import nianbao.crawler.settings", "cli above crawler"),
    ("nianbao/models/base.py", TYPE_ONLY, "cli above crawler"),  # a type-only import is an arrow too
    ("pipelines/archive.py", "from nianbao.crawler.robots import SchemeRobotsTxtMiddleware", "cli above crawler"),
    ("nianbao/extractor/keys.py", "import models", "one import name"),
    ("nianbao/archive/search.py", "from nianbao.replicas import ReplicaServer", "synthetic world"),
]


@pytest.mark.parametrize(("module", "line", "contract"), PLANTED, ids=[p[0] + ":" + p[2] for p in PLANTED])
def test_a_planted_import_breaks_its_contract(tree: Path, tmp_path: Path, module: str, line: str,
                                              contract: str) -> None:
    planted = shutil.copytree(tree, tmp_path / "site")
    target = planted / module.replace("pipelines/", "nianbao/pipelines/")
    target.write_text(target.read_text(encoding="utf-8") + "\n" + line + "\n", encoding="utf-8")
    result = lint(planted)
    assert result.returncode != 0
    broken = [text for text in result.stdout.splitlines() if "BROKEN" in text]
    assert broken and contract in result.stdout.split("BROKEN")[0].rsplit("\n\n", 1)[-1], result.stdout


OLD_NAMES = r"(archive|extractor|corpus|replicas|crawler|pipelines|models|migrations)"


def test_tests_and_benchmarks_import_only_nianbao_too() -> None:
    """In a checkout the top-level folders are importable by their bare names (the checkout is on sys.path), so
    a test could pass here while importing a second copy of a module; the contract above covers only nianbao."""
    import re

    from tests.tree import ROOT

    pattern = re.compile(rf"^\s*(from|import)\s+{OLD_NAMES}\b|[\"']{OLD_NAMES}\.[a-z_]+\.[a-z_]+", re.M)
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0).strip()}"
        for folder in ("tests", "bench", "scripts")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
