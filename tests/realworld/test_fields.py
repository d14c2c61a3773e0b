"""Titles and opening sentences as real report pages print them, and the unit and year a reader takes from them."""

from __future__ import annotations

import pytest

from nianbao.extractor import fields
from nianbao.extractor.dates import PUBDATE_STAMP, PUBDATE_TEXT, parse_date
from nianbao.extractor.regions import find_region


@pytest.mark.parametrize(
    ("title", "agency", "year"),
    [
        ("2021年迎宾路街道政府信息公开工作年度报告", "迎宾路街道", 2021),  # year first
        ("2024年度双溪乡政府信息公开年度报告", "双溪乡", 2024),
        ("石门镇二〇二三年政府信息公开工作年度报告", "石门镇", 2023),
        ("石门镇二○二三年政府信息公开工作年度报告", "石门镇", 2023),  # a circle typed for the zero
        ("关于印发石门镇2022年度政府信息公开工作年度报告的通知", "石门镇", 2022),
        ("石门镇政府信息公开工作年度报告（2023年度）", "石门镇", 2023),
        ("西藏自治区审计厅2025年政务信息公开工作开展年度报告", "西藏自治区审计厅", 2025),  # 政务, 工作开展
    ],
)
def test_agency_and_year_of_a_title(title: str, agency: str, year: int) -> None:
    assert fields.agency_of(title) == agency
    assert fields.year_of(title, "") == year


@pytest.mark.parametrize(
    ("title", "agency"),
    [
        ("西藏自治区政府国资委2020政府信息公开工作年度报告", "西藏自治区政府国资委"),  # the year without 年
        ("会同县林业局信息公开工作年度报告", "会同县林业局"),  # neither year nor 政府
        ("下湿壕镇政府2022年信息公开工作年度报告", "下湿壕镇政府"),  # 政府 dropped after a unit ending in it
        ("城关镇政务信息公开工作年度报告", "城关镇"),
        ("政府信息公开工作年度报告", None),
        ("2020年信息公开年报", None),
    ],
)
def test_agency_of_titles_without_the_usual_year(title: str, agency: str | None) -> None:
    assert fields.agency_of(title) == agency


def test_metadata_labels_and_page_furniture_around_the_title() -> None:
    # a metadata table flattened to text: the label runs into the title
    assert fields.title_lines(["标题西藏自治区审计厅2025年政务信息公开工作开展年度报告"])[0] == (
        "西藏自治区审计厅2025年政务信息公开工作开展年度报告"
    )
    # the line before a title that begins with its year is joined only when it is a name
    title = "2022年度螅镇政府信息公开工作年度报告"
    assert fields.title_lines(["【字体:      】  打印", title])[0] == title
    assert fields.title_lines(["2024年南关区永吉街道办事处", "政府信息公开工作年度报告"])[0] == (
        "2024年南关区永吉街道办事处政府信息公开工作年度报告"
    )
    # or the unit's name stands on the line after a title that begins with its year
    assert fields.title_lines(["2025年政府信息公开工作年度报告", "区数据局", "2025 年,本单位…"])[0] == (
        "区数据局2025年政府信息公开工作年度报告"
    )
    assert fields.title_lines(["2025年政府信息公开工作年度报告", "发布时间:2026-01-05"])[0] == (
        "2025年政府信息公开工作年度报告"
    )


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("发布机构 发布日期 2026-01-16 18:22:45", "2026-01-16 18:22:45"),
        ("发布机构 | 自治区政府办公厅 | 发布日期 | 2021-04-09 17:05:00 |", "2021-04-09 17:05:00"),
        ("来源: 周口日报 时间: 2021-03-09 14:57:04 访问量:0", "2021-03-09 14:57:04"),
        ("报告中所列数据的统计时间:2020年1月1日至2020年12月31日", None),  # the period, not the page's date
    ],
)
def test_publication_date_lines(line: str, date: str | None) -> None:
    match = PUBDATE_TEXT.search(line)
    assert (match.group(1) if match else None) == date


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("2022-01-29 10:27:52陆丰市人民政府办公室字体:", "2022-01-29"),  # batch 9's h103: a stamp, no label
        ("2024-01-05 09:30 来源：本站", "2024-01-05"),
        ("2024-01-01至2024-12-31", None),  # a period has no clock time
        ("本报告统计期限为2023年1月1日至12月31日", None),
    ],
)
def test_a_stamp_under_the_title_is_the_publication_date(line: str, date: str | None) -> None:
    match = PUBDATE_STAMP.match(line)
    assert (parse_date(match.group(1)) if match else None) == date


