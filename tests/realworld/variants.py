"""Hand-made variants of real report layouts that neither the corpus nor the stored excerpts cover.

Each variant is one real-world way of printing a table (seen on portals, in PDFs turned to HTML, in Word
pastes), filled with one set of numbers chosen so that a shifted row or column shows: no two neighbouring
cells are equal where it matters, and every consistency rule holds. `python -m tests.realworld.variants`
writes the fixtures to fixtures/variants/ (they are committed; the script documents how they were made).
"""

from __future__ import annotations

import re
from pathlib import Path

OUT = Path(__file__).parent / "fixtures" / "variants"

# table 3 of the variants: natural_person, commercial, research, social_welfare, legal_service, other_org, total
T3_VALUES: dict[str, list[int]] = {
    "new": [20, 3, 0, 1, 2, 0, 26],
    "carried_over": [2, 1, 0, 0, 0, 0, 3],
    "granted": [5, 1, 0, 0, 0, 0, 6],
    "partial": [3, 0, 0, 0, 1, 0, 4],
    "denied_state_secret": [0, 0, 0, 0, 0, 0, 0],
    "denied_law_prohibited": [1, 0, 0, 0, 0, 0, 1],
    "denied_security": [0, 0, 0, 0, 0, 0, 0],
    "denied_third_party": [2, 0, 0, 0, 0, 0, 2],
    "denied_internal": [0, 0, 0, 0, 0, 0, 0],
    "denied_process": [1, 0, 0, 0, 0, 0, 1],
    "denied_enforcement_file": [0, 0, 0, 0, 0, 0, 0],
    "denied_inquiry": [0, 0, 0, 0, 0, 0, 0],
    "unable_not_held": [4, 2, 0, 1, 0, 0, 7],
    "unable_needs_creation": [1, 0, 0, 0, 0, 0, 1],
    "unable_unclear": [0, 0, 0, 0, 0, 0, 0],
    "unprocessed_petition": [1, 0, 0, 0, 0, 0, 1],
    "unprocessed_duplicate": [1, 0, 0, 0, 0, 0, 1],
    "unprocessed_publication": [0, 0, 0, 0, 0, 0, 0],
    "unprocessed_excessive": [0, 0, 0, 0, 0, 0, 0],
    "unprocessed_confirmation": [0, 0, 0, 0, 0, 0, 0],
    "other_no_correction": [1, 0, 0, 0, 0, 0, 1],
    "other_fee_unpaid": [0, 0, 0, 0, 0, 0, 0],
    "other_other": [0, 1, 0, 0, 0, 0, 1],
    "handled_total": [20, 4, 0, 1, 1, 0, 26],
    "carried_forward": [2, 0, 0, 0, 1, 0, 3],
}
T4_VALUES = {
    "review": [1, 1, 0, 1, 3],
    "litigation_direct": [2, 0, 1, 0, 3],
    "litigation_after_review": [0, 1, 0, 2, 3],
}

