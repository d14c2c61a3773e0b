"""Every NIANBAO_* setting is declared once (nianbao.settings), documented (docs/settings.md), and read through
that declaration: a name the code uses but nobody declared, or a default written twice, fails here."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from nianbao import settings
from nianbao.cli import main
from nianbao.settings import SETTINGS, SettingError, crawl_defaults, from_environment

ROOT = Path(__file__).resolve().parents[1]
CODE = ("nianbao", "crawler", "pipelines", "models", "migrations")
#: NIANBAO_ names in the code that are not settings
NOT_SETTINGS = {"NIANBAO_DASHBOARD", "NIANBAO_COUNTIES"}  # the dashboard page's JavaScript globals


def _code_names() -> dict[str, list[str]]:
    listed = subprocess.run(["git", "ls-files", *CODE], cwd=ROOT, capture_output=True, text=True, check=True)
    found: dict[str, list[str]] = {}
    for name in listed.stdout.split():
        if name.endswith((".py", ".toml", ".js", ".html")):
            for token in set(re.findall(r"NIANBAO_[A-Z_]*[A-Z]", (ROOT / name).read_text(encoding="utf-8"))):
                found.setdefault(token, []).append(name)
    return found


def test_every_nianbao_name_the_code_uses_is_declared() -> None:
    undeclared = {name: files for name, files in _code_names().items() if name not in SETTINGS.keys() | NOT_SETTINGS}
    assert undeclared == {}


def test_every_declared_setting_is_documented_with_its_default() -> None:
    page = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `(NIANBAO_[A-Z_]+)` \| (\w+) \|", page, re.M)}
    assert rows == {s.name: s.kind for s in SETTINGS.values()}


def test_the_crawl_settings_module_takes_its_defaults_from_the_declarations() -> None:
    from nianbao.crawler import settings as crawl

    for name, default in crawl_defaults().items():
        assert getattr(crawl, name) == default, name


def test_an_environment_setting_is_parsed_and_a_bad_one_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NIANBAO_SQLITE_BUSY_TIMEOUT", raising=False)
    assert from_environment("NIANBAO_SQLITE_BUSY_TIMEOUT") == SETTINGS["NIANBAO_SQLITE_BUSY_TIMEOUT"].default
    monkeypatch.setenv("NIANBAO_SQLITE_BUSY_TIMEOUT", "2.5")
    assert from_environment("NIANBAO_SQLITE_BUSY_TIMEOUT") == 2.5
    monkeypatch.setenv("NIANBAO_SQLITE_BUSY_TIMEOUT", "soon")
    with pytest.raises(SettingError, match="NIANBAO_SQLITE_BUSY_TIMEOUT='soon': give a number"):
        from_environment("NIANBAO_SQLITE_BUSY_TIMEOUT")
    with pytest.raises(KeyError, match="not a declared"):
        from_environment("NIANBAO_NO_SUCH_THING")


def test_a_bad_setting_is_a_message_and_exit_1_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NIANBAO_DATABASE_URL", f"sqlite:///{tmp_path / 'a.sqlite'}")
    monkeypatch.setenv("NIANBAO_SQLITE_MAX_BYTES", "-5")
    assert main(["sql", "SELECT 1"]) == 1
    assert "NIANBAO_SQLITE_MAX_BYTES='-5': give a number, 0 or more" in capsys.readouterr().err
    assert settings.database_url() == f"sqlite:///{tmp_path / 'a.sqlite'}"
