"""`nianbao dashboard`: built from a real archive (SQLite and PostgreSQL), opened in real headless Chromium.

The numbers the charts hold are compared with SQL written here over the views (`annual_report_cells`,
`annual_reports`, `county_indicators`), not with the dashboard's own queries; every link to an original is
followed to a file whose SHA-256 is the archived version's. A county's charts and reports are read after the
page has loaded them from the county's own file (data.js holds summaries only).
"""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from nianbao.archive import Archive
from nianbao.archive.annual import refresh
from nianbao.cli import main
from nianbao.dashboard import build_site
from nianbao.dashboard.data import OVERVIEW_COUNTIES
from nianbao.dashboard.site import MARKER
from nianbao.replicas import ReplicaServer
from tests.annual.helpers import WENSHANG, full_cells, publish, rows
from tests.annual.test_replicas import FORMS
from tests.annual.test_replicas import _archive as archive_replica
from tests.annual.test_replicas import _regions as replica_regions
from tests.dashboard.browser import read_dashboard

LINQU = {"province": "山东省", "city": "潍坊市", "county": "临朐县"}
WEN = "http://www.wenshang.gov.cn/art/"
LIN = "http://www.linqu.gov.cn/zwgk/"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

#: The outcome groups of table 3 as the issue names them, and the rows each sums (column 总计).
OUTCOME_SQL = """
    CASE WHEN c.row_key = 'granted' THEN '予以公开'
         WHEN c.row_key = 'partial' THEN '部分公开'
         WHEN c.row_key LIKE 'denied%' THEN '不予公开'
         WHEN c.row_key LIKE 'unable%' THEN '无法提供'
         WHEN c.row_key LIKE 'unprocessed%' THEN '不予处理'
         WHEN c.row_key LIKE 'other%' THEN '其他处理' END"""
KIND_LABELS = {"government": "政府", "department": "部门", "town": "乡镇", "street": "街道"}


def t3(**totals: int) -> dict[str, int]:
    return {f"t3.{row}.total": value for row, value in totals.items()}


#: Two counties, two years, every kind of agency: url, agency, year, published, cells, rules failed. A late
#: report, an undated one (whose numbers are in its PDF attachment), ones failing rules, one printing （六）其他处理
#: as one row, one with no table 3.
REPORTS: list[tuple[str, str, int, str | None, dict[str, int], int]] = [
    (
        f"{WEN}gov23.html",
        "汶上县人民政府",
        2023,
        "2024-03-20",
        t3(
            new=120,
            granted=50,
            partial=10,
            denied_state_secret=3,
            denied_process=4,
            unable_not_held=20,
            unprocessed_duplicate=2,
            other_other=1,
        ),
        0,
    ),
    (
        f"{WEN}gov24.html",
        "汶上县人民政府",
        2024,
        "2025-03-10",
        t3(new=140, granted=61, other_single=4, unable_unclear=5),
        0,
    ),
    (f"{WEN}cz23.html", "汶上县财政局", 2023, "2024-02-10", t3(new=12, granted=5, partial=1), 2),
    (f"{WEN}cz24.html", "汶上县财政局", 2024, "2025-01-20", t3(new=9, granted=9), 0),
    (f"{WEN}nw24.html", "南旺镇人民政府", 2024, None, {}, 0),
    (f"{WEN}jd24.html", "汶上街道办事处", 2024, "2025-01-15", {"t2.licensing.decisions": 263}, 0),
    (f"{LIN}mz24.html", "临朐县民政局", 2024, "2025-01-10", t3(new=33, granted=30, denied_third_party=3), 1),
]


def publish_two_counties(archive: Archive) -> None:
    for url, agency, year, published, cells, failed in REPORTS:
        region, portal = (WENSHANG, "wenshang") if url.startswith(WEN) else (LINQU, "linqu")
        publish(
            archive,
            url,
            agency=agency,
            year=year,
            published=published,
            cells=cells,
            failed=failed,
            region=region,
            portal=portal,
        )
    publish(
        archive,
        f"{WEN}nw24.pdf",
        agency="南旺镇人民政府",
        year=2024,
        published=None,
        cells=full_cells(2),
        region=WENSHANG,
        parent_url=f"{WEN}nw24.html",
        body=PDF,
    )
    refresh(archive)


