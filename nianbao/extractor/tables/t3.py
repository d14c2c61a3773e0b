"""Table 3 (申请): rows matched to the template by an order-preserving alignment on label similarity.

A garbled or missing label is placed by its neighbours; a row nobody can place is left out, never guessed.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable

from nianbao.extractor import keys
from nianbao.extractor.numbers import Value, parse_cell
from nianbao.extractor.tables.rows import (
    Row,
    TableReading,
    blanks_in_place,
    header_text,
    merged_runs,
    placed_cells,
    put_value,
    row_values,
    value_columns,
)
from nianbao.extractor.textnorm import compact, han_chars

_TEMPLATE_SETS: dict[bool, list[tuple[str, frozenset[str], frozenset[str]]]] = {
    single: [
        (r.key, frozenset(han_chars(r.label)), frozenset(han_chars(r.group + r.label))) for r in keys.t3_rows(single)
    ]
    for single in (False, True)
}


def similarity(obs: frozenset[str], tmpl: frozenset[str]) -> float:
    """Dice overlap of the Chinese characters: indifferent to order, spacing and a few OCR slips."""
    if not obs or not tmpl:
        return 0.0
    return 2 * len(obs & tmpl) / (len(obs) + len(tmpl))


_ITEM_NUMBER = re.compile(r"(?<![0-9])([1-8])\s*[.．、]")
_GROUP_NUMBER = re.compile(r"[（(]\s*[三四五六]\s*[）)]")


def _similarities(labels: list[str]) -> dict[str, list[float]]:
    """Per template row key (both layouts of （六）), its similarity to each observed label.

    Chinese characters decide; the sub-item number ("3.") only nudges, so that "（六）其他处理 3.其他" is the
    third sub-item and not the single （六） row.
    """
    per_label = [_label_scores(label) for label in labels]
    return {key: [scores[k] for scores in per_label] for k, key in enumerate(_SCORED_KEYS)}


@functools.lru_cache(maxsize=8192)
def _label_scores(label: str) -> tuple[float, ...]:
    """One label's similarity to every template row (`_SCORED_KEYS` order). Cached by the label's text: the
    template's labels recur in nearly every report, and these ~40 comparisons a label were a tenth of
    extracting an HTML report."""
    o = frozenset(han_chars(label))
    nums = set(_ITEM_NUMBER.findall(label))
    group = _GROUP_NUMBER.search(label) is not None
    row = []
    for key, label_set, full_set in _SCORED:
        own = _TEMPLATE_NUMBERS.get(key)
        # the group's words help place a polluted label, but a label alone matching exactly ranks first
        s = max(similarity(o, label_set), 0.95 * similarity(o, full_set))
        if own is not None and own in nums:
            s += 0.05
        elif own is None and key == "other_single" and nums:
            s -= 0.1
        elif own is not None and not nums and group:
            s -= 0.1  # "（六）其他" with no item number is the group's own row, not its "3.其他"
        row.append(s)
    return tuple(row)


#: Every template row of both layouts once (a key both have is scored by the sets of the layout with sub-items,
#: single=False, as when each call built them).
_SCORED = list({key: (key, label_set, full_set) for single in (True, False)
                for key, label_set, full_set in _TEMPLATE_SETS[single]}.values())
_SCORED_KEYS = tuple(key for key, _, _ in _SCORED)


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


_CLEARLY_BETTER = 0.3  # a label this much closer to another template row is that row, not the one it was given


def _plainly_other_rows(placed: list[str | None], sims: dict[str, list[float]]) -> list[str | None]:
    """Rows the alignment placed on a template row whose label is plainly another's (a row printed twice, as a
    PDF's text layer may repeat rows at a page break, is pushed onto the next rows in order): left out."""
    out: list[str | None] = []
    for i, key in enumerate(placed):
        if key is not None and max(s[i] for s in sims.values()) - sims[key][i] > _CLEARLY_BETTER:
            key = None
        out.append(key)
    return out


def _t3_value_rows(rows: list[Row]) -> list[Row]:
    return [r for r in rows if any(parse_cell(v) is not None for v in r.values)]


def _t3_has_subtotal(rows: list[Row], value_rows: list[Row]) -> bool:
    header = header_text(rows, value_rows)
    if "小计" in header or "合计" in header:
        return True
    if sum(r.spans_repeated for r in value_rows) * 2 > len(value_rows):
        return False  # a repeated merged cell adds a cell to every row: only the headers can say 小计
    counts = Counter(sum(1 for v in r.values if v.strip()) for r in value_rows)
    return bool(counts) and counts.most_common(1)[0][0] == 8


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


# the heads of the column words: a PDF's text layer breaks 社会公益组|织 over two lines
_ORG_WORDS = (
    ("commercial", "商业"), ("research", "科研"), ("social_welfare", "公益"), ("legal_service", "法律服务"),
    ("other_org", "其他"), ("org_subtotal", "小计"), ("org_subtotal", "合计"),
)  # fmt: skip
# header words that hold an organisation column's word without being it
_NOT_COLUMNS = re.compile(r"法人或其他|其他处理|其他结果")


