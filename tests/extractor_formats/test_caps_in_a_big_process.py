"""The per-document memory cap bounds what a parse adds, so it holds in processes that already map a lot.

A crawl's extraction worker keeps the OCR models loaded (gigabytes of address space); a fixed RLIMIT_AS
in its forked parse children made every later PDF fail with "failed to map segment".
"""

from __future__ import annotations

import subprocess
import sys
import textwrap


def run_in_a_process_mapping(gib: int, code: str) -> subprocess.CompletedProcess[str]:
    script = textwrap.dedent(f"""
        import mmap
        hog = [mmap.mmap(-1, 1024**3) for _ in range({gib})]  # mapped, never touched: address space, not RAM
    """) + textwrap.dedent(code)
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)


def test_a_pdf_parses_in_a_process_already_mapping_more_than_the_cap() -> None:
    result = run_in_a_process_mapping(3, """
        from nianbao.corpus import render_pdf
        from nianbao.corpus.truth import generate
        from nianbao.extractor import extract
        truth = generate(3)
        report = extract(render_pdf.bundle(truth))
        assert all(report.cells[k].value == v for k, v in truth.cells.items()), "cells differ"
        print("ok", len(report.cells))
    """)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("ok")


def test_a_parse_that_eats_memory_is_still_stopped_there() -> None:
    result = run_in_a_process_mapping(3, """
        from nianbao.extractor.limits import Caps, ExtractionError, run_capped
        def greedy():
            hoard = []
            while True:
                hoard.append(bytearray(64 * 1024**2))
        try:
            run_capped(greedy, caps=Caps(seconds=60, memory_bytes=256 * 1024**2))
        except ExtractionError as err:
            print("stopped:", err)
    """)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "stopped:" in result.stdout and "memory" in result.stdout
