"""The numbers the dashboard draws, read from the archive's views into plain, JSON-ready dicts.

Everything comes from the documented views, so the page shows what `nianbao sql` shows: the per-county and
per-report indicators through `archive.indicators.scorecard` (the same rows, region matching and filters as
`nianbao scorecard`), the application counts as sums of `annual_report_cells` (table 3, column 总计) over
those reports, and failed rules from `report_checks` of each report's canonical version.

The result comes in two parts, so a national archive (~2,850 counties) opens fast: the page's first screen
(summary cards, overview chart, the county picker) needs only `DashboardData.page`, a few hundred bytes per
county; each county's charts and report table (`DashboardData.details`, same order) are loaded when the
county is shown.

Counties are told apart by their whole place (province, city, name), as the views group them: 鼓楼区 of 南京市
and of 福州市 are two counties, labelled with their city (`_labels`).

Sums run over every annual report of a county (its government, departments, towns and street offices), so
the applications chart stacks them by kind of agency rather than pretending to be one county-wide figure: a
county government's own report may already include some of its departments' requests.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from nianbao.archive.agencies import KIND_LABELS
from nianbao.archive.database import reading
from nianbao.archive.indicators import scorecard
from nianbao.extractor.keys import T3_OTHER_SINGLE, T3_ROWS
from nianbao.models import AGENCY_KINDS, Blob, Version

#: Rows per IN (...) list: well under SQLite's and PostgreSQL's bound-parameter limits.
_CHUNK = 500

#: Counties the overview chart draws a bar series each for; the rest are one series (see `_overview`).
OVERVIEW_COUNTIES = 20


@dataclass
class DashboardData:
    """`page`: what the first screen draws (data.js); `details[i]`: the charts and reports of
    `page["counties"][i]`, written to a file of its own by the site writer."""

    page: dict[str, Any]
    details: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    """One kind of answer to an application: a label and the table 3 rows (column 总计) it sums."""

    key: str
    label: str
    rows: tuple[str, ...]


def _rows_starting(prefix: str) -> tuple[str, ...]:
    return tuple(r.key for r in (*T3_ROWS, T3_OTHER_SINGLE) if r.key.startswith(prefix))


#: The template's result groups （一）…（六）: every row `handled_total` sums, each in exactly one group.
OUTCOMES: tuple[Outcome, ...] = (
    Outcome("granted", "予以公开", ("granted",)),
    Outcome("partial", "部分公开", ("partial",)),
    Outcome("denied", "不予公开", _rows_starting("denied_")),
    Outcome("unable", "无法提供", _rows_starting("unable_")),
    Outcome("unprocessed", "不予处理", _rows_starting("unprocessed_")),
    Outcome("other", "其他处理", _rows_starting("other_")),
)

#: The cell keys the dashboard sums: applications received and every result row, column 总计.
APPLICATIONS_ROW = "new"
_SUMMED_ROWS = (APPLICATIONS_ROW, *(r for o in OUTCOMES for r in o.rows))

#: Short Chinese names of the template's rules (extractor.checks), for the failed-rules chart.
RULE_LABELS: dict[str, str] = {
    "t3_balance": "表三收支平衡",
    "t3_handled_sum": "表三办理结果合计",
    "t3_row_total": "表三行合计",
    "t3_org_subtotal": "表三法人小计",
    "t4_total": "表四合计",
    "non_negative": "数值非负",
    "prose_agrees": "正文与表格一致",
}


def dashboard_data(conn: Connection, region: str | None = None, year: int | None = None) -> DashboardData:
    """Every county's charts and report table; `region` and `year` filter as `nianbao scorecard` does."""
    conn = reading(conn)
    card = scorecard(conn, region, year)
    report_ids = [r["annual_report_id"] for r in card.reports]
    sums = _cell_sums(conn, report_ids)
    canonical = _canonical_documents(conn, report_ids)
    failures = _failed_rules(conn, report_ids)

    by_place: dict[Place, list[dict[str, Any]]] = defaultdict(list)
    for report in card.reports:
        by_place[_place(report)].append(report)
    county_rows: dict[Place, list[dict[str, Any]]] = defaultdict(list)
    for row in card.counties:
        county_rows[_place(row)].append(row)
    labels = _labels(by_place)

    summaries, details = [], []
    for place in sorted(by_place, key=lambda p: (p[2], p[0] or "", p[1] or "")):
        reports, rows = by_place[place], county_rows[place]
        years = sorted({r["year"] for r in reports} | {r["year"] for r in rows})
        summaries.append(
            {
                "region": labels[place],
                "city": place[1],
                "province": place[0],
                "years": years,
                "reports": len(reports),
            }
        )
        details.append(
            {
                "region": labels[place],
                "years": years,
                "applications": _applications_by_kind(reports, sums, years),
                "outcomes": _outcomes_by_year(reports, sums, years),
                "timeliness": _timeliness(rows, years),
                "rules": _rules(rows, years),
                "failed_rules": _failed_rules_by_rule(reports, failures),
                "reports": [_report_row(r, sums, canonical, failures) for r in reports],
            }
        )
    page = {
        "region": region,
        "year": year,
        "outcomes": [{"key": o.key, "label": o.label} for o in OUTCOMES],
        "kinds": [{"key": k, "label": KIND_LABELS[k]} for k in AGENCY_KINDS],
        "overview": _overview(details),
        "totals": {
            "reports": len(card.reports),
            "applications": _total(sums.get(i, {}).get(APPLICATIONS_ROW) for i in report_ids) or 0,
        },
        "counties": summaries,
        "missing": len(card.missing),
    }
    return DashboardData(page, details)


