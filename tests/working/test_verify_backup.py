"""`nianbao verify` finds a corrupted body; `nianbao backup` taken during ingestion opens and verifies."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from nianbao.archive import Archive, Fetch
from nianbao.archive.blobs import compress, sha256_hex
from nianbao.archive.verify import verify
from tests.archive.helpers import nianbao
from tests.working.helpers import at, rows

ROOT = Path(__file__).resolve().parents[2]


def _store(archive: Archive, url: str, body: bytes) -> str:
    archive.ingest(Fetch(url=url, status=200, headers={}, body=body, fetched_at=at(0), kind="attachment"))
    return sha256_hex(body)


def test_verify_lists_each_corrupted_body_with_its_documents(archive: Archive, capsysbinary: Any) -> None:
    good = _store(archive, "http://www.example.gov.cn/a.pdf", b"%PDF-1.7 good" * 100)
    swapped = _store(archive, "http://www.example.gov.cn/b.pdf", b"%PDF-1.7 swapped" * 100)
    garbled = _store(archive, "http://www.example.gov.cn/c.doc", b"\xd0\xcf\x11\xe0 garbled" * 100)
    code, out, _ = nianbao(capsysbinary, "verify")
    assert code == 0 and "3 stored bodies" in out.decode() and "all match" in out.decode()

    with archive.engine.begin() as conn:
        conn.execute(sa.text("UPDATE blob SET data = :d WHERE sha256 = :s"),
                     {"d": compress(b"some other body"), "s": swapped})
        [(data,)] = conn.execute(sa.text("SELECT data FROM blob WHERE sha256 = :s"), {"s": garbled}).all()
        flipped = bytearray(data)
        flipped[len(flipped) // 2] ^= 0xFF
        conn.execute(sa.text("UPDATE blob SET data = :d WHERE sha256 = :s"), {"d": bytes(flipped), "s": garbled})

    code, out, _ = nianbao(capsysbinary, "verify")
    text = out.decode()
    assert code == 1
    assert f"BAD {swapped}: bytes hash to {sha256_hex(b'some other body')}" in text
    assert f"BAD {garbled}:" in text and "http://www.example.gov.cn/c.doc" in text
    assert "http://www.example.gov.cn/b.pdf" in text and good not in text
    assert "3 stored bodies" in text and "2 do not match their address" in text


def _wait_for(path: Path, proc: subprocess.Popen[Any], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the writer never got going"
        time.sleep(0.05)


@pytest.mark.slow
def test_a_backup_taken_while_another_process_ingests_opens_and_verifies(
    archive: Archive, database_url: str, database_kind: str, tmp_path: Path, request: pytest.FixtureRequest,
    capsysbinary: Any,
) -> None:
    ready, stop = tmp_path / "ready", tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-c", "import sys; from tests.working.helpers import keep_ingesting; "
         "keep_ingesting(*sys.argv[1:])", database_url, str(ready), str(stop)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        _wait_for(ready, writer)
        target = tmp_path / "backup.file"
        code, out, err = nianbao(capsysbinary, "backup", str(target))
        assert (code, err) == (0, ""), err
        assert "backup written to" in out.decode()
        written_meanwhile = rows(archive, "SELECT count(*) FROM version")[0][0]
    finally:
        stop.touch()
        writer.wait(timeout=60)
    assert writer.returncode == 0, writer.communicate()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left

    if database_kind == "sqlite":
        copy_url = f"sqlite:///{target}"
        with sa.create_engine(copy_url).connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    else:
        server = request.getfixturevalue("postgres_server")
        name = server.new_database(at_head=False)
        request.addfinalizer(lambda: server.drop_database(name))
        copy_url = server.url(name)
        libpq = sa.engine.make_url(copy_url).set(drivername="postgresql").render_as_string(hide_password=False)
        restored = subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={libpq}", str(target)],
                                  capture_output=True, text=True, check=False)
        assert restored.returncode == 0, restored.stderr
    copy = Archive.open(copy_url)
    try:
        fixity = verify(copy)
        versions = rows(copy, "SELECT count(*) FROM version")[0][0]
        assert rows(copy, "SELECT count(*) FROM version v LEFT JOIN blob b ON b.sha256 = v.sha256 "
                          "WHERE b.sha256 IS NULL") == [(0,)]
    finally:
        copy.close()
    assert fixity.ok and fixity.checked >= 100
    assert 100 <= versions <= written_meanwhile


def test_backup_refuses_an_existing_target(archive: Archive, tmp_path: Path, capsysbinary: Any) -> None:
    target = tmp_path / "exists.sqlite"
    target.write_bytes(b"keep me")
    code, _, err = nianbao(capsysbinary, "backup", str(target))
    assert code == 1 and "exists" in err
    assert target.read_bytes() == b"keep me"
