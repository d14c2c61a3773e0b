"""Tables 2, 3 and 4 found in a Layout by their labels, and their numbers put under canonical cell keys.

Readers hand over grids whose shape cannot be trusted: text exports shift cells left or right, merged labels
repeat or vanish, OCR garbles characters and drops cells. So the reading works on what survives all of that:

- a row is split into its label (cells with Chinese text) and its value area (the cells after the label);
- table-3 rows are matched to the template's rows by an order-preserving alignment on label similarity, so a
  garbled or missing label is placed by its neighbours, and a row nobody can place is left out, never guessed;
- values are taken in order when a row has exactly as many as the table has columns, by position when the
  row's value area has the table's width, and not at all otherwise.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from extractor import keys
from extractor.fields import heading_key
from extractor.layout import Layout, Paragraph, Table
from extractor.numbers import Value, is_absent_marker, parse_value, to_halfwidth
from extractor.report import Cell, CellSource
from extractor.textnorm import compact, han_chars, has_han

T2_MARKERS = (
    "第二十条",
    "信息内容",
    "规章",
    "规范性文件",
    "行政许可",
    "行政处罚",
    "行政强制",
    "事业性收费",
    "集中采购",
)
T3_MARKERS = (
    "勾稽关系", "申请人情况", "自然人", "商业企业", "科研机构", "新收", "上年结转", "予以公开", "部分公开",
    "不予公开", "国家秘密", "无法提供", "不予处理", "其他处理", "结转下年度", "办理结果",
)  # fmt: skip
T4_MARKERS = ("行政复议", "行政诉讼", "维持", "纠正", "审结", "直接起诉", "复议后起诉")
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


@dataclass
class Row:
    label: str  # label cells, with rowspan repeats of group labels removed (for matching rows)
    values: list[str]  # the value area, trailing empty cells removed
    source: CellSource
    printed: str = ""  # every label cell as printed (for header words)
    proper: bool = True  # not inside a prose-only section (总体情况, 存在的问题, 其他事项)
    cells: list[str] = field(default_factory=list)  # the whole row as the reader gave it
    start: int = 0  # index in `cells` where the value area begins

    def value_area(self) -> list[str]:
        """The cells after the label, trailing empties kept (they hold places in a grid)."""
        return self.cells[self.start :]

    def filled_positions(self) -> tuple[int, ...]:
        return tuple(i for i, c in enumerate(self.cells) if i >= self.start and c.strip())


@dataclass
class TableReading:
    cells: dict[str, Cell] = field(default_factory=dict)
    found: set[str] = field(default_factory=set)  # "t2", "t3", "t4" whose rows were seen
    template: str | None = None  # what table 2's wording says
    org_subtotal: bool = False
    other_single: bool | None = None
    warnings: list[str] = field(default_factory=list)


def _value_start(cells: list[str]) -> int:
    label_idx = [i for i, c in enumerate(cells) if has_han(c) and parse_value(c) is None]
    return label_idx[-1] + 1 if label_idx else 0


def split_row(cells: list[str]) -> tuple[str, list[str]]:
    """A row's label (its Chinese-text cells, merged repeats once) and the value area after the last of them."""
    label_idx = [i for i, c in enumerate(cells) if has_han(c) and parse_value(c) is None]
    if not label_idx:
        values = cells
        label_cells: list[str] = []
    else:
        values = cells[label_idx[-1] + 1 :]
        label_cells = []
        for i in label_idx:
            if not label_cells or label_cells[-1] != cells[i]:
                label_cells.append(cells[i])
    values = list(values)
    while values and not values[-1].strip():
        values.pop()
    return " ".join(label_cells), values


def _kind_of(text: str) -> str | None:
    scores = {
        "t4": sum(m in text for m in T4_MARKERS),
        "t3": sum(m in text for m in T3_MARKERS),
        "t2": sum(m in text for m in T2_MARKERS),
    }
    kind, score = max(scores.items(), key=lambda kv: kv[1])
    return kind if score else None


