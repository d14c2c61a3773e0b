"""The three tables of a report as printed: rows of cells with row and column spans, like the national
template.

Every renderer (HTML, DOCX, the text layouts, and part 2's PDF and images) draws this one structure, so the
formats differ only in how they serialise the same merged-cell layout.
"""

from __future__ import annotations

from dataclasses import dataclass

from nianbao.corpus.truth import ReportTruth
from nianbao.extractor import keys


@dataclass(frozen=True)
class PCell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False


PRow = list[PCell]


def _h(text: str, rowspan: int = 1, colspan: int = 1) -> PCell:
    return PCell(text, rowspan, colspan, header=True)


# label variants met in real reports (quirk "label_variants")
_T3_LABEL_VARIANTS: dict[str, tuple[str, ...]] = {
    "new": ("一、本年新收政府信息 公开申请数量", "一、本年新收政府信息公开申请数量"),
    "granted": ("(一)予以公开",),
    "partial": ("(二)部分公开（区分处理的，只计这一情形，不计其他情形）",),
    "denied_law_prohibited": ("2.其他法律法规禁止公开", "2.其他法律行政止公开"),
    "denied_security": ('3.危及"三安全一稳定"',),
    "unprocessed_confirmation": ("5.要求行政机关确认或重新 出具已获取信息",),
    "other_fee_unpaid": ("2.申请人逾期未按收费通知 要求缴纳费用、行政机关 不再处理其政府信息公开申 请",),
    "handled_total": ("(七)总计", "（七） 总计"),
}
_GROUP_VARIANTS = {"三、本年度办理结果": "三、 本 年 度 办 理 结 果", "（三）不予公开": "(三) 不予 公开"}


def _label(truth: ReportTruth, key: str, label: str) -> str:
    if "label_variants" not in truth.quirks or key not in _T3_LABEL_VARIANTS:
        return label
    variants = _T3_LABEL_VARIANTS[key]
    return variants[(truth.seed + len(key)) % len(variants)]


def _group(truth: ReportTruth, group: str) -> str:
    return _GROUP_VARIANTS.get(group, group) if "label_variants" in truth.quirks else group


def table2(truth: ReportTruth) -> list[PRow]:
    """Table 2 on a four-column grid: one band per 第二十条 item, a header row, then the item rows."""
    rows: list[PRow] = []
    labels = keys.t2_column_labels(truth.template)
    bands: dict[str, list[keys.RowSpec]] = {}
    for spec in keys.t2_rows(truth.template):
        bands.setdefault(spec.group, []).append(spec)
    for group, specs in bands.items():
        rows.append([_h(group, colspan=4)])
        columns = specs[0].columns
        header = [_h("信息内容")]
        spans = _spread(len(columns))
        header += [_h(labels[c], colspan=s) for c, s in zip(columns, spans, strict=True)]
        rows.append(header)
        for spec in specs:
            row = [_h(spec.label)]
            row += [
                PCell(truth.printed[keys.cell_key("t2", spec.key, c)], colspan=s)
                for c, s in zip(spec.columns, spans, strict=True)
            ]
            rows.append(row)
    return rows


def _spread(n: int) -> list[int]:
    """Column spans that fill three value columns with `n` cells (the last one takes the rest)."""
    return [1] * (n - 1) + [3 - (n - 1)]


def t3_print_columns(truth: ReportTruth) -> tuple[str, ...]:
    """Table 3's columns in print order (小计 first among organisations with quirk "subtotal_first")."""
    columns = keys.t3_columns(truth.org_subtotal)
    if truth.org_subtotal and "subtotal_first" in truth.quirks:
        return ("natural_person", "org_subtotal", *keys.T3_ORG_COLUMNS, "total")
    return columns


