"""Perturbations of a synthetic report's tables, one drawn per report for the layout fuzzer (bench/fuzz.py).

Each is a way real reports depart from the template's print (issue #17): some change what a cell prints (zero
markers, full-width digits, thousands separators, units), some the table's shape (spans placed differently in
header and data rows, labels not merged, a column missing or added, columns reordered, a table cut in two with
or without its header repeated, a footnote row, table 4 on its side), one the template (2019, signed changes).
A perturbation returns the truth it leaves: what the report now prints and what an extractor should read.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable

from nianbao.corpus.printed import PCell, PRow
from nianbao.corpus.truth import ReportTruth, generate
from nianbao.extractor import keys
from nianbao.extractor.report import Cell
from nianbao.extractor.zero_markers import confirmed

_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ZERO_MARKERS = ("—", "-", "－", "——", "/")


def _zero_markers(truth: ReportTruth, rng: random.Random) -> ReportTruth:
    """Zeros printed as dashes or slashes; what the table's sums confirm is 0, the rest is not read."""
    marker = rng.choice(ZERO_MARKERS)
    marked = [k for k in truth.table_keys() if k in truth.cells and truth.cells[k] == 0 and k not in keys.DECIMAL_CELLS]
    for key in marked:
        if rng.random() < 0.8:
            truth.printed[key] = marker
    return truth


def _markers_confirmed(truth: ReportTruth) -> ReportTruth:
    """What the table's sums confirm of the printed markers, judged on the cells finally printed (after a
    missing column, say), as a reader of the printed tables must."""
    cells = {
        k: Cell(k, v, truth.printed.get(k, ""), "table", zero_marker=truth.printed.get(k) in ZERO_MARKERS)
        for k, v in truth.cells.items()
    }
    kept, _ = confirmed(cells, org_subtotal=truth.org_subtotal, other_single=truth.other_single)
    truth.cells = {k: v for k, v in truth.cells.items() if k in kept}
    return truth


def _restyle(style: Callable[[str, str, random.Random], str]) -> Callable[[ReportTruth, random.Random], ReportTruth]:
    def apply(truth: ReportTruth, rng: random.Random) -> ReportTruth:
        for key, text in list(truth.printed.items()):
            if key in truth.cells and text and text[0].isdigit():
                truth.printed[key] = style(key, text, rng)
        return truth

    return apply


def _full_width(key: str, text: str, rng: random.Random) -> str:
    return text.translate(_FULL_WIDTH) if rng.random() < 0.5 else text


def _thousands(key: str, text: str, rng: random.Random) -> str:
    return f"{int(text):,}" if text.isdigit() and int(text) >= 1000 else text


def _units(key: str, text: str, rng: random.Random) -> str:
    if key in keys.DECIMAL_CELLS:
        return text + "万元"
    return text + rng.choice(("件", "个", "项")) if rng.random() < 0.6 else text


def _regenerated(truth: ReportTruth, template: str, quirks: tuple[str, ...]) -> ReportTruth:
    broken = tuple(r for r in truth.broken if template == "2021" or r != "prose_agrees")
    return generate(truth.seed, template=template, org_subtotal=truth.org_subtotal, broken=broken, quirks=quirks)


def _template_2019(truth: ReportTruth, rng: random.Random) -> ReportTruth:
    """A report on the 2019 template: table 2 with signed 本年增/减 and procurement in 万元."""
    return _regenerated(truth, "2019", tuple(truth.quirks))


def _quirk(name: str) -> Callable[[ReportTruth, random.Random], ReportTruth]:
    def apply(truth: ReportTruth, rng: random.Random) -> ReportTruth:
        return _regenerated(truth, truth.template, (*truth.quirks, name))

    return apply


def _amounts_in_yuan(truth: ReportTruth, rng: random.Random) -> ReportTruth:
    """Amounts printed in 元, as the header says (the table step renames the header)."""
    for key in keys.DECIMAL_CELLS & truth.cells.keys():
        truth.printed[key] = str(round(truth.cells[key] * 10000))
    return truth


def _missing_column(truth: ReportTruth, rng: random.Random) -> ReportTruth:
    """Table 3 printed without the 其他 organisations column: its cells are not there to read."""
    for key in [k for k in truth.cells if k.startswith("t3.") and k.endswith(".other_org")]:
        del truth.cells[key]
    return truth


LAYOUT_ONLY = (
    "spans_shifted", "labels_unmerged", "extra_column", "columns_reordered", "split_tables",
    "split_header_repeated", "footnote_row", "header_repeated_inside", NESTED := "nested_tables",
)  # fmt: skip


# perturbations added after the held-out figures were first taken: drawn apart (corpus.fuzz.draw), so that
# every other seed keeps the perturbation it always drew and the held-out figures stay comparable
LATER = (NESTED,)


