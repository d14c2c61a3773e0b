"""`nianbao get`, `history`, `diff` and `db` on both databases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from nianbao.archive import Archive, schema
from nianbao.archive.blobs import compress
from tests.archive.helpers import nianbao, page

URL = "http://www.example.gov.cn/art/2025/1/10/art_1_7.html"
PDF = bytes(range(256)) * 40 + b"\r\n\x00%%EOF\n"


def report(total: int, balance: str = "pass") -> dict[str, Any]:
    return {
        "title": "某县2024年政府信息公开工作年度报告", "agency": "某县人民政府", "region": "某县", "year": 2024,
        "published": "2025-01-10", "signed": "2025-01-10", "template": "2021", "format": "html",
        "extractor_version": "test-1",
        "cells": {"t3.new.total": total, "t2.fees.amount": 0.5, "prose.litigation_total": 2},
        "cell_details": {"t3.new.total": {"raw": str(total), "source": "table"}},
        "checks": [{"rule": "t3_balance", "status": balance, "detail": "", "cells": ["t3.new.total"]}],
        "warnings": [],
    }


def test_get_writes_the_original_byte_exact(archive: Archive, capsysbinary: Any, tmp_path: Path) -> None:
    result = archive.ingest(page(URL + ".pdf", PDF, kind="attachment", headers={"Content-Type": "application/pdf"}))
    archive.ingest(page(URL + ".pdf", b"second version", minutes=5, kind="attachment"))
    target = tmp_path / "out" / "out.pdf"
    target.parent.mkdir()
    code, _, err = nianbao(capsysbinary, "get", str(result.document_id), "--version", "1", "-o", str(target))
    assert (code, err) == (0, "")
    assert target.read_bytes() == PDF
    code, out, _ = nianbao(capsysbinary, "get", URL + ".pdf")
    assert (code, out) == (0, b"second version")
    code, _, err = nianbao(capsysbinary, "get", URL + ".pdf", "-o", str(target.parent))  # a directory
    assert code == 1 and "cannot write" in err
    assert [p.name for p in target.parent.iterdir()] == ["out.pdf"]  # no temporary file left behind


def test_get_through_the_installed_command_to_stdout(archive: Archive, database_url: str) -> None:
    result = archive.ingest(page(URL + ".pdf", PDF, kind="attachment"))
    env = dict(os.environ, NIANBAO_DATABASE_URL=database_url)
    script = Path(sys.executable).with_name("nianbao")  # the console script pip installed
    command = [str(script)] if script.exists() else [sys.executable, "-m", "nianbao"]
    done = subprocess.run([*command, "get", str(result.document_id)],
                          capture_output=True, env=env, timeout=120, check=False)
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout == PDF


def test_get_unknown_document_or_version_exits_1(archive: Archive, capsysbinary: Any) -> None:
    result = archive.ingest(page(URL, b"A"))
    assert nianbao(capsysbinary, "get", "999")[0] == 1
    code, _, err = nianbao(capsysbinary, "get", str(result.document_id), "--version", "7")
    assert code == 1 and "no version 7" in err


def test_history_lists_versions(archive: Archive, capsysbinary: Any) -> None:
    for minutes, body in enumerate([b"A", b"B", b"A"]):
        archive.ingest(page(URL, body, minutes=minutes))
    code, out, _ = nianbao(capsysbinary, "history", URL)
    text = out.decode()
    assert code == 0 and URL in text
    lines = [line for line in text.splitlines() if line.strip().startswith(("│ 1", "│ 2", "│ 3"))]
    assert len(lines) == 3


def test_diff_shows_text_and_cells(archive: Archive, capsysbinary: Any) -> None:
    one = archive.ingest(page(URL, "<html><body><p>新收申请6件</p><p>不变</p></body></html>".encode()))
    two = archive.ingest(page(URL, "<html><body><p>新收申请7件</p><p>不变</p></body></html>".encode(), minutes=1))
    archive.save_extraction(one.version_id, report(6))
    archive.save_extraction(two.version_id, report(7, balance="fail"))
    code, out, err = nianbao(capsysbinary, "diff", str(one.document_id))
    text = out.decode()
    assert code == 0, err
    assert "~ t3.new.total: 6 -> 7" in text
    assert "t3_balance: pass -> fail" in text
    assert "-新收申请6件" in text and "+新收申请7件" in text
    assert "不变" not in [line[1:] for line in text.splitlines() if line[:1] in "+-"]


def test_diff_decodes_gbk_pages_and_says_when_bodies_are_not_text(archive: Archive, capsysbinary: Any) -> None:
    gbk = {"Content-Type": "text/html; charset=gb2312"}
    one = archive.ingest(page(URL, "<p>年度报告—第一版</p>".encode("gb18030"), headers=gbk))
    archive.ingest(page(URL, "<p>年度报告—第二版</p>".encode("gb18030"), minutes=1, headers=gbk))
    code, out, _ = nianbao(capsysbinary, "diff", URL)
    assert code == 0 and "+年度报告—第二版" in out.decode()
    pdf = {"Content-Type": "application/pdf"}
    archive.ingest(page(URL + ".pdf", PDF, headers=pdf, kind="attachment"))
    archive.ingest(page(URL + ".pdf", PDF + b"x", minutes=1, headers=pdf, kind="attachment"))
    code, out, _ = nianbao(capsysbinary, "diff", URL + ".pdf", "--from", "1", "--to", "2")
    assert code == 0 and "not text (application/pdf)" in out.decode()
    second = archive.versions(archive.resolve(URL + ".pdf"))[1].version_id
    archive.save_extraction(second, dict(report(6), sections={"overview": "全年公开信息100条"}))
    first = archive.versions(archive.resolve(URL + ".pdf"))[0].version_id
    archive.save_extraction(first, dict(report(6), sections={"overview": "全年公开信息90条"}))
    code, out, _ = nianbao(capsysbinary, "diff", URL + ".pdf")
    assert code == 0 and "from the extracted sections" in out.decode()
    assert "-全年公开信息90条" in out.decode() and "+全年公开信息100条" in out.decode()
    code, _, err = nianbao(capsysbinary, "diff", str(one.document_id), "--from", "1", "--to", "5")
    assert code == 1 and "no version 5" in err


def test_db_status_and_upgrade_at_head(database_url: str, capsysbinary: Any) -> None:
    head = schema.head_revision().encode()
    code, out, _ = nianbao(capsysbinary, "db", "status")
    assert code == 0 and b"revision: " + head in out
    code, out, _ = nianbao(capsysbinary, "db", "upgrade")
    assert code == 0 and b"already at revision " + head in out


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_sql_formats(archive: Archive, capsysbinary: Any, fmt: str) -> None:
    result = archive.ingest(page(URL, b"A"))
    archive.save_extraction(result.version_id, report(6))
    query = "SELECT cell_key, value, raw FROM report_cells ORDER BY cell_key"
    code, out, err = nianbao(capsysbinary, "sql", query, "--format", fmt)
    assert code == 0, err
    text = out.decode()
    if fmt == "json":
        assert json.loads(text) == [
            {"cell_key": "prose.litigation_total", "value": 2, "raw": None},
            {"cell_key": "t2.fees.amount", "value": 0.5, "raw": None},
            {"cell_key": "t3.new.total", "value": 6, "raw": "6"},
        ]
    elif fmt == "csv":
        assert text.splitlines() == [
            "cell_key,value,raw", "prose.litigation_total,2,", "t2.fees.amount,0.5,", "t3.new.total,6,6"
        ]
    else:
        assert "t3.new.total" in text and "(3 rows)" in text


def test_get_refuses_a_corrupt_body(archive: Archive, capsysbinary: Any, tmp_path: Path) -> None:
    result = archive.ingest(page(URL + ".pdf", PDF, kind="attachment"))
    with archive.engine.begin() as conn:
        conn.execute(sa.text("UPDATE blob SET data = :d"), {"d": compress(b"not the original")})
    target = tmp_path / "out.pdf"
    code, _, err = nianbao(capsysbinary, "get", str(result.document_id), "-o", str(target))
    assert code == 1 and "corrupt" in err
    assert not target.exists()
