"""A consistent copy of the archive while crawls write to it.

SQLite: `VACUUM INTO` reads one snapshot (WAL readers never block the writer) and writes a compact file.
PostgreSQL: `pg_dump --format=custom` dumps one snapshot as well; restore with `pg_restore -d NEWDB PATH`.
Either way the copy goes to a temporary name beside PATH and is renamed only when complete, so a failed or
killed backup never leaves a half file under the name a user would restore from.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy.engine import make_url

from nianbao.archive.database import is_sqlite, sqlite_path
from nianbao.archive.errors import BackupFailed
from nianbao.archive.store import Archive


def backup(archive: Archive, target: Path, *, overwrite: bool = False) -> str:
    """Copy the archive to `target`; returns how ("sqlite" or "pg_dump")."""
    if target.exists() and not overwrite:
        raise BackupFailed(f"{target} exists: choose a new name (or --force to replace it)")
    if target.is_dir():
        raise BackupFailed(f"{target} is a directory")
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise BackupFailed(f"cannot write {target}: no directory {directory}")
    fd, name = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".partial")
    os.close(fd)
    tmp = Path(name)
    try:
        if is_sqlite(archive.url):
            tmp.unlink()  # VACUUM INTO wants to create the file itself
            _sqlite_backup(archive.url, tmp)
            how = "sqlite"
        else:
            _pg_dump(archive.url, tmp)
            how = "pg_dump"
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return how


def _sqlite_backup(url: str, tmp: Path) -> None:
    # The sqlite3 module directly: VACUUM cannot run inside the transaction SQLAlchemy's engine would open.
    source = sqlite3.connect(sqlite_path(url), timeout=30, isolation_level=None)
    try:
        source.execute("VACUUM INTO ?", (str(tmp),))
    except sqlite3.Error as err:
        raise BackupFailed(f"SQLite could not copy the archive: {err}") from err
    finally:
        source.close()


def _pg_dump(url: str, tmp: Path) -> None:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupFailed("pg_dump is not installed (Debian: postgresql-client)")
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)  # not on the command line, where `ps` would show it
    argv = [pg_dump, "--format=custom", "--no-password", f"--file={tmp}", f"--dbname={parsed.database}"]
    if parsed.host:
        argv.append(f"--host={parsed.host}")
    if parsed.port:
        argv.append(f"--port={parsed.port}")
    if parsed.username:
        argv.append(f"--username={parsed.username}")
    done = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise BackupFailed(f"pg_dump failed (exit {done.returncode}): {done.stderr.strip()[-2000:]}")
