"""Reports for 2008–2018, written before the national tables (2008 条例, article 31): archived with agency, year,
dates and sections, no template cells, no completeness, no failed template rule (report-format.md, issue #16).

The two reports below are SYNTHETIC: their wording and layout follow real county reports of 2013–2017 read in
public copies (overview 概述, 主动公开 / 依申请公开 / 收费及减免 / 复议诉讼 / 问题及改进 sections, and the
指标名称 | 单位 | 统计数 附表 many provinces attached in those years), but the names' numbers, dates and
phrases are invented. Their expected values were written before the extractor ran on them.
"""

from __future__ import annotations

import pytest

from nianbao.extractor import extract
from nianbao.extractor.bundle import Bundle
from nianbao.extractor.report import Report

# SYNTHETIC (see the module docstring): a county government's report for 2016 as plain text, with the
# 统计表 of those years as tab-separated rows.
COUNTY_2016 = """\
平阴县人民政府2016年政府信息公开工作年度报告
发布日期：2017-03-28
本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，由平阴县人民政府办公室编制。全文包括概述，主动公开政府信息情况，依申请公开政府信息情况，政府信息公开的收费及减免情况，因政府信息公开申请行政复议、提起行政诉讼的情况，存在的主要问题及改进措施，其他需要报告的事项，并附统计表。本报告中所列数据的统计期限自2016年1月1日起至2016年12月31日止。如对本报告有任何疑问，请与平阴县人民政府办公室联系（电话：0531-87881234）。
一、概述
2016年，我县认真贯彻落实《条例》，按照省、市政务公开工作要点的部署，健全工作机制，拓宽公开渠道，政府信息公开工作稳步推进。
二、主动公开政府信息情况
2016年，全县主动公开政府信息1256条，其中规范性文件32条。通过政府网站公开1180条，政务微博公开320条，政务微信公开210条。
三、依申请公开政府信息情况
2016年，全县共收到政府信息公开申请12件，其中当面申请3件，网络申请7件，信函申请2件。已全部按时答复。
四、政府信息公开的收费及减免情况
2016年，我县未收取政府信息公开相关费用。
五、因政府信息公开申请行政复议、提起行政诉讼的情况
2016年，全县发生因政府信息公开申请行政复议案件1件，经复议维持原行政行为；未发生行政诉讼案件。
六、存在的主要问题及改进措施
一是部分单位对政府信息公开工作重视不够；二是公开内容不够全面。2017年，我县将进一步加强培训，完善制度。
七、其他需要报告的事项
无。
附件：2016年度政府信息公开情况统计表
指标名称\t单位\t统计数
一、主动公开情况\t\t
（一）主动公开政府信息数\t条\t1256
其中：主动公开规范性文件数\t条\t32
制发规范性文件总数\t件\t35
二、依申请公开情况\t\t
（一）收到申请数\t件\t12
1．当面申请数\t件\t3
2．传真申请数\t件\t0
3．网络申请数\t件\t7
4．信函申请数\t件\t2
（二）申请办结数\t件\t12
1．按时办结数\t件\t12
2．延期办结数\t件\t0
（三）申请答复数\t件\t12
1．属于已主动公开范围数\t件\t4
2．同意公开答复数\t件\t5
3．同意部分公开答复数\t件\t1
4．不同意公开答复数\t件\t1
5．不属于本行政机关公开数\t件\t1
6．申请信息不存在数\t件\t0
三、行政复议数量\t件\t1
（一）维持具体行政行为数\t件\t1
（二）被依法纠错数\t件\t0
（三）其他情形数\t件\t0
四、行政诉讼数量\t件\t0
五、依申请公开信息收取的费用\t万元\t0
平阴县人民政府办公室
2017年3月25日
"""

