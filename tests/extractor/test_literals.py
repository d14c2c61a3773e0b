"""The words gate of extractor.literals: exactly the literals every match contains, so a skipped search is
one that would have found nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nianbao.extractor import prose
from nianbao.extractor.literals import has_all, required_words

FIXTURES = Path(__file__).resolve().parents[1] / "realworld" / "fixtures"


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"行政复议(?:案件)?(\d+)件", ("行政复议", "件")),
        (r"(?:未|没有)收到申请", ("收到申请",)),  # an alternative ends a run and gives nothing
        (r"人大代表?建议", ("人大代", "建议")),  # an optional letter ends a run
        (r"(?<!不)予以公开(?=的)", ("予以公开",)),  # lookarounds require nothing
        (r"(?:共计)+(\d+)条", ("共计", "条")),  # a repeat of at least one is required
        (r"(?:共计)*(\d+)条", ("条",)),
        (r"a|b", ()),  # an alternative at the top: nothing can be told
        (r"(?i)abc", ()),  # case-insensitive: never gated
        (r"(?i:x)yz", ("yz",)),
    ],
)
def test_required_words(pattern: str, words: tuple[str, ...]) -> None:
    assert set(required_words(re.compile(pattern))) == set(words)


def test_case_insensitive_pattern_is_never_gated() -> None:
    assert required_words(re.compile("abc", re.IGNORECASE)) == ()


def test_gate_never_skips_a_match_of_the_prose_patterns() -> None:
    """Every line of the real-report fixtures and every window around a match: a pattern that matches has all its
    words in the text (the gate would have let it through)."""
    texts = [line for path in sorted(FIXTURES.rglob("*.txt")) for line in path.read_text("utf-8").splitlines()]
    assert len(texts) > 1000
    patterns = [pattern for _, pattern in (*prose._PATTERNS, *prose._ZERO_PATTERNS)] + [prose._CARRIED_FROM_YEAR]
    matched = 0
    for pattern in patterns:
        words = required_words(pattern)
        for text in texts:
            match = pattern.search(text)
            if match is None:
                continue
            matched += 1
            assert has_all(words, match.group(0)), (pattern.pattern, words, match.group(0))
    assert matched > 100  # the fixtures exercise the patterns