# (key, group label or "", row label) in print order
T3_LABELS: list[tuple[str, str, str]] = [
    ("new", "", "一、本年新收政府信息公开申请数量"),
    ("carried_over", "", "二、上年结转政府信息公开申请数量"),
    ("granted", "", "（一）予以公开"),
    ("partial", "", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("denied_state_secret", "（三）不予公开", "1.属于国家秘密"),
    ("denied_law_prohibited", "（三）不予公开", "2.其他法律行政法规禁止公开"),
    ("denied_security", "（三）不予公开", "3.危及“三安全一稳定”"),
    ("denied_third_party", "（三）不予公开", "4.保护第三方合法权益"),
    ("denied_internal", "（三）不予公开", "5.属于三类内部事务信息"),
    ("denied_process", "（三）不予公开", "6.属于四类过程性信息"),
    ("denied_enforcement_file", "（三）不予公开", "7.属于行政执法案卷"),
    ("denied_inquiry", "（三）不予公开", "8.属于行政查询事项"),
    ("unable_not_held", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("unable_needs_creation", "（四）无法提供", "2.没有现成信息需要另行制作"),
    ("unable_unclear", "（四）无法提供", "3.补正后申请内容仍不明确"),
    ("unprocessed_petition", "（五）不予处理", "1.信访举报投诉类申请"),
    ("unprocessed_duplicate", "（五）不予处理", "2.重复申请"),
    ("unprocessed_publication", "（五）不予处理", "3.要求提供公开出版物"),
    ("unprocessed_excessive", "（五）不予处理", "4.无正当理由大量反复申请"),
    ("unprocessed_confirmation", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
    ("other_no_correction", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_fee_unpaid", "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_other", "（六）其他处理", "3.其他"),
    ("handled_total", "", "（七）总计"),
    ("carried_forward", "", "四、结转下年度继续办理"),
]

HEAD = """<html><head><meta charset="utf-8"><title>{title}</title></head><body><div id="zoom">
<p>{title}</p>
<p>本年度报告依据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）编制，所列数据统计期限自{year}年1月1日起至{year}年12月31日止。</p>
<p>一、总体情况</p>
<p>{year}年，本单位主动公开政府信息{active}条。</p>
"""
TAIL = """<p>五、存在的主要问题及改进情况</p><p>信息公开的深度有待加强。</p>
<p>六、其他需要报告的事项</p><p>本年度未收取信息处理费。</p>
</div></body></html>
"""

T2_2021 = """<p>二、主动公开政府信息情况</p>
<table border="1">
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>行政规范性文件</td><td>4</td><td>1</td><td>23</td></tr>
<tr><td colspan="4">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政许可</td><td colspan="3">152</td></tr>
<tr><td colspan="4">第二十条第（六）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政处罚</td><td colspan="3">37</td></tr>
<tr><td>行政强制</td><td colspan="3">5</td></tr>
<tr><td colspan="4">第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年收费金额（单位：万元）</td></tr>
<tr><td>行政事业性收费</td><td colspan="3">12.36</td></tr>
</table>
"""
T2_2021_CELLS = {
    "t2.regulations.made": 0, "t2.regulations.repealed": 0, "t2.regulations.in_force": 0,
    "t2.normative_documents.made": 4, "t2.normative_documents.repealed": 1, "t2.normative_documents.in_force": 23,
    "t2.licensing.decisions": 152, "t2.punishment.decisions": 37, "t2.enforcement.decisions": 5,
    "t2.fees.amount": 12.36,
}  # fmt: skip

T4_STANDARD = """<p>四、政府信息公开行政复议、行政诉讼情况</p>
<table border="1">
<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
<tr><td rowspan="2">结果维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td><td rowspan="2">尚未审结</td>
<td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>
<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
<tr>{cells}</tr>
</table>
"""


def t4_standard() -> str:
    numbers = [n for row in T4_VALUES.values() for n in row]
    return T4_STANDARD.format(cells="".join(f"<td>{n}</td>" for n in numbers))


def t4_three_rows() -> str:
    """Table 4 turned on its side: one row per case kind, five result columns."""
    rows = "".join(
        f"<tr><td>{label}</td>" + "".join(f"<td>{n}</td>" for n in T4_VALUES[key]) + "</tr>"
        for key, label in (
            ("review", "行政复议"),
            ("litigation_direct", "行政诉讼（未经复议直接起诉）"),
            ("litigation_after_review", "行政诉讼（复议后起诉）"),
        )
    )
    return (
        "<p>四、政府信息公开行政复议、行政诉讼情况</p><table border='1'>"
        "<tr><td>类别</td><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>"
        f"{rows}</table>"
    )


OTHER_SINGLE = [1, 1, 0, 0, 0, 0, 2]  # （六）其他处理 as one row: other_no_correction + other_other


def t3_labels(other_single: bool = False) -> list[tuple[str, str, str]]:
    if not other_single:
        return T3_LABELS
    out = [row for row in T3_LABELS if not row[0].startswith("other_")]
    at = next(i for i, row in enumerate(out) if row[0] == "handled_total")
    return [*out[:at], ("other_single", "", "（六）其他处理"), *out[at:]]


def _t3_body_rows(columns: list[str], values: dict[str, list[int]], cell_text=str, other_single: bool = False) -> str:
    """Body rows in the template's shape: 三、本年度办理结果 spans the result rows, groups span their items."""
    out = []
    first_result = True
    groups_done: set[str] = set()
    labels = t3_labels(other_single)
    if other_single:
        values = {**values, "other_single": OTHER_SINGLE}
    result_keys = {k for k, _, _ in labels[2:-1]}
    for key, group, label in labels:
        nums = "".join(f"<td>{cell_text(v)}</td>" for v in values[key])
        if key not in result_keys:
            out.append(f"<tr><td colspan='3'>{label}</td>{nums}</tr>")
            continue
        lead = ""
        if first_result:
            lead = f"<td rowspan='{len(result_keys)}'>三、本年度办理结果</td>"
            first_result = False
        if group:
            if group not in groups_done:
                span = sum(1 for _, g, _ in labels if g == group)
                lead += f"<td rowspan='{span}'>{group}</td>"
                groups_done.add(group)
            out.append(f"<tr>{lead}<td>{label}</td>{nums}</tr>")
        else:
            out.append(f"<tr>{lead}<td colspan='2'>{label}</td>{nums}</tr>")
    del columns
    return "\n".join(out)


def t3_standard(cell_text=str, other_single: bool = False) -> str:
    header = (
        "<tr><td colspan='3' rowspan='3'>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>"
        "<td colspan='7'>申请人情况</td></tr>"
        "<tr><td rowspan='2'>自然人</td><td colspan='5'>法人或其他组织</td><td rowspan='2'>总计</td></tr>"
        "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>"
    )
    return (
        "<p>三、收到和处理政府信息公开申请情况</p><table border='1'>"
        + header
        + _t3_body_rows([], T3_VALUES, cell_text, other_single)
        + "</table>"
    )


def t3_flat_header() -> str:
    """The three header rows flattened into one, the bands (申请人情况, 法人或其他组织) dropped."""
    header = (
        "<tr><td colspan='3'>项目</td><td>自然人</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td>"
        "<td>法律服务机构</td><td>其他</td><td>总计</td></tr>"
    )
    return (
        "<p>三、收到和处理政府信息公开申请情况</p><table border='1'>"
        + header
        + _t3_body_rows([], T3_VALUES)
        + "</table>"
    )


def _with_subtotal(values: list[int]) -> list[int]:
    return [*values[:6], sum(values[1:6]), values[6]]


def t3_subtotal() -> str:
    """Eight columns: a 小计 for 法人或其他组织 after its five columns."""
    header = (
        "<tr><td colspan='3' rowspan='3'>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>"
        "<td colspan='8'>申请人情况</td></tr>"
        "<tr><td rowspan='2'>自然人</td><td colspan='6'>法人或其他组织</td><td rowspan='2'>总计</td></tr>"
        "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td><td>小计</td></tr>"
    )
    values = {k: _with_subtotal(v) for k, v in T3_VALUES.items()}
    return (
        "<p>三、收到和处理政府信息公开申请情况</p><table border='1'>" + header + _t3_body_rows([], values) + "</table>"
    )


def t3_split_by_page_break() -> str:
    """A PDF-to-HTML conversion: the table cut at a page break, the second part without its header."""
    whole = t3_standard()
    rows = whole.split("\n")
    cut = next(i for i, r in enumerate(rows) if "1.本机关不掌握相关政府信息" in r)
    first = "\n".join(rows[:cut]) + "</table>"
    # the continuation repeats no header, and the spanning labels restart
    rest = []
    for key, group, label in T3_LABELS[12:]:
        nums = "".join(f"<td>{v}</td>" for v in T3_VALUES[key])
        lead = (
            f"<td colspan='3'>{label}</td>"
            if not group
            else f"<td>三、本年度办理结果</td><td>{group}</td><td>{label}</td>"
        )
        rest.append(f"<tr>{lead}{nums}</tr>")
    second = "<table border='1'>" + "".join(rest) + "</table>"
    return first + "<p style='page-break-after:always'>— 4 —</p>" + second


T2_2019 = """<p>二、主动公开政府信息情况</p>
<table border="1">
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年新制作数量</td><td>本年新公开数量</td><td>对外公开总数量</td></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>规范性文件</td><td>6</td><td>6</td><td>48</td></tr>
<tr><td colspan="4">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td>本年增/减</td><td>处理决定数量</td></tr>
<tr><td>行政许可</td><td>57</td><td>+4</td><td>1036</td></tr>
<tr><td>其他对外管理服务事项</td><td>12</td><td>-3</td><td>211</td></tr>
<tr><td colspan="4">第二十条第（六）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td>本年增/减</td><td>处理决定数量</td></tr>
<tr><td>行政处罚</td><td>301</td><td>0</td><td>88</td></tr>
<tr><td>行政强制</td><td>17</td><td>-2</td><td>9</td></tr>
<tr><td colspan="4">第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td colspan="2">本年增/减</td></tr>
<tr><td>行政事业性收费</td><td>3</td><td colspan="2">0</td></tr>
<tr><td colspan="4">第二十条第（九）项</td></tr>
<tr><td>信息内容</td><td>采购项目数量</td><td colspan="2">采购总金额</td></tr>
<tr><td>政府集中采购</td><td>14</td><td colspan="2">286.5</td></tr>
</table>
"""
T2_2019_CELLS = {
    "t2.regulations.made": 0, "t2.regulations.published": 0, "t2.regulations.in_force": 0,
    "t2.normative_documents.made": 6, "t2.normative_documents.published": 6, "t2.normative_documents.in_force": 48,
    "t2.licensing.prior_year_items": 57, "t2.licensing.change": 4, "t2.licensing.decisions": 1036,
    "t2.other_services.prior_year_items": 12, "t2.other_services.change": -3, "t2.other_services.decisions": 211,
    "t2.punishment.prior_year_items": 301, "t2.punishment.change": 0, "t2.punishment.decisions": 88,
    "t2.enforcement.prior_year_items": 17, "t2.enforcement.change": -2, "t2.enforcement.decisions": 9,
    "t2.fees.prior_year_items": 3, "t2.fees.change": 0,
    "t2.procurement.items": 14, "t2.procurement.amount": 286.5,
}  # fmt: skip

PROSE_ONLY = """东风乡人民政府2023年政府信息公开工作年度报告

一、总体情况
2023年，东风乡人民政府主动公开政府信息318条。全年新收政府信息公开申请12件，上年结转2件，办结13件，结转下年度继续办理1件。
二、主动公开政府信息情况
本年度制发、废止规章和行政规范性文件数均为0；作出行政许可决定86件，行政处罚决定9件，行政强制决定0件。行政事业性收费金额为0万元。
三、收到和处理政府信息公开申请情况
本年新收政府信息公开申请12件，其中予以公开8件，无法提供4件。
四、政府信息公开行政复议、行政诉讼情况
本年度因政府信息公开被申请行政复议1件，被提起行政诉讼2件。
五、存在的主要问题及改进情况
一是公开内容不够丰富。
六、其他需要报告的事项
本年度未收取信息处理费。办理人大代表建议3件、政协委员提案5件。
2024年1月15日
"""


T3_PIPE_HEADER = (
    "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | "
    "自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |"
)


def odd_headings() -> str:
    """Headings numbered 第X部分 / 1. / （三）, table captions as 表1…, tables as pipe rows."""
    t3_lines = "\n".join(
        f"{label} | " + " | ".join(str(v) for v in T3_VALUES[key]) + " |" for key, _, label in T3_LABELS
    )
    return f"""西岭镇人民政府2022年政府信息公开工作年度报告
第一部分 总体情况
2022年，西岭镇主动公开政府信息96条。
第二部分 主动公开政府信息情况
表1 主动公开政府信息情况统计表
信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
规章 | 0 | 0 | 0 |
行政规范性文件 | 2 | 0 | 5 |
信息内容 | 本年处理决定数量 |
行政许可 | 41件 |
行政处罚 | 3件 |
行政强制 | 0件 |
信息内容 | 本年收费金额(单位:万元) |
行政事业性收费 | 0.8万元 |
第三部分 收到和处理政府信息公开申请情况
表2 收到和处理政府信息公开申请情况统计表
{T3_PIPE_HEADER}
{t3_lines}
第四部分 政府信息公开行政复议、行政诉讼情况
行政复议 | 行政诉讼 |
结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |
{" | ".join(str(n) for row in T4_VALUES.values() for n in row)} |
第五部分 存在的主要问题及改进情况
宣传力度不够。
第六部分 其他需要报告的事项
无。
"""


def attachment_note() -> str:
    """Tables moved to an 附件 at the end, the body saying 详见附件."""
    return (
        HEAD.format(title="南湖区司法局2024年政府信息公开工作年度报告", year=2024, active=71)
        + "<p>二、主动公开政府信息情况</p><p>详见附件1。</p>"
        + "<p>三、收到和处理政府信息公开申请情况</p><p>详见附件2。</p>"
        + "<p>四、政府信息公开行政复议、行政诉讼情况</p><p>详见附件3。</p>"
        + TAIL.replace("</div></body></html>", "")
        + "<p>附件：1.主动公开政府信息情况统计表</p>"
        + T2_2021.replace("<p>二、主动公开政府信息情况</p>", "")
        + "<p>附件2：收到和处理政府信息公开申请情况统计表</p>"
        + t3_standard().replace("<p>三、收到和处理政府信息公开申请情况</p>", "")
        + "<p>附件3：政府信息公开行政复议、行政诉讼情况统计表</p>"
        + t4_standard().replace("<p>四、政府信息公开行政复议、行政诉讼情况</p>", "")
        + "</div></body></html>"
    )


def units_and_fullwidth() -> str:
    """Counts printed with units and in full-width digits, dashes for nothing."""
    return (
        HEAD.format(title="北塘街道办事处2024年政府信息公开工作年度报告", year=2024, active="２１５")
        + T2_2021.replace("<td>152</td>", "<td>152件</td>")
        .replace('<td colspan="3">152</td>', '<td colspan="3">１５２件</td>')
        .replace('<td colspan="3">12.36</td>', '<td colspan="3">12.36万元</td>')
        + t3_standard(cell_text=lambda v: f"{v}件" if v else "—")
        + t4_standard()
        + TAIL
    )


def cells_as_paragraphs(html: str) -> str:
    """A paste that kept the text but not the table: every cell its own paragraph, in reading order."""
    html = re.sub(r"</?(?:table|tr)[^>]*>", "", html)
    return re.sub(r"<td[^>]*>(.*?)</td>", r"<p>\1</p>", html)


_ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)
_CELL = re.compile(r"<td([^>]*)>(.*?)</td>", re.S)


def _span(attrs: str, name: str) -> int:
    match = re.search(name + r'="(\d+)"', attrs)
    return int(match.group(1)) if match else 1


def _tab_lines(table: str) -> list[str]:
    """A table as Word's text paste gives it: a row a line, cells between tabs, a merged cell's text once and
    empty cells for the places it covers (to its right and below)."""
    below: dict[int, int] = {}  # column -> rows a rowspan still covers
    lines = []
    for row in _ROW.findall(table):
        cells: list[str] = []
        for attrs, text in _CELL.findall(row):
            while below.get(len(cells), 0) > 0:
                below[len(cells)] -= 1
                cells.append("")
            colspan, rowspan = _span(attrs, "colspan"), _span(attrs, "rowspan")
            for offset in range(colspan):
                if rowspan > 1:
                    below[len(cells)] = rowspan - 1
                cells.append(text if offset == 0 else "")
        while below.get(len(cells), 0) > 0:
            below[len(cells)] -= 1
            cells.append("")
        lines.append("\t".join(cells).rstrip("\t"))
    return lines


def rows_as_lines(html: str, how: str) -> str:
    """A paste that kept each table row as a line of tab-separated cells: one `<p>` a row (a TRS page), or the
    rows as `<br>`-separated lines of one paragraph."""

    def lines(match: re.Match[str]) -> str:
        rows = _tab_lines(match.group(0))
        return "".join(f"<p>{row}</p>" for row in rows) if how == "p" else "<p>" + "<br>".join(rows) + "</p>"

    return re.sub(r"<table[^>]*>.*?</table>", lines, html, flags=re.S)


T2_2019_SHIFTED_SPANS = """<p>二、主动公开政府信息情况</p>
<table border="1">
<tr><td colspan="5">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年新制作数量</td><td colspan="2">本年新公开数量</td><td>对外公开总数量</td></tr>
<tr><td>规章</td><td>12</td><td colspan="2">12</td><td>287</td></tr>
<tr><td>规范性文件</td><td colspan="2">6</td><td>4</td><td>51</td></tr>
<tr><td colspan="5">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td colspan="2">本年增/减</td><td>处理决定数量</td></tr>
<tr><td>行政许可</td><td colspan="2">893</td><td>-183</td><td>12854581</td></tr>
<tr><td>其他对外管理服务事项</td><td>35</td><td colspan="2">+5174</td><td>6230</td></tr>
<tr><td colspan="5">第二十条第（六）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td colspan="2">本年增/减</td><td>处理决定数量</td></tr>
<tr><td>行政处罚</td><td colspan="2">41</td><td>-3</td><td>388</td></tr>
<tr><td>行政强制</td><td>7</td><td colspan="2">0</td><td>19</td></tr>
<tr><td colspan="5">第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td colspan="3">本年增/减</td></tr>
<tr><td>行政事业性收费</td><td colspan="2">3</td><td colspan="2">-1</td></tr>
<tr><td colspan="5">第二十条第（九）项</td></tr>
<tr><td>信息内容</td><td>采购项目数量</td><td colspan="3">采购总金额（元）</td></tr>
<tr><td>政府集中采购</td><td colspan="2">9</td><td colspan="2">1865300</td></tr>
</table>
"""
T2_2019_SHIFTED_CELLS = {
    "t2.regulations.made": 12, "t2.regulations.published": 12, "t2.regulations.in_force": 287,
    "t2.normative_documents.made": 6, "t2.normative_documents.published": 4, "t2.normative_documents.in_force": 51,
    "t2.licensing.prior_year_items": 893, "t2.licensing.change": -183, "t2.licensing.decisions": 12854581,
    "t2.other_services.prior_year_items": 35, "t2.other_services.change": 5174,
    "t2.other_services.decisions": 6230, "t2.punishment.prior_year_items": 41, "t2.punishment.change": -3,
    "t2.punishment.decisions": 388, "t2.enforcement.prior_year_items": 7, "t2.enforcement.change": 0,
    "t2.enforcement.decisions": 19, "t2.fees.prior_year_items": 3, "t2.fees.change": -1,
    "t2.procurement.items": 9, "t2.procurement.amount": 186.53,
}  # fmt: skip


def word_shifted_spans(html: str) -> str:
    """Word's HTML as met: a data row puts its colspan on another cell than the header above it (the natural
    person's number spans two columns where the header's 总计 does)."""
    html = html.replace("<td rowspan='2'>总计</td>", "<td rowspan='2' colspan='2'>总计</td>")
    return re.sub(r"(</td>)<td>(\d+)</td>(<td>\d+</td>){6}</tr>", _widen_first_number, html)


def _widen_first_number(match: re.Match[str]) -> str:
    return match.group(0).replace(f"<td>{match.group(2)}</td>", f"<td colspan='2'>{match.group(2)}</td>", 1)


def pdf_text_lines() -> str:
    """A PDF's text layer: a row a line, labels then numbers separated by spaces, long labels wrapped."""
    lines = []
    for key, group, label in T3_LABELS:
        numbers = " ".join(str(v) for v in T3_VALUES[key])
        if group and label.startswith("1."):
            lines.append(group)
        if key == "granted":
            lines.append("三、本年度办理结果")
        if len(label) > 20:  # the text layer wraps a long label before its numbers
            lines += [label[:20], f"{label[20:]} {numbers}"]
        else:
            lines.append(f"{label} {numbers}")
    t4 = " ".join(str(n) for row in T4_VALUES.values() for n in row)
    return f"""临河区应急管理局2023年政府信息公开工作年度报告
一、总体情况
2023年，本局主动公开政府信息64条。
二、主动公开政府信息情况
第二十条第（一）项
信息内容 本年制发件数 本年废止件数 现行有效件数
规章 0 0 0
行政规范性文件 4 1 23
第二十条第（五）项
信息内容 本年处理决定数量
行政许可 152
第二十条第（六）项
信息内容 本年处理决定数量
行政处罚 37
行政强制 5
第二十条第（八）项
信息内容 本年收费金额（单位：万元）
行政事业性收费 12.36
三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）
申请人情况
自然人 法人或其他组织 总计
商业企业 科研机构 社会公益组织 法律服务机构 其他
{chr(10).join(lines)}
四、政府信息公开行政复议、行政诉讼情况
行政复议 行政诉讼
结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉
{t4}
五、存在的主要问题及改进情况
公开质量有待提高。
"""


def build() -> dict[str, str]:
    std_head = HEAD.format(title="{t}", year="{y}", active="{a}")
    del std_head

    def page(title: str, year: int, active: int, *parts: str) -> str:
        return HEAD.format(title=title, year=year, active=active) + "".join(parts) + TAIL

    return {
        "v01_t3_flat_header.html": page("东城街道办事处2023年政府信息公开工作年度报告", 2023, 122, T2_2021,
                                        t3_flat_header(), t4_standard()),
        "v02_t3_subtotal.html": page("西城区教育局2022年政府信息公开工作年度报告", 2022, 640, T2_2021,
                                     t3_subtotal(), t4_standard()),
        "v03_t4_three_rows.html": page("河口镇人民政府2024年政府信息公开工作年度报告", 2024, 57, T2_2021,
                                       t3_standard(), t4_three_rows()),
        "v04_t2_2019.html": page("青山县卫生健康局2020年政府信息公开工作年度报告", 2020, 233,
                                 T2_2019, t3_standard(other_single=True), t4_standard())
        .replace("国办公开办函〔2021〕30号", "国办公开办函〔2019〕60号"),
        "v05_units_fullwidth.html": units_and_fullwidth(),
        "v06_page_break.html": page("白沙街道办事处2024年政府信息公开工作年度报告", 2024, 88, T2_2021,
                                    t3_split_by_page_break(), t4_standard()),
        "v07_odd_headings.txt": odd_headings(),
        "v08_prose_only.txt": PROSE_ONLY,
        "v09_attachment_tables.html": attachment_note(),
        "v10_cells_as_paragraphs.html": cells_as_paragraphs(
            page("红旗街道办事处2024年政府信息公开工作年度报告", 2024, 133, T2_2021, t3_standard(), t4_standard())
        ),
        "v11_pdf_text_lines.txt": pdf_text_lines(),
        "v12_rows_as_tab_paragraphs.html": rows_as_lines(
            page("城西街道办事处2024年政府信息公开工作年度报告", 2024, 412, T2_2021, t3_standard(), t4_standard()),
            "p",
        ).replace('<div id="zoom">', '<div class="TRS_Editor">'),
        "v14_word_shifted_spans.html": word_shifted_spans(
            page("黄石县交通运输局2020年政府信息公开工作年度报告", 2020, 58, T2_2019_SHIFTED_SPANS,
                 t3_standard(other_single=True), t4_standard())
        ).replace("国办公开办函〔2021〕30号", "国办公开办函〔2019〕60号"),
        "v13_rows_as_br_lines.html": rows_as_lines(
            page("沙河镇人民政府2023年政府信息公开工作年度报告", 2023, 77, T2_2021, t3_standard(), t4_standard()),
            "br",
        ),
    }  # fmt: skip


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in build().items():
        (OUT / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