def nested(truth: ReportTruth) -> bool:
    """Tables inside tables: each template table printed in a cell of a frame table under a caption row (a
    Word table pasted into a table's cell). The renderers that can nest (HTML, DOCX and the DOC and PDF made
    from it) print it so; text and pictures print the table as it is."""
    return NESTED in (truth.perturbation or "").split("+")


def frame_caption(section: str) -> str:
    return {"active_disclosure": "表一 主动公开政府信息情况", "applications": "表二 收到和处理政府信息公开申请情况",
            "review_litigation": "表三 政府信息公开行政复议、行政诉讼情况"}.get(section, "附表")  # fmt: skip


# name -> what it does to the truth (cells and printed text); layout perturbations act in `tables` below
PERTURBATIONS: dict[str, Callable[[ReportTruth, random.Random], ReportTruth]] = {
    "none": lambda truth, rng: truth,
    "zero_markers": _zero_markers,
    "full_width": _restyle(_full_width),
    "thousands": _restyle(_thousands),
    "units": _restyle(_units),
    "label_variants": _quirk("label_variants"),
    "transposed_t4": _quirk("t4_rows"),
    "template_2019": _template_2019,
    "missing_column": _missing_column,
    "amounts_in_yuan": _amounts_in_yuan,
    **{name: (lambda truth, rng: truth) for name in LAYOUT_ONLY},
    "combined": lambda truth, rng: truth,  # see `perturbed`
}


_CUTS = ("split_tables", "split_header_repeated", "header_repeated_inside")
_REGENERATING = ("label_variants", "transposed_t4", "template_2019")  # these draw the truth anew: first
COMBINED = "combined"  # two or three of the others at once, scored under this name


def perturbed(truth: ReportTruth, name: str, seed: int) -> ReportTruth:
    """The truth with perturbation `name` applied (its printed tables follow through `tables`); "combined" draws
    two or three others and applies them all."""
    rng = random.Random(seed * 7 + 11)
    names = [name]
    if name == COMBINED:
        others = sorted(set(PERTURBATIONS) - {"none", COMBINED, *LATER})
        names = sorted(rng.sample(others, rng.randint(2, 3)), key=lambda n: n not in _REGENERATING)
        if "missing_column" in names and "columns_reordered" in names:
            names.remove("columns_reordered")  # the column it swaps may be the one that is gone
        cuts = [n for n in names if n in _CUTS]
        for extra in cuts[1:]:  # one way of cutting table 3, applied last (the others expect its header on top)
            names.remove(extra)
    out = dataclasses.replace(truth, cells=dict(truth.cells), printed=dict(truth.printed))
    for each in names:
        out = PERTURBATIONS[each](out, rng)
    if "zero_markers" in names:
        out = _markers_confirmed(out)
    return dataclasses.replace(out, perturbation="+".join(names))


# ---- the printed tables ------------------------------------------------------------------------------------


def _data_rows(table: list[PRow]) -> list[PRow]:
    """Table 3's rows of numbers: after its three header rows, and not a note spanning the table."""
    return [row for row in table[3:] if any(not cell.header for cell in row)]


def _t2_spans_shifted(groups: dict[str, list[list[PRow]]], rng: random.Random) -> None:
    """Table 2 one column wider: a heading spans two columns, its data row's two-column cell is another one
    ("本年新公开数量" over two columns, "12" under 本年新制作数量 over two)."""
    for table in groups["active_disclosure"]:
        for row in table:
            values = [k for k, c in enumerate(row) if k > 0]
            if len(row) == 1:  # a 第二十条 band
                row[0] = dataclasses.replace(row[0], colspan=row[0].colspan + 1)
                continue
            header = row[0].text == "信息内容"
            target = values[1] if header and len(values) >= 3 else values[rng.randrange(len(values))]
            row[target] = dataclasses.replace(row[target], colspan=row[target].colspan + 1)


def _spans_shifted(groups: dict[str, list[list[PRow]]], rng: random.Random) -> None:
    """Word's HTML: a data row's first number spans two columns where the header's 总计 does; table 2 alike."""
    _t2_spans_shifted(groups, rng)
    for table in groups["applications"]:
        for row in _data_rows(table):
            first = next(i for i, c in enumerate(row) if not c.header)
            row[first] = dataclasses.replace(row[first], colspan=2)
        header = table[1]
        header[-1] = dataclasses.replace(header[-1], colspan=2)
        table[0][-1] = dataclasses.replace(table[0][-1], colspan=table[0][-1].colspan + 1)


def _labels_unmerged(groups: dict[str, list[list[PRow]]], rng: random.Random) -> None:
    """Group labels (三、本年度办理结果, （三）不予公开 …) printed in every row instead of merged over them."""
    for table in groups["applications"]:
        active: list[tuple[PCell, int]] = []  # outer groups first, with the rows they still cover
        for row in table[3:]:
            prefix = [dataclasses.replace(cell, rowspan=1) for cell, _ in active]
            active = [(cell, left - 1) for cell, left in active if left > 1]
            own: PRow = []
            for cell in row:
                if cell.header and cell.rowspan > 1:
                    active.append((cell, cell.rowspan - 1))
                    cell = dataclasses.replace(cell, rowspan=1)
                own.append(cell)
            row[:] = prefix + own


