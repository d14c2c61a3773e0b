"""The extractor on real report pages (tests/realworld/fixtures), against values read by hand.

The bar: no cell may carry a value other than the one printed (a wrong number enters the archive as fact,
a missing one is only a gap), nothing may be extracted where the report prints nothing, and the share of
printed cells and fields found stays where it was measured (tuned set 99 % cells, held-out set 100 %,
hand-made variants 100 %; the bars leave room for one or two slips, not for a class of layouts to break).
"""

from __future__ import annotations

import functools

import pytest

from nianbao.extractor import extract
from tests.realworld.golden import GOLDEN, HELDOUT, VARIANTS, Golden
from tests.realworld.score import DocumentScore, fixture_bundle, score

ALL: dict[str, Golden] = {**GOLDEN, **HELDOUT, **VARIANTS}


@functools.cache
def scored(name: str) -> DocumentScore:
    return score(name, ALL[name], extract(fixture_bundle(name)))


@pytest.mark.parametrize("name", sorted(ALL))
def test_no_cell_has_a_value_other_than_printed(name: str) -> None:
    result = scored(name)
    assert result.wrong == {}, f"{name}: (expected, extracted) {result.wrong}"
    assert result.unexpected == [], f"{name}: cells where the report prints none: {result.unexpected}"


@pytest.mark.parametrize(
    ("goldens", "cells_bar", "fields_bar"), [(GOLDEN, 0.97, 0.93), (HELDOUT, 0.95, 0.93), (VARIANTS, 0.99, 0.95)]
)
def test_share_of_cells_and_fields_found(goldens: dict[str, Golden], cells_bar: float, fields_bar: float) -> None:
    results = [scored(name) for name in goldens]
    cells = sum(r.cells_right for r in results) / sum(r.cells_total for r in results)
    fields = sum(r.fields_right for r in results) / sum(r.fields_total for r in results)
    missed = {r.name: r.missed for r in results if r.missed}
    field_errors = {r.name: r.field_errors for r in results if r.field_errors}
    assert cells >= cells_bar, f"cells {cells:.1%} < {cells_bar:.0%}; missed: {missed}"
    assert fields >= fields_bar, f"fields {fields:.1%} < {fields_bar:.0%}; wrong or missing: {field_errors}"


def test_tables_of_every_text_layout_are_read() -> None:
    """One report per layout the page-to-text conversion leaves, each with its whole printed table 2."""
    layouts = {
        "01_haizhu_guanzhou_2023.txt": "pipe rows",
        "08_sjz_jyj_2021.txt": "pipe rows with a leading bar and padding",
        "11_xinfeng_wjw_2023.txt": "one cell a line, blank lines between",
        "15_haidian_t3.txt": "one cell a line ended by a bar",
        "16_xjnlk_town_2023.txt": "one cell a line between bar lines",
    }
    for name, layout in layouts.items():
        result = scored(name)
        t2_missed = [k for k in result.missed if k.startswith("t2.")]
        assert not t2_missed, f"{layout} ({name}): table 2 cells missed {t2_missed}"


def test_pdf_text_numbers_of_table_4_on_one_line() -> None:
    result = scored("09_wendeng_xfj_2022_p8.txt")
    assert result.cells_right == result.cells_total == 15


def test_variant_fixtures_are_what_variants_py_writes() -> None:
    """The committed variant files are the script's output (so their golden values are the script's)."""
    from tests.realworld import variants

    for name, text in variants.build().items():
        assert (variants.OUT / name).read_text(encoding="utf-8") == text, name
