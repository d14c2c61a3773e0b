"""A document that cannot be read at all says so in the report's own `unreadable` field (and, as before, in its
first warning), so the crawl, the re-extraction and users need not parse warnings to tell it from an empty one."""

from __future__ import annotations

from nianbao.extractor import UNREADABLE, extract_or_explain, report_json, unreadable_reason
from nianbao.extractor.bundle import Bundle


def test_an_unreadable_document_names_its_reason_in_a_field() -> None:
    report = extract_or_explain(Bundle(b"\x00\x01garbage" * 10, "application/octet-stream", "http://x.gov.cn/a.bin"))
    assert report.unreadable is not None and report.unreadable.startswith("UnsupportedFormat")
    assert report.warnings == [UNREADABLE + report.unreadable]
    assert report.cells == {}
    as_json = report_json(Bundle(b"\x00\x01garbage" * 10, "application/octet-stream", "http://x.gov.cn/a.bin"))
    assert as_json["unreadable"] == report.unreadable
    assert unreadable_reason(as_json) == report.warnings[0]


def test_a_readable_document_is_not_unreadable_even_when_it_finds_nothing() -> None:
    report = report_json(Bundle("<html><body><p>通知</p></body></html>".encode(), "text/html", "http://x.gov.cn/a"))
    assert report["unreadable"] is None and unreadable_reason(report) is None


def test_a_report_stored_before_the_field_existed_is_read_from_its_warning() -> None:
    old = {"warnings": ["not read: ExtractionError: too deep"], "cells": {}}
    assert unreadable_reason(old) == "not read: ExtractionError: too deep"
    assert unreadable_reason({"warnings": ["table 4 not read"]}) is None