def _drop_vertical_repeats(rows: list[list[str]]) -> list[list[str]]:
    """Blank label cells that only repeat the cell above or below (a rowspan expanded by the reader)."""
    out = [list(r) for r in rows]
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            if not cell or not has_han(cell):
                continue
            above = rows[i - 1][j] if i > 0 and j < len(rows[i - 1]) else None
            below = rows[i + 1][j] if i + 1 < len(rows) and j < len(rows[i + 1]) else None
            if cell in (above, below):
                out[i][j] = ""
    return out


def group_rows(layout: Layout) -> dict[str, list[Row]]:
    """The rows of every table block, assigned to t2/t3/t4 by their markers (a row without one inherits)."""
    groups: dict[str, list[Row]] = {"t2": [], "t3": [], "t4": []}
    current: str | None = None
    section: str | None = None
    for block in layout.blocks:
        if isinstance(block, Paragraph):
            section = heading_key(block.text) or section
            continue
        if not isinstance(block, Table):
            continue
        proper = section not in _PROSE_SECTIONS
        source: CellSource = "ocr" if block.source == "ocr" else "table"
        block_kind = _kind_of(compact("".join("".join(r) for r in block.rows)))
        if block_kind is not None and current is None:
            current = block_kind
        rows = _drop_vertical_repeats(block.rows)
        for raw_cells, cells in zip(block.rows, rows, strict=True):
            kind = _kind_of(compact("".join(raw_cells)))
            if kind is not None:
                current = kind
            elif current is None:
                current = block_kind
            if current is None:
                continue
            label, values = split_row(cells)
            printed, _ = split_row(raw_cells)
            groups[current].append(
                Row(label, values, source, printed, proper, list(raw_cells), _value_start(raw_cells))
            )
    for kind, rows in groups.items():
        # a table of the same kind inside 总体情况 (a custom statistics table) yields to the one in its section
        if any(r.proper and r.values for r in rows) and any(not r.proper for r in rows):
            groups[kind] = [r for r in rows if r.proper]
    return groups


_PROSE_SECTIONS = frozenset({"overview", "problems", "other_matters"})


def _header_text(rows: list[Row], value_rows: list[Row]) -> str:
    """The printed labels of the rows without numbers (headers), as one compact string."""
    ids = {id(r) for r in value_rows}
    return compact("".join(r.printed for r in rows if id(r) not in ids))


# ---- table 2 -------------------------------------------------------------------------------------------


def _t2_row_key(label: str, template: str) -> str | None:
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
        sim = _sim(chars, frozenset(han_chars(spec.label)))
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
        key = _t2_row_key(row.printed, template)
        if key is None or not any(parse_value(v) for v in row.values):
            continue
        columns = specs[key].columns
        for col, text_value in zip(columns, row.values, strict=False):
            _put(out, f"t2.{key}.{col}", text_value, row.source)


def _put(out: TableReading, key: str, text: str, source: CellSource) -> None:
    value = parse_value(text)
    if value is None or key in out.cells:
        return
    out.cells[key] = Cell(key, value.value, value.raw, source)


# ---- table 3 -------------------------------------------------------------------------------------------

_TEMPLATE_SETS: dict[bool, list[tuple[str, frozenset[str], frozenset[str]]]] = {
    single: [
        (r.key, frozenset(han_chars(r.label)), frozenset(han_chars(r.group + r.label))) for r in keys.t3_rows(single)
    ]
    for single in (False, True)
}


def _sim(obs: frozenset[str], tmpl: frozenset[str]) -> float:
    if not obs or not tmpl:
        return 0.0
    return 2 * len(obs & tmpl) / (len(obs) + len(tmpl))


_ITEM_NUMBER = re.compile(r"(?<![0-9])([1-8])\s*[.．、]")


