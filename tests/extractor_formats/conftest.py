"""Session-scoped generated documents: LibreOffice conversions take about a second each, so make them once."""

from __future__ import annotations

import random

import pytest

from tests.extractor_formats import fixtures


@pytest.fixture(scope="session")
def t3_spec() -> fixtures.SpecRows:
    return fixtures.t3_spec(random.Random(20260401))


@pytest.fixture(scope="session")
def small_spec() -> fixtures.SpecRows:
    return fixtures.small_spec(random.Random(7))


@pytest.fixture(scope="session")
def workbook(t3_spec: fixtures.SpecRows, small_spec: fixtures.SpecRows) -> bytes:
    return fixtures.xlsx_bytes([small_spec, t3_spec], title="表三 收到和处理政府信息公开申请情况")