#: A county as the indicator views tell counties apart: (province, city, region name).
Place = tuple[str | None, str | None, str]


def _place(row: dict[str, Any]) -> Place:
    return (row["province"], row["city"], row["region"])


def _labels(places: Iterable[Place]) -> dict[Place, str]:
    """What the page calls each county: its name, prefixed with its city where counties of two cities share
    it (南京市鼓楼区, 福州市鼓楼区), and with its province too where that is not enough. The page tells
    counties apart by this label (its picker, its links), so no two are the same."""
    places = list(places)
    shared: dict[str, int] = defaultdict(int)
    for place in places:
        shared[place[2]] += 1
    labels = {p: p[2] if shared[p[2]] == 1 else f"{p[1] or ''}{p[2]}" for p in places}
    repeated: dict[str, int] = defaultdict(int)
    for label in labels.values():
        repeated[label] += 1
    return {p: f"{p[0] or ''}{label}" if repeated[label] > 1 else label for p, label in labels.items()}


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield list(ids[start : start + _CHUNK])


def _in_ids(conn: Connection, sql: str, ids: Sequence[int], **lists: Sequence[str]) -> Iterator[Any]:
    """Rows of `sql` (with `IN :ids`, and `IN :name` for each of `lists`) for every chunk of `ids`."""
    names = ("ids", *lists)
    statement = sa.text(sql).bindparams(*(sa.bindparam(name, expanding=True) for name in names))
    for chunk in _chunks(ids):
        yield from conn.execute(statement, {"ids": chunk, **{k: list(v) for k, v in lists.items()}})


def _number(value: Any) -> int | float | None:
    """Cells are decimals on both databases; the page wants plain JSON numbers."""
    if value is None:
        return None
    value = Decimal(str(value))
    return int(value) if value == value.to_integral_value() else float(value)


def _cell_sums(conn: Connection, report_ids: Sequence[int]) -> dict[int, dict[str, int | float]]:
    """annual report id -> table 3 row key -> the row's 总计, for the rows the dashboard sums."""
    found: dict[int, dict[str, int | float]] = defaultdict(dict)
    sql = (
        "SELECT annual_report_id, row_key, value FROM annual_report_cells "
        "WHERE table_key = 't3' AND col_key = 'total' AND row_key IN :rows AND annual_report_id IN :ids"
    )
    for report_id, row_key, value in _in_ids(conn, sql, report_ids, rows=_SUMMED_ROWS):
        number = _number(value)
        if number is not None:
            found[report_id][row_key] = number
    return found