def _similarities(labels: list[str]) -> dict[str, list[float]]:
    """Per template row key (both layouts of （六）), its similarity to each observed label.

    Chinese characters decide; the sub-item number ("3.") only nudges, so that "（六）其他处理 3.其他" is the
    third sub-item and not the single （六） row.
    """
    obs = [frozenset(han_chars(label)) for label in labels]
    numbers = [set(_ITEM_NUMBER.findall(label)) for label in labels]
    out: dict[str, list[float]] = {}
    for single in (False, True):
        for key, label_set, full_set in _TEMPLATE_SETS[single]:
            if key in out:
                continue
            own = _TEMPLATE_NUMBERS.get(key)
            row = []
            for o, nums in zip(obs, numbers, strict=True):
                # the group's words help place a polluted label, but a label alone matching exactly ranks first
                s = max(_sim(o, label_set), 0.95 * _sim(o, full_set))
                if own is not None and own in nums:
                    s += 0.05
                elif own is None and key == "other_single" and nums:
                    s -= 0.1
                row.append(s)
            out[key] = row
    return out


_TEMPLATE_NUMBERS = {
    spec.key: match.group(1) for spec in keys.T3_ROWS if (match := _ITEM_NUMBER.match(spec.label)) is not None
}


def align(
    labels: list[str], other_single: bool, sims: dict[str, list[float]] | None = None
) -> tuple[float, list[str | None]]:
    """Order-preserving match of observed row labels to the template's rows (Needleman–Wunsch, no gap cost).

    Returns the total score and, per observed row, the row key it stands for (None: not placed).
    """
    if sims is None:
        sims = _similarities(labels)
    template = [key for key, _, _ in _TEMPLATE_SETS[other_single]]
    n, m = len(labels), len(template)
    threshold = 0.3
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[0] * (m + 1) for _ in range(n + 1)]  # 0 skip obs, 1 skip template, 2 match
    for i in range(1, n + 1):
        row, above, out_moves = score[i], score[i - 1], move[i]
        for j in range(1, m + 1):
            best, how = above[j], 0
            if row[j - 1] > best:
                best, how = row[j - 1], 1
            s = sims[template[j - 1]][i - 1]
            if s > threshold and above[j - 1] + s - threshold > best:
                best, how = above[j - 1] + s - threshold, 2
            row[j], out_moves[j] = best, how
    placed: list[str | None] = [None] * n
    i, j = n, m
    while i > 0 and j > 0:
        how = move[i][j]
        if how == 2:
            placed[i - 1] = template[j - 1]
            i, j = i - 1, j - 1
        elif how == 1:
            j -= 1
        else:
            i -= 1
    return score[n][m], placed


def _t3_value_rows(rows: list[Row]) -> list[Row]:
    return [r for r in rows if any(parse_value(v) is not None for v in r.values)]


def _t3_has_subtotal(rows: list[Row], value_rows: list[Row]) -> bool:
    header = _header_text(rows, value_rows)
    if "小计" in header or "合计" in header:
        return True
    counts = Counter(sum(1 for v in r.values if v.strip()) for r in value_rows)
    return bool(counts) and counts.most_common(1)[0][0] == 8


def row_values(
    values: list[str], ncols: int, area: list[str] | None = None, placed: list[str] | None = None
) -> list[Value | None] | None:
    """The row's numbers by column, None for an absent cell; None for the row if positions are unknowable.

    In order when the row has exactly `ncols` filled cells; otherwise by position: in its own value area when
    that is exactly `ncols` wide (`area`, trailing empties kept), or in the table's value columns (`placed`,
    the row's cells at the columns where complete rows hold their numbers).
    """
    filled = [v for v in values if v.strip()]
    if len(filled) > ncols:
        filled = [v for v in filled if parse_value(v) is not None or is_absent_marker(to_halfwidth(v))]
    if len(filled) == ncols:
        return [parse_value(v) for v in filled]
    if len(filled) < ncols:
        if area is not None and len(area) == ncols:
            return [parse_value(v) for v in area]
        if placed is not None and len(placed) == ncols:
            return [parse_value(v) for v in placed]
    return None


def value_columns(rows: list[Row], ncols: int) -> tuple[int, ...] | None:
    """The grid columns where most complete rows hold their numbers (None if complete rows disagree)."""
    complete = [r.filled_positions() for r in rows if len(r.filled_positions()) == ncols]
    if not complete:
        return None
    positions, count = Counter(complete).most_common(1)[0]
    return positions if count * 2 > len(complete) else None