def _header_words(rows: list[Row], value_rows: list[Row]) -> str:
    """The words of the header rows above the first numbers, every merged heading once (a span repeats its
    text right and down); rows among the numbers are labels broken over lines, not headings."""
    words: list[str] = []
    above: list[str] = []
    for row in rows:
        if row is value_rows[0]:
            break
        for j, cell in enumerate(row.cells):
            if (j and cell == row.cells[j - 1]) or (j < len(above) and cell == above[j]):
                continue
            words.append(cell)
        above = row.cells
    return compact("".join(words))


def _order_contradicts(words: str, columns: list[str]) -> bool:
    """Whether the organisation words the headers print stand in another order than `columns` reads."""
    flat = _NOT_COLUMNS.sub("", words)
    seen = sorted((flat.find(word), key) for key, word in _ORG_WORDS[:4] if flat.count(word) == 1)
    printed = [key for _, key in seen]
    return printed != [c for c in columns if c in printed]


def columns_named(header: str, value_rows: list[Row], template: list[str]) -> list[str] | None:
    """Table 3's columns as its header words list them, where they say more than the template's order: the
    organisations in the order printed (科研机构 before 商业企业), a column left out (no 其他). Only where every
    word stands once, 自然人 and 总计 among them, and — if the count differs from the template's — the rows
    print that many numbers; None otherwise (the template's columns stand)."""
    flat = _NOT_COLUMNS.sub("", header)
    if flat.count("自然人") != 1 or flat.count("总计") != 1:
        return None
    found: list[tuple[int, str]] = []
    for key, word in _ORG_WORDS:
        n = flat.count(word)
        if n > 1:
            return None
        if n == 1:
            found.append((flat.find(word), key))
    orgs = [key for _, key in sorted(found)]
    if len(set(orgs)) != len(orgs):
        return None
    named = ["natural_person", *orgs, "total"]
    if len(named) == len(template):
        return named if set(named) == set(template) else None
    counts = Counter(_width(r, len(named)) for r in value_rows)
    return named if counts and counts.most_common(1)[0][0] == len(named) and len(named) >= 3 else None


def _width(row: Row, ncols: int) -> int:
    """How many cells the row prints: a merged cell its reader repeated counts once where that makes `ncols`."""
    filled = [v for v in row.values if v.strip()]
    return len(merged_runs(filled, ncols)) if row.spans_repeated and len(filled) > ncols else len(filled)


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
    columns = list(keys.t3_columns(out.org_subtotal))
    words = _header_words(rows, value_rows)
    subtotal_at = max(words.find("小计"), words.find("合计"))
    subtotal_placed = subtotal_at >= 0 and "商业" in words  # else the sums decide, below
    if out.org_subtotal and subtotal_placed and subtotal_at < words.find("商业"):
        columns.remove("org_subtotal")
        columns.insert(1, "org_subtotal")
    named = columns_named(words, value_rows, columns)
    if named is not None and named != columns:
        out.warnings.append("table 3: columns as its headers name them: " + ", ".join(named))
        columns = named
    elif named is None and _order_contradicts(words, columns):
        out.warnings.append("table 3: its headers name the columns in another order than can be read; not read")
        return
    labels = [r.label for r in value_rows]
    sims = _similarities(labels)
    split_score, split_keys = align(labels, False, sims)
    single_score, single_keys = align(labels, True, sims)
    out.other_single = single_score > split_score
    placed = _plainly_other_rows(single_keys if out.other_single else split_keys, sims)
    by_order = fill_by_order(placed, [spec.key for spec in keys.t3_rows(out.other_single)])
    if by_order:
        out.warnings.append(
            "table 3: row label(s) unreadable, placed by the template's order between readable rows: "
            + ", ".join(by_order)
        )
    unplaced = 0
    # grids hold their cells in place by construction (and are read by their value columns); text layouts only
    # where some row shows a blank between two numbers
    in_place = not grid_reliable and blanks_in_place(value_rows)
    grid_columns = value_columns(value_rows, len(columns))
    by_header_read = False
    if grid_reliable and grid_columns is not None:
        by_header = header_columns(rows, value_rows, grid_columns)
        if by_header is not None and by_header != columns:
            out.warnings.append(
                "table 3: columns in a non-template order, read by their headers: " + ", ".join(by_header)
            )
            columns = by_header
        by_header_read = by_header is not None
    read: list[tuple[str, list[Value | None], Row]] = []
    holds = _row_total_holds(columns)
    misfit = _fewer_columns(value_rows, len(columns))
    for row, key in zip(value_rows, placed, strict=True):
        if key is None:
            unplaced += 1
            continue
        values = row_values(
            row.values,
            len(columns),
            None if misfit else row.value_area(),
            None if misfit else placed_cells(row, grid_columns),
            blanks_in_place=in_place,
            spans_repeated=row.spans_repeated,
            holds=holds,
        )
        if values is None:
            out.warnings.append(
                f"table 3 row {key}: {sum(1 for v in row.values if v.strip())} cells where {len(columns)} are "
                "expected and their positions are unclear; row left out"
            )
            continue
        read.append((key, values, row))
    if out.org_subtotal and not subtotal_placed and not by_header_read and "org_subtotal" in columns:
        columns = _subtotal_place_by_sums(read, columns, out)
    if columns == list(keys.t3_columns()) and not by_header_read and not re.search(r"其他|小计|合计", words):
        columns = _other_or_subtotal_by_sums(read, columns, out)
    for key, values, row in read:
        for col, value in zip(columns, values, strict=True):
            put_value(out, f"t3.{key}.{col}", value, row.source)
    if unplaced:
        out.warnings.append(f"table 3: {unplaced} row(s) with numbers matched no template row and were left out")


