"""Fixtures shared by the reliability tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from nianbao.replicas import ReplicaServer
from tests.reliability.traps import fresh, replica_server


@pytest.fixture(scope="module")
def trap_replicas() -> Iterator[ReplicaServer]:
    """One replica server per module (building the world is the slow part), for trap portals and faults."""
    with replica_server() as server:
        yield server


@pytest.fixture
def trap_server(trap_replicas: ReplicaServer) -> ReplicaServer:
    """The module's replica server with no faults armed and an empty request log."""
    return fresh(trap_replicas)
