"""The scorecard's county rows for a region, computed for that region's counties alone, are the view's.

`archive.indicators` answers `--region` without grouping the whole archive (county_indicators cannot be
filtered before its GROUP BY); this holds the two equal for a county, a city and a province, with and
without a year, over counties of four cities (two of them with a 鼓楼区 each) with late, undated, failing, reused
and missing reports.
"""

from __future__ import annotations

import random

import pytest
import sqlalchemy as sa

from nianbao.archive import Archive
from nianbao.archive import indicators as indicators_module
from nianbao.archive.indicators import count, scorecard
from nianbao.archive.refresh import refresh
from tests.annual.helpers import full_cells, publish, sentences

PLACES = (
    {"province": "山东省", "city": "济宁市", "county": "汶上县"},
    {"province": "山东省", "city": "济宁市", "county": "梁山县"},
    {"province": "山东省", "city": "泰安市", "county": "东平县"},
    {"province": "河南省", "city": "洛阳市", "county": "嵩县"},
    # Same-named districts of two cities: two counties of their own (migration 0009).
    {"province": "江苏省", "city": "南京市", "county": "鼓楼区"},
    {"province": "福建省", "city": "福州市", "county": "鼓楼区"},
)
AGENCIES = ("人民政府", "财政局", "第一街道办事处")
YEARS = (2021, 2022, 2023, 2024)


@pytest.mark.slow  # ~40 reports through the API, a few seconds
def test_county_rows_of_a_region_equal_the_views(archive: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(7)
    shared = sentences("共用", 6)
    n = 0
    for place in PLACES:
        for agency in AGENCIES:
            for year in YEARS:
                if rng.random() < 0.25:
                    continue  # a missing report
                n += 1
                publish(
                    archive,
                    f"http://www.example.gov.cn/{n}.html",
                    agency=f"{place['county']}{agency}",
                    year=year,
                    published=rng.choice((None, f"{year + 1}-01-20", f"{year + 1}-04-02")),
                    cells=full_cells(rng.randint(1, 3), rng.choice((None, 40))),
                    failed=rng.choice((0, 0, 1)),
                    sections={"overview": "。".join([*rng.sample(shared, 4), f"独有{n}"]) + "。"},
                    region=place,
                    minutes=n,
                )
    refresh(archive)
    regions = ["汶上县", "东平县", "嵩县", "济宁市", "泰安市", "山东省", "河南省", "无此县"]
    regions += ["鼓楼区", "南京市", "福州市"]
    with archive.engine.connect() as conn:
        via_view = {}
        for region in regions:
            for year in (None, *YEARS):
                via_view[region, year] = (scorecard(conn, region, year).counties, count(conn, "counties", region, year))
                view_sql = "SELECT count(*) FROM county_indicators WHERE (region = :r OR city = :r OR province = :r)"
                assert (
                    via_view[region, year][1]
                    == conn.execute(
                        sa.text(view_sql + ("" if year is None else f" AND year = {year}")), {"r": region}
                    ).scalar_one()
                )
        assert any(rows for rows, _ in via_view.values()) and any(r["missing"] for r in via_view["山东省", None][0])
        assert {r["city"] for r in via_view["鼓楼区", None][0]} == {"南京市", "福州市"}
        monkeypatch.setattr(indicators_module, "FEW_COUNTIES", 1.0)  # every region the region's own way
        for (region, year), expected in via_view.items():
            assert (scorecard(conn, region, year).counties, count(conn, "counties", region, year)) == expected
