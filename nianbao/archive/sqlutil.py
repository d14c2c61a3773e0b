"""Dialect-specific SQL the archive needs on both databases."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection


def insert_ignoring(conn: Connection, table: sa.Table, conflict_columns: Sequence[str]) -> Any:
    """INSERT … ON CONFLICT (columns) DO NOTHING: with RETURNING, the loser of a race gets no row back."""
    dialect = sqlite if conn.dialect.name == "sqlite" else postgresql
    return dialect.insert(table).on_conflict_do_nothing(index_elements=list(conflict_columns))