def number(value: Any) -> float | None:
    return None if value is None else float(Decimal(str(value)))


def chart_values(chart: dict[str, Any]) -> dict[tuple[str, int], float]:
    """(series name, year) -> value, for the points that have one."""
    return {
        (s["name"], year): float(v)
        for s in chart["series"]
        for year, v in zip(chart["years"], s["data"], strict=True)
        if v is not None
    }


def expected(archive: Archive, sql: str, region: str) -> dict[tuple[str, int], float]:
    return {
        (str(r["name"]), int(r["year"])): number(r["value"])
        for r in rows(archive, sql, region=region)
        if r["value"] is not None
    }


def expected_charts(archive: Archive, region: str) -> dict[str, dict[tuple[str, int], float]]:
    applications = expected(
        archive,
        """
        SELECT a.agency_kind AS name, a.year, SUM(c.value) AS value
        FROM annual_report_cells c JOIN annual_reports a ON a.annual_report_id = c.annual_report_id
        WHERE c.cell_key = 't3.new.total' AND a.region = :region GROUP BY a.agency_kind, a.year""",
        region,
    )
    outcomes = expected(
        archive,
        f"""
        SELECT x.name, x.year, SUM(x.value) AS value FROM (
            SELECT {OUTCOME_SQL} AS name, a.year, c.value
            FROM annual_report_cells c JOIN annual_reports a ON a.annual_report_id = c.annual_report_id
            WHERE c.table_key = 't3' AND c.col_key = 'total' AND a.region = :region) x
        WHERE x.name IS NOT NULL GROUP BY x.name, x.year""",
        region,
    )
    timeliness: dict[tuple[str, int], float] = {}
    rules: dict[tuple[str, int], float] = {}
    for r in rows(archive, "SELECT * FROM county_indicators WHERE region = :region", region=region):
        dated = r["on_time"] + r["late"]
        timeliness |= {
            ("按时", r["year"]): r["on_time"],
            ("逾期", r["year"]): r["late"],
            ("日期不明", r["year"]): r["published_unknown"],
        }
        if dated:
            timeliness[("按时率", r["year"])] = round(100 * r["on_time"] / dated, 1)
        rules |= {
            ("全部通过", r["year"]): r["reports"] - r["reports_failing_rules"],
            ("有未通过的规则", r["year"]): r["reports_failing_rules"],
        }
    return {
        "applications": {(KIND_LABELS[kind], year): v for (kind, year), v in applications.items()},
        "outcomes": outcomes,
        "timeliness": {k: float(v) for k, v in timeliness.items()},
        "rules": {k: float(v) for k, v in rules.items()},
    }


def expected_overview(archive: Archive) -> dict[tuple[str, int], float]:
    return {
        (str(r["region"]), int(r["year"])): number(r["value"])
        for r in rows(
            archive,
            """
        SELECT a.region, a.year, SUM(c.value) AS value
        FROM annual_report_cells c JOIN annual_reports a ON a.annual_report_id = c.annual_report_id
        WHERE c.cell_key = 't3.new.total' GROUP BY a.region, a.year""",
        )
    }


def page_data(out: Path) -> dict[str, Any]:
    """What data.js gives the page."""
    text = (out / "data.js").read_text()
    prefix = "window.NIANBAO_DASHBOARD = "
    assert text.startswith(prefix) and text.endswith(";\n")
    return json.loads(text[len(prefix) : -2])


