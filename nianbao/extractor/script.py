"""Reports in traditional characters, read as the simplified text they were converted from.

Mirror sites and 繁體 views of portals serve the same report with every 開/關/報/數 in traditional form; the
template's labels (規章, 申請數量, 萬元) then match nothing. OpenCC's t2s conversion (a maintained dictionary
with phrase tables, rather than a hand list of characters) turns such a layout back, and is applied only
when the text is clearly traditional, so a simplified report is never touched.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any

from nianbao.extractor.layout import Layout
from nianbao.extractor.textnorm import han_chars

_SAMPLE = 6000
_TRADITIONAL_SHARE = 0.03  # simplified text changes under t2s in well under 1 % of its characters


@functools.cache
def _converter() -> Any:  # opencc ships no type information
    import opencc  # loaded when a text shows traditional characters

    return opencc.OpenCC("t2s")


# characters every report uses in traditional form (開 報 數 關 …): without one of them OpenCC is not consulted
_TELLTALES = frozenset("開關報數據處請務會與為這們個區縣國發經條門戶時後")


def is_traditional(text: str) -> bool:
    sample = text[:_SAMPLE]
    han = han_chars(sample)
    if len(han) < 50 or not _TELLTALES.intersection(sample):
        return False
    converted = _converter().convert(sample)
    changed = sum(1 for a, b in zip(sample, converted, strict=False) if a != b)
    return changed / len(han) > _TRADITIONAL_SHARE


def simplified(layout: Layout) -> Layout:
    """The layout in simplified characters if it is printed in traditional ones; otherwise unchanged."""
    if not is_traditional(layout.text()):
        return layout
    out = layout.map_text(_converter().convert)
    return dataclasses.replace(out, warnings=[*layout.warnings, "traditional characters read as simplified"])
