"""The interpreter on crafted variants of a real report (seed 002): what real reports do to the template."""

from __future__ import annotations

from pathlib import Path

from nianbao.extractor import extract
from nianbao.extractor.bundle import Bundle
from nianbao.extractor.report import Report

SEED_002 = next((Path(__file__).parent / "seeds").glob("002_*.txt")).read_text(encoding="utf-8")


def read(text: str) -> Report:
    return extract(Bundle(text.encode("utf-8"), "text/plain"))


def test_a_statistics_table_in_the_overview_does_not_shadow_table_2() -> None:
    text = SEED_002.replace("（一）主动公开\n", "（一）主动公开\n类别\t数量\n行政许可\t99\n行政处罚\t7\n", 1)
    report = read(text)
    assert report.cells["t2.licensing.decisions"].value == 0
    assert report.cells["t2.punishment.decisions"].value == 0


def test_a_broken_rule_is_flagged_with_its_cells() -> None:
    # table 4 printed with a total that is not the sum of its parts
    text = SEED_002.replace(
        "0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0", "1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0"
    )
    report = read(text)
    check = report.check("t4_total")
    assert check is not None and check.status == "fail"
    assert "t4.review.total" in check.cells and "t4.review.upheld" in check.cells
    assert report.check("t3_balance").status == "pass"  # type: ignore[union-attr]


def test_annotations_full_width_and_chinese_numerals_in_cells() -> None:
    text = SEED_002.replace("规章\t0\t0\t0", "规章\t22（其中修订16件）\t０\t十二")
    report = read(text)
    made = report.cells["t2.regulations.made"]
    assert (made.value, made.raw) == (22, "22（其中修订16件）")
    assert report.cells["t2.regulations.repealed"].value == 0
    assert report.cells["t2.regulations.in_force"].value == 12


def test_prose_that_disagrees_with_the_table_fails_prose_agrees() -> None:
    text = SEED_002.replace("2024年，冶源街道深入贯彻", "2024年，本年新收政府信息公开申请9件。冶源街道深入贯彻", 1)
    report = read(text)
    check = report.check("prose_agrees")
    assert check is not None and check.status == "fail" and "t3.new.total" in check.cells


def test_2019_template_table_2() -> None:
    table2 = (
        "二、主动公开政府信息情况\n第二十条第（一）项\t\t\t\n信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n"
        "规章\t1\t1\t12\n规范性文件\t5\t4\t60\n第二十条第（五）项\t\t\t\n信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n"
        "行政许可\t120\t+3\t1036\n其他对外管理服务事项\t8\t-1\t55\n第二十条第（九）项\t\t\t\n"
        "信息内容\t采购项目数量\t采购总金额\t\n政府集中采购\t6\t123.45\t\n"
    )
    start = SEED_002.index("二、行政机关主动公开政府信息情况")
    end = SEED_002.index("三、行政机关收到和处理政府信息公开申请情况")
    text = SEED_002[:start] + table2 + SEED_002[end:]
    report = read(text.replace("2024", "2020"))
    assert report.template == "2019"
    got = {k: c.value for k, c in report.cells.items() if k.startswith("t2.")}
    assert got == {
        "t2.regulations.made": 1, "t2.regulations.published": 1, "t2.regulations.in_force": 12,
        "t2.normative_documents.made": 5, "t2.normative_documents.published": 4,
        "t2.normative_documents.in_force": 60,
        "t2.licensing.prior_year_items": 120, "t2.licensing.change": 3, "t2.licensing.decisions": 1036,
        "t2.other_services.prior_year_items": 8, "t2.other_services.change": -1,
        "t2.other_services.decisions": 55,
        "t2.procurement.items": 6, "t2.procurement.amount": 123.45,
    }  # fmt: skip
    assert report.check("non_negative").status != "fail"  # type: ignore[union-attr]  # a signed change is not negative count


def test_table3_columns_in_another_order_are_read_by_their_headers() -> None:
    from nianbao.extractor.layout import Layout, Table
    from nianbao.extractor.tables import read_tables

    header = ["", "总计", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    rows = [
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", *["申请人情况"] * 7],
        header,
        ["一、本年新收政府信息公开申请数量", "21", "1", "2", "3", "4", "5", "6"],
        ["二、上年结转政府信息公开申请数量", "7", "2", "1", "1", "1", "1", "1"],
    ]
    reading = read_tables(Layout(format="html", blocks=[Table(rows)]))
    assert reading.cells["t3.new.total"].value == 21
    assert reading.cells["t3.new.natural_person"].value == 1
    assert reading.cells["t3.carried_over.other_org"].value == 1
    assert any("header" in w for w in reading.warnings)
    # the same rows as text: no trustworthy grid, so the template's order stands
    text_reading = read_tables(Layout(format="text", blocks=[Table(rows)]))
    assert text_reading.cells["t3.new.natural_person"].value == 21
