"""Documents carrying the same report become one annual report; the canonical copy; disagreeing copies."""

from __future__ import annotations

from nianbao.archive import Archive
from nianbao.archive.agencies import Region, find_agencies, identify
from nianbao.archive.annual import refresh
from tests.annual.helpers import WENSHANG, full_cells, publish, rows

PAGE = "http://www.wenshang.gov.cn/art/2025/1/20/art_61950_1.html"
PDF = "http://www.wenshang.gov.cn/module/download/downfile.jsp?filename=a.pdf"
CITY = "http://www.jining.gov.cn/art/2025/1/22/art_1_2.html"
REUPLOAD = "http://www.wenshang.gov.cn/art/2025/2/3/art_61950_9.html"


def test_page_pdf_city_copy_and_reupload_are_one_annual_report(archive: Archive) -> None:
    # The page names the report and its date; the PDF carries the numbers but no agency of its own.
    page = publish(archive, PAGE, agency="汶上街道办事处", year=2024, published="2025-01-20", region=WENSHANG)
    pdf = publish(archive, PDF, agency=None, year=None, cells=full_cells(3), parent_url=PAGE)
    # The city portal's copy under the long name, one number different; a corrected re-upload, complete.
    city_cells = full_cells(3, 150) | {"t3.new.total": 99}
    city = publish(archive, CITY, agency="汶上县汶上街道办事处", year=2024, published="2025-01-22",
                   cells=city_cells, portal="jining", region=WENSHANG)
    reupload = publish(archive, REUPLOAD, agency="汶上街道", year=2024, published="2025-02-03",
                       cells=full_cells(3), region=WENSHANG)
    other_year = publish(archive, PAGE + "?2023", agency="汶上街道办事处", year=2023, published="2024-01-15",
                         cells=full_cells(2), region=WENSHANG)

    summary = refresh(archive)

    assert (summary.annual_reports, summary.documents, summary.agencies) == (2, 5, 1)
    reports = rows(archive, "SELECT * FROM annual_reports ORDER BY year")
    assert [(r["agency"], r["region"], r["year"], r["documents"]) for r in reports] == [
        ("汶上县汶上街道办事处", "汶上县", 2023, 1), ("汶上县汶上街道办事处", "汶上县", 2024, 4)]
    latest = reports[1]
    # Tie on cells (200) and rules between the PDF and the re-upload: the later publication wins.
    assert latest["canonical_document_id"] == reupload
    assert str(latest["published"])[:10] == "2025-01-20"  # first publication, not the correction
    assert (latest["cells_found"], latest["rules_failed"], latest["disagreeing_copies"]) == (200, 0, 1)
    members = rows(archive, "SELECT document_id, canonical, cells_differing FROM annual_report_documents "
                            "WHERE annual_report_id = :r ORDER BY document_id", r=latest["annual_report_id"])
    assert [(m["document_id"], m["canonical"], m["cells_differing"]) for m in members] == [
        (page, 0, 0), (pdf, 0, 0), (city, 0, 1), (reupload, 1, 0)]
    cells = rows(archive, "SELECT cell_key, value, document_id FROM annual_report_cells "
                          "WHERE annual_report_id = :r", r=latest["annual_report_id"])
    assert len(cells) == 200 and {c["document_id"] for c in cells} == {reupload}
    assert rows(archive, "SELECT document_id FROM annual_report_documents WHERE annual_report_id = :r",
                r=reports[0]["annual_report_id"]) == [{"document_id": other_year}]


def test_the_copy_with_more_cells_and_passing_rules_is_canonical(archive: Archive) -> None:
    few = publish(archive, PAGE, agency="南旺镇人民政府", year=2024, published="2025-01-30",
                  cells=full_cells(1, 20), region=WENSHANG)
    failing = publish(archive, PDF, agency="南旺镇人民政府", year=2024, cells=full_cells(1), failed=2,
                      region=WENSHANG, parent_url=PAGE)
    passing = publish(archive, CITY, agency="汶上县南旺镇人民政府", year=2024, published="2025-01-10",
                      cells=full_cells(1), region=WENSHANG, portal="jining")
    refresh(archive)
    (report,) = rows(archive, "SELECT * FROM annual_reports")
    assert report["canonical_document_id"] == passing
    assert (report["rules_failed"], report["disagreeing_copies"], report["documents"]) == (0, 0, 3)
    assert {few, failing} < {m["document_id"] for m in rows(archive, "SELECT * FROM annual_report_documents")}


def test_refresh_is_idempotent_and_follows_changes(archive: Archive) -> None:
    publish(archive, PAGE, agency="汶上县财政局", year=2024, published="2025-01-05", cells=full_cells(1),
            region=WENSHANG)
    refresh(archive)
    first = rows(archive, "SELECT annual_report_id, agency_id, cells_found FROM annual_reports")
    refresh(archive)
    assert rows(archive, "SELECT annual_report_id, agency_id, cells_found FROM annual_reports") == first
    # A new version of the same page now reads fewer cells: same annual report, new numbers.
    publish(archive, PAGE, agency="汶上县财政局", year=2024, published="2025-01-05", cells=full_cells(1, 50),
            region=WENSHANG, minutes=5)
    refresh(archive)
    (after,) = rows(archive, "SELECT annual_report_id, agency_id, cells_found FROM annual_reports")
    assert (after["annual_report_id"], after["agency_id"], after["cells_found"]) == (
        first[0]["annual_report_id"], first[0]["agency_id"], 50)


