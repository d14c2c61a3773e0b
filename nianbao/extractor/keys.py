"""The canonical keys of report-format.md, as data: the single source of truth for cell keys and labels.

The extractor, the corpus, the database views and the tests all address a number as `TABLE.ROW.COLUMN`;
keeping the keys and their printed Chinese labels in one module means a renamed key is one edit, and the
corpus prints exactly the labels the extractor is taught to read.
"""

from __future__ import annotations

from dataclasses import dataclass

TEMPLATES = ("2021", "2019")

# Section key -> the heading's core wording (numbering and prefixes vary in print).
SECTIONS: dict[str, str] = {
    "overview": "总体情况",
    "active_disclosure": "主动公开政府信息情况",
    "applications": "收到和处理政府信息公开申请情况",
    "review_litigation": "政府信息公开行政复议、行政诉讼情况",
    "problems": "存在的主要问题及改进情况",
    "other_matters": "其他需要报告的事项",
}
SECTION_NUMERALS = ("一", "二", "三", "四", "五", "六")


@dataclass(frozen=True)
class RowSpec:
    """One printed row of a table: its key, its label, and (for table 3) the group label it sits under."""

    key: str
    label: str
    group: str = ""
    columns: tuple[str, ...] = ()


# ---- Table 2 -------------------------------------------------------------------------------------------

T2_COLUMN_LABELS: dict[str, str] = {
    "made": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
    "decisions": "本年处理决定数量",
    "amount": "本年收费金额（单位：万元）",
}
T2_ROWS_2021: tuple[RowSpec, ...] = (
    RowSpec("regulations", "规章", "第二十条第（一）项", ("made", "repealed", "in_force")),
    RowSpec("normative_documents", "行政规范性文件", "第二十条第（一）项", ("made", "repealed", "in_force")),
    RowSpec("licensing", "行政许可", "第二十条第（五）项", ("decisions",)),
    RowSpec("punishment", "行政处罚", "第二十条第（六）项", ("decisions",)),
    RowSpec("enforcement", "行政强制", "第二十条第（六）项", ("decisions",)),
    RowSpec("fees", "行政事业性收费", "第二十条第（八）项", ("amount",)),
)

T2_COLUMN_LABELS_2019: dict[str, str] = {
    "made": "本年新制作数量",
    "published": "本年新公开数量",
    "in_force": "对外公开总数量",
    "prior_year_items": "上一年项目数量",
    "change": "本年增/减",
    "decisions": "处理决定数量",
    "items": "采购项目数量",
    "amount": "采购总金额",
}
T2_ROWS_2019: tuple[RowSpec, ...] = (
    RowSpec("regulations", "规章", "第二十条第（一）项", ("made", "published", "in_force")),
    RowSpec("normative_documents", "规范性文件", "第二十条第（一）项", ("made", "published", "in_force")),
    RowSpec("licensing", "行政许可", "第二十条第（五）项", ("prior_year_items", "change", "decisions")),
    RowSpec(
        "other_services", "其他对外管理服务事项", "第二十条第（五）项", ("prior_year_items", "change", "decisions")
    ),
    RowSpec("punishment", "行政处罚", "第二十条第（六）项", ("prior_year_items", "change", "decisions")),
    RowSpec("enforcement", "行政强制", "第二十条第（六）项", ("prior_year_items", "change", "decisions")),
    RowSpec("fees", "行政事业性收费", "第二十条第（八）项", ("prior_year_items", "change")),
    RowSpec("procurement", "政府集中采购", "第二十条第（九）项", ("items", "amount")),
)

# Cells holding decimals (万元); every other cell is an integer count.
DECIMAL_CELLS = frozenset({"t2.fees.amount", "t2.procurement.amount"})
# Cells that may be negative by nature (the 2019 template's signed 本年增/减).
SIGNED_COLUMNS = frozenset({"change"})


def t2_rows(template: str) -> tuple[RowSpec, ...]:
    return T2_ROWS_2019 if template == "2019" else T2_ROWS_2021


def t2_column_labels(template: str) -> dict[str, str]:
    return T2_COLUMN_LABELS_2019 if template == "2019" else T2_COLUMN_LABELS


# ---- Table 3 -------------------------------------------------------------------------------------------

T3_COLUMN_LABELS: dict[str, str] = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "social_welfare": "社会公益组织",
    "legal_service": "法律服务机构",
    "other_org": "其他",
    "org_subtotal": "小计",
    "total": "总计",
}
T3_ORG_COLUMNS = ("commercial", "research", "social_welfare", "legal_service", "other_org")
T3_BASE_COLUMNS = ("natural_person", *T3_ORG_COLUMNS)  # the six columns `total` sums


def t3_columns(org_subtotal: bool = False) -> tuple[str, ...]:
    """Columns in print order; the 小计 column, where printed, follows the five organisation columns."""
    if org_subtotal:
        return (*T3_BASE_COLUMNS, "org_subtotal", "total")
    return (*T3_BASE_COLUMNS, "total")