# SYNTHETIC (see the module docstring): a county department's report for 2013 as a portal page, its 统计表 an
# HTML table.
DEPARTMENT_2013 = """\
<html><head><meta charset="utf-8"><title>莒县交通运输局2013年政府信息公开工作年度报告</title></head><body>
<div class="crumb">首页 &gt; 政府信息公开 &gt; 政府信息公开年报</div>
<h1>莒县交通运输局2013年政府信息公开工作年度报告</h1>
<p>发布时间：2014-03-20</p>
<p>根据《中华人民共和国政府信息公开条例》规定，特向社会公布莒县交通运输局2013年政府信息公开工作年度报告。本报告统计期限自2013年1月1日起至2013年12月31日止。</p>
<p>一、概述</p>
<p>2013年，我局把政府信息公开作为转变作风、服务群众的重要抓手，明确分管领导和专职人员，做好信息公开工作。</p>
<p>二、主动公开政府信息情况</p>
<p>全年共主动公开政府信息86条，主要包括机构职能、行政许可、交通建设项目等内容。</p>
<p>三、依申请公开政府信息情况</p>
<p>2013年，我局未收到政府信息公开申请。</p>
<p>四、政府信息公开的收费及减免情况</p>
<p>我局未收取任何费用。</p>
<p>五、因政府信息公开申请行政复议、提起行政诉讼的情况</p>
<p>2013年，我局未发生因政府信息公开申请行政复议或行政诉讼的情况。</p>
<p>六、存在的主要问题及改进措施</p>
<p>信息更新不够及时。下一步，我局将加强信息报送，提高公开时效。</p>
<table border="1">
<tr><td>指标名称</td><td>单位</td><td>统计数</td></tr>
<tr><td>一、主动公开政府信息数</td><td>条</td><td>86</td></tr>
<tr><td>二、收到申请数</td><td>件</td><td>0</td></tr>
<tr><td>三、行政复议数量</td><td>件</td><td>0</td></tr>
<tr><td>四、行政诉讼数量</td><td>件</td><td>0</td></tr>
<tr><td>五、依申请公开信息收取的费用</td><td>万元</td><td>0</td></tr>
</table>
<p>莒县交通运输局</p>
<p>2014年3月18日</p>
</body></html>
"""

SECTIONS_2016 = {"overview", "active_disclosure", "applications", "review_litigation", "problems", "other_matters"}
SECTIONS_2013 = {"overview", "active_disclosure", "applications", "review_litigation", "problems"}

CASES = {
    "county_2016_text": (
        Bundle(COUNTY_2016.encode("utf-8"), "text/plain; charset=utf-8", None),
        {"agency": "平阴县人民政府", "year": 2016, "published": "2017-03-28", "signed": "2017-03-25",
         "county": "平阴县", "sections": SECTIONS_2016},
    ),
    "department_2013_html": (
        Bundle(DEPARTMENT_2013.encode("utf-8"), "text/html; charset=utf-8", "http://www.juxian.gov.cn/x/2014/0320.html"),
        {"agency": "莒县交通运输局", "year": 2013, "published": "2014-03-20", "signed": "2014-03-18",
         "county": "莒县", "sections": SECTIONS_2013},
    ),
}  # fmt: skip


@pytest.fixture(scope="module", params=sorted(CASES))
def case(request: pytest.FixtureRequest) -> tuple[Report, dict[str, object]]:
    bundle, want = CASES[request.param]
    return extract(bundle), want


def test_agency_year_dates_and_sections_are_read(case: tuple[Report, dict[str, object]]) -> None:
    report, want = case
    assert report.agency == want["agency"]
    assert report.year == want["year"]
    assert report.published == want["published"]
    assert report.signed == want["signed"]
    assert report.county == want["county"]
    assert set(report.sections) >= want["sections"]  # type: ignore[operator]
    assert all(report.sections[key].strip() for key in want["sections"])  # type: ignore[union-attr]


def test_no_template_cells_completeness_or_failed_rules(case: tuple[Report, dict[str, object]]) -> None:
    report, _ = case
    assert report.template is None
    assert not [key for key in report.cells if key.startswith(("t2.", "t3.", "t4."))]
    assert report.completeness is None and report.to_json()["completeness"] is None
    assert not [check.rule for check in report.checks if check.status == "fail"]
    assert not [w for w in report.warnings if "cells read" in w or "not found" in w or "no tables found" in w]


def test_a_report_for_2018_on_the_2019_template_is_still_read_on_it() -> None:
    """The form decides, not the year alone: a report whose year reads as 2018 but that prints the national
    tables (a mistyped year, or a unit that used the new template early) keeps its template cells."""
    from nianbao.corpus.renderings import render
    from nianbao.corpus.truth import generate

    truth = generate(31, template="2019")
    bundle = render(truth, "text_tabs")
    text = bundle.body.decode("utf-8").replace(str(truth.year), "2018")
    report = extract(Bundle(text.encode("utf-8"), "text/plain; charset=utf-8", None))
    assert report.year == 2018
    assert report.template == "2019"
    assert sum(1 for key in report.cells if key.startswith("t3.")) > 100


def test_the_scorecard_expects_no_template_cells_and_a_31_march_deadline_before_2019() -> None:
    """The verdict's two inputs (archive.indicators): cells expected (0: tables_complete stays NULL, never
    'incomplete') and the deadline (31 March for every body under the 2008 条例)."""
    from datetime import date

    from nianbao.archive import indicators

    extracted = extract(CASES["department_2013_html"][0])
    assert indicators.expected_cells(extracted.template, 2013, extracted.cells) == frozenset()
    assert indicators.deadline("department", 2013) == date(2014, 3, 31)
    assert indicators.deadline("department", 2018) == date(2019, 3, 31)
    assert indicators.deadline("department", 2019) == date(2020, 1, 31)
    assert len(indicators.expected_cells(None, 2019, [])) > 100  # a report on a template still expects its cells