def test_the_division_tables_county_groups_are_no_city() -> None:
    """The division table's "县" heads 重庆市's counties; a 县 in running text names no city."""
    region = find_region(None, "2022年以来,螅镇政府信息公开工作在县政府办的精心指导下")
    assert (region.province, region.city) == (None, None)
    assert find_region("青川县乡村振兴局", "").city == "广元市"


def test_a_county_made_a_city_after_the_division_table_is_found_under_its_new_name() -> None:
    # batch 8's h99 and batch 4's h56: 广德县 became 广德市 in 2019, 兴仁县 兴仁市 in 2018; the table knows the 县
    region = find_region(None, "2022年,广德市农业农村局在市政府信息公开网上主动公开信息513条")
    assert (region.province, region.city, region.county) == ("安徽省", "宣城市", "广德市")
    assert find_region(None, "兴仁市人民政府办公室").county == "兴仁市"
    assert find_region(None, "长沙市人民政府").county is None  # 长沙县's stem names a city, not a renamed county


def test_a_two_character_county_made_of_running_words_gives_way_to_a_named_county() -> None:
    # batch 9's h100: "相关规定和县政府《通知》" is "the rules and the county government's notice", not 和县
    text = "按照条例相关规定和县政府《关于做好年度报告编制公布工作的通知》要求…我局通过“略阳县人民政府网站”公开政务信息"
    assert find_region(None, text).county == "略阳县"
    assert find_region(None, "2022年,沛县审计局认真贯彻…").county == "沛县"  # alone, a two-character county stands
    assert find_region("和县教育局", "按照略阳县的做法").county == "和县"  # the agency's own name comes first


def test_breadcrumbs_and_column_names_are_not_the_title() -> None:
    lines = [
        "您当前所在位置: 首页 > 部门公开信息 > 县卫健委 > 信息公开年度报告",
        "2020年信息公开年报",
        "蒲纺工业园区2020年政府信息公开工作年度报告",
    ]
    title, _ = fields.title_lines(lines)
    assert title == "蒲纺工业园区2020年政府信息公开工作年度报告"
    assert fields.title_lines(["Page 8 - 威海市文登区信访局2022年政府信息公开工作年度报告"])[0] == (
        "威海市文登区信访局2022年政府信息公开工作年度报告"
    )
    # a title without 年度: "…政府信息公开工作报告"
    title = "大川镇2023年度政府信息公开工作报告"
    assert fields.title_lines([title, "撰写时间"])[0] == title


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("根据《条例》的有关规定,现向社会公布2021年石家庄市教育局政府信息公开工作年度报告。", "石家庄市教育局"),
        ("编制《西咸新区底张街道办事处2023年度政府信息公开工作年度报告》。", "西咸新区底张街道办事处"),
        ("现特向社会公布2024年度如皋市市场监督管理局信息公开工作年度报告。", "如皋市市场监督管理局"),
        ("本报告依据《条例》,由上饶市教育局结合有关统计数据编制。", "上饶市教育局"),
        ("本报告根据《中华人民共和国政府信息公开条例》要求编制。", None),  # names no unit
        ("根据《条例》要求,特向社会公布2023年政府信息公开工作年度报告。", None),  # 政府 alone names no unit
        ("根據《條例》規定,现将北坡镇2022年政府信息公开工作年度报告进行公开。", "北坡镇"),
        # half-width commas (stored copies of pages) end a name as full-width ones do
        (
            "根据《条例》和清远市政府信息公开的有关规定,现公布清远市教育局2024年度政府信息公开年度报告。",
            "清远市教育局",
        ),
        ("本年报是根据武进区政府信息公开工作规定有关要求,由武进区卫生健康局编制的2024年度报告。", "武进区卫生健康局"),
    ],
)
def test_agency_named_by_the_opening_sentence(text: str, agency: str | None) -> None:
    assert fields.agency_named(text) == agency


def test_year_from_the_opening_text_when_no_title_or_period_says_it() -> None:
    text = (
        "一、总体情况\n2023年,在区委、区政府的坚强领导下……2023年,通过政府门户网站主动公开政府信息63条。2024年将继续……"
    )
    assert fields.year_of(None, text) == 2023
    assert fields.year_of(None, "本报告统计期限为20231月1日至12月31日。") == 2023  # the typo real pages carry
