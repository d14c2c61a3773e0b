"""The words a regular expression cannot match without, read from its parse tree: a gate before a search.

The prose patterns (prose.py) are searched in every paragraph of a report, eighty-odd patterns a paragraph, and
most paragraphs lack the words a pattern is built on ("行政复议", "规范性文件", "信息处理费"). Asking
`word in text` of those words costs a fraction of starting a search, so a pattern whose words are not all in
the paragraph is not searched at all. The words come from the pattern's own parse tree (the `re` module's
parser), never from a hand-kept list, so the gate cannot drift from the pattern: only literal runs that every
match must contain are taken (outside alternatives, optional parts and lookarounds), so a skipped search is
one that would have found nothing.
"""

from __future__ import annotations

import re
from re import _constants as _c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

__all__ = ["has_all", "required_words"]

#: Items that consume text and whose content every match contains once at least (when their minimum is ≥ 1).
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT))


def required_words(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Literal strings every match of `pattern` contains, longest first; () when none can be told (a
    case-insensitive pattern, bytes, a parse this reader does not know), which gates nothing."""
    if not isinstance(pattern.pattern, str) or pattern.flags & re.IGNORECASE:
        return ()
    try:
        tree = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # a private parser may change between Python versions: then no gate, never a wrong one
        return ()
    if tree.state.flags & re.IGNORECASE:
        return ()
    runs: list[str] = []
    _collect(tree, runs)
    return tuple(sorted({run for run in runs if run}, key=lambda run: (-len(run), run)))


def _collect(items: Any, runs: list[str]) -> None:
    """Runs of consecutive literals of a sequence into `runs`; anything else ends a run, and only parts that
    every match goes through (groups, repeats of at least one) are looked into."""
    run: list[str] = []
    for op, arg in items:
        if op is _c.LITERAL:
            run.append(chr(arg))
            continue
        runs.append("".join(run))
        run = []
        if op is _c.SUBPATTERN:
            _group, add_flags, del_flags, sub = arg
            if not add_flags and not del_flags:  # (?i:…) and the like: left out
                _collect(sub, runs)
        elif op in _REPEATS:
            low, _high, sub = arg
            if low >= 1:
                _collect(sub, runs)
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            _collect(arg, runs)
    runs.append("".join(run))


def has_all(words: tuple[str, ...], text: str) -> bool:
    """Whether `text` contains every one of `words` (so that the pattern they came from could match)."""
    for word in words:  # noqa: SIM110 (a loop: all() over a generator costs more than the searches it saves)
        if word not in text:
            return False
    return True
