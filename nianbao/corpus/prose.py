"""The words of a synthetic report: title block, the six sections' paragraphs, the signature.

Phrasings vary the way real reports do (several wordings per statement, chosen by the truth's seed), and every
number the text states comes from `truth.prose` or the report-level fields, so the extractor's prose reading
is tested against known answers.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import cn2an

from nianbao.corpus.truth import SYNTHETIC_NOTICE, ReportTruth

_NUMERAL_DIGITS = dict(zip("0123456789", "〇一二三四五六七八九", strict=True))


@dataclass
class Section:
    key: str
    heading: str
    paragraphs: list[str]


def chinese_date(d) -> str:
    """二〇二五年一月十八日, as signatures are often printed."""
    year = "".join(_NUMERAL_DIGITS[ch] for ch in str(d.year))
    return f"{year}年{cn2an.an2cn(d.month)}月{cn2an.an2cn(d.day)}日"


def _fmt(value: int | float) -> str:
    if isinstance(value, float):
        return f"{value:g}" if value else "0"
    return str(value)


def title_lines(truth: ReportTruth) -> list[str]:
    """The title as printed: one line, or broken after the unit's name (quirk "title_break")."""
    if "title_break" in truth.quirks:
        return [truth.agency.name, f"{truth.year}年政府信息公开工作年度报告"]
    return [truth.title]


_HEADING_VARIANTS = {
    "active_disclosure": "二、行政机关主动公开政府信息情况",
    "applications": "3、收到和处理政府信息公开申请情况",
    "review_litigation": "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
    "problems": "五、政府信息公开工作存在的主要问题及改进情况",
}


def intro(truth: ReportTruth) -> list[str]:
    a = truth.agency
    c = truth.contact
    return [
        SYNTHETIC_NOTICE,
        f"本报告由{a.name}按照《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开"
        f"工作年度报告格式》（国办公开办函〔{'2021〕30' if truth.template == '2021' else '2019〕60'}号）要求编制。",
        f"本报告所列数据的统计期限自{truth.year}年1月1日起至{truth.year}年12月31日止。本报告电子版可在"
        f"{a.county}人民政府门户网站（{c['website']}）查阅或下载。如对本报告有疑问，请与{a.name}联系（地址："
        f"{c['address']}，联系电话：{c['phone']}，电子邮箱：{c['email']}）。",
    ]


def sections(truth: ReportTruth) -> list[Section]:
    """The six sections; the tables of sections 2–4 are rendered after their heading by the renderer."""
    rng = random.Random(truth.seed * 31 + 7)
    p = truth.prose
    a = truth.agency
    y = truth.year
    new = _fmt(p["t3.new.total"])
    overview = [
        f"{y}年，{a.short}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，"
        "不断拓宽公开渠道、充实公开内容。",
        "（一）主动公开",
        rng.choice(
            [
                f"{y}年，{a.short}主动公开政府信息{truth.active_disclosures}条，其中通过门户网站公开"
                f"{truth.active_disclosures // 2}条。",
                f"全年共主动公开信息{truth.active_disclosures}条，内容涵盖政策文件、工作动态、公告公示等。",
            ]
        ),
        "（二）依申请公开",
        rng.choice(
            [
                f"{y}年，{a.short}新收政府信息公开申请{new}件，上年结转{_fmt(p['t3.carried_over.total'])}件，"
                f"已全部依法答复{_fmt(p['prose.applications_handled'])}件。",
                f"本年度共收到政府信息公开申请{new}件，上年结转{_fmt(p['t3.carried_over.total'])}件，"
                f"办结{_fmt(p['prose.applications_handled'])}件。",
            ]
        ),
        "（三）政府信息管理",
        "严格落实信息发布审核制度，坚持先审后发，确保公开信息准确、规范。",
        "（四）政府信息公开平台建设",
        "持续优化政府网站信息公开专栏，加强政务新媒体管理。",
        "（五）监督保障",
        "成立政务公开工作领导小组，明确专人负责，定期开展业务培训。",
    ]
    t2_words: list[str] = [f"{y}年，{a.short}作出行政许可决定{_fmt(p['t2.licensing.decisions'])}件"]
    if "t2.punishment.decisions" in p:
        t2_words.append(f"行政处罚决定{_fmt(p['t2.punishment.decisions'])}件")
    if "t2.fees.amount" in p:
        t2_words.append(f"行政事业性收费金额{_fmt(p['t2.fees.amount'])}万元")
    active = ["，".join(t2_words) + "。具体情况如下表："]
    applications = [f"本年度新收政府信息公开申请{new}件，具体办理情况如下表："]
    review = [
        f"本年度因政府信息公开工作被申请行政复议{_fmt(p['t4.review.total'])}件，"
        f"被提起行政诉讼{_fmt(p['prose.litigation_total'])}件。具体情况如下表："
    ]
    problems = [
        "一是公开内容的深度和广度有待拓展；二是政策解读形式较为单一。",
        "下一步，将进一步规范公开流程，丰富解读形式，提升公开质量。",
    ]
    if truth.processing_fees:
        fee_line = f"（一）本年度依申请公开政府信息收取信息处理费{_fmt(truth.processing_fees)}元。"
    else:
        fee_line = rng.choice(
            ["（一）本年度未收取信息处理费。", "（一）收取信息处理费的情况：无。", "（一）本年度无收取信息处理费情况。"]
        )
    if truth.npc_suggestions or truth.cppcc_proposals:
        npc_line = (
            f"（二）本年度共承办人大代表建议{truth.npc_suggestions}件、政协委员提案{truth.cppcc_proposals}件，"
            "已全部按期办结。"
        )
    else:
        npc_line = "（二）本年度未承办人大代表建议和政协委员提案。"
    other = [fee_line, npc_line, "（三）本行政机关认为需要报告的其他事项：无。"]
    out = [
        Section("overview", "一、总体情况", overview),
        Section("active_disclosure", "二、主动公开政府信息情况", active),
        Section("applications", "三、收到和处理政府信息公开申请情况", applications),
        Section("review_litigation", "四、政府信息公开行政复议、行政诉讼情况", review),
        Section("problems", "五、存在的主要问题及改进情况", problems),
        Section("other_matters", "六、其他需要报告的事项", other),
    ]
    if "heading_variants" in truth.quirks:
        for section in out:
            section.heading = _HEADING_VARIANTS.get(section.key, section.heading)
    return out


def signature(truth: ReportTruth) -> list[str]:
    when = (
        chinese_date(truth.signed)
        if truth.signed_in_numerals
        else f"{truth.signed.year}年{truth.signed.month}月{truth.signed.day}日"
    )
    return [truth.agency.name, when]
