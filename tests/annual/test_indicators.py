"""Each indicator on hand-made cases: deadlines by kind, tables complete, rules failed, text reuse, missing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from nianbao.archive import Archive
from nianbao.archive.annual import refresh
from nianbao.archive.indicators import sentences, text_reuse
from tests.annual.helpers import WENSHANG, full_cells, publish, rows
from tests.annual.helpers import sentences as made_up
from tests.archive.helpers import nianbao

BASE = "http://www.wenshang.gov.cn/art/"


def indicator(archive: Archive, agency: str, year: int) -> dict[str, Any]:
    (row,) = rows(archive, "SELECT * FROM report_indicators WHERE agency = :a AND year = :y", a=agency, y=year)
    return row


def test_on_time_by_kind_of_agency(archive: Archive) -> None:
    cases = [  # agency, published, on time
        ("中都街道办事处", "2025-01-31", 1),      # the last day
        ("南旺镇人民政府", "2025-02-01", 0),      # one day late
        ("汶上县教育和体育局", "2025-03-20", 0),  # a department in March: late
        ("汶上县人民政府", "2025-03-20", 1),      # the county government's own report: due 31 March
        ("汶上县卫生健康局", None, None),         # no date found: unknown, not on time
    ]
    for i, (agency, published, _) in enumerate(cases):
        publish(archive, f"{BASE}{i}.html", agency=agency, year=2024, published=published, region=WENSHANG)
    refresh(archive)
    for agency, published, on_time in cases:
        row = indicator(archive, agency, 2024)
        assert (row["on_time"], str(row["published"])[:10] if published else None) == (on_time, published), agency
    assert str(indicator(archive, "汶上县人民政府", 2024)["deadline"])[:10] == "2025-03-31"
    assert str(indicator(archive, "南旺镇人民政府", 2024)["deadline"])[:10] == "2025-01-31"
    (county,) = rows(archive, "SELECT * FROM county_indicators")
    assert (county["region"], county["year"], county["reports"], county["on_time"], county["late"],
            county["published_unknown"]) == ("汶上县", 2024, 5, 2, 2, 1)


def test_tables_complete_and_rules_failed(archive: Archive) -> None:
    publish(archive, f"{BASE}1.html", agency="汶上县财政局", year=2024, published="2025-01-10",
            cells=full_cells(1, 100) | {"prose.litigation_total": 2}, failed=2, region=WENSHANG)
    publish(archive, f"{BASE}2.html", agency="汶上县民政局", year=2024, published="2025-01-10",
            cells=full_cells(1), region=WENSHANG)
    refresh(archive)
    half = indicator(archive, "汶上县财政局", 2024)
    assert (half["cells_found"], half["cells_expected"], float(half["tables_complete"]), half["rules_failed"]) == (
        100, 200, 0.5, 2)
    full = indicator(archive, "汶上县民政局", 2024)
    assert (float(full["tables_complete"]), full["rules_failed"]) == (1.0, 0)
    (county,) = rows(archive, "SELECT * FROM county_indicators")
    assert (float(county["tables_complete"]), county["reports_failing_rules"], county["rules_failed"]) == (0.75, 1, 2)


@pytest.mark.parametrize(("repeated", "reused"), [(49, 0), (51, 1)])
def test_text_reuse_against_the_previous_report(archive: Archive, repeated: int, reused: int) -> None:
    old = made_up("去年", 100)
    new = old[:repeated] + made_up("今年", 100 - repeated)
    publish(archive, f"{BASE}2023.html", agency="汶上县公安局", year=2023, published="2024-01-10",
            sections={"overview": "。".join(old[:50]) + "。", "problems": "。\n".join(old[50:])}, region=WENSHANG)
    # Short pieces ("无。", headings) are not sentences: they would make every report look reused.
    publish(archive, f"{BASE}2024.html", agency="汶上县公安局", year=2024, published="2025-01-10",
            sections={"overview": "（一）概述。" + "。".join(new) + "。无。"}, region=WENSHANG)
    refresh(archive)
    row = indicator(archive, "汶上县公安局", 2024)
    assert (row["text_reuse"], row["sentences"]) == (repeated / 100, 100)
    assert row["previous_report_id"] == indicator(archive, "汶上县公安局", 2023)["annual_report_id"]
    assert indicator(archive, "汶上县公安局", 2023)["text_reuse"] is None  # nothing earlier to compare with
    county = rows(archive, "SELECT reports_reused FROM county_indicators WHERE year = 2024")
    assert county == [{"reports_reused": reused}]


def test_reuse_compares_word_for_word() -> None:
    previous = sentences({"overview": "本机关认真贯彻落实条例规定。全年主动公开信息一千条。"})
    assert previous == ["本机关认真贯彻落实条例规定", "全年主动公开信息一千条"]
    assert text_reuse(sentences({"x": "本机关认真贯彻落实条例规定。全年主动公开信息两千条。"}), previous) == 0.5
    assert text_reuse(sentences({"x": "本机关 认真贯彻落实条例规定！"}), previous) == 1.0  # white space aside
    assert text_reuse([], previous) is None
    assert text_reuse(["本机关认真贯彻落实条例规定"], []) is None


def test_missing_reports(archive: Archive) -> None:
    for agency, years in (("汶上县财政局", (2022, 2023, 2024)), ("汶上县民政局", (2022, 2024)),
                          ("康驿镇人民政府", (2023,)), ("次丘镇人民政府", (2024,))):
        for year in years:
            publish(archive, f"{BASE}{agency}{year}.html", agency=agency, year=year,
                    published=f"{year + 1}-01-20", region=WENSHANG)
    refresh(archive)
    missing = rows(archive, "SELECT agency, year, last_report_id FROM missing_reports ORDER BY year, agency")
    # 民政局 skipped 2023; 康驿镇 reported 2023, not 2024; nobody is missing 2025 (no 2025 report yet).
    assert [(m["agency"], m["year"]) for m in missing] == [("汶上县民政局", 2023), ("康驿镇人民政府", 2024)]
    assert all(m["last_report_id"] is not None for m in missing)
    counties = {r["year"]: (r["reports"], r["missing"]) for r in rows(archive, "SELECT * FROM county_indicators")}
    assert counties == {2022: (2, 0), 2023: (2, 1), 2024: (3, 1)}


def test_scorecard_command(archive: Archive, capsysbinary: Any) -> None:
    publish(archive, f"{BASE}a.html", agency="中都街道办事处", year=2024, published="2025-02-01",
            cells=full_cells(1, 150), region=WENSHANG)
    publish(archive, f"{BASE}b.html", agency="中都街道办事处", year=2023, published="2024-01-05",
            cells=full_cells(1), region=WENSHANG)
    publish(archive, f"{BASE}c.html", agency="南旺镇人民政府", year=2023, published="2024-01-05",
            region=WENSHANG)
    code, out, err = nianbao(capsysbinary, "scorecard", "--region", "汶上县")
    assert code == 0 and "(0 annual reports, 0 missing)" in out.decode()  # a reader never regroups
    refresh(archive)  # what every writing command does before it ends
    code, out, err = nianbao(capsysbinary, "scorecard", "--region", "汶上县")
    text = out.decode()
    assert code == 0, err
    assert "中都街道办事处" in text and "LATE" in text and "150/200" in text and "南旺镇人民政府" in text
    assert "Missing reports" in text and "(3 annual reports, 1 missing)" in text

    code, out, _ = nianbao(capsysbinary, "scorecard", "--year", "2024", "--format", "json")
    card = json.loads(out)
    assert code == 0 and [(r["agency"], r["on_time"], r["cells_found"]) for r in card["reports"]] == [
        ("中都街道办事处", False, 150)]
    assert [(c["region"], c["reports"], c["late"], c["missing"]) for c in card["counties"]] == [("汶上县", 1, 1, 1)]
    assert [m["agency"] for m in card["missing"]] == ["南旺镇人民政府"]

    code, out, _ = nianbao(capsysbinary, "scorecard", "--format", "csv", "--by", "county")
    lines = out.decode().splitlines()
    assert code == 0 and lines[0].startswith("province,city,region,year,reports,on_time") and len(lines) == 3

    code, out, _ = nianbao(capsysbinary, "scorecard", "--region", "兖州区")
    assert code == 0 and "(0 annual reports, 0 missing)" in out.decode()

    # A table shows --limit rows per part and says how many it left out; csv and json every row.
    code, out, _ = nianbao(capsysbinary, "scorecard", "--by", "report", "--limit", "2")
    text = out.decode()
    assert code == 0 and text.count("汶上县") == 2 and "… and 1 more rows" in text, text
    assert "(3 annual reports, 1 missing)" in text
    code, out, _ = nianbao(capsysbinary, "scorecard", "--format", "csv", "--limit", "1")
    assert code == 0 and len(out.decode().splitlines()) == 4
    assert nianbao(capsysbinary, "scorecard", "--limit", "-1")[0] == 2


def test_scorecard_follows_one_agency_across_years(archive: Archive, capsysbinary: Any) -> None:
    for year, name in ((2022, "汶上街道办事处"), (2023, "汶上县汶上街道办事处"), (2024, "汶上街道")):
        publish(archive, f"{BASE}{year}.html", agency=name, year=year, published=f"{year + 1}-01-10",
                region=WENSHANG)
    publish(archive, f"{BASE}other.html", agency="中都街道办事处", year=2024, published="2025-01-10",
            region=WENSHANG)
    refresh(archive)
    code, out, err = nianbao(capsysbinary, "scorecard", "--agency", "汶上街道", "--format", "json")
    card = json.loads(out)
    assert code == 0, err
    followed = [(r["agency"], r["year"]) for r in card["reports"]]
    assert followed == [("汶上县汶上街道办事处", year) for year in (2022, 2023, 2024)]
    assert card["counties"] == [] and card["missing"] == []
    code, _, err = nianbao(capsysbinary, "scorecard", "--agency", "汶上街道", "--region", "兖州区")
    assert code == 1 and "no agency called '汶上街道' in 兖州区" in err