def table3(truth: ReportTruth) -> list[PRow]:
    columns = t3_print_columns(truth)
    n_org = 6 if truth.org_subtotal else 5
    rows: list[PRow] = [
        [
            _h("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rowspan=3, colspan=3),
            _h("申请人情况", colspan=len(columns)),
        ],
        [_h("自然人", rowspan=2), _h("法人或其他组织", colspan=n_org), _h("总计", rowspan=2)],
        [_h(keys.T3_COLUMN_LABELS[c]) for c in columns if c not in ("natural_person", "total")],
    ]
    specs = [s for s in keys.t3_rows(truth.other_single) if s.key not in truth.missing_rows]
    result_keys = [k for k in keys.t3_result_rows(truth.other_single) if k not in truth.missing_rows]
    n_group = len(result_keys) + 1  # the result rows and （七）总计
    seen_groups: set[str] = set()
    for spec in specs:
        values = [PCell(truth.printed[keys.cell_key("t3", spec.key, c)]) for c in columns]
        label = _label(truth, spec.key, spec.label)
        if spec.key in ("new", "carried_over", "carried_forward"):
            rows.append([_h(label, colspan=3), *values])
            continue
        row: PRow = []
        if spec.key == "granted":
            row.append(_h(_group(truth, "三、本年度办理结果"), rowspan=n_group))
        if spec.group.startswith("（") and spec.group != "三、本年度办理结果":
            if spec.group not in seen_groups:
                seen_groups.add(spec.group)
                size = sum(1 for s in specs if s.group == spec.group)
                row.append(_h(_group(truth, spec.group), rowspan=size))
            row.append(_h(label))
        else:
            row.append(_h(label, colspan=2))
        rows.append(row + values)
    return rows


def table4(truth: ReportTruth) -> list[PRow]:
    col_labels = list(keys.T4_COLUMN_LABELS.values())
    if "t4_rows" in truth.quirks:  # one labelled row per kind of case
        labels = {"review": "行政复议", "litigation_direct": "行政诉讼（未经复议直接起诉）",
                  "litigation_after_review": "行政诉讼（复议后起诉）"}  # fmt: skip
        return [
            [_h("案件类型"), *(_h(label) for label in col_labels)],
            *(
                [_h(labels[r]), *(PCell(truth.printed[keys.cell_key("t4", r, c)]) for c in keys.T4_COLUMNS)]
                for r in keys.T4_ROWS
            ),
        ]
    return [
        [_h("行政复议", colspan=5), _h("行政诉讼", colspan=10)],
        [
            *(_h(label, rowspan=2) for label in col_labels),
            _h("未经复议直接起诉", colspan=5),
            _h("复议后起诉", colspan=5),
        ],
        [_h(label) for label in col_labels * 2],
        [PCell(truth.printed[keys.cell_key("t4", r, c)]) for r in keys.T4_ROWS for c in keys.T4_COLUMNS],
    ]


def tables(truth: ReportTruth) -> dict[str, list[PRow]]:
    """Section key -> the table printed under that section's heading (a table cut in two as one: a
    spreadsheet's sheet, a picture)."""
    return {key: [row for table in group for row in table] for key, group in table_groups(truth).items()}


def table_groups(truth: ReportTruth) -> dict[str, list[list[PRow]]]:
    """Section key -> the tables printed under it: one each, or table 2 as four (quirk "t2_split"), as the
    fuzzer's perturbation (if any) prints them."""
    single = {"active_disclosure": table2(truth), "applications": table3(truth), "review_litigation": table4(truth)}
    out = {key: [rows] for key, rows in single.items()}
    if "t2_split" in truth.quirks:
        split: list[list[PRow]] = []
        for row in out["active_disclosure"][0]:
            if len(row) == 1 and row[0].text.startswith("第二十条"):
                split.append([])
            split[-1].append(row)
        out["active_disclosure"] = split
    if truth.perturbation is not None:
        from nianbao.corpus.perturb import tables as perturbed_tables  # perturb builds on this module

        out = perturbed_tables(truth, out)
    return out


def expand(rows: list[PRow]) -> list[list[PCell | None]]:
    """The grid positions each cell covers: the cell at its top-left corner, None where a span continues."""
    grid: list[list[PCell | None]] = []
    pending: dict[tuple[int, int], bool] = {}
    for i, row in enumerate(rows):
        out: list[PCell | None] = []
        j = 0
        cells = iter(row)
        while True:
            while pending.pop((i, j), False):
                out.append(None)
                j += 1
            cell = next(cells, None)
            if cell is None:
                break
            for di in range(cell.rowspan):
                for dj in range(cell.colspan):
                    if di or dj:
                        if di == 0:
                            continue
                        pending[(i + di, j + dj)] = True
            out.append(cell)
            out.extend([None] * (cell.colspan - 1))
            j += cell.colspan
        grid.append(out)
    return grid
