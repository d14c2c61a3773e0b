"""A seeded random report truth: every number a synthetic report prints, obeying the template's rules.

The truth is what tests compare the extractor against, so it records not only the values but how each is
printed (full-width digits, thousands separators, annotations, dashes for absent cells) and which rules were
broken on purpose. Random numbers are mostly non-zero so that a shifted column or row cannot pass.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from nianbao.corpus.agencies import Agency, random_agency
from nianbao.extractor import keys

SYNTHETIC_NOTICE = (
    "【合成测试数据】本报告由 nianbao 项目随机生成，仅供软件测试使用（SYNTHETIC TEST DATA），"
    "所列机关、数字和日期均非真实政府信息。"
)

# Ways real reports depart from the clean template; a truth carries the ones its renderings should show.
QUIRKS = (
    "label_variants",  # typos and variants of row labels ("其他法律行政止公开", "(七)总计", spaced group label)
    "missing_row",  # a table-3 row not printed at all
    "t2_split",  # table 2 printed as four small tables, one per 第二十条 item
    "t4_rows",  # table 4 printed as three labelled rows of five
    "heading_variants",  # 行政机关 / 政府信息公开 prefixes, "3、" numbering
    "title_break",  # the title broken after the unit's name
    "subtotal_first",  # the 小计 column of organisations printed before 商业企业 (with org_subtotal)
)

BREAKABLE_RULES = (
    "t3_balance",
    "t3_handled_sum",
    "t3_row_total",
    "t3_org_subtotal",
    "t4_total",
    "non_negative",
    "prose_agrees",
)


@dataclass
class ReportTruth:
    """Everything a rendered synthetic report states, and what an extractor should find in it."""

    seed: int
    agency: Agency
    host: str
    year: int
    template: str
    org_subtotal: bool
    other_single: bool
    published: date
    signed: date
    cells: dict[str, int | float] = field(default_factory=dict)  # table cells that are printed with a value
    printed: dict[str, str] = field(default_factory=dict)  # every table cell's printed text ("" = absent)
    prose: dict[str, int | float] = field(default_factory=dict)  # numbers the prose states, by cell/prose key
    broken: tuple[str, ...] = ()
    contact: dict[str, str] = field(default_factory=dict)
    active_disclosures: int = 0
    npc_suggestions: int = 0
    cppcc_proposals: int = 0
    processing_fees: int | float = 0
    signed_in_numerals: bool = False
    quirks: frozenset[str] = frozenset()
    missing_rows: tuple[str, ...] = ()  # table-3 rows not printed (quirk "missing_row")
    perturbation: str | None = None  # the layout fuzzer's change to the printed tables (corpus.perturb)

    @property
    def title(self) -> str:
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告"

    @property
    def url(self) -> str:
        return f"http://{self.host}/art/{self.published:%Y/%-m/%-d}/art_{self.seed % 9000 + 1000}_{self.seed}.html"

    def table_keys(self) -> list[str]:
        return keys.table_cell_keys(self.template, self.org_subtotal, self.other_single)

    def expected_cells(self) -> dict[str, int | float]:
        """The `cells` an extractor should report: table cells, plus prose keys that have no table cell."""
        out: dict[str, int | float] = dict(self.cells)
        for key, value in self.prose.items():
            if key.startswith("prose.") or key not in self.cells:
                out[key] = value
        return out


def _count(rng: random.Random, hi: int, p_nonzero: float = 0.75) -> int:
    return rng.randint(1, hi) if rng.random() < p_nonzero else 0


def _t2(rng: random.Random, template: str) -> dict[str, int | float]:
    cells: dict[str, int | float] = {}
    if template == "2019":
        for row, hi in (("regulations", 5), ("normative_documents", 30)):
            made = _count(rng, hi)
            cells[f"t2.{row}.made"] = made
            cells[f"t2.{row}.published"] = rng.randint(0, made)
            cells[f"t2.{row}.in_force"] = made + rng.randint(0, 60)
        for row, hi in (("licensing", 90), ("other_services", 60), ("punishment", 40), ("enforcement", 10)):
            cells[f"t2.{row}.prior_year_items"] = _count(rng, hi)
            cells[f"t2.{row}.change"] = rng.randint(-5, 12)
            cells[f"t2.{row}.decisions"] = _count(rng, hi * 30)
        cells["t2.fees.prior_year_items"] = _count(rng, 12)
        cells["t2.fees.change"] = rng.randint(-3, 3)
        cells["t2.procurement.items"] = _count(rng, 40)
        cells["t2.procurement.amount"] = round(rng.uniform(0, 3000), 2) if rng.random() < 0.8 else 0.0
        return cells
    for row, hi in (("regulations", 4), ("normative_documents", 25)):
        cells[f"t2.{row}.made"] = _count(rng, hi)
        cells[f"t2.{row}.repealed"] = _count(rng, max(1, hi // 3), 0.5)
        cells[f"t2.{row}.in_force"] = cells[f"t2.{row}.made"] + rng.randint(0, 80)
    cells["t2.licensing.decisions"] = _count(rng, 4000, 0.85)
    cells["t2.punishment.decisions"] = _count(rng, 600)
    cells["t2.enforcement.decisions"] = _count(rng, 60)
    cells["t2.fees.amount"] = round(rng.uniform(0, 900), 2) if rng.random() < 0.7 else 0.0
    return cells


def _t3(rng: random.Random, org_subtotal: bool, other_single: bool) -> dict[str, int | float]:
    rows = [r.key for r in keys.t3_rows(other_single)]
    results = keys.t3_result_rows(other_single)
    cells: dict[str, int | float] = {}
    for col in keys.T3_BASE_COLUMNS:
        scale = 25 if col == "natural_person" else 6
        handled = 0
        for row in results:
            value = _count(rng, scale, 0.7)
            cells[f"t3.{row}.{col}"] = value
            handled += value
        cells[f"t3.handled_total.{col}"] = handled
        forward = _count(rng, 5, 0.5)
        carried = rng.randint(0, min(handled + forward, 6))
        cells[f"t3.carried_forward.{col}"] = forward
        cells[f"t3.carried_over.{col}"] = carried
        cells[f"t3.new.{col}"] = handled + forward - carried
    for row in rows:
        cells[f"t3.{row}.total"] = sum(cells[f"t3.{row}.{c}"] for c in keys.T3_BASE_COLUMNS)
        if org_subtotal:
            cells[f"t3.{row}.org_subtotal"] = sum(cells[f"t3.{row}.{c}"] for c in keys.T3_ORG_COLUMNS)
    return cells


def _t4(rng: random.Random) -> dict[str, int | float]:
    cells: dict[str, int | float] = {}
    for row in keys.T4_ROWS:
        parts = [_count(rng, 6, 0.6) for _ in range(4)]
        for col, value in zip(keys.T4_COLUMNS[:4], parts, strict=True):
            cells[f"t4.{row}.{col}"] = value
        cells[f"t4.{row}.total"] = sum(parts)
    return cells


def _bump(cells: dict[str, int | float], key: str, delta: int) -> None:
    cells[key] = cells[key] + delta


def _break(rng: random.Random, truth: ReportTruth, rule: str) -> None:
    """Make exactly `rule` fail, keeping every other rule intact."""
    cells = truth.cells
    d = rng.randint(1, 3)
    cols_touching = ["total"] + (["org_subtotal"] if truth.org_subtotal else [])
    results = keys.t3_result_rows(truth.other_single)
    if rule == "t3_balance":
        col = rng.choice(keys.T3_ORG_COLUMNS)
        for c in (col, *cols_touching):
            _bump(cells, f"t3.carried_forward.{c}", d)
    elif rule == "t3_handled_sum":
        col = rng.choice(keys.T3_ORG_COLUMNS)
        for c in (col, *cols_touching):
            _bump(cells, f"t3.handled_total.{c}", d)
            _bump(cells, f"t3.new.{c}", d)
    elif rule == "t3_row_total":
        row = rng.choice(results)
        for r in (row, "handled_total", "new"):
            _bump(cells, f"t3.{r}.total", d)
    elif rule == "t3_org_subtotal":
        if not truth.org_subtotal:
            raise ValueError("t3_org_subtotal can only break on a report with the org_subtotal column")
        row = rng.choice(results)
        for r in (row, "handled_total", "new"):
            _bump(cells, f"t3.{r}.org_subtotal", d)
    elif rule == "t4_total":
        _bump(cells, f"t4.{rng.choice(keys.T4_ROWS)}.total", d)
    elif rule == "non_negative":
        key = "t2.enforcement.decisions" if truth.template == "2021" else "t2.enforcement.prior_year_items"
        cells[key] = -d
    elif rule == "prose_agrees":
        truth.prose["t2.licensing.decisions"] = cells["t2.licensing.decisions"] + d
    else:
        raise ValueError(f"unknown rule {rule!r}")


def _printed(rng: random.Random, truth: ReportTruth, styles: bool, gaps: bool) -> None:
    """Decide how each cell is printed; a few variants that real reports use, when asked for."""
    full_width = str.maketrans("0123456789", "０１２３４５６７８９")
    for key in truth.table_keys():
        value = truth.cells[key]
        if key in keys.DECIMAL_CELLS:
            text = f"{value:.2f}" if value else rng.choice(["0", "0.00", "0"])
        elif key.endswith(".change") and value > 0:
            text = f"+{value}"
        else:
            text = str(value)
        if styles:
            roll = rng.random()
            if roll < 0.02 and value >= 0:
                text = text.translate(full_width)
            elif roll < 0.04 and isinstance(value, int) and value >= 1000:
                text = f"{value:,}"
            elif roll < 0.05 and key.endswith((".made", ".in_force")) and isinstance(value, int) and value > 2:
                text = f"{value}（其中修订{rng.randint(1, value - 1)}件）"
        if gaps and key.startswith("t3.") and rng.random() < 0.01:
            # a dash over a number breaks the table's sums and stays absent; over a zero it would be
            # confirmed as 0 (a zero marker), so a gap there is a blank
            text = rng.choice(["—", "/", ""]) if value else ""
            del truth.cells[key]
        truth.printed[key] = text


def _drop_rows(rng: random.Random, truth: ReportTruth) -> None:
    """Leave one or two table-3 rows out of print: their cells are then absent, not zero."""
    candidates = [k for k in keys.t3_result_rows(truth.other_single) if k != "granted"]
    truth.missing_rows = tuple(rng.sample(candidates, rng.randint(1, 2)))
    for row in truth.missing_rows:
        for col in keys.t3_columns(truth.org_subtotal):
            key = f"t3.{row}.{col}"
            truth.cells.pop(key, None)
            truth.printed.pop(key, None)


def _prose(rng: random.Random, truth: ReportTruth) -> None:
    """The numbers the section texts will state; consistent with the tables unless prose_agrees is broken."""
    c = truth.cells
    p = truth.prose
    p.setdefault("t3.new.total", c.get("t3.new.total", 0))
    p["t3.carried_over.total"] = c.get("t3.carried_over.total", 0)
    p["prose.applications_handled"] = c.get("t3.handled_total.total", 0)
    p["t4.review.total"] = c["t4.review.total"]
    p["prose.litigation_total"] = c["t4.litigation_direct.total"] + c["t4.litigation_after_review.total"]
    p.setdefault("t2.licensing.decisions", c["t2.licensing.decisions"])
    if truth.template == "2021" and "non_negative" not in truth.broken:
        p["t2.punishment.decisions"] = c["t2.punishment.decisions"]
    if rng.random() < 0.5 and truth.template == "2021":
        p["t2.fees.amount"] = c["t2.fees.amount"]


def generate(
    seed: int,
    *,
    template: str = "2021",
    org_subtotal: bool | None = None,
    other_single: bool | None = None,
    broken: tuple[str, ...] = (),
    styles: bool = True,
    gaps: bool = False,
    quirks: tuple[str, ...] = (),
) -> ReportTruth:
    """A report truth for `seed`; the same arguments give the same report."""
    if template not in keys.TEMPLATES:
        raise ValueError(f"template must be one of {keys.TEMPLATES}")
    unknown = set(quirks) - set(QUIRKS)
    if unknown:
        raise ValueError(f"unknown quirks {sorted(unknown)}; known: {QUIRKS}")
    rng = random.Random(seed)
    agency, host = random_agency(rng)
    year = rng.randint(2021, 2025) if template == "2021" else rng.choice((2019, 2020))
    if org_subtotal is None:
        org_subtotal = rng.random() < 0.2
    if other_single is None:
        other_single = template == "2019" or rng.random() < 0.15
    published = date(year + 1, 1, 1) + timedelta(days=rng.randint(5, 80))
    signed = published - timedelta(days=rng.randint(0, 6))
    truth = ReportTruth(
        seed=seed,
        agency=agency,
        host=host,
        year=year,
        template=template,
        org_subtotal=org_subtotal,
        other_single=other_single,
        published=published,
        signed=signed,
        broken=tuple(broken),
        signed_in_numerals=rng.random() < 0.3,
        quirks=frozenset(quirks),
    )
    truth.cells.update(_t2(rng, template))
    truth.cells.update(_t3(rng, org_subtotal, other_single))
    truth.cells.update(_t4(rng))
    for rule in broken:
        _break(rng, truth, rule)
    _prose(rng, truth)
    _printed(rng, truth, styles, gaps)
    if "missing_row" in truth.quirks:
        _drop_rows(random.Random(seed * 17 + 3), truth)
    phone_area = rng.choice(["0537", "0536", "0632", "0379", "0516"])
    road = rng.choice(["人民路", "建设路", "政通路", "府前街"])
    truth.contact = {
        "phone": f"{phone_area}-{rng.randint(2000000, 8999999)}",
        "address": f"{agency.city}{agency.county}{road}{rng.randint(1, 399)}号",
        "email": f"gk{rng.randint(100, 999)}@{host.removeprefix('www.')}",
        "website": f"http://{host}/",
    }
    truth.active_disclosures = rng.randint(20, 3000)
    truth.npc_suggestions = _count(rng, 12, 0.6)
    truth.cppcc_proposals = _count(rng, 12, 0.6)
    truth.processing_fees = 0 if rng.random() < 0.8 else rng.randint(10, 500)
    return truth


def corpus_truths(n: int, *, start: int = 0, broken_every: int = 5) -> list[ReportTruth]:
    """`n` truths: mostly consistent, every `broken_every`-th one breaking one rule, some 2019 ones."""
    out: list[ReportTruth] = []
    for i in range(start, start + n):
        rng = random.Random(i * 7919)
        template = "2019" if rng.random() < 0.15 else "2021"
        org_subtotal = rng.random() < 0.25
        broken: tuple[str, ...] = ()
        if broken_every and i % broken_every == broken_every - 1:
            choices = [r for r in BREAKABLE_RULES if r != "t3_org_subtotal" or org_subtotal]
            broken = (rng.choice(choices),)
        quirks = tuple(q for q in QUIRKS if rng.random() < 0.3 and not (q == "missing_row" and broken))
        out.append(
            generate(i, template=template, org_subtotal=org_subtotal, broken=broken, gaps=i % 7 == 3, quirks=quirks)
        )
    return out
