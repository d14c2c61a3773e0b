"""Transparency indicators of one annual report that need more than SQL: deadline, table completeness and
text reuse. The views (`report_indicators`, `county_indicators`, `missing_reports`) read what these store.

Text reuse is the share of a report's sentences that its agency's previous report already printed word for
word — the measure evaluators use to spot a report copied from last year with new numbers. Sentences are
cut at 。！？；and line ends, compared with white space removed; pieces shorter than `MIN_SENTENCE_CHARS`
(headings such as "（一）", answers such as "无。") are not sentences, or every report would "reuse" them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from nianbao.archive.agencies import deadline_month
from nianbao.archive.database import reading
from nianbao.extractor.completeness import FIRST_TEMPLATE_YEAR
from nianbao.extractor.keys import table_cell_keys

MIN_SENTENCE_CHARS = 8
#: Reports at least this share of whose sentences are repeated count as reused in `county_indicators`.
REUSE_THRESHOLD = 0.5

_SENTENCE_END = re.compile(r"[。！？!?；;\n]+")
_SPACE = re.compile(r"\s+")
_TABLE_PREFIXES = ("t2.", "t3.", "t4.")


def deadline(kind: str, year: int) -> date:
    """The last day a report for `year` is on time: 31 January, or 31 March for a government's own report;
    31 March for every report for 2008–2018 (2008 条例, article 31)."""
    month = 3 if year < FIRST_TEMPLATE_YEAR else deadline_month(kind)
    return date(year + 1, month, 31)


def sentences(sections: Mapping[str, str] | None) -> list[str]:
    """The report's sentences, in order, white space removed."""
    found: list[str] = []
    for text in (sections or {}).values():
        for piece in _SENTENCE_END.split(text or ""):
            piece = _SPACE.sub("", piece)
            if len(piece) >= MIN_SENTENCE_CHARS:
                found.append(piece)
    return found


def text_reuse(current: list[str], previous: Iterable[str]) -> float | None:
    """Share of `current`'s sentences found word for word in `previous`; None without sentences to judge."""
    if not current:
        return None
    earlier = set(previous)
    if not earlier:
        return None
    repeated = sum(1 for s in current if s in earlier)
    return round(repeated / len(current), 4)


def expected_cells(template: str | None, year: int, cell_keys: Iterable[str] | CellKeys) -> frozenset[str]:
    """The table cells a report of this template and shape prints (with the 小计 column, with （六） as one
    row, as the report itself shows)."""
    if template is None and year < FIRST_TEMPLATE_YEAR:
        return frozenset()  # a report from before the national tables has no template cells to miss
    template = template or ("2019" if year <= 2020 else "2021")
    lines = CellKeys.of(cell_keys)
    return _template_cells(template, lines.any_ends(".org_subtotal"), lines.any_starts("t3.other_single."))


@functools.lru_cache(maxsize=64)
def _template_cells(template: str, org_subtotal: bool, other_single: bool) -> frozenset[str]:
    """A handful of shapes, asked for once per report a refresh regroups."""
    return frozenset(table_cell_keys(template, org_subtotal=org_subtotal, other_single=other_single))


def table_cells(cell_keys: Iterable[str] | CellKeys) -> int:
    """How many of the keys are table cells (prose keys excluded)."""
    lines = CellKeys.of(cell_keys)
    if lines.text is None:
        return sum(1 for k in lines.keys if k.startswith(_TABLE_PREFIXES))
    return sum(lines.text.count("\n" + prefix) for prefix in _TABLE_PREFIXES)


class CellKeys:
    """A report's cell keys one a line, so that "does a key start (end) with this" is one substring search in
    C: a refresh asks it of ~220 keys for every report it regroups, three times, and a loop over the keys in
    Python was a tenth of a 1 %-refresh. `text` is None where a key holds a line break (no cell key does):
    then the keys are tested one by one.

    `CellKeys.joined` takes the keys as the database aggregates them (one string per extraction, keys
    separated by line breaks): a refresh then reads one row per report instead of ~220."""

    def __init__(self, cell_keys: Iterable[str]) -> None:
        self.keys = list(cell_keys)
        text = "\n" + "\n".join(self.keys) + "\n"
        self.text = text if text.count("\n") == len(self.keys) + 1 else None

    @classmethod
    def joined(cls, text: str | None) -> CellKeys:
        """From keys joined by line breaks (None or "": no keys)."""
        keys = cls(())
        keys.keys = text.split("\n") if text else []
        keys.text = f"\n{text}\n" if text else "\n"
        return keys

    @classmethod
    def of(cls, cell_keys: Iterable[str] | CellKeys) -> CellKeys:
        return cell_keys if isinstance(cell_keys, CellKeys) else cls(cell_keys)

    def __len__(self) -> int:
        return len(self.keys)

    def any_starts(self, prefix: str) -> bool:
        if self.text is None:
            return any(k.startswith(prefix) for k in self.keys)
        return "\n" + prefix in self.text

    def any_ends(self, suffix: str) -> bool:
        if self.text is None:
            return any(k.endswith(suffix) for k in self.keys)
        return suffix + "\n" in self.text


