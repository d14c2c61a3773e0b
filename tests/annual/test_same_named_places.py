"""Same-named counties of different cities are different places: their agencies, annual reports, county rows
and missing reports stay apart; a copy naming only a nationally unique county meets the placed copies; a bare
shared name with nothing to say which city is an agency of that bare place (archive.agencies); an archive
grouped before places were told apart is split by the upgrade (migration 0009)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from nianbao.archive import Archive, indicators, schema
from nianbao.archive.agencies import Region, completed, identify
from nianbao.archive.annual import refresh
from nianbao.archive.database import make_engine
from nianbao.archive.indicators import count, scorecard
from nianbao.dashboard.data import dashboard_data
from nianbao.models import metadata
from nianbao.models.search import include_object
from tests.annual.helpers import WENSHANG, full_cells, publish, rows
from tests.archive.helpers import nianbao

NANJING = {"province": "江苏省", "city": "南京市", "county": "鼓楼区"}
FUZHOU = {"province": "福建省", "city": "福州市", "county": "鼓楼区"}
NJ = "http://www.njgl.gov.cn/2024.html"
FZ = "http://www.gl.gov.cn/2024.html"


def _two_gulou(archive: Archive) -> tuple[int, int]:
    """财政局 of 南京市鼓楼区 and of 福州市鼓楼区, 2024, with different numbers."""
    nanjing = publish(archive, NJ, agency="鼓楼区财政局", year=2024, published="2025-01-20",
                      cells=full_cells(1), region=NANJING, portal="njgl")
    fuzhou = publish(archive, FZ, agency="鼓楼区财政局", year=2024, published="2025-01-21",
                     cells=full_cells(2), region=FUZHOU, portal="fzgl")
    return nanjing, fuzhou


def test_completed_regions() -> None:
    assert completed(Region(county="汶上县")) == Region("山东省", "济宁市", "汶上县")
    assert completed(Region(city="福州市", county="鼓楼区")) == Region("福建省", "福州市", "鼓楼区")
    assert completed(Region(county="鼓楼区")) == Region(county="鼓楼区")  # four cities have one: unsettled
    assert completed(Region("江苏省", None, "鼓楼区")) == Region("江苏省", None, "鼓楼区")  # 南京市 or 徐州市
    # A parent no namesake has is dropped; a unique name's table parents outrank a contradicting portal's.
    assert completed(Region("山东省", "济宁市", "鼓楼区")) == Region(county="鼓楼区")
    assert completed(Region("福建省", "福州市", "汶上县")) == Region("山东省", "济宁市", "汶上县")
    assert completed(Region(city="济宁市")) == Region("山东省", "济宁市")
    assert completed(Region(county="某开发区")) == Region(county="某开发区")  # unknown to the table: as is
    # The name says which 鼓楼区 where the region does not; the city prefix goes from the name key.
    identity = identify("福州市鼓楼区财政局", Region(county="鼓楼区"))
    assert (identity.region.place, identity.name_key) == ("福建省/福州市/鼓楼区", "财政局")


def test_same_named_counties_are_two_agencies_and_two_reports(archive: Archive, capsysbinary: Any) -> None:
    nanjing, fuzhou = _two_gulou(archive)
    # A report of the year before for 南京's only: 福州's 2023 is not missing (鼓楼区 of 福州 has no 2023).
    publish(archive, NJ + "?2023", agency="鼓楼区财政局", year=2023, published="2024-01-20",
            cells=full_cells(1), region=NANJING, portal="njgl")
    publish(archive, FZ + "?2025", agency="鼓楼区教育局", year=2025, published="2026-01-20",
            cells=full_cells(1), region=FUZHOU, portal="fzgl")
    summary = refresh(archive)
    assert (summary.annual_reports, summary.agencies, summary.disagreeing_copies) == (4, 3, 0)
    agencies = rows(archive, "SELECT agency, region, province, city, county, reports FROM agencies "
                             "ORDER BY province, agency")
    assert [tuple(a.values()) for a in agencies] == [
        ("鼓楼区财政局", "鼓楼区", "江苏省", "南京市", "鼓楼区", 2),
        ("鼓楼区教育局", "鼓楼区", "福建省", "福州市", "鼓楼区", 1),
        ("鼓楼区财政局", "鼓楼区", "福建省", "福州市", "鼓楼区", 1),
    ]
    reports = rows(archive, "SELECT city, year, documents, canonical_document_id, disagreeing_copies "
                            "FROM annual_reports WHERE year = 2024 ORDER BY city")
    assert [tuple(r.values()) for r in reports] == [("南京市", 2024, 1, nanjing, 0), ("福州市", 2024, 1, fuzhou, 0)]
    counties = rows(archive, "SELECT province, city, region, year, reports, missing FROM county_indicators "
                             "ORDER BY year, province")
    assert [tuple(c.values()) for c in counties] == [
        ("江苏省", "南京市", "鼓楼区", 2023, 1, 0),
        ("江苏省", "南京市", "鼓楼区", 2024, 1, 0),
        ("福建省", "福州市", "鼓楼区", 2024, 1, 0),
        # 福州's 财政局 reported 2024 and 福州's 鼓楼区 has a 2025 report: that one is missing, in 福州 only.
        ("福建省", "福州市", "鼓楼区", 2025, 1, 1),
    ]
    assert [(m["city"], m["agency"], m["year"]) for m in rows(archive, "SELECT * FROM missing_reports")] == [
        ("福州市", "鼓楼区财政局", 2025)]

    with archive.engine.connect() as conn:
        for few in (indicators.FEW_COUNTIES, 1.0):  # through the view, and for the region's counties alone
            indicators.FEW_COUNTIES = few
            try:
                card = scorecard(conn, "鼓楼区")
                assert [(c["city"], c["year"]) for c in card.counties] == [
                    ("南京市", 2023), ("南京市", 2024), ("福州市", 2024), ("福州市", 2025)]
                assert count(conn, "counties", "鼓楼区") == 4
                assert [c["year"] for c in scorecard(conn, "福州市").counties] == [2024, 2025]
            finally:
                indicators.FEW_COUNTIES = 0.1
        assert [(r["city"], r["year"]) for r in scorecard(conn, "鼓楼区", 2024).reports] == [
            ("南京市", 2024), ("福州市", 2024)]
        data = dashboard_data(conn)
    assert [(c["region"], c["city"], c["reports"]) for c in data.page["counties"]] == [
        ("南京市鼓楼区", "南京市", 2), ("福州市鼓楼区", "福州市", 2)]
    assert [d["region"] for d in data.details] == ["南京市鼓楼区", "福州市鼓楼区"]
    assert [len(d["reports"]) for d in data.details] == [2, 2]
    code, out, err = nianbao(capsysbinary, "scorecard", "--region", "鼓楼区", "--by", "county")
    lines = [line for line in out.decode().splitlines() if "鼓楼区" in line]
    assert code == 0 and [("南京市" in line, "福州市" in line) for line in lines] == [
        (True, False), (True, False), (False, True), (False, True)], err


def test_a_copy_naming_only_a_unique_county_meets_the_placed_copy(archive: Archive) -> None:
    placed = publish(archive, "http://www.wenshang.gov.cn/1.html", agency="汶上县财政局", year=2024,
                     published="2025-01-20", cells=full_cells(1), region=WENSHANG)
    bare = publish(archive, "http://www.example.gov.cn/1.html", agency="财政局", year=2024,
                   cells=full_cells(1, 100), region={"county": "汶上县"}, portal="elsewhere")
    # 福州's 鼓楼区 named by the agency's name alone, on a copy whose text names only 鼓楼区.
    fuzhou = publish(archive, FZ, agency="鼓楼区财政局", year=2024, cells=full_cells(2), region=FUZHOU,
                     portal="fzgl")
    named = publish(archive, "http://www.example.gov.cn/2.html", agency="福州市鼓楼区财政局", year=2024,
                    cells=full_cells(2, 50), region={"county": "鼓楼区"}, portal="elsewhere")
    # And one whose portal (a city's) says which: its configured region fills the city.
    portal = publish(archive, "http://www.fuzhou.gov.cn/1.html", agency="鼓楼区财政局", year=2024,
                     cells=full_cells(2, 60), region={"county": "鼓楼区"}, portal="fuzhou")
    refresh(archive, portal_regions=[("fuzhou", "福建省", "福州市", None)])
    groups = rows(archive, "SELECT r.city, m.document_id FROM annual_report_documents m "
                           "JOIN annual_reports r ON r.annual_report_id = m.annual_report_id "
                           "ORDER BY m.document_id")
    assert [(g["city"], g["document_id"]) for g in groups] == [
        ("济宁市", placed), ("济宁市", bare), ("福州市", fuzhou), ("福州市", named), ("福州市", portal)]
    assert rows(archive, "SELECT count(*) AS n, sum(disagreeing_copies) AS d FROM annual_reports") == [
        {"n": 2, "d": 0}]


def test_a_bare_shared_county_name_is_an_agency_of_the_bare_place(archive: Archive) -> None:
    """Documented behaviour (archive.agencies): nothing says which 鼓楼区, so the copy keeps the bare name, as
    all copies did before places were told apart; it meets other bare copies of the name, not the placed
    agencies, and is a county row of its own without city."""
    _two_gulou(archive)
    bare = publish(archive, "http://www.example.gov.cn/gl.html", agency="鼓楼区财政局", year=2024,
                   cells=full_cells(3), region={"county": "鼓楼区"}, portal="elsewhere")
    again = publish(archive, "http://www.example.gov.cn/gl.pdf", agency="财政局", year=2024,
                    cells=full_cells(3, 10), region={"county": "鼓楼区"}, portal="elsewhere")
    summary = refresh(archive)
    assert (summary.annual_reports, summary.agencies, summary.disagreeing_copies) == (3, 3, 0)
    (report,) = rows(archive, "SELECT annual_report_id, province, city, region, documents FROM annual_reports "
                              "WHERE city IS NULL")
    assert (report["province"], report["region"], report["documents"]) == (None, "鼓楼区", 2)
    members = rows(archive, "SELECT document_id FROM annual_report_documents WHERE annual_report_id = :r "
                            "ORDER BY document_id", r=report["annual_report_id"])
    assert [m["document_id"] for m in members] == [bare, again]
    counties = rows(archive, "SELECT city, reports FROM county_indicators ORDER BY reports")
    assert sorted((c["city"] or "", c["reports"]) for c in counties) == [("", 1), ("南京市", 1), ("福州市", 1)]


# --- the upgrade from 0008 -----------------------------------------------------------------------------------

_T = "2025-02-10 08:00:00"


def _merged_as_0008_grouped(conn: sa.Connection, nanjing: int, fuzhou: int) -> int:
    """The rows the grouping of 0008 wrote for the two 财政局: one agency (南京's place, first seen), named and
    aliased by 福州's longer name too, and one report carried by both copies, 福州's counted as disagreeing."""
    conn.execute(sa.text(
        "INSERT INTO agency (name, name_key, region, province, city, county, kind, first_seen) "
        "VALUES ('福州市鼓楼区财政局', '财政局', '鼓楼区', '江苏省', '南京市', '鼓楼区', 'department', :t)"), {"t": _T})
    agency = conn.execute(sa.text("SELECT id FROM agency")).scalar_one()
    for alias in ("鼓楼区财政局", "福州市鼓楼区财政局"):
        conn.execute(sa.text("INSERT INTO agency_alias (agency_id, alias) VALUES (:a, :x)"), {"a": agency, "x": alias})
    version = {d: conn.execute(sa.text("SELECT id FROM version WHERE document_id = :d"), {"d": d}).scalar_one()
               for d in (nanjing, fuzhou)}
    conn.execute(sa.text(
        "INSERT INTO annual_report (agency_id, year, published, deadline, documents, canonical_document_id, "
        "canonical_version_id, template, cells_found, cells_expected, rules_failed, disagreeing_copies, refreshed) "
        "VALUES (:a, 2024, '2025-01-20', '2025-01-31', 2, :d, :v, '2021', 200, 200, 0, 1, :t)"),
        {"a": agency, "d": nanjing, "v": version[nanjing], "t": _T})
    report = conn.execute(sa.text("SELECT id FROM annual_report")).scalar_one()
    for document, canonical in ((nanjing, True), (fuzhou, False)):
        conn.execute(sa.text(
            "INSERT INTO annual_report_document (document_id, annual_report_id, version_id, cells_found, "
            "rules_failed, canonical, cells_differing) VALUES (:d, :r, :v, 200, 0, :c, :n)"),
            {"d": document, "r": report, "v": version[document], "c": canonical, "n": 0 if canonical else 200})
    conn.execute(sa.text("DELETE FROM refresh_queue"))  # as a refresh at 0008 left it
    return agency


def test_upgrade_from_0008_splits_the_merged_counties(empty_database_url: str, capsysbinary: Any) -> None:
    engine = make_engine(empty_database_url)
    schema.upgrade(engine, "0008")
    old = Archive(engine)
    nanjing = publish(old, NJ, agency="鼓楼区财政局", year=2024, published="2025-01-20", cells=full_cells(1),
                      region=NANJING, portal="njgl")
    fuzhou = publish(old, FZ, agency="福州市鼓楼区财政局", year=2024, published="2025-01-21", cells=full_cells(2),
                     region=FUZHOU, portal="fzgl")
    with engine.begin() as conn:
        merged = _merged_as_0008_grouped(conn, nanjing, fuzhou)
        assert conn.execute(sa.text("SELECT count(*) FROM county_indicators")).scalar_one() == 1
    old.close()

    code, out, err = nianbao(capsysbinary, "db", "upgrade")
    assert code == 0 and f"from 0008 to {schema.head_revision()}" in out.decode(), err
    assert "regrouped: 2 annual reports from 2 documents" in out.decode()
    with Archive.open(empty_database_url) as archive:
        with archive.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include_object})
            assert compare_metadata(context, metadata) == []
        agencies = rows(archive, "SELECT a.agency_id, a.agency, a.city, g.place FROM agencies a "
                                 "JOIN agency g ON g.id = a.agency_id ORDER BY a.agency_id")
        # The merged agency keeps its id, 南京's report and 南京's name; 福州's is an agency of its own.
        assert [(a["agency_id"] == merged, a["agency"], a["city"], a["place"]) for a in agencies] == [
            (True, "鼓楼区财政局", "南京市", "江苏省/南京市/鼓楼区"),
            (False, "福州市鼓楼区财政局", "福州市", "福建省/福州市/鼓楼区")]
        aliases = rows(archive, "SELECT agency_id, alias FROM agency_alias ORDER BY agency_id")
        assert [(a["agency_id"] == merged, a["alias"]) for a in aliases] == [
            (True, "鼓楼区财政局"), (False, "福州市鼓楼区财政局")]
        reports = rows(archive, "SELECT agency_id, city, documents, canonical_document_id, disagreeing_copies "
                                "FROM annual_reports ORDER BY agency_id")
        assert [(r["agency_id"] == merged, r["city"], r["documents"], r["canonical_document_id"],
                 r["disagreeing_copies"]) for r in reports] == [
            (True, "南京市", 1, nanjing, 0), (False, "福州市", 1, fuzhou, 0)]
        assert [(c["city"], c["reports"]) for c in rows(
            archive, "SELECT city, reports FROM county_indicators ORDER BY province")] == [("南京市", 1), ("福州市", 1)]
        assert refresh(archive).batches == 0  # the upgrade regrouped everything it queued
