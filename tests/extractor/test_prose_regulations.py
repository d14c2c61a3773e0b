"""Counts of 规章 and 规范性文件 stated in prose (制发 / 废止 / 现行有效) and their negations, and the tempting
sentences that name no cell (规章制度, 清理, 审查, 备案, two kinds counted together)."""

from __future__ import annotations

import pytest

from nianbao.extractor.prose import statements


def said(text: str) -> dict[str, int | float]:
    return {st.key: st.value for st in statements(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本年度制发规章3件。", {"t2.regulations.made": 3}),
        ("本年度制发规章0件。", {"t2.regulations.made": 0}),
        ("全年制定政府规章2件，废止规章1件。", {"t2.regulations.made": 2, "t2.regulations.repealed": 1}),
        ("现行有效规章12件。", {"t2.regulations.in_force": 12}),
        ("现行有效的行政规范性文件51件。", {"t2.normative_documents.in_force": 51}),
        ("规范性文件现行有效37件。", {"t2.normative_documents.in_force": 37}),
        ("制发规范性文件0件，废止规范性文件2件。",
         {"t2.normative_documents.made": 0, "t2.normative_documents.repealed": 2}),
        ("我局未制发规章。", {"t2.regulations.made": 0}),
        ("本年度未制定规章和规范性文件。", {"t2.regulations.made": 0, "t2.normative_documents.made": 0}),
        ("本年度没有废止行政规范性文件。", {"t2.normative_documents.repealed": 0}),
        ("制发规章、规范性文件均为0件。", {"t2.regulations.made": 0, "t2.normative_documents.made": 0}),
    ],
)  # fmt: skip
def test_counts_and_negations(text: str, expected: dict[str, int]) -> None:
    assert said(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "修订完善内部规章制度3项。",
        "制定规章制度5件。",
        "未制定规章制度。",
        "清理规范性文件12件，审查规范性文件8件。",
        "报送备案规范性文件4件。",
        "制发规章和规范性文件共3件。",  # the two together: neither count
        "依法公开规章及规范性文件17件。",
    ],
)
def test_sentences_that_name_no_cell(text: str) -> None:
    assert not any(key.startswith("t2.regulations") or key.startswith("t2.normative") for key in said(text))


def test_every_pattern_of_these_documents_needs_the_character_the_shortcut_tests() -> None:
    from nianbao.extractor.prose import _DOCUMENT_KEYS, _PATTERNS, _ZERO_PATTERNS

    for targets, pattern in (*_PATTERNS, *_ZERO_PATTERNS):
        if targets[0].startswith(_DOCUMENT_KEYS):
            assert "规" in pattern.pattern, pattern.pattern