def _placed(row: Row, columns: tuple[int, ...] | None) -> list[str] | None:
    """The row's cells at the table's value columns, if its own filled cells all stand in them."""
    if columns is None or not set(row.filled_positions()) <= set(columns):
        return None
    return [row.cells[i] if i < len(row.cells) else "" for i in columns]


_T3_COLUMN_WORDS: tuple[tuple[str, str], ...] = (
    ("法人或其他组织", ""),  # the band over the organisation columns, not a column
    ("申请人情况", ""),
    ("自然人", "natural_person"),
    ("商业", "commercial"),
    ("科研", "research"),
    ("公益", "social_welfare"),
    ("法律服务", "legal_service"),
    ("小计", "org_subtotal"),
    ("合计", "org_subtotal"),
    ("总计", "total"),
    ("其他", "other_org"),
)


def _column_key(text: str) -> str | None:
    flat = compact(text)
    if not flat:
        return None
    for word, key in _T3_COLUMN_WORDS:
        if word in flat:
            return key or None
    return None


def header_columns(rows: list[Row], value_rows: list[Row], positions: tuple[int, ...]) -> list[str] | None:
    """Column keys read off the header cells above the value columns (bottom header row first), if every
    value column gets a distinct known key; None otherwise (the template order then stands)."""
    first = next(i for i, r in enumerate(rows) if r is value_rows[0])
    headers = [r.cells for r in rows[:first]][::-1]  # the rows above the first numbers, nearest first
    found: list[str] = []
    for pos in positions:
        key = next((k for cells in headers if pos < len(cells) and (k := _column_key(cells[pos]))), None)
        if key is None:
            return None
        found.append(key)
    return found if len(set(found)) == len(found) else None


def read_t3(rows: list[Row], out: TableReading, grid_reliable: bool = False) -> None:
    value_rows = _t3_value_rows(rows)
    if not value_rows:
        return
    out.org_subtotal = _t3_has_subtotal(rows, value_rows)
    header = _header_text(rows, value_rows)
    columns = list(keys.t3_columns(out.org_subtotal))
    if out.org_subtotal and 0 <= header.find("小计") < header.find("商业企业"):
        columns.remove("org_subtotal")
        columns.insert(1, "org_subtotal")
    labels = [r.label for r in value_rows]
    sims = _similarities(labels)
    split_score, split_keys = align(labels, False, sims)
    single_score, single_keys = align(labels, True, sims)
    out.other_single = single_score > split_score
    placed = single_keys if out.other_single else split_keys
    by_order = fill_by_order(placed, [spec.key for spec in keys.t3_rows(out.other_single)])
    if by_order:
        out.warnings.append(
            "table 3: row label(s) unreadable, placed by the template's order between readable rows: "
            + ", ".join(by_order)
        )
    unplaced = 0
    grid_columns = value_columns(value_rows, len(columns))
    if grid_reliable and grid_columns is not None:
        by_header = header_columns(rows, value_rows, grid_columns)
        if by_header is not None and by_header != columns:
            out.warnings.append(
                "table 3: columns in a non-template order, read by their headers: " + ", ".join(by_header)
            )
            columns = by_header
    for row, key in zip(value_rows, placed, strict=True):
        if key is None:
            unplaced += 1
            continue
        values = row_values(row.values, len(columns), row.value_area(), _placed(row, grid_columns))
        if values is None:
            out.warnings.append(
                f"table 3 row {key}: {sum(1 for v in row.values if v.strip())} cells where {len(columns)} are "
                "expected and their positions are unclear; row left out"
            )
            continue
        for col, value in zip(columns, values, strict=True):
            cell_key = f"t3.{key}.{col}"
            if value is not None and cell_key not in out.cells:
                out.cells[cell_key] = Cell(cell_key, value.value, value.raw, row.source)
    if unplaced:
        out.warnings.append(f"table 3: {unplaced} row(s) with numbers matched no template row and were left out")