def _fewer_columns(value_rows: list[Row], ncols: int) -> bool:
    """Whether most rows print the same number of cells, fewer than `ncols`, with no blank among them: the table
    has fewer columns than those read (its headers unread), and a row that happens to fill the width (a blank
    before its numbers) says nothing about places. Rows whose blanks keep their places are no such sign."""
    dense = Counter(
        len(area)
        for r in value_rows
        if (area := _trimmed(r.value_area())) and all(c.strip() for c in area) and len(area) < ncols
    )
    return bool(dense) and dense.most_common(1)[0][1] * 2 > len(value_rows)


def _trimmed(cells: list[str]) -> list[str]:
    cells = list(cells)
    while cells and not cells[-1].strip():
        cells.pop()
    return cells


def _row_total_holds(columns: list[str]) -> Callable[[list[str]], bool]:
    """Whether a reading of a row's cells keeps the template's row rule: 总计 is the six applicant columns."""
    parts = [columns.index(c) for c in keys.T3_BASE_COLUMNS if c in columns]

    def holds(cells: list[str]) -> bool:
        values = [parse_cell(c) for c in cells]
        if "total" not in columns or len(parts) != len(keys.T3_BASE_COLUMNS) or any(v is None for v in values):
            return False
        total = values[columns.index("total")]
        return abs(sum(values[i].value for i in parts) - total.value) < 1e-9  # type: ignore[union-attr]

    return holds


def _subtotal_place_by_sums(
    read: list[tuple[str, list[Value | None], Row]], columns: list[str], out: TableReading
) -> list[str]:
    """Where the headers do not say where the 小计 column stands (after the five organisations, as the template
    has it, or before them), the column whose every row is the sum of the five others is the subtotal. Neither
    or both: the rows are left out rather than read in a guessed order."""
    candidates = [columns, [columns[0], "org_subtotal", *[c for c in columns[1:] if c != "org_subtotal"]]]
    passing = []
    for order in candidates:
        holds = 0
        for _, values, _ in read:
            row = dict(zip(order, values, strict=True))
            parts = [row.get(c) for c in keys.T3_ORG_COLUMNS]
            subtotal = row.get("org_subtotal")
            if subtotal is not None and all(p is not None for p in parts):
                holds += abs(sum(p.value for p in parts if p) - subtotal.value) < 1e-9
        passing.append(holds)
    if passing[0] != passing[1]:
        return candidates[0] if passing[0] > passing[1] else candidates[1]
    readings = [[dict(zip(order, (v and v.value for v in values), strict=True)) for _, values, _ in read]
                for order in candidates]  # fmt: skip
    if readings[0] == readings[1]:  # both orders read the same numbers (zeros, say): nothing to decide
        return columns
    out.warnings.append("table 3: where the 小计 column stands is unclear (headers and sums do not tell); not read")
    read.clear()
    return columns


def _other_or_subtotal_by_sums(
    read: list[tuple[str, list[Value | None], Row]], columns: list[str], out: TableReading
) -> list[str]:
    """Seven columns under headers that say neither 其他 nor 小计: the template's (five organisations, then 总计),
    or a table that prints the 小计 column and not the 其他 one (four organisations, 小计, 总计) — as many numbers a
    row. The template's rules decide (seed 44568963, an unruled PDF whose header lines were not read: every 小计
    taken for 其他, 23 wrong values): the other reading only where more rows keep its two sums than keep the
    template's one."""
    subtotal = [c if c != "other_org" else "org_subtotal" for c in columns]
    organisations = [c for c in keys.T3_ORG_COLUMNS if c != "other_org"]

    def kept(order: list[str]) -> int:
        count = 0
        for _, values, _ in read:
            row = {c: v.value for c, v in zip(order, values, strict=True) if v is not None}
            if len(row) < len(order):
                continue
            if "org_subtotal" in row:
                count += (
                    abs(sum(row[c] for c in organisations) - row["org_subtotal"]) < 1e-9
                    and abs(row["natural_person"] + row["org_subtotal"] - row["total"]) < 1e-9
                )
            else:
                count += abs(sum(row[c] for c in keys.T3_BASE_COLUMNS) - row["total"]) < 1e-9
        return count

    if kept(subtotal) <= kept(columns):
        return columns
    out.org_subtotal = True
    out.warnings.append(
        "table 3: its headers unread, its seven columns read as four organisations, 小计 and 总计 (no 其他 column): "
        "the sums hold so"
    )
    return subtotal


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
