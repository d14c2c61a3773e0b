"""The replicas' server fixture, shared with the annual-report tests rather than defined twice."""

from tests.annual.test_replicas import server  # noqa: F401