def fill_by_order(placed: list[str | None], template: list[str]) -> list[str]:
    """Place unmatched rows that stand alone between two matched rows with exactly one template row
    between those: the only row they can be. Longer gaps stay unplaced (no guessing which rows are missing)."""
    filled: list[str] = []
    index = {key: i for i, key in enumerate(template)}
    for i, key in enumerate(placed):
        if key is not None or i == 0 or i + 1 >= len(placed):
            continue
        before, after = placed[i - 1], placed[i + 1]
        if before is None or after is None:
            continue
        if index[after] - index[before] == 2:
            placed[i] = template[index[before] + 1]
            filled.append(placed[i])  # type: ignore[arg-type]
    return filled


# ---- table 4 -------------------------------------------------------------------------------------------

_T4_HEADER_WORDS = {"upheld": "维持", "corrected": "纠正", "other": "其他", "pending": "审结", "total": "总计"}


def read_t4(rows: list[Row], out: TableReading) -> None:
    value_rows = [r for r in rows if any(parse_value(v) is not None for v in r.values)]
    if not value_rows:
        return
    header = _header_text(rows, value_rows)
    by_label = _t4_by_row_label(value_rows)
    if by_label is not None:
        for row_key, row in by_label.items():
            values = row_values(row.values, 5)
            if values is None:
                out.warnings.append(f"table 4 row {row_key}: cells do not fit the five columns; row left out")
                continue
            _put_t4(out, row_key, values, row.source)
        return
    cells: list[str] = []
    for r in value_rows:
        cells.extend(r.values)
    values = row_values(cells, 15)
    if values is None:
        found = sum(1 for v in cells if v.strip())
        out.warnings.append(f"table 4: {found} numbers where 15 are expected; table 4 not read")
        return
    short = [w for w in _T4_HEADER_WORDS.values() if header.count(w) < 3]
    if short:
        out.warnings.append(
            "table 4: column labels unreadable or missing (" + "、".join(short) + "); numbers assigned in the "
            "template's order (复议 5, 直接起诉 5, 复议后起诉 5; 维持, 纠正, 其他, 尚未审结, 总计)"
        )
    for i, row_key in enumerate(keys.T4_ROWS):
        _put_t4(out, row_key, values[i * 5 : i * 5 + 5], value_rows[0].source)


def _t4_by_row_label(value_rows: list[Row]) -> dict[str, Row] | None:
    """Rows printed one per case kind (行政复议 / 直接起诉 / 复议后起诉), if the table is laid out that way."""
    found: dict[str, Row] = {}
    for row in value_rows:
        text = compact(row.printed)
        if "复议后" in text:
            found.setdefault("litigation_after_review", row)
        elif "直接起诉" in text or "未经复议" in text:
            found.setdefault("litigation_direct", row)
        elif "行政复议" in text:
            found.setdefault("review", row)
    if len(found) >= 2 and all(sum(1 for v in r.values if v.strip()) <= 5 for r in found.values()):
        return found
    return None


def _put_t4(out: TableReading, row_key: str, values: list[Value | None], source: CellSource) -> None:
    for col, value in zip(keys.T4_COLUMNS, values, strict=True):
        key = f"t4.{row_key}.{col}"
        if value is not None and key not in out.cells:
            out.cells[key] = Cell(key, value.value, value.raw, source)


# formats whose tables come with their real grid (spans expanded), so a header cell stands above its column
GRID_FORMATS = frozenset({"html", "docx", "xlsx", "xls", "doc", "wps"})


def read_tables(layout: Layout, template_hint: str | None = None) -> TableReading:
    out = TableReading()
    groups = group_rows(layout)
    for kind, rows in groups.items():
        if any(any(v.strip() for v in r.values) for r in rows):
            out.found.add(kind)
    read_t2(groups["t2"], template_hint, out)
    read_t3(groups["t3"], out, grid_reliable=layout.format in GRID_FORMATS)
    read_t4(groups["t4"], out)
    return out