def assert_dashboard_matches_archive(archive: Archive, out: Path) -> dict[str, Any]:
    """Every chart of every county has data and exactly the views' numbers; every original link resolves to
    the archived bytes of the report's canonical version (and, for an attachment, of its page). data.js
    holds each county's summary only; its charts and rows come from its file under counties/, named from its
    index, which the page loads when the county is shown."""
    seen = read_dashboard(out / "index.html")
    assert seen["errors"] == []
    regions = {r["region"] for r in rows(archive, "SELECT DISTINCT region FROM annual_reports")}
    assert set(seen["counties"]) == regions
    page = page_data(out)
    files = {c["region"]: c["file"] for c in page["counties"]}
    assert {key for c in page["counties"] for key in c} == {"region", "city", "province", "years", "reports", "file"}
    assert [re.fullmatch(r"counties/(\d+)-[0-9a-f]{12}\.js", f)[1] for f in files.values()] == [
        str(i) for i in range(len(files))
    ]
    assert sorted(p.name for p in (out / "counties").iterdir()) == sorted(f.split("/")[1] for f in files.values())
    for region, county in seen["counties"].items():
        assert (out / files[region]).resolve().as_uri() in county["loaded"], f"{region}: its file was not loaded"
        charts = county["charts"]
        assert set(charts) == {"overview", "applications", "outcomes", "timeliness", "rules"}
        for name, chart in charts.items():
            assert chart_values(chart), f"{region}: chart {name} has no data"
        assert chart_values(charts["overview"]) == expected_overview(archive)
        for name, want in expected_charts(archive, region).items():
            assert chart_values(charts[name]) == want, f"{region}: chart {name}"
        assert_links_resolve(archive, out, region, county["rows"])
    return seen


def assert_links_resolve(archive: Archive, out: Path, region: str, table: list[dict[str, Any]]) -> None:
    reports = {
        r["annual_report_id"]: r
        for r in rows(
            archive, "SELECT annual_report_id, canonical_version_id FROM annual_reports WHERE region = :r", r=region
        )
    }
    assert sorted(row["report"] for row in table) == sorted(reports)
    for row in table:
        links = {link["role"]: link for link in row["links"]}
        assert links["original"]["version"] == reports[row["report"]]["canonical_version_id"]
        pages = rows(
            archive,
            """
            SELECT p.version_id FROM annual_report_documents c JOIN annual_report_documents p
              ON p.annual_report_id = c.annual_report_id AND p.document_id = c.parent_document_id
            WHERE c.annual_report_id = :r AND c.canonical = 1""",
            r=row["report"],
        )
        assert ([links["page"]["version"]] if "page" in links else []) == [p["version_id"] for p in pages]
        for link in links.values():
            url = urlsplit(link["href"])
            path = Path(unquote(url.path))
            assert url.scheme == "file" and path.parent == (out / "originals").resolve()
            (sha256,) = [
                r["sha256"]
                for r in rows(archive, "SELECT sha256 FROM document_versions WHERE version_id = :v", v=link["version"])
            ]
            assert hashlib.sha256(path.read_bytes()).hexdigest() == sha256


def test_charts_hold_the_views_numbers_and_links_the_archived_originals(archive: Archive, tmp_path: Path) -> None:
    publish_two_counties(archive)
    out = tmp_path / "dashboard"

    summary = build_site(archive, out)

    assert (summary.counties, summary.reports) == (2, 7)
    assert summary.originals == 8  # seven reports, and the page of the one whose canonical copy is a PDF
    seen = assert_dashboard_matches_archive(archive, out)
    assert seen["title"] == "政府信息公开工作年度报告 · 数据看板" and not seen["empty_note"]
    # The cards' totals come from data.js, before any county is loaded.
    applications = int(sum(expected_overview(archive).values()))  # 314, and 2 from 南旺镇's PDF
    assert seen["cards"] == ["2", "7", "2023–2024", f"{applications:,}", "0"] and applications == 316
    assert "annual_report_id" not in (out / "data.js").read_text()
    wenshang = seen["counties"]["汶上县"]
    (nanwang,) = [r for r in wenshang["rows"] if len(r["links"]) == 2]
    assert [Path(link["href"]).suffix for link in nanwang["links"]] == [".pdf", ".html"]
    outcomes = chart_values(wenshang["charts"]["outcomes"])
    assert outcomes[("其他处理", 2023)] == 1 and outcomes[("其他处理", 2024)] == 4 + 3 * 2  # other_single counts


@pytest.mark.parametrize("database_kind", ["sqlite"], indirect=True)
def test_an_empty_archive_gives_a_page_that_says_so(archive: Archive, tmp_path: Path) -> None:
    summary = build_site(archive, tmp_path / "dashboard")

    assert (summary.counties, summary.reports, summary.originals) == (0, 0, 0)
    seen = read_dashboard(tmp_path / "dashboard" / "index.html")
    assert (seen["errors"], seen["counties"], seen["empty_note"]) == ([], {}, True)