# --- reading the indicator views ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Scorecard:
    """The indicator views' rows for a region and/or year: per county and year, per report, missing reports."""

    counties: list[dict[str, Any]]
    reports: list[dict[str, Any]]
    missing: list[dict[str, Any]]


_COUNTY_COLUMNS = ("province", "city", "region", "year", "reports", "on_time", "late", "published_unknown",
                   "tables_complete", "reports_failing_rules", "reports_reused", "missing")
_REPORT_COLUMNS = ("annual_report_id", "region", "agency", "agency_kind", "year", "published", "deadline",
                   "on_time", "cells_found", "cells_expected", "tables_complete", "rules_failed", "text_reuse",
                   "disagreeing_copies", "province", "city")
_MISSING_COLUMNS = ("region", "agency", "agency_kind", "year", "last_report_id", "province", "city")
#: Same-named counties (鼓楼区 of 南京市 and of 福州市) in one order on both databases (NULLs sort first on
#: SQLite, last on PostgreSQL).
_PLACE_ORDER = "coalesce(province, ''), coalesce(city, '')"


def scorecard(conn: Connection, region: str | None = None, year: int | None = None,
              agency_ids: Iterable[int] | None = None, limit: int | None = None) -> Scorecard:
    """Read the indicator views; `region` matches a county, a city or a province; `agency_ids` (one agency
    followed across years, see archive.agencies.find_agencies) leaves the per-county rows out; `limit` keeps
    the first rows of each part (`count` says how many there are)."""
    conn = reading(conn)

    def rows(view: str, columns: tuple[str, ...], order: str, flags: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        where, params = _where(view, region, year, agency_ids)
        if where is None:
            return []
        source, more = _source(conn, view, region, year)
        params.update(more)
        sql = f"SELECT {', '.join(columns)} FROM {source}{where} ORDER BY {order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [_plain(dict(r._mapping), flags) for r in conn.execute(sa.text(sql), params)]

    return Scorecard(
        rows("county_indicators", _COUNTY_COLUMNS, f"region, {_PLACE_ORDER}, year"),
        rows("report_indicators", _REPORT_COLUMNS, f"region, {_PLACE_ORDER}, year, agency", flags=("on_time",)),
        rows("missing_reports", _MISSING_COLUMNS, f"region, {_PLACE_ORDER}, year, agency"),
    )


#: The part of the scorecard each view answers.
PARTS = {"counties": "county_indicators", "reports": "report_indicators", "missing": "missing_reports"}


def count(conn: Connection, part: str, region: str | None = None, year: int | None = None,
          agency_ids: Iterable[int] | None = None) -> int:
    """How many rows a scorecard part ("counties", "reports", "missing") has without a limit."""
    where, params = _where(PARTS[part], region, year, agency_ids)
    if where is None:
        return 0
    conn = reading(conn)
    source, more = _source(conn, PARTS[part], region, year)
    return int(conn.execute(sa.text(f"SELECT count(*) FROM {source}{where}"), {**params, **more}).scalar_one())


# `county_indicators` (migration 0009) groups every report and missing report of the archive by county (its
# province, city and name: same-named counties of two cities are two) and year before a WHERE can pick one
# county: neither database pushes a filter through that GROUP BY, so `--region` read all 100,000 reports. For a region,
# the same aggregation over the counties that can match: those of the agencies whose county, city or
# province it names (every row's region, city and province are its agency's), listed by `_source`. The
# WHERE of `_where` then picks the same groups the view would give it (a county named like one of the region's
# but in another city is aggregated too, and dropped by that WHERE). The aggregation is the view's text,
# repeated on purpose: a migration's SQL is frozen history and cannot import this module's, so a later
# migration that redefines the view must change this too — tests/refresh/test_scale_reads.py holds the two
# equal on both databases and fails until it does.
_COUNTIES_OF_REGION = """(
    SELECT x.province, x.city, x.region, x.year,
           sum(x.report) AS reports, sum(x.on_time) AS on_time, sum(x.late) AS late,
           sum(x.unknown) AS published_unknown, round(avg(x.tables_complete), 4) AS tables_complete,
           sum(x.failing) AS reports_failing_rules, sum(x.reused) AS reports_reused,
           sum(x.missing) AS missing, sum(x.rules_failed) AS rules_failed
    FROM (
        SELECT i.province, i.city, i.region, i.year, 1 AS report,
               CASE WHEN i.on_time = 1 THEN 1 ELSE 0 END AS on_time,
               CASE WHEN i.on_time = 0 THEN 1 ELSE 0 END AS late,
               CASE WHEN i.on_time IS NULL THEN 1 ELSE 0 END AS unknown,
               i.tables_complete,
               CASE WHEN i.rules_failed > 0 THEN 1 ELSE 0 END AS failing,
               CASE WHEN i.text_reuse >= 0.5 THEN 1 ELSE 0 END AS reused,
               0 AS missing, i.rules_failed
        FROM report_indicators i WHERE i.region IN ({counties}){year}
        UNION ALL
        SELECT m.province, m.city, m.region, m.year, 0, 0, 0, 0, NULL, 0, 0, 1, 0
        FROM missing_reports m WHERE m.region IN ({counties}){year}
    ) x
    GROUP BY x.province, x.city, x.region, x.year
) county_indicators"""
#: The share of the archive's counties up to which a region's county rows are computed for it alone.
FEW_COUNTIES = 0.1
_COUNTIES = (
    "SELECT DISTINCT g.region FROM agency g WHERE g.region = :region OR g.city = :region OR g.province = :region"
)


def _source(conn: Connection, view: str, region: str | None, year: int | None) -> tuple[str, dict[str, Any]]:
    """What to select a view's rows from, with its parameters: the view, or for county_indicators and a
    region of a tenth of the archive's counties or fewer the same rows computed for those counties only (for
    more, one pass of the view over everything is quicker). The counties are named in the statement: behind
    an IN (SELECT ...) PostgreSQL ran missing_reports' per-row subquery over every report before the join
    dropped the other counties' (7 s at 10,000 reports)."""
    if view != "county_indicators" or not region:
        return view, {}
    counties = list(conn.execute(sa.text(_COUNTIES), {"region": region}).scalars())
    everywhere = conn.execute(sa.text("SELECT count(DISTINCT region) FROM agency")).scalar_one()
    if len(counties) > FEW_COUNTIES * everywhere:
        return view, {}
    names = {f"county_{i}": county for i, county in enumerate(counties)}
    listed = ", ".join(f":{name}" for name in names) or "NULL"
    return _COUNTIES_OF_REGION.format(counties=listed, year="" if year is None else " AND year = :year"), names


def _where(view: str, region: str | None, year: int | None, agency_ids: Iterable[int] | None
           ) -> tuple[str | None, dict[str, Any]]:
    """The WHERE clause (with its leading space, "" for none) and parameters selecting a view's rows; None
    for a view an agency selection leaves out."""
    where: list[str] = []
    params: dict[str, Any] = {}
    if agency_ids is not None:
        if view == "county_indicators":
            return None, params
        agencies = sorted({int(a) for a in agency_ids})
        where.append(f"agency_id IN ({', '.join(str(a) for a in agencies) or 'NULL'})")
    if region:
        where.append("(region = :region OR city = :region OR province = :region)")
        params["region"] = region
    if year is not None:
        where.append("year = :year")
        params["year"] = year
    return (" WHERE " + " AND ".join(where) if where else ""), params


def _plain(row: dict[str, Any], flags: tuple[str, ...]) -> dict[str, Any]:
    """The same values on both databases: decimals as floats, ISO dates, flags as booleans."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, Decimal):
            value = float(value)
        if key in ("published", "deadline") and value is not None:
            value = str(value)[:10]
        if key in flags and value is not None:
            value = bool(value)
        out[key] = value
    return out
