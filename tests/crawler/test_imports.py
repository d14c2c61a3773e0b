"""The layers of the crawl: cli > crawler > pipelines > archive, extractor; the item and the crawl's archive
handle sit beneath crawler and pipelines (nianbao.fetched, nianbao.crawl_session), so neither imports the other."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _imports(folder: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        found[str(path.relative_to(ROOT))] = names
    return found


@pytest.mark.parametrize(("folder", "below"), [("crawler", "nianbao.pipelines"), ("pipelines", "nianbao.crawler")])
def test_crawler_and_pipelines_do_not_import_each_other(folder: str, below: str) -> None:
    offending = {f: sorted(m for m in names if m.startswith(below)) for f, names in _imports(folder).items()}
    assert {f: m for f, m in offending.items() if m} == {}