def test_filters_by_region_and_year(archive: Archive, tmp_path: Path) -> None:
    publish_two_counties(archive)
    out = tmp_path / "dashboard"

    summary = build_site(archive, out, region="济宁市", year=2024)

    assert (summary.counties, summary.reports) == (1, 4)
    data = (out / "data.js").read_text()
    assert "汶上县" in data and "临朐县" not in data and '"years":[2024]' in data
    (county,) = (out / "counties").iterdir()
    assert '"years":[2024]' in county.read_text() and "临朐县" not in county.read_text()


def test_original_names_are_made_here_never_taken_from_the_portal(archive: Archive, tmp_path: Path) -> None:
    hostile = [
        "http://www.wenshang.gov.cn/../../etc/passwd",
        "http://www.wenshang.gov.cn/a/%2e%2e%2f%2e%2e%2fx.sh",
        "http://www.wenshang.gov.cn/a/报告.pdf.exe",
        "http://www.wenshang.gov.cn/a/index.html?f=<script>",
    ]
    bodies = [PDF, b"\x89PNG\r\n\x1a\n" + b"\0" * 32, b"MZ\x90\0 not a report format", "<p>年度报告</p>".encode()]
    for i, (url, body) in enumerate(zip(hostile, bodies, strict=True)):
        publish(
            archive,
            url,
            agency=f"汶上县局{i}",
            year=2024,
            published="2025-01-10",
            body=body,
            cells=t3(new=i),
            region=WENSHANG,
        )
    refresh(archive)
    out = tmp_path / "dashboard"

    build_site(archive, out)

    files = sorted((out / "originals").iterdir())
    assert [f.suffix for f in files] == [".pdf", ".png", ".bin", ".html"]
    versions = rows(archive, "SELECT version_id, sha256 FROM document_versions ORDER BY version_id")
    for f, version in zip(files, versions, strict=True):
        assert f.name == f"{version['version_id']}-{version['sha256'][:16]}{f.suffix}"
        assert hashlib.sha256(f.read_bytes()).hexdigest() == version["sha256"]
    assert sorted(p.relative_to(out).parts[0] for p in out.rglob("*") if p.is_file()) == sorted(
        [MARKER, "dashboard.css", "dashboard.js", "data.js", "index.html", "counties"]
        + ["echarts"] * 5
        + ["originals"] * 4
    )
    (county,) = (out / "counties").iterdir()
    assert re.fullmatch(r"0-[0-9a-f]{12}\.js", county.name)


