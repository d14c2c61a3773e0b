"""Option forms more than one command takes."""

from __future__ import annotations

import argparse
from collections.abc import Iterable

from nianbao.errors import UsageError


def split_setting(text: str) -> tuple[str, str]:
    """One `--set NAME=VALUE`, the value as text (Scrapy's settings convert it where it is read)."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise ValueError(f"{text!r}: expected NAME=VALUE")
    return name.strip(), value


def setting(text: str) -> tuple[str, str]:
    """`split_setting` as an argparse type: a bad form is argparse's usage error (exit 2)."""
    try:
        return split_setting(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def parse_settings(items: Iterable[str]) -> dict[str, str]:
    """`--set NAME=VALUE` (repeatable), as `scrapy crawl -s` takes them; the last of a repeated NAME wins."""
    settings: dict[str, str] = {}
    for item in items:
        try:
            name, value = split_setting(item)
        except ValueError as err:
            raise UsageError(f"--set {err}") from None
        settings[name] = value
    return settings