_G3 = "三、本年度办理结果"
T3_ROWS: tuple[RowSpec, ...] = (
    RowSpec("new", "一、本年新收政府信息公开申请数量"),
    RowSpec("carried_over", "二、上年结转政府信息公开申请数量"),
    RowSpec("granted", "（一）予以公开", _G3),
    RowSpec("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", _G3),
    RowSpec("denied_state_secret", "1.属于国家秘密", "（三）不予公开"),
    RowSpec("denied_law_prohibited", "2.其他法律行政法规禁止公开", "（三）不予公开"),
    RowSpec("denied_security", "3.危及“三安全一稳定”", "（三）不予公开"),
    RowSpec("denied_third_party", "4.保护第三方合法权益", "（三）不予公开"),
    RowSpec("denied_internal", "5.属于三类内部事务信息", "（三）不予公开"),
    RowSpec("denied_process", "6.属于四类过程性信息", "（三）不予公开"),
    RowSpec("denied_enforcement_file", "7.属于行政执法案卷", "（三）不予公开"),
    RowSpec("denied_inquiry", "8.属于行政查询事项", "（三）不予公开"),
    RowSpec("unable_not_held", "1.本机关不掌握相关政府信息", "（四）无法提供"),
    RowSpec("unable_needs_creation", "2.没有现成信息需要另行制作", "（四）无法提供"),
    RowSpec("unable_unclear", "3.补正后申请内容仍不明确", "（四）无法提供"),
    RowSpec("unprocessed_petition", "1.信访举报投诉类申请", "（五）不予处理"),
    RowSpec("unprocessed_duplicate", "2.重复申请", "（五）不予处理"),
    RowSpec("unprocessed_publication", "3.要求提供公开出版物", "（五）不予处理"),
    RowSpec("unprocessed_excessive", "4.无正当理由大量反复申请", "（五）不予处理"),
    RowSpec("unprocessed_confirmation", "5.要求行政机关确认或重新出具已获取信息", "（五）不予处理"),
    RowSpec(
        "other_no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "（六）其他处理",
    ),
    RowSpec(
        "other_fee_unpaid",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "（六）其他处理",
    ),
    RowSpec("other_other", "3.其他", "（六）其他处理"),
    RowSpec("handled_total", "（七）总计", _G3),
    RowSpec("carried_forward", "四、结转下年度继续办理"),
)
T3_OTHER_SINGLE = RowSpec("other_single", "（六）其他处理", _G3)
T3_OTHER_SPLIT_KEYS = ("other_no_correction", "other_fee_unpaid", "other_other")


def t3_rows(other_single: bool = False) -> tuple[RowSpec, ...]:
    """Rows in print order: 25, or 23 with （六）其他处理 printed as one row."""
    if not other_single:
        return T3_ROWS
    out: list[RowSpec] = []
    for row in T3_ROWS:
        if row.key == "other_no_correction":
            out.append(T3_OTHER_SINGLE)
        elif row.key not in T3_OTHER_SPLIT_KEYS:
            out.append(row)
    return tuple(out)


def t3_result_rows(other_single: bool = False) -> tuple[str, ...]:
    """The rows `handled_total` sums (`granted` … `other_other`, or … `other_single`)."""
    keys = [r.key for r in t3_rows(other_single)]
    return tuple(keys[keys.index("granted") : keys.index("handled_total")])


# ---- Table 4 -------------------------------------------------------------------------------------------

T4_ROW_LABELS: dict[str, str] = {
    "review": "行政复议",
    "litigation_direct": "未经复议直接起诉",
    "litigation_after_review": "复议后起诉",
}
T4_COLUMN_LABELS: dict[str, str] = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}
T4_ROWS = tuple(T4_ROW_LABELS)
T4_COLUMNS = tuple(T4_COLUMN_LABELS)

# ---- Prose, fields, rules ------------------------------------------------------------------------------

PROSE_KEYS: dict[str, str] = {
    "prose.litigation_total": "行政诉讼 N 件（直接起诉与复议后起诉合计）",
    "prose.applications_handled": "答复/办结 N 件",
}

RULES: dict[str, str] = {
    "t3_balance": "new + carried_over = handled_total + carried_forward, every column",
    "t3_handled_sum": "handled_total = the sum of the result rows, every column",
    "t3_row_total": "total = the six applicant columns, every row",
    "t3_org_subtotal": "org_subtotal = the five organisation columns, every row",
    "t4_total": "total = upheld + corrected + other + pending, every row",
    "non_negative": "every count a non-negative integer, t2 amounts non-negative decimals",
    "prose_agrees": "numbers the prose states equal the table cells",
}
STATUSES = ("pass", "fail", "not_assessable", "not_applicable")


def cell_key(table: str, row: str, column: str) -> str:
    return f"{table}.{row}.{column}"


def split_key(key: str) -> tuple[str, str, str]:
    """`t3.new.total` -> ("t3", "new", "total"); prose keys -> ("prose", name, "")."""
    parts = key.split(".")
    if len(parts) == 2:
        return parts[0], parts[1], ""
    return parts[0], parts[1], parts[2]


def table_cell_keys(template: str = "2021", org_subtotal: bool = False, other_single: bool = False) -> list[str]:
    """Every table cell key a report of this shape prints, in print order."""
    keys = [cell_key("t2", r.key, c) for r in t2_rows(template) for c in r.columns]
    keys += [cell_key("t3", r.key, c) for r in t3_rows(other_single) for c in t3_columns(org_subtotal)]
    keys += [cell_key("t4", r, c) for r in T4_ROWS for c in T4_COLUMNS]
    return keys