def _extra_column(groups: dict[str, list[list[PRow]]], rng: random.Random) -> None:
    """A 备注 column after 总计, blank in every data row."""
    for table in groups["applications"]:
        table[0].append(PCell("备注", rowspan=3, header=True))
        for row in _data_rows(table):
            row.append(PCell(""))


def _columns_reordered(groups: dict[str, list[list[PRow]]], rng: random.Random) -> None:
    """科研机构 printed before 商业企业, the header saying so."""
    for table in groups["applications"]:
        header = table[2]
        i = next(k for k, c in enumerate(header) if c.text == "商业企业")
        j = next(k for k, c in enumerate(header) if c.text == "科研机构")
        header[i], header[j] = header[j], header[i]
        for row in _data_rows(table):
            values = [k for k, c in enumerate(row) if not c.header]
            a, b = values[1 + i], values[1 + j]  # the natural person first, then the organisations as headed
            row[a], row[b] = row[b], row[a]


def _split(groups: dict[str, list[list[PRow]]], rng: random.Random, repeat_header: bool) -> None:
    """Table 3 cut in two (a page break, or two tables in the editor), the header repeated or not."""
    table = groups["applications"][0]
    cut = rng.randint(6, len(table) - 3)
    first, second = [list(r) for r in table[:cut]], [list(r) for r in table[cut:]]
    carried: PRow = []  # a label merged over the cut prints on both sides
    for i, row in enumerate(first):
        for k, cell in enumerate(row):
            if cell.rowspan > 1 and i + cell.rowspan > cut:
                row[k] = dataclasses.replace(cell, rowspan=cut - i)
                carried.append(dataclasses.replace(cell, rowspan=i + cell.rowspan - cut))
    second[0] = carried + second[0]
    groups["applications"] = [first, [*(table[:3] if repeat_header else []), *second]]


def _header_repeated(groups: dict[str, list[list[PRow]]], rng: random.Random) -> None:
    """Table 3's header rows printed again inside the table (a page break that repeats the heading rows)."""
    table = groups["applications"][0]
    cut = rng.randint(8, len(table) - 3)
    _split(groups, random.Random(cut), repeat_header=True)
    first, second = groups["applications"]
    groups["applications"] = [first + second]


def _footnote_row(groups: dict[str, list[list[PRow]]], rng: random.Random) -> None:
    """A note printed as the table's last row, numbers in it."""
    table = groups["applications"][0]
    width = sum(c.colspan for c in table[3])
    table.append([PCell("注：本表数据统计时间为2024年1月1日至12月31日，单位：件。", colspan=width, header=True)])


_TABLE_PERTURBATIONS: dict[str, Callable[[dict[str, list[list[PRow]]], random.Random], None]] = {
    "spans_shifted": _spans_shifted,
    "labels_unmerged": _labels_unmerged,
    "extra_column": _extra_column,
    "columns_reordered": _columns_reordered,
    "split_tables": lambda groups, rng: _split(groups, rng, repeat_header=False),
    "split_header_repeated": lambda groups, rng: _split(groups, rng, repeat_header=True),
    "footnote_row": _footnote_row,
    "header_repeated_inside": _header_repeated,
}


def _yuan_headers(groups: dict[str, list[list[PRow]]]) -> None:
    for table in groups["active_disclosure"]:
        for row in table:
            for k, cell in enumerate(row):
                if "金额" in cell.text:
                    text = cell.text.replace("（单位：万元）", "").replace("万元", "")
                    row[k] = dataclasses.replace(cell, text=text + "（单位：元）")


def tables(truth: ReportTruth, groups: dict[str, list[list[PRow]]]) -> dict[str, list[list[PRow]]]:
    """The printed tables of a perturbed truth (printed.table_groups calls this)."""
    names = (truth.perturbation or "").split("+")
    groups = {k: [[list(r) for r in t] for t in v] for k, v in groups.items()}
    if "missing_column" in names:
        for table in groups["applications"]:
            _drop_column(table, "其他")
    if "amounts_in_yuan" in names:
        _yuan_headers(groups)
    for name in sorted(names, key=lambda n: n in _CUTS):
        if (transform := _TABLE_PERTURBATIONS.get(name)) is not None:
            transform(groups, random.Random(truth.seed * 5 + 3))
    return groups


def _drop_column(table: list[PRow], label: str) -> None:
    header = table[2]
    index = next(k for k, c in enumerate(header) if c.text == label)
    del header[index]
    table[1][1] = dataclasses.replace(table[1][1], colspan=table[1][1].colspan - 1)
    table[0][1] = dataclasses.replace(table[0][1], colspan=table[0][1].colspan - 1)
    org_position = 1 + index  # natural person, then the organisations in header order
    for row in _data_rows(table):
        values = [k for k, c in enumerate(row) if not c.header]
        del row[values[org_position]]
