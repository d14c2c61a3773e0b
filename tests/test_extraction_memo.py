"""The extraction memo (nianbao.extraction_memo): a memoised report is the fresh report, and nothing but the
same input to the same extractor ever reads it back."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from nianbao import extraction_memo
from nianbao.extraction_memo import ExtractionMemo, bundle_key, memoised_report_json
from nianbao.extractor import report_json
from nianbao.extractor.bundle import Bundle, Resource

SEED = Path(__file__).resolve().parent.parent / "nianbao" / "replicas" / "data" / "seeds"


def _bundle() -> Bundle:
    text = sorted(SEED.glob("*"))[0].read_bytes()
    return Bundle(body=text, content_type="text/plain; charset=utf-8", url="http://www.example.gov.cn/nb/1.txt")


def test_a_memoised_report_is_the_fresh_one_and_is_read_back_without_extracting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = _bundle()
    fresh = json.loads(json.dumps(report_json(bundle)))
    first = memoised_report_json(bundle, str(tmp_path))
    assert first == fresh and first["cells"], "the seed must give cells, or this test proves nothing"
    [stored] = list(tmp_path.rglob("*.json"))
    assert stored.name == f"{bundle_key(bundle)}.json"

    def refuse(_bundle: Bundle) -> dict:
        raise AssertionError("extracted again")

    monkeypatch.setattr(extraction_memo, "report_json", refuse)
    assert memoised_report_json(bundle, str(tmp_path)) == fresh


def test_every_input_and_the_extractor_itself_are_in_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = _bundle()
    image = Resource("http://www.example.gov.cn/a.png", b"\x89PNG one", "image/png")
    variants = [
        bundle,
        dataclasses.replace(bundle, body=bundle.body + b" "),
        dataclasses.replace(bundle, content_type="text/html"),
        dataclasses.replace(bundle, url="http://www.example.gov.cn/nb/2.txt"),
        dataclasses.replace(bundle, headers={"Content-Disposition": "attachment; filename=a.txt"}),
        dataclasses.replace(bundle, resources=(image,)),
        dataclasses.replace(bundle, resources=(dataclasses.replace(image, body=b"\x89PNG two"),)),
    ]
    keys = {bundle_key(b) for b in variants}
    assert len(keys) == len(variants)
    # what changes on every fetch of the same bytes is not part of the input
    volatile = {"Date": "Mon, 07 Dec 2026 02:00:00 GMT", "Set-Cookie": "wzws_sessionid=1", "ETag": '"a"'}
    assert bundle_key(dataclasses.replace(bundle, headers=volatile)) == bundle_key(bundle)
    monkeypatch.setattr(extraction_memo, "extractor_digest", lambda: "another extractor")
    assert bundle_key(bundle) not in keys


def test_a_damaged_entry_is_extracted_again_and_an_unwritable_memo_costs_nothing(tmp_path: Path) -> None:
    bundle = _bundle()
    memo = ExtractionMemo(tmp_path)
    path = tmp_path / bundle_key(bundle)[:2] / f"{bundle_key(bundle)}.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(b'{"cells": {"torn')
    report = memoised_report_json(bundle, str(tmp_path))
    assert memo.get(bundle_key(bundle)) == report  # rewritten whole

    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    assert memoised_report_json(bundle, str(blocked)) == report