def test_command_rebuilds_its_folder_and_refuses_any_other(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Archive.open(database_url) as archive:
        publish_two_counties(archive)
    foreign = tmp_path / "home"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")

    assert main(["dashboard", "--out", str(foreign)]) == 1
    assert "not empty" in capsys.readouterr().err
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"]

    out = tmp_path / "site"
    assert main(["dashboard", "--out", str(out), "--region", "汶上区"]) == 1
    assert "no annual reports for 汶上区" in capsys.readouterr().err and not out.exists()
    assert main(["dashboard", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "2 counties, 7 annual reports, 8 originals" in printed and out.resolve().as_uri() in printed
    stale = out / "originals" / "1-0000000000000000.pdf"
    stale.write_bytes(b"left from an earlier build")
    stale_county = out / "counties" / "7-000000000000.js"
    stale_county.write_text("window.NIANBAO_COUNTIES[7] = {};")
    assert main(["dashboard", "--out", str(out)]) == 0
    assert not stale.exists() and len(list((out / "originals").iterdir())) == 8
    assert not stale_county.exists() and len(list((out / "counties").iterdir())) == 2


@pytest.mark.slow
@pytest.mark.parametrize("database_kind", ["sqlite"], indirect=True)
def test_replica_reports_in_the_browser(archive: Archive, server: ReplicaServer, tmp_path: Path) -> None:
    """Realistic reports (pages with PDF and DOCX attachments, GBK pages) of the five replica portals, fetched
    over HTTP and extracted as a crawl would: the dashboard of them holds the views' numbers."""
    entries = [e for e in server.manifest() if e.form in FORMS]
    for e in entries:
        archive_replica(archive, server, e.page_url, e.portal)
        if e.document_url != e.page_url:
            archive_replica(archive, server, e.document_url, e.portal, parent_url=e.page_url)
    refresh(archive, replica_regions())
    out = tmp_path / "dashboard"

    summary = build_site(archive, out)

    assert summary.counties == 5 and summary.reports == len(entries)
    seen = assert_dashboard_matches_archive(archive, out)
    suffixes = {Path(link["href"]).suffix for c in seen["counties"].values() for r in c["rows"] for link in r["links"]}
    assert {".html", ".pdf", ".docx"} <= suffixes


def test_a_rebuild_reads_only_the_originals_it_lacks(archive: Archive, tmp_path: Path, monkeypatch: Any) -> None:
    """An original already in the folder under its version's name, with the archived size, is kept unread;
    the rest are read several per transaction (one batch here) and verified by the archive."""
    publish_two_counties(archive)
    out = tmp_path / "dashboard"
    batches: list[list[int]] = []
    bodies = Archive.bodies

    def counting(self: Archive, version_ids: list[int]) -> dict[int, bytes]:
        batches.append(sorted(version_ids))
        return bodies(self, version_ids)

    monkeypatch.setattr(Archive, "bodies", counting)  # Archive.body reads through it too
    build_site(archive, out)
    assert [len(batch) for batch in batches] == [8]

    batches.clear()
    folder = out / "originals"
    copied = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    county_files = sorted(p.name for p in (out / "counties").iterdir())
    build_site(archive, out)
    assert batches == []
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == copied
    assert sorted(p.name for p in (out / "counties").iterdir()) == county_files

    publish(
        archive,
        f"{LIN}mz23.html",
        agency="临朐县民政局",
        year=2023,
        published="2024-01-10",
        cells=t3(new=5),
        region=LINQU,
        portal="linqu",
    )
    refresh(archive)
    damaged = sorted(folder.iterdir())[0]
    damaged.write_bytes(damaged.read_bytes()[:-1])
    summary = build_site(archive, out)

    (new,) = rows(
        archive, "SELECT canonical_version_id FROM annual_reports WHERE canonical_url = :u", u=f"{LIN}mz23.html"
    )
    assert batches == [sorted([new["canonical_version_id"], int(damaged.name.split("-")[0])])]
    assert summary.originals == 9
    versions = {r["version_id"]: r["sha256"] for r in rows(archive, "SELECT version_id, sha256 FROM document_versions")}
    for f in folder.iterdir():
        assert hashlib.sha256(f.read_bytes()).hexdigest() == versions[int(f.name.split("-")[0])]
    assert len(list((out / "counties").iterdir())) == 2  # 临朐县's earlier file is gone


@pytest.mark.parametrize("database_kind", ["sqlite"], indirect=True)
def test_the_overview_of_many_counties_draws_the_largest_and_one_series_of_the_rest(
    archive: Archive, tmp_path: Path
) -> None:
    """Past OVERVIEW_COUNTIES counties a bar each is unreadable: the largest get one, the rest share one. The
    picker groups the counties by province."""
    counties = OVERVIEW_COUNTIES + 3
    for i in range(counties):
        for year in (2023, 2024):
            publish(
                archive,
                f"{WEN}c{i}-{year}.html",
                agency=f"第{i:02d}县人民政府",
                year=year,
                published=f"{year + 1}-03-01",
                cells=t3(new=100 + i),
                region={"province": "河南省" if i % 2 else "山东省", "city": "测试市", "county": f"第{i:02d}县"},
            )
    refresh(archive)
    out = tmp_path / "dashboard"

    build_site(archive, out)

    seen = read_dashboard(out / "index.html")
    assert seen["errors"] == [] and len(seen["counties"]) == counties
    assert seen["provinces"] == ["河南省", "山东省"]  # in pinyin order
    others = "其他 3 个区县"  # the three with fewest applications
    assert seen["overview"] == [f"第{i:02d}县" for i in reversed(range(3, counties))] + [others]
    overview = chart_values(seen["counties"]["第00县"]["charts"]["overview"])
    assert overview[(others, 2023)] == overview[(others, 2024)] == 100 + 101 + 102
    assert overview[("第22县", 2024)] == 122
    total = 2 * sum(100 + i for i in range(counties))
    assert sum(overview.values()) == total and seen["cards"][3] == f"{total:,}"
