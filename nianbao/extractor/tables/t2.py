"""Table 2 (主动公开): rows found by their names, columns by the template the headers name (2021 or 2019)."""

from __future__ import annotations

from nianbao.extractor import keys
from nianbao.extractor.numbers import parse_cell
from nianbao.extractor.tables.rows import Row, TableReading, put
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
    ("normative_documents", ("规范性文件",)),
    ("regulations", ("规章",)),
    ("other_services", ("对外管理服务", "其他对外")),
    ("licensing", ("行政许可",)),
    ("punishment", ("行政处罚",)),
    ("enforcement", ("行政强制",)),
    ("fees", ("事业性收费", "行政事业")),
    ("procurement", ("集中采购", "政府采购")),
)


def row_key(label: str, template: str) -> str | None:
    text = compact(label)
    wanted = {r.key for r in keys.t2_rows(template)}
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
    for row in rows:
        key = row_key(row.printed, template)
        if key is None or not any(parse_cell(v) for v in row.values):
            continue
        columns = specs[key].columns
        for col, text_value in zip(columns, row.values, strict=False):
            put(out, f"t2.{key}.{col}", text_value, row.source)
