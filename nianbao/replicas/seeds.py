"""The five real seed reports, served in their own portal's form, with their numbers written down by hand.

The texts (replicas/data/seeds) are public reports as flattened text: paragraphs, and tables either one row per
line (cells split by tabs) or one cell per tab-led line with blank lines between rows. They are turned back
into HTML tables here. Their truths were read off the texts once and are kept below: every table cell of
seeds 001, 002 and 004 is printed; seed 000 states its numbers only in prose; seed 003's tables are images
in the real page, so its images are drawn here from an all-zero table, matching what its prose says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from nianbao.extractor import keys
from nianbao.replicas.fragments import esc, text_to_html
from nianbao.replicas.web import SYNTHETIC_NOTE

DATA = Path(__file__).parent / "data" / "seeds"


def _zeros(org_subtotal: bool = False) -> dict[str, float]:
    return {k: 0 for k in keys.table_cell_keys("2021", org_subtotal, False)}


def _seed002() -> dict[str, float]:
    cells = _zeros()
    for row in ("new", "unable_not_held", "handled_total"):
        cells[f"t3.{row}.natural_person"] = 6
        cells[f"t3.{row}.total"] = 6
    return cells


def _seed000() -> dict[str, float]:
    """Seed 000 has no tables: only what its prose states."""
    cells: dict[str, float] = {
        f"t2.{r}.{c}": 0 for r in ("regulations", "normative_documents") for c in ("made", "repealed")
    }
    cells.update({
        "t2.licensing.decisions": 263, "t2.punishment.decisions": 0, "t2.enforcement.decisions": 0,
        "t2.fees.amount": 0.0, "t3.new.total": 0, "t3.carried_over.total": 0, "t4.review.total": 0,
        "prose.litigation_total": 0,
    })
    return cells


def _seed001() -> dict[str, float]:
    """All zeros; but the OCR'd text prints six numbers for the seven columns of the 逾期未缴费 row, so which
    cell is missing cannot be known: that row is left out of the truth rather than guessed."""
    return {k: v for k, v in _zeros().items() if not k.startswith("t3.other_fee_unpaid.")}


TRUTHS = {"000": _seed000, "001": _seed001, "002": _seed002, "003": _zeros, "004": _zeros}
FACTS = {
    "000": {"active_disclosures": 24, "npc_suggestions": 0, "cppcc_proposals": 0, "processing_fees": 0},
    "001": {},
    "002": {},
    "003": {"active_disclosures": 905},
    "004": {"active_disclosures": 492, "processing_fees": 0},
}


@dataclass
class Seed:
    number: str
    text: str

    def truth(self) -> dict[str, float]:
        return TRUTHS[self.number]()

    def facts(self) -> dict[str, object]:
        return dict(FACTS[self.number], seed=self.number)

    def fragment(self) -> str:
        return _note() + text_to_html(self.text)

    def fragment_with_images(self) -> tuple[str, list[list[object]]]:
        """Seed 003 as published: each `[image: …]` placeholder shows a table picture."""
        tables = zero_tables()
        count = 0

        def image(_m: re.Match[str]) -> str:
            nonlocal count
            count += 1
            return f'<img src="{{IMAGE{count - 1}}}" alt="" style="width:600px"/>'

        text = re.sub(r"\[image: [0-9a-f]+\]", lambda m: "\x00IMG\x00", self.text)
        html = text_to_html(text).replace("\x00IMG\x00", "\x01")
        html = re.sub("\x01", image, html)
        # the real page has two pictures; the three tables are drawn into them in print order
        if count != 2:
            raise ValueError(f"seed {self.number} holds {count} image placeholders, expected 2")
        return _note() + html, [[tables[0], tables[1]], [tables[2]]]


def _note() -> str:
    return f'<p class="nianbao-synthetic">（{SYNTHETIC_NOTE}：公开年报文本的复制件，用于离线测试。）</p>'


@cache
def load(number: str) -> Seed:
    paths = sorted(DATA.glob(f"{number}_*.txt"))
    if not paths:
        raise FileNotFoundError(f"no seed text {number} in {DATA}")
    return Seed(number, paths[0].read_text(encoding="utf-8"))


def zero_tables() -> list[list[object]]:
    """Tables 2, 3, 4 of the 2021 template as corpus.printed lays them out, every number printed as 0."""
    from nianbao.corpus import printed
    from nianbao.corpus.truth import generate

    truth = generate(3, template="2021", org_subtotal=False, other_single=False)
    truth.printed = dict.fromkeys(truth.printed, "0")
    tables = printed.tables(truth)
    return [tables["active_disclosure"], tables["applications"], tables["review_litigation"]]


def correction(revision: int) -> str:
    """A seed's text is real, so a test's 'change' re-publishes it with a correction note, numbers unchanged."""
    return f"<p>（更正说明：本报告已于发布后第{revision}次更正。{SYNTHETIC_NOTE}）</p>" if revision else ""


def standalone_html(title: str, fragment: str) -> str:
    """A whole HTML document for LibreOffice to turn into the seed's PDF."""
    return (
        f"<html><head><meta charset='utf-8'><title>{esc(title)}</title></head><body>"
        f"<p>{SYNTHETIC_NOTE}</p>{fragment}</body></html>"
    )