_version = Version.__table__
_blob = Blob.__table__


def _canonical_documents(conn: Connection, report_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """annual report id -> its canonical document (url, version, and the version's SHA-256 and size as the
    archive records them) and, when that is an attachment, the page it hangs from as the report holds it."""
    out: dict[int, dict[str, Any]] = {}
    for row in _in_ids(
        conn,
        "SELECT annual_report_id, canonical_document_id, canonical_version_id, canonical_url "
        "FROM annual_reports WHERE annual_report_id IN :ids",
        report_ids,
    ):
        out[row.annual_report_id] = {
            "document_id": row.canonical_document_id,
            "version_id": row.canonical_version_id,
            "url": row.canonical_url,
            "page": None,
        }
    members = _in_ids(
        conn,
        "SELECT m.annual_report_id, m.document_id, m.version_id, m.url, m.kind, "
        "c.parent_document_id AS canonical_parent "
        "FROM annual_report_documents m JOIN annual_report_documents c "
        "ON c.annual_report_id = m.annual_report_id AND c.canonical = 1 "
        "WHERE m.annual_report_id IN :ids",
        report_ids,
    )
    for row in members:
        if row.canonical_parent is not None and row.document_id == row.canonical_parent:
            out[row.annual_report_id]["page"] = {
                "document_id": row.document_id,
                "version_id": row.version_id,
                "url": row.url,
            }
    documents = [d for o in out.values() for d in (o, o["page"]) if d is not None]
    stored = _stored_versions(conn, sorted({d["version_id"] for d in documents}))
    for document in documents:
        document["sha256"], document["size"] = stored[document["version_id"]]
    return out


def _stored_versions(conn: Connection, version_ids: Sequence[int]) -> dict[int, tuple[str, int]]:
    """version id -> (SHA-256, size) of its body, from the version and blob rows: no body is read, so a
    rebuild can tell which originals it already copied (site._copy_originals)."""
    query = (
        sa.select(_version.c.id, _version.c.sha256, _blob.c.size)
        .join(_blob, _blob.c.sha256 == _version.c.sha256)
        .where(_version.c.id.in_(sa.bindparam("ids", expanding=True)))
    )
    return {
        version_id: (sha256, int(size))
        for chunk in _chunks(version_ids)
        for version_id, sha256, size in conn.execute(query, {"ids": chunk})
    }


def _failed_rules(conn: Connection, report_ids: Sequence[int]) -> dict[int, list[str]]:
    """annual report id -> the rules its canonical version fails (latest extraction)."""
    out: dict[int, list[str]] = defaultdict(list)
    sql = (
        "SELECT r.annual_report_id, k.rule FROM annual_reports r "
        "JOIN report_checks k ON k.version_id = r.canonical_version_id "
        "WHERE k.status = 'fail' AND r.annual_report_id IN :ids ORDER BY k.rule"
    )
    for report_id, rule in _in_ids(conn, sql, report_ids):
        out[report_id].append(rule)
    return out


def _total(values: Iterable[int | float | None]) -> int | float | None:
    """Sum of the values present; None when none is (no cell is not the same as 0)."""
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def _applications_by_kind(
    reports: list[dict[str, Any]], sums: dict[int, dict[str, int | float]], years: list[int]
) -> dict[str, list[int | float | None]]:
    out = {}
    for kind in AGENCY_KINDS:
        series = [
            _total(
                sums.get(r["annual_report_id"], {}).get(APPLICATIONS_ROW)
                for r in reports
                if r["year"] == y and r["agency_kind"] == kind
            )
            for y in years
        ]
        if any(v is not None for v in series):
            out[kind] = series
    return out


def _outcomes_by_year(
    reports: list[dict[str, Any]], sums: dict[int, dict[str, int | float]], years: list[int]
) -> dict[str, list[int | float | None]]:
    return {
        o.key: [
            _total(sums.get(r["annual_report_id"], {}).get(row) for r in reports if r["year"] == y for row in o.rows)
            for y in years
        ]
        for o in OUTCOMES
    }


def _by_year(rows: list[dict[str, Any]], years: list[int], column: str) -> list[Any]:
    values = {r["year"]: r[column] for r in rows}
    return [values.get(y) for y in years]


def _timeliness(rows: list[dict[str, Any]], years: list[int]) -> dict[str, list[Any]]:
    """Reports on time, late and undated per year (county_indicators), and the on-time share of the dated."""
    on_time, late = _by_year(rows, years, "on_time"), _by_year(rows, years, "late")
    rate = [
        None if not (a or 0) + (b or 0) else round(100 * (a or 0) / ((a or 0) + (b or 0)), 1)
        for a, b in zip(on_time, late, strict=True)
    ]
    return {
        "on_time": on_time,
        "late": late,
        "unknown": _by_year(rows, years, "published_unknown"),
        "rate": rate,
        "missing": _by_year(rows, years, "missing"),
    }


def _rules(rows: list[dict[str, Any]], years: list[int]) -> dict[str, list[Any]]:
    reports, failing = _by_year(rows, years, "reports"), _by_year(rows, years, "reports_failing_rules")
    passing = [None if n is None else n - (f or 0) for n, f in zip(reports, failing, strict=True)]
    return {"failing": failing, "passing": passing}


def _failed_rules_by_rule(reports: list[dict[str, Any]], failures: dict[int, list[str]]) -> list[dict[str, Any]]:
    """Each failed rule with how many of the county's reports fail it, most frequent first."""
    counts: dict[str, int] = defaultdict(int)
    for r in reports:
        for rule in set(failures.get(r["annual_report_id"], ())):
            counts[rule] += 1
    return [
        {"rule": rule, "label": RULE_LABELS.get(rule, rule), "reports": n}
        for rule, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def _report_row(
    report: dict[str, Any],
    sums: dict[int, dict[str, int | float]],
    canonical: dict[int, dict[str, Any]],
    failures: dict[int, list[str]],
) -> dict[str, Any]:
    cells = sums.get(report["annual_report_id"], {})
    return {
        "annual_report_id": report["annual_report_id"],
        "year": report["year"],
        "agency": report["agency"],
        "kind": report["agency_kind"],
        "published": report["published"],
        "deadline": report["deadline"],
        "on_time": report["on_time"],
        "applications": cells.get(APPLICATIONS_ROW),
        "granted": cells.get("granted"),
        "cells_found": report["cells_found"],
        "cells_expected": report["cells_expected"],
        "rules_failed": report["rules_failed"],
        "failed_rules": [RULE_LABELS.get(rule, rule) for rule in failures.get(report["annual_report_id"], ())],
        "original": canonical.get(report["annual_report_id"]),
    }


def _overview(details: list[dict[str, Any]]) -> dict[str, Any]:
    """Applications received per county and year, every kind of agency together.

    One bar series per county is readable up to a couple of dozen counties; a province has a hundred and
    more, the country ~2,850, and each series also costs data.js bytes the first screen must parse. So the
    OVERVIEW_COUNTIES counties with most applications (all years together; ties by name) get a series each,
    largest first, and the rest are summed per year into one series with `others` = how many counties it
    holds (the page labels it 其他 N 个区县). The total over all series is still every county's."""
    years = sorted({y for c in details for y in c["years"]})
    series = []
    for county in details:
        by_kind = county["applications"].values()
        per_year = {y: _total(values[i] for values in by_kind) for i, y in enumerate(county["years"])}
        series.append({"region": county["region"], "values": [per_year.get(y) for y in years]})
    if len(series) <= OVERVIEW_COUNTIES:
        return {"years": years, "series": series}
    ranked = sorted(series, key=lambda s: (-(_total(s["values"]) or 0), s["region"] or ""))
    shown, rest = ranked[:OVERVIEW_COUNTIES], ranked[OVERVIEW_COUNTIES:]
    others = [_total(s["values"][i] for s in rest) for i in range(len(years))]
    return {"years": years, "series": [*shown, {"region": None, "others": len(rest), "values": others}]}