def test_cells_without_a_value_are_not_found_and_do_not_rank_a_copy(archive: Archive) -> None:
    # A cell the extractor names but could not read (value null, e.g. a zero marker its rules did not
    # confirm) is not a cell found: the refresh reads keys from the index and takes these away (migration 0008).
    unread = dict.fromkeys(list(full_cells())[:150], None)
    page = publish(archive, PAGE, agency="汶上县财政局", year=2024, published="2025-01-05",
                   cells={**full_cells(1), **unread}, region=WENSHANG)
    pdf = publish(archive, PDF, agency="汶上县财政局", year=2024, cells=full_cells(1, 120), region=WENSHANG,
                  parent_url=PAGE)
    refresh(archive)
    (report,) = rows(archive, "SELECT canonical_document_id, cells_found, disagreeing_copies FROM annual_reports")
    assert report == {"canonical_document_id": pdf, "cells_found": 120, "disagreeing_copies": 0}
    members = rows(archive, "SELECT document_id, cells_found FROM annual_report_documents ORDER BY document_id")
    assert members == [{"document_id": page, "cells_found": 50}, {"document_id": pdf, "cells_found": 120}]


def test_notices_about_reports_and_unnamed_pages_are_not_reports(archive: Archive) -> None:
    publish(archive, PAGE, agency="汶上县人民政府办公室", year=2024, region=WENSHANG,
            title="关于做好2024年政府信息公开工作年度报告编制发布工作的通知")
    publish(archive, CITY, agency=None, year=2024, region=WENSHANG, title="政府信息公开工作年度报告")
    publish(archive, REUPLOAD, agency="汶上县人民政府", year=2024, region=WENSHANG,
            title="汶上县2024年政府信息公开工作年度报告解读")
    assert refresh(archive).annual_reports == 0
    assert rows(archive, "SELECT count(*) AS n FROM annual_reports") == [{"n": 0}]


def test_aliases_resolve_to_one_agency_in_its_county(archive: Archive) -> None:
    for i, name in enumerate(("汶上街道办事处", "汶上县汶上街道办事处", "汶上街道")):
        publish(archive, f"{PAGE}?{i}", agency=name, year=2020 + i, published=f"{2021 + i}-01-10",
                region=WENSHANG)
    # The same name in another county is another agency; the portal's region stands in for the text's.
    publish(archive, "http://www.yanzhou.gov.cn/art/1.html", agency="汶上街道办事处", year=2022,
            published="2023-01-10", region={"province": "山东省", "city": "济宁市", "county": "兖州区"},
            portal="yanzhou")
    refresh(archive)
    agencies = rows(archive, "SELECT agency_id, agency, kind, region, aliases, reports, first_year, last_year "
                             "FROM agencies ORDER BY agency_id")
    assert [(a["agency"], a["kind"], a["region"], a["aliases"], a["reports"], a["first_year"], a["last_year"])
            for a in agencies] == [("汶上县汶上街道办事处", "street", "汶上县", 3, 3, 2020, 2022),
                                   ("汶上街道办事处", "street", "兖州区", 1, 1, 2022, 2022)]
    wenshang = agencies[0]["agency_id"]
    with archive.engine.connect() as conn:
        for name in ("汶上街道", "汶上街道办事处", "汶上县汶上街道办事处", "汶上县 汶上街道办事处"):
            assert find_agencies(conn, name, region="汶上县") == [wenshang], name
        assert len(find_agencies(conn, "汶上街道办事处")) == 2
        assert find_agencies(conn, "济宁市汶上县汶上街道办事处") == [wenshang]
    # Followed across years: one row per year under the one agency.
    assert [r["year"] for r in rows(archive, "SELECT year FROM annual_reports WHERE agency_id = :a ORDER BY year",
                                    a=wenshang)] == [2020, 2021, 2022]


def test_agency_kinds_and_regions_from_names() -> None:
    region = Region("山东省", "济宁市", "汶上县")
    assert identify("汶上县人民政府", region).kind == "government"
    assert identify("南旺镇人民政府", region).kind == "town"
    assert identify("中都街道办事处", region).kind == "street"
    assert identify("汶上县发展和改革局", region).kind == "department"
    city = identify("济宁市人民政府", region)
    assert (city.kind, city.region.key) == ("government", "济宁市")
    assert identify("济宁市发展和改革委员会", region).region.key == "济宁市"
    assert identify("济宁市兖州区人民政府", Region("山东省", "济宁市", "兖州区")).name_key == ""
    assert identify("市中区税郭镇人民政府", Region("山东省", "枣庄市", "市中区")).name_key == "税郭镇"


def test_the_portal_configuration_gives_the_region_the_text_does_not(archive: Archive) -> None:
    # Neither report names its region; the county portal's configuration does, the city portal's only the city.
    publish(archive, PAGE, agency="中都街道办事处", year=2024, published="2025-01-10", region={})
    publish(archive, CITY, agency="济宁市汶上县中都街道办事处", year=2024, published="2025-01-12", region={},
            portal="jining")
    publish(archive, "http://www.jining.gov.cn/art/9.html", agency="济宁市发展和改革委员会", year=2024,
            published="2025-01-12", region={}, portal="jining")
    refresh(archive)  # no configuration yet: the short name alone says no county
    assert rows(archive, "SELECT agency FROM annual_reports WHERE region = ''") == [{"agency": "中都街道办事处"}]

    summary = refresh(archive, [("wenshang", "山东省", "济宁市", "汶上县"), ("jining", "山东省", "济宁市", None),
                                ("unknown", "河南省", None, None)])
    reports = rows(archive, "SELECT region, agency, documents, province, city, county, agency_kind "
                            "FROM annual_reports ORDER BY region")
    assert summary.annual_reports == 2
    assert [tuple(r.values()) for r in reports] == [
        ("汶上县", "济宁市汶上县中都街道办事处", 2, "山东省", "济宁市", "汶上县", "street"),
        ("济宁市", "济宁市发展和改革委员会", 1, "山东省", "济宁市", None, "department"),
    ]
