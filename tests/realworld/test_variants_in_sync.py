"""The committed variant fixtures are exactly what variants.py writes: the generator and its output cannot drift."""

from __future__ import annotations

from tests.realworld import variants


def test_committed_variant_fixtures_equal_the_generator_output() -> None:
    built = variants.build()
    committed = {p.name for p in variants.OUT.iterdir() if p.is_file()}
    assert set(built) <= committed, "run `python -m tests.realworld.variants`"
    for name, text in built.items():
        assert (variants.OUT / name).read_text(encoding="utf-8") == text, f"{name} differs from variants.py"
