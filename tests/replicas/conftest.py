"""One replica server per test module: building the world takes a moment, each test then speaks plain HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from nianbao.replicas import ReplicaServer


@pytest.fixture(scope="module")
def server() -> Iterator[ReplicaServer]:
    with ReplicaServer(port=0, slow_seconds=1.5) as srv:
        yield srv


@pytest.fixture(autouse=True)
def _clean_faults(server: ReplicaServer) -> Iterator[None]:
    yield
    server.clear_faults()
