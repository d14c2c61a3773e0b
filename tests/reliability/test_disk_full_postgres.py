"""A full disk under a PostgreSQL archive: the archive's database lives in a tablespace on a small tmpfs.

Needs root (to mount the tmpfs) and the server on this machine (to write there); skipped otherwise, with
the reason. The server's WAL stays on its own disk, so a full tablespace fails the write with disk_full
(53100), which is what a full data disk does to a table.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from tests.conftest import PostgresServer
from tests.reliability.dbfaults import assert_consistent, incompressible_bodies, ingest_again, ingest_until_full

pytestmark = [pytest.mark.db]

#: Room left in the tablespace above what the new archive takes: the first body costs ~400 KB (every table
#: and index grows its first pages), each further one ~60 KB.
ROOM = 1_000_000


def _mount(directory: Path, size: int, remount: bool = False) -> None:
    options = f"{'remount,' if remount else ''}size={size},mode=0700"
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(directory)], check=True, capture_output=True, text=True
    )


class SmallDisk:
    """A tmpfs owned by the server's user, as a tablespace; `resize` is freeing (or filling) the disk."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def used(self) -> int:
        return shutil.disk_usage(self.directory).used

    def resize(self, size: int) -> None:
        _mount(self.directory, size, remount=True)


@pytest.fixture
def small_disk(postgres_server: PostgresServer) -> Iterator[tuple[SmallDisk, str]]:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs for the tablespace needs root")
    if postgres_server.base.host not in ("127.0.0.1", "localhost", "::1"):
        pytest.skip("the PostgreSQL server is not on this machine: it cannot write to a tmpfs mounted here")
    server_user = pwd.getpwnam("postgres")
    root = Path(tempfile.mkdtemp(prefix="dbfault-", dir="/tmp"))
    root.chmod(0o755)
    directory = root / "tablespace"
    directory.mkdir()
    try:
        _mount(directory, 64 << 20)
    except subprocess.CalledProcessError as err:
        shutil.rmtree(root)
        pytest.skip(f"cannot mount a tmpfs here: {err.stderr.strip()}")
    os.chown(directory, server_user.pw_uid, server_user.pw_gid)
    suffix = uuid.uuid4().hex[:8]
    tablespace, database = f"dbfault_ts_{suffix}", f"dbfault_full_{suffix}"
    try:
        postgres_server.execute(f"CREATE TABLESPACE {tablespace} LOCATION '{directory}'")
        template = postgres_server.new_database(at_head=True)  # the schema is copied, not migrated again
        postgres_server.execute(f'CREATE DATABASE {database} TEMPLATE "{template}" TABLESPACE {tablespace}')
        postgres_server.drop_database(template)
        yield SmallDisk(directory), postgres_server.url(database)
    finally:
        postgres_server.drop_database(database)
        with contextlib.suppress(sa.exc.DBAPIError):
            postgres_server.execute(f"DROP TABLESPACE IF EXISTS {tablespace}")
        subprocess.run(["umount", str(directory)], check=False)
        shutil.rmtree(root, ignore_errors=True)


def test_ingest_into_a_full_tablespace_fails_clearly_rolls_back_and_succeeds_once_there_is_room(
    small_disk: tuple[SmallDisk, str], capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk, url = small_disk
    disk.resize(disk.used() + ROOM)
    bodies = incompressible_bodies(count=20)
    stored = ingest_until_full(url, bodies)
    assert_consistent(url, capsys, monkeypatch)

    disk.resize(64 << 20)  # space freed
    ingest_again(url, bodies, stored)
    assert_consistent(url, capsys, monkeypatch)
