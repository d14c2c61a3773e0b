"""Table 2 (主动公开): rows found by their names, columns by the template the headers name (2021 or 2019)."""

from __future__ import annotations

import re

from nianbao.extractor import keys
from nianbao.extractor.numbers import Value, parse_cell, parse_value, to_halfwidth
from nianbao.extractor.tables.rows import Row, TableReading, merged_runs, put, put_value
from nianbao.extractor.tables.t3 import similarity
from nianbao.extractor.textnorm import compact, han_chars, has_han

T2_2019_WORDS = (
    "新制作",
    "新公开",
    "对外公开总数",
    "上一年项目",
    "增/减",
    "增减",
    "采购项目",
    "采购总金额",
    "对外管理服务",
)
T2_2021_WORDS = ("制发件数", "废止件数", "现行有效", "收费金额")
T2_ROW_PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    # "规范性档案": a traditional mirror whose conversion wrote the Taiwan phrase 檔案 for 文件, read back by t2s
    ("normative_documents", ("规范性文件", "规范性档案")),
    ("regulations", ("规章",)),
    ("other_services", ("对外管理服务", "其他对外")),
    ("licensing", ("行政许可",)),
    ("punishment", ("行政处罚",)),
    ("enforcement", ("行政强制",)),
    ("fees", ("事业性收费", "行政事业")),
    ("procurement", ("集中采购", "政府采购")),
)


_YUAN_HEADER = re.compile(r"金额[^万元]{0,12}元")  # 采购总金额（元）, 本年收费金额（单位：元）, not …万元


def amount_scale(header: str) -> float:
    """What the table's amounts must be multiplied by to stand in 万元, the template's unit: its headers say."""
    return 1e-4 if _YUAN_HEADER.search(header) and not re.search(r"金额[^元]{0,12}万元", header) else 1.0


def amount(text: str, scale: float) -> Value | None:
    """An amount in 万元 however printed: a cell's own unit ("5000元", "12.36万元") before the header's; the raw
    text as printed."""
    value = parse_value(text)
    if value is None:
        return None
    flat = compact(to_halfwidth(text))
    if flat.endswith("万元"):
        scale = 1.0
    elif flat.endswith("元"):
        scale = 1e-4
    return Value(round(value.value * scale, 6), value.raw) if scale != 1.0 else value


def row_key(label: str, template: str) -> str | None:
    text = compact(label)
    wanted = {r.key for r in keys.t2_rows(template)}
    if "其他主动公开" in text:
        # the 2019 template's third row of 第（一）项, "其他主动公开文件（…除规范性文件以外的…）": no row of ours,
        # though its note names normative documents
        return None
    for key, phrases in T2_ROW_PHRASES:
        if key in wanted and any(p in text for p in phrases):
            return key
    # an OCR-garbled label ("行政处冈"): the closest row label, if close enough and not a header
    if "信息内容" in text or "第二十条" in text or not has_han(text):
        return None
    chars = frozenset(han_chars(text))
    best, best_key = 0.0, None
    for spec in keys.t2_rows(template):
        sim = similarity(chars, frozenset(han_chars(spec.label)))
        if sim > best:
            best, best_key = sim, spec.key
    return best_key if best >= 0.6 else None


def read_t2(rows: list[Row], template_hint: str | None, out: TableReading) -> None:
    text = compact("".join(r.printed for r in rows))
    if any(w in text for w in T2_2019_WORDS):
        template = "2019"
    elif any(w in text for w in T2_2021_WORDS):
        template = "2021"
    else:
        template = template_hint or "2021"
    out.template = template if rows else None
    specs = {r.key: r for r in keys.t2_rows(template)}
    scale = amount_scale(text)
    for row in rows:
        key = row_key(row.printed, template)
        if key is None or not any(parse_cell(v) for v in row.values):
            continue
        columns = specs[key].columns
        placed = _placed(row, len(columns))
        if placed is None:
            out.warnings.append(
                f"table 2 row {key}: {sum(1 for v in row.values if v.strip())} cells for {len(columns)} columns "
                "and their places unclear; row left out"
            )
            continue
        for col, text_value in zip(columns, placed, strict=True):
            cell_key = f"t2.{key}.{col}"
            if cell_key in keys.DECIMAL_CELLS:
                put_value(out, cell_key, amount(text_value, scale), row.source)
            else:
                put(out, cell_key, text_value, row.source)


def _placed(row: Row, ncols: int) -> list[str] | None:
    """The row's cells by column: in order when it prints as many as the table has columns; by place where
    blank cells keep theirs (a grid, a tab export) and the row is no wider; otherwise unknowable (a grid row
    with more cells than the header has columns, a row of fewer numbers apart by spaces)."""
    filled = [v for v in row.values if v.strip()]
    if len(filled) == ncols:
        return filled
    if row.blanks_kept and len(row.values) <= ncols:
        return row.values + [""] * (ncols - len(row.values))
    if len(filled) > ncols and row.spans_repeated and len(runs := merged_runs(filled, ncols)) == ncols:
        return runs
    if not row.blanks_kept and len(filled) > ncols:
        # lines rebuilt into rows end a row only at the next label: what follows a full row is the page's next
        # number (a footer, the date's year), not more columns
        return filled[:ncols]
    return None
