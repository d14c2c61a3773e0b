"""Fail loudly, before the suite starts, when the PostgreSQL the tests need is not there.

Creates the test database if the server answers but the database is missing, so a fresh machine with a
running server needs no manual step.
"""

from __future__ import annotations

import sys

import psycopg
from sqlalchemy.engine import make_url


def main(url_text: str) -> int:
    url = make_url(url_text)
    params = {"host": url.host or "127.0.0.1", "port": url.port or 5432, "user": url.username or "postgres"}
    if url.password:
        params["password"] = url.password
    try:
        with psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=10, **params) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (url.database,)).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{url.database}"')
    except psycopg.OperationalError as err:
        print(f"PostgreSQL at {params['host']}:{params['port']} is unreachable: {err}", file=sys.stderr)
        print("The test suite needs it (NIANBAO_TEST_DATABASE_URL). Start it and run again.", file=sys.stderr)
        return 1
    print(f"check_postgres: {url.render_as_string(hide_password=True)} is reachable")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
