"""Numbers the report's sentences state, under the cell keys, prose keys and fields of report-format.md.

Reports without tables (seed 000) carry their numbers only here, and reports with tables restate some of them
("本年新收政府信息公开申请6件"), which is what the `prose_agrees` rule compares. The patterns are the
template's own phrases and the common variants met in reports; a sentence that states no number of ours
is simply not matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nianbao.extractor.literals import has_all, required_words
from nianbao.extractor.numbers import parse_count

# a number, never cut short by backtracking ("26项" must not yield 2)
NUM = (
    r"([0-9０-９][0-9０-９,，]*(?:\.[0-9]+)?(?![0-9０-９]|\.[0-9])"
    r"|[零〇一二两三四五六七八九十百千万]+(?![零〇一二两三四五六七八九十百千万]))"
)
# "行政许可决定N件": decisions, not items ("行政许可事项26项" counts services, not decisions)
_DECISIONS = rf"(?:决定|处理决定)?(?:数量|数)?(?:共|为|共计)?{NUM}(?:件|个|次)?(?![项万条])"
# "共收到申请8件（含上年结转2件）" counts more than the new ones
_NOT_WITH_CARRIED = r"(?![（(]?(?:含|包括|其中)上年)"
# reviews and suits about this unit's disclosure work, not cases it handled as the reviewing body
# ("因不服答复引起行政复议3件": the applicant contested this unit's answer; never "因不服处罚决定申请行政复议")
_AS_RESPONDENT = (
    r"(?:被(?:申请|提起|提出)?|信息公开[^，。；;,]{0,12}?"
    r"|因不服[^，。；;,]{0,8}?(?:答复|信息公开[^，。；;,]{0,6}?)(?:引起|引发|提起|申请)的?)"
)
_GAP = r"[^，。；;,]{0,12}?"  # a few words between the noun and its number, within one clause
_LONG_GAP = r"[^，。；;,]{0,100}?"  # a list of kinds ("政策文件、工作动态、…") within one clause
# what a unit answers besides disclosure applications: suggestions, letters, hotlines, messages, licences
_NOT_APPLICATIONS = r"建议|提案|信箱|热线|留言|来信|信访|投诉|咨询|诉求|许可|审批"
# the words between 收到 and 申请 of a disclosure application: never an application for review or suit
# ("收到行政复议申请120件" is a reviewing body's caseload), never one of the other things a unit answers ("收到行政
# 许可申请300件" counts the unit's services), never a carried-over one ("共收到2022年度结转申请3件"), nor run over a
# count into a bracketed part of it ("共收到依申请公开14件(其中信件申请10件": the 10 are the letters among the 14)
_NOT_NEW = rf"复议|诉讼|结转|转结|{_NOT_APPLICATIONS}"
_APPLICATION_GAP = rf"(?:(?!{_NOT_NEW}|其中|[0-9０-９]+[件条个项份宗])[^，。；;,（(]){{0,20}}?"
# applications by one channel are a part of the new ones ("共收到群众网上申请105件,快递17件,合计122件")
_NOT_ONE_CHANNEL = r"(?<!网上|网络|在线|信函|信件|当面|现场|邮寄|快递|传真|邮件)"
_COUNT_NOUN = r"(?:总数|数量|数)?"  # "申请总数1件", "信息数量66件"
# the words between 答复/办结 and the count of handled applications ("共答复网民留言312件" answers messages)
_HANDLED_GAP = rf"(?:(?!{_NOT_APPLICATIONS})[^，。；;,]){{0,12}}?"
_ANY_NUM = r"[0-9０-９零〇一二两三四五六七八九十]+"  # a number that is not the one a pattern records
# a negation of reviews or suits about this unit's disclosure work ("未收到有关政府信息公开的行政复议申请")
_NONE_ABOUT_DISCLOSURE = r"(?:未|没有)(?:收到|发生|出现)(?:有关|关于|涉及|因)?(?:政府)?信息公开的?[^。；;，,]{0,6}?"
# "未发生…行政复议被纠正的情况" denies an outcome, not the case
_NOT_AN_OUTCOME = r"(?![^。；;，,]{0,8}?(?:纠正|败诉|撤销|确认违法|被诉))"


# table 3's result rows by the template's words ("属于" and the item numbers dropped)
_RESULT_ROWS = (
    ("denied_state_secret", "属于国家秘密"),
    ("denied_law_prohibited", "其他法律行政法规禁止公开"),
    ("denied_third_party", "保护第三方合法权益"),
    ("denied_internal", "三类内部事务信息"),
    ("denied_process", "四类过程性信息"),
    ("denied_enforcement_file", "属于行政执法案卷"),
    ("denied_inquiry", "属于行政查询(?:事项|范畴)"),
    ("unable_not_held", "不掌握(?:相关)?(?:的)?(?:政府)?信息"),
    ("unable_needs_creation", "没有现成信息需要另行制作"),
    ("unable_unclear", "补正后申请内容仍不明确"),
    ("unprocessed_petition", "信访举报投诉类申请"),
    ("unprocessed_duplicate", "(?<!反复)重复申请"),
    ("unprocessed_publication", "要求提供公开出版物"),
    ("unprocessed_excessive", "无正当理由大量反复申请"),
    ("unprocessed_confirmation", "要求行政机关确认或重新出具已获取信息"),
)
_OUTCOMES = "".join(rf"[，,、](?:其中)?{label}{NUM}件" for label in ("结果维持", "结果纠正", "其他结果", "尚未审结"))


@dataclass(frozen=True)
class Statement:
    """One number stated in prose: the key it names, the value, and the words it was read from."""

    key: str  # a cell key, a prose key, or a field name ("active_disclosures" …)
    value: int | float
    raw: str


# (keys the number goes to, pattern with the number as group 1 or "zero" for a negated statement)
_PATTERNS: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = tuple(
    (targets, re.compile(pattern))
    for targets, pattern in (
        (
            ("t3.new.total",),
            rf"新收(?:到)?{_APPLICATION_GAP}{_NOT_ONE_CHANNEL}申请{_COUNT_NOUN}(?:共|为|共计)?{NUM}(?:件|条|个|项|份){_NOT_WITH_CARRIED}",
        ),
        (
            ("t3.new.total",),
            rf"(?:共|累计|总共)?(?:收到|接收){_APPLICATION_GAP}{_NOT_ONE_CHANNEL}(?:公开)?申请{_COUNT_NOUN}(?:共|为|共计)?{NUM}(?:件|条|个|项|宗)"
            rf"{_NOT_WITH_CARRIED}",
        ),
        # "共受理政府信息公开申请95件,其中自然人申请89件": table 3's first column of the new ones
        (
            ("t3.new.natural_person",),
            rf"(?:收到|受理|接收){_APPLICATION_GAP}申请{_COUNT_NOUN}(?:共|为|共计)?{_ANY_NUM}(?:件|条|个)[，,]其中[，,]?"
            rf"(?:来自|由)?自然人(?:提出|提交)?的?(?:申请)?(?:共|为)?{NUM}(?:件|条|个)",
        ),
        # "收到政府信息公开申请3项全部予以公开": every one granted
        (("t3.granted.total",), rf"申请{NUM}(?:件|条|个|项)[，,]?(?:全部|均)(?:依法)?予以公开"),
        # "共收到依申请公开信息0条", "共收到12件信息依申请公开", "受理…提出的政府信息公开申请5件"
        (
            ("t3.new.total",),
            rf"收到{_APPLICATION_GAP}申请公开(?:政府)?信息(?:共|为|共计)?{NUM}(?:件|条|个){_NOT_WITH_CARRIED}",
        ),
        # "共收到12件信息依申请公开", "共收到10件依申请公开请求", "收到1份政府信息公开申请"
        (("t3.new.total",), rf"(?:共|累计|总共)?收到{NUM}(?:件|份)(?:政府)?(?:信息)?(?:依申请公开|公开申请)"),
        (("t3.new.total",), rf"受理{_LONG_GAP}公开申请{_COUNT_NOUN}(?:共|为|共计)?{NUM}件{_NOT_WITH_CARRIED}"),
        # "受理依申请公开政府信息0件", "收到依申请信息公开件6件", "收到依申请公开件176件", "依申请公开3次"
        (
            ("t3.new.total",),
            rf"(?:收到|受理|接到){_GAP}依申请(?:信息)?公开(?:政府信息|信件|件|申请|事项)?(?:申请)?(?:共|为)?{NUM}(?:件|条|项)"
            rf"{_NOT_WITH_CARRIED}",
        ),
        (("t3.new.total",), rf"(?<![收受接到理])依申请公开{NUM}次"),
        (
            ("t3.carried_over.total",),
            rf"上年(?:度)?(?:结转|转结){_GAP}(?:申请)?{_COUNT_NOUN}(?:共|为)?{NUM}(?:件|条|份)",
        ),
        # "受理政府信息公开申请452件,结转上年9件": the carry-over from last year, named after the new ones
        (("t3.carried_over.total",), rf"(?:结转|转结)上年(?:度)?(?:申请)?(?:共|为)?{NUM}件"),
        # "办结…177件（含2022年结转的3件）"
        (("t3.carried_over.total",), rf"[（(]含(?:上年|\d{{4}}年)度?结转的?{NUM}件"),
        # "予以公开的共2件"; never "同意公开或部分公开共81件" (two rows together)
        (("t3.partial.total",), rf"(?<![不予])(?<!公开[或和及])部分公开(?:的)?(?:共|为)?{NUM}(?:件|条)"),
        (("t3.granted.total",), rf"(?<!不)予以公开(?:的)?(?:共|为)?{NUM}(?:件|条)"),
        # "本机关不掌握相关政府信息2件", "不予公开（三类内部事务信息）2条", "另处理重复申请1件",
        # "属于行政查询范畴依法不予公开2件": a result row's template words, then its number
        *(
            ((f"t3.{row}.total",), rf"{words}[)）]?(?:(?:依法)?不予(?:公开|处理))?(?:的)?(?:共|为)?{NUM}(?:件|条)")
            for row, words in _RESULT_ROWS
        ),
        # "结转下年度继续办理1件", "转下一年办理0件"
        (("t3.carried_forward.total",), rf"(?:结转|转入?)(?:至|到)?下一?年度?(?:继续)?(?:办理)?(?:共|为)?{NUM}件"),
        (("t3.carried_forward.total",), rf"{NUM}件(?:申请)?(?:结转|转结)下一?年度?"),
        # "结转2023年度继续办理2件": carried into a named later year to go on with
        (("t3.carried_forward.total",), rf"结转(?:至|到)?\d{{4}}年度?继续办理(?:共|为)?{NUM}件"),
        (("t4.review.total",), rf"{_AS_RESPONDENT}行政复议(?:案件|案|申请)?(?:共|为)?{NUM}(?:件|起|次)"),
        # "收到行政复议66件,结果维持33件,结果纠正10件,其他结果20件,尚未审结3件": table 4's row in words (the
        # template's outcome columns say it is this unit's disclosure review); for suits, whose outcomes the
        # words do not split into direct and after review, only the total
        (
            ("t4.review.total", "t4.review.upheld", "t4.review.corrected", "t4.review.other", "t4.review.pending"),
            rf"(?<!办理)(?<!审理)(?<!受理)行政复议(?:案件|申请)?(?:共|为)?{NUM}件{_OUTCOMES}",  # not as the reviewer
        ),
        # "因不服答复引起行政复议3件,1件结果维持,2件结果纠正": the outcomes number first
        (
            ("t4.review.upheld", "t4.review.corrected"),
            rf"{_AS_RESPONDENT}行政复议(?:案件|案|申请)?(?:共|为)?{_ANY_NUM}(?:件|起|次)[，,](?:其中[，,:：]?)?"
            rf"{NUM}件(?:结果)?(?:被)?维持[，,、]{NUM}件(?:结果)?(?:被)?纠正",
        ),
        (("prose.litigation_total",), rf"行政诉讼(?:案件)?(?:共|为)?{NUM}件[，,](?:其中)?结果维持"),
        (("prose.litigation_total",), rf"{_AS_RESPONDENT}行政诉讼(?:案件|案)?(?:共|为)?{NUM}(?:件|起|次)"),
        # "因政府信息公开引发行政复议2件、行政诉讼0件", "信息公开类行政复议7件，诉讼9件": the suits share the
        # reviews' cause
        (
            ("prose.litigation_total",),
            rf"{_AS_RESPONDENT}行政复议(?:案件|案|申请)?(?:共|为)?{_ANY_NUM}(?:件|起|次)[、，,和及]"
            rf"(?:提起)?(?:行政)?诉讼(?:案件|案)?(?:共|为)?{NUM}(?:件|起|次)",
        ),
        # "因政府信息公开引起的行政复议2件和复议后提起行政诉讼1件": table 4's column by its words (how many
        # suits came directly is not said, so no total)
        (
            ("t4.litigation_after_review.total",),
            rf"{_AS_RESPONDENT}行政复议(?:案件|案|申请)?(?:共|为)?{_ANY_NUM}(?:件|起|次)[、，,和及]"
            rf"(?:行政)?复议后(?:提起|提出)?(?:行政)?(?:诉讼|起诉)(?:案件|案)?(?:共|为)?{NUM}(?:件|起|次)",
        ),
        (("t4.review.total",), rf"依申请公开{_ANY_NUM}(?:件|次)[、，,]行政复议{NUM}(?:件|起|次)"),
        # "受理答复政府信息公开申请28件,其中,行政复议1件、行政诉讼0件": the reviews and suits of those applications
        (("t4.review.total",), rf"公开申请{_ANY_NUM}件[，,]其中[，,]?行政复议(?:案件|案)?{NUM}(?:件|起|次)"),
        (
            ("prose.litigation_total",),
            rf"公开申请{_ANY_NUM}件[，,]其中[，,]?行政复议(?:案件|案)?{_ANY_NUM}(?:件|起|次)[、，,和及]"
            rf"(?:行政)?诉讼(?:案件|案)?{NUM}(?:件|起|次)",
        ),
        (
            ("prose.litigation_total",),
            rf"依申请公开{_ANY_NUM}(?:件|次)[、，,]行政复议{_ANY_NUM}(?:件|起|次)[、，,]行政诉讼{NUM}(?:件|起|次)",
        ),
        # never "答复结果为予以公开的共2件" (one result's count)
        (("prose.applications_handled",), rf"(?:答复|办结)(?!结果){_HANDLED_GAP}(?:申请)?(?:共|为)?{NUM}件"),
        # "…其中结转2024年度7件,其余54件全部按时答复": those not carried forward, answered
        (
            ("prose.applications_handled",),
            rf"其余{NUM}件(?:申请)?(?:均|全部)?(?:已)?(?:按时|按期|依法|在法定期限内)?(?:予以)?(?:答复|办结)",
        ),
        # "共办理依申请政府信息公开9件,均按时办结"
        (
            ("prose.applications_handled",),
            rf"办理{_GAP}(?:依申请|申请){_GAP}{NUM}件[，,](?:均|全部)(?:已)?(?:按时|按期|依法|在法定期限内)?(?:予以)?办结",
        ),
        (("t2.licensing.decisions",), rf"行政许可{_DECISIONS}"),
        # "决定处理行政许可0项": the decision named first, so 项 counts decisions here
        (("t2.licensing.decisions",), rf"(?:决定处理|处理决定|作出)行政许可(?:决定)?{NUM}(?:件|项|个)"),
        (("t2.punishment.decisions",), rf"行政处罚{_DECISIONS}"),
        (("t2.enforcement.decisions",), rf"行政强制{_DECISIONS}"),
        (("t2.fees.amount",), rf"行政事业性收费(?:金额)?(?:共|为|共计)?{NUM}万元"),
        (
            ("t2.regulations.made", "t2.regulations.repealed", "t2.normative_documents.made",
             "t2.normative_documents.repealed"),
            rf"制发、?废止规章和(?:行政)?规范性文件(?:数|件数|数量)?均为{NUM}",
        ),
        (
            ("t2.punishment.decisions", "t2.enforcement.decisions"),
            rf"行政处罚、行政强制(?:处理)?(?:决定)?(?:数|数量)?(?:均为|均|为)?{NUM}(?:件|项|个)?(?![0-9])",
        ),
        # "制发规章、规范性文件均为0件": each; never "…共3件" (the two together), and a bare number only when 0
        (
            ("t2.regulations.made", "t2.normative_documents.made"),
            rf"制发(?:公开)?规章[、和及](?:行政)?规范性文件(?:数|件数|数量)?(?:均为|均){NUM}件",
        ),
        (
            ("t2.regulations.made", "t2.normative_documents.made"),
            r"制发(?:公开)?规章[、和及](?:行政)?规范性文件(?:数|件数|数量)?为?([0０零])件",
        ),
        # "全年共制定政府规范性文件3件,废止政府规范性文件6件"; "制发规章3件" (never 规章制度, 规章清理 …)
        # "我局共印发规范性文件3份": a document is also counted as a 份 and also 印发
        (("t2.normative_documents.made",), rf"(?:制定|制发|印发)(?:政府|行政)?规范性文件(?:共|共计)?{NUM}(?:件|份)"),
        (("t2.normative_documents.repealed",), rf"废止(?:政府|行政)?规范性文件(?:共|共计)?{NUM}件"),
        (("t2.regulations.made",), rf"(?:制定|制发)(?:政府)?规章(?:共|共计)?{NUM}件"),
        (("t2.regulations.repealed",), rf"废止(?:政府)?规章(?:共|共计)?{NUM}件"),
        # "现行有效规章12件", "现行有效的行政规范性文件51件", "规章现行有效12件"
        (("t2.regulations.in_force",), rf"现行有效的?(?:政府)?规章(?:共|共计|为)?{NUM}件"),
        (("t2.regulations.in_force",), rf"(?<![和及、])规章现行有效(?:的)?(?:共|共计|为)?{NUM}件"),
        (("t2.normative_documents.in_force",), rf"现行有效的?(?:政府|行政)?规范性文件(?:共|共计|为)?{NUM}件"),
        (
            ("t2.normative_documents.in_force",),
            rf"(?<![和及、])规范性文件现行有效(?:的)?(?:共|共计|为)?{NUM}件",
        ),
        (("active_disclosures",), rf"主动(?:公开|发布){_GAP}信息{_COUNT_NOUN}(?:共|共计|累计|为)?{NUM}(?:条|件)"),
        # "政务信息公开主动公开总数146条"
        (("active_disclosures",), rf"主动(?:公开|发布)(?:政府)?(?:信息)?总数(?:共|共计|为|达)?{NUM}(?:条|件)"),
        (("active_disclosures",), rf"(?:共|累计|共计)(?:主动)?(?:公开|发布)(?:政府)?信息{NUM}条"),
        # "我镇信息主动公开292条"
        (("active_disclosures",), rf"信息主动(?:公开|发布)(?:共|共计|累计)?{NUM}条"),
        # "…中产生的公开信息共计147条": a total; without its 共计 one channel's count ("通过门户网站公开信息2017
        # 条", "微信公众号全年发布信息2901条"), and never an application's or a result's ("依申请公开信息共3条")
        (("active_disclosures",), rf"(?<!申请|予以|部分|不予)(?:公开|发布)信息(?:共计|共|累计|合计|总计){NUM}条"),
        (("active_disclosures",), rf"(?:累计|共计|共)(?:主动)?(?:公开|发布){NUM}条(?:政府)?信息"),
        # "全年公开各类信息165条", "主动公开政府信息数465条", "公开各类信息共计13921条", "累计发布各类信息731条"
        (
            ("active_disclosures",),
            # never "受理依申请公开政府信息19条" (applications) or "不予公开…" (refusals)
            rf"(?<!申请)(?<!不予)(?:主动)?(?:公开|发布)(?:各级)?(?:各类|政府|政务公开|政务)(?:政府)?信息(?:数|数量)?"
            rf"(?:为|共计|共|累计|达)?"
            rf"{NUM}条",
        ),
        # "主动向社会公开政策文件、…、行政处罚等信息1851条": a list of kinds, then the total
        (
            ("active_disclosures",),
            rf"(?:主动|及时)(?:向社会)?公开{_LONG_GAP}等(?:方面|工作)?(?:政府)?信息(?:共计|共|达)?{NUM}条",
        ),
        # "公开…人大代表建议及答复107件、政协提案和答复149件"
        (("npc_suggestions",), rf"人大(?:代表)?建议(?:及|和)?(?:其)?(?:答复)?(?:共|共计)?{NUM}件"),
        (("cppcc_proposals",), rf"政协(?:委员)?提案(?:及|和)?(?:其)?(?:答复)?(?:共|共计)?{NUM}件"),
        # "办理10件人大建议和28件政协提案": the count before the noun
        (("npc_suggestions",), rf"{NUM}件(?:省|市|区|县)?(?:级)?人大(?:代表)?建议"),
        (("cppcc_proposals",), rf"{NUM}件(?:省|市|区|县)?(?:级)?政协(?:委员)?提案"),
        (("processing_fees",), rf"(?:收取|收缴)(?:政府)?信息处理费(?:共|共计|合计)?{NUM}元"),
        (("processing_fees",), rf"信息处理费(?:共计|共|合计|为|金额为)?{NUM}元"),
    )
)  # fmt: skip
_ZERO_PATTERNS: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = tuple(
    (targets, re.compile(pattern))
    for targets, pattern in (
        # not "未收到有关政府信息公开的行政复议申请": an application for review is no disclosure application, nor
        # "未收到因政府信息公开申请引起的行政诉讼" (no suit, applications or not)
        (
            ("t3.new.total",),
            rf"(?:未|没有)(?:收到|受理|接到|接收到?)(?:(?!{_NOT_NEW})[^。；;]){{0,20}}?(?:公开)?申请"
            r"(?![^。；;，,]{0,8}?(?:复议|诉讼))",
        ),
        # "无依申请公开政府信息事项", "无依申请公开政务信息情况"
        (("t3.new.total",), r"无依申请公开(?:政府|政务)?(?:信息)?(?:的)?(?:办理)?(?:事项|情况)"),
        # "没有发生因政府信息公开引起的行政复议和行政诉讼", "未发生因政府信息公开被行政复议、提起行政诉讼情况",
        # "无涉及政府信息公开行政复议、诉讼案件", "未发生政府信息公开行政复议、起诉"
        (
            ("t4.review.total", "prose.litigation_total"),
            # also "没有因政府信息公开引起行政复议或者行政起诉的案例发生", "未发生因依申请公开引发的行政复议或行政诉讼"
            # "未发生针对本单位有关政府信息公开事务的行政复议案、行政诉讼案"
            r"(?:未|没有|无)(?:发生|出现|涉及)?(?:过)?(?:针对[^。；;，,]{0,10}?(?:有关|关于|涉及))?[因由]?"
            r"(?:政府信息公开|依申请公开)[^。；;，,]{0,12}?行政复议(?:案件|案)?"
            r"(?:或者|[、和及或]{1,2})(?:提起|提前)?(?:行政)?(?:诉讼|起诉)",
        ),
        # "政府信息公开行政复议、行政诉讼0条": one zero for both (a non-zero sum would not say which)
        (
            ("t4.review.total", "prose.litigation_total"),
            r"信息公开[^。；;，,]{0,12}?行政复议[、和及](?:行政)?诉讼(?:案件)?(?:均为|均|共|为)?(?:0|０|零)(?:件|起|次|条)",
        ),
        # "收到依申请公开信息0件,未产生行政复议和诉讼": the sentence about applications speaks of their reviews
        (
            ("t4.review.total", "prose.litigation_total"),
            r"依申请公开[^。；;]{0,30}?[，,](?:未|没有)(?:产生|发生|引发|出现)(?:行政)?复议[和、及或](?:行政)?诉讼",
        ),
        # "未制发规章和规范性文件", "本年度未制定规章", "未废止行政规范性文件" (never 规章制度)
        (
            ("t2.regulations.made", "t2.normative_documents.made"),
            r"(?:未|没有)(?:制发|制定|出台)(?:过)?(?:任何)?(?:政府)?规章[和及、与](?:行政)?规范性文件",
        ),
        (("t2.regulations.made",), r"(?:未|没有)(?:制发|制定|出台)(?:过)?(?:任何)?(?:政府)?规章(?!制度|[和及、与])"),
        (("t2.regulations.repealed",), r"(?:未|没有)废止(?:过)?(?:任何)?(?:政府)?规章(?!制度|[和及、与])"),
        (
            ("t2.normative_documents.made",),
            r"(?:未|没有)(?:制发|制定|出台)(?:过)?(?:任何)?(?:政府|行政)?规范性文件",
        ),
        (("t2.normative_documents.repealed",), r"(?:未|没有)废止(?:过)?(?:任何)?(?:政府|行政)?规范性文件"),
        (("t3.carried_over.total",), r"无上年(?:度)?结转"),
        (("t3.carried_forward.total",), r"无(?:结转(?:至|到)?下一?年度?|下一?年度?结转)"),
        # one negation each: "未收到有关政府信息公开的行政复议申请，也未发生关于政府信息公开的行政诉讼案件"
        (("t4.review.total",), rf"{_NONE_ABOUT_DISCLOSURE}行政复议{_NOT_AN_OUTCOME}"),
        (("prose.litigation_total",), rf"{_NONE_ABOUT_DISCLOSURE}行政诉讼{_NOT_AN_OUTCOME}"),
        (("npc_suggestions",), r"(?:未|没有|无)(?:承办|收到|办理)[^。；;]{0,6}?人大代表?建议"),
        (("cppcc_proposals",), r"(?:未|没有|无)(?:承办|收到|办理)[^。；;]{0,16}?政协(?:委员)?提案"),
        (("processing_fees",), r"(?:未|没有|无)收取(?:任何)?(?:信息处理)?费用?|(?:无|未)[^。；;]{0,12}?收取信息处理费"),
        (("processing_fees",), r"收取信息处理费的?情况[:：]?\s*无"),
        # "未对公众依申请公开政府信息收取任何费用": the fees of disclosure, whoever asked
        (("processing_fees",), r"(?:未|没有)对[^。；;，,]{0,20}?(?:公开|信息)[^。；;，,]{0,6}?收取(?:任何)?费用"),
        (("processing_fees",), r"未因(?:政府)?信息公开收取[^。；;]{0,20}?(?:任何)?费用"),
        # "未收取任何政府信息公开费用", "未向公开权利人收取依申请公开的任何费用"
        (
            ("processing_fees",),
            r"(?:未|没有)(?:向[^。；;，,]{0,10}?)?收取(?:任何)?(?:政府信息公开|依申请公开|信息公开|信息处理)的?(?:任何)?费用",
        ),
    )
)
_NO_FEES_IN_SECTION = re.compile(r"信息处理费")

# Words before a match, within its clause, that make its number a part of the key's count, not the count: an
# enumerated item ("一是利用…平台公开政务信息38条" is one channel of the unit's disclosures) or, for handled
# applications, one result or one reason ("其中答复…", "予以公开答复966件", "因…等情形依规答复8件").
_PART_OF_COUNT = {
    "active_disclosures": re.compile(r"^\s*(?:[一二三四五六七八九十]是|其中)"),
    "prose.applications_handled": re.compile(r"其中|因|情形|予以公开|部分公开|不予|无法提供"),
}
# Words before a match, within its sentence: what is answered or carried over is no disclosure application at
# all ("人大代表建议及答复107件", "县长信箱收到信件183件,答复183件", "热线办件…", "行政许可申请…办结300件",
# "留言…其余留言结转2021年度继续办理"), and every clause after a 其中 is a part of the disclosures ("主动公开总数
# 146条,其中在…网站公开政府信息101条,政务微信公开政府信息45条").
_SENTENCE_GUARD = {
    "prose.applications_handled": re.compile(_NOT_APPLICATIONS),
    "t3.carried_forward.total": re.compile(_NOT_APPLICATIONS),
    "active_disclosures": re.compile(r"其中"),
}
_SENTENCE_END = re.compile(r"[。；;\n]")
_CLAUSE_END = re.compile(r"[，。；;,\n]")
# "2021年结转政府信息公开申请2件" (or "2023年结转132件" after the applications it follows) in the report on
# 2022: carried over, when the year named is the one before
_CARRIED_FROM_YEAR = re.compile(rf"(\d{{4}})年度?结转(?!至|到)(?:{_GAP}申请{_COUNT_NOUN})?(?:共|为)?{NUM}件")
# "结转2025年183件" in the report on 2024: carried forward, when the year named is the one after (with 继续办理
# it needs no year: a pattern above)
_CARRIED_TO_YEAR = re.compile(rf"结转(?:至|到)?(\d{{4}})年度?(?:共|为)?{NUM}件")


def _clause_before(text: str, start: int, end: re.Pattern[str] = _CLAUSE_END) -> str:
    """The words of the match's clause (or, with `_SENTENCE_END`, its sentence) that stand before it."""
    ends = [m.end() for m in end.finditer(text, 0, start)]
    return text[ends[-1] if ends else 0 : start]


# "通过政府网站公开政府信息754条,通过政务新媒体公开政府信息2808条": one channel's count, when the same
# sentence goes on to count another ("通过局网站、官方微信等渠道…共707条" names several and is the total)
_ONE_CHANNEL = re.compile(r"通过(?:(?!等|、)[^，。；;,])*$")
_ANOTHER_CHANNEL = re.compile(r"[^。；;]*?[，,]通过[^，。；;,]*?\d+条")
_CHANNEL_BEFORE = re.compile(r"通过[^，。；;,]*?\d+条[，,][^。；;]*$")


def _part_of_count(key: str, text: str, match: re.Match[str]) -> bool:
    guard = _PART_OF_COUNT.get(key)
    before = _clause_before(text, match.start())
    if guard is not None and guard.search(before):
        return True
    sentence_guard = _SENTENCE_GUARD.get(key)
    if sentence_guard is not None and sentence_guard.search(_clause_before(text, match.start(), _SENTENCE_END)):
        return True
    return (
        key == "active_disclosures"
        and _ONE_CHANNEL.search(before) is not None
        and (
            _ANOTHER_CHANNEL.match(text, match.end()) is not None
            or _CHANNEL_BEFORE.search(text, 0, match.start()) is not None
        )
    )


_DOCUMENT_KEYS = ("t2.regulations.", "t2.normative_documents.")


#: Each pattern with the words it cannot match without: a paragraph lacking one is not searched (most lack
#: most of them; a search costs many times a `word in text`).
_GATED = tuple(
    (targets, pattern, required_words(pattern), targets[0].startswith(_DOCUMENT_KEYS)) for targets, pattern in _PATTERNS
)
_GATED_ZERO = tuple(
    (targets, pattern, required_words(pattern), targets[0].startswith(_DOCUMENT_KEYS))
    for targets, pattern in _ZERO_PATTERNS
)
_CARRIED_WORDS = required_words(_CARRIED_FROM_YEAR)
# (pattern, the year it names relative to the year reported on, the key)
_DATED_CARRY_OVERS = (
    (_CARRIED_FROM_YEAR, -1, "t3.carried_over.total"),
    (_CARRIED_TO_YEAR, 1, "t3.carried_forward.total"),
)


def statements(text: str, year: int | None = None) -> list[Statement]:
    """Every number of ours the text states, in text order (`year`, the year reported on, dates carry-overs)."""
    found: list[tuple[int, Statement]] = []
    documents = "规" in text  # every pattern of 规章 and 规范性文件 needs it: the others skip a dozen searches
    for targets, pattern, words, of_documents in _GATED:
        if (of_documents and not documents) or not has_all(words, text):
            continue
        for match in pattern.finditer(text):
            value = parse_count(match.group(1).replace("，", ","))
            if value is None:
                continue
            # one number for every key, or (a pattern with a group for each key) one number each
            values = [parse_count(g.replace("，", ",")) for g in match.groups()] if pattern.groups > 1 else []
            if len(values) == len(targets) and None not in values:
                for key, each in zip(targets, values, strict=True):
                    found.append((match.start(), Statement(key, each, match.group(0))))  # type: ignore[arg-type]
                continue
            for key in targets:
                if not _part_of_count(key, text, match):
                    found.append((match.start(), Statement(key, value, match.group(0))))
    if year is not None and has_all(_CARRIED_WORDS, text):
        for pattern, offset, key in _DATED_CARRY_OVERS:
            for match in pattern.finditer(text):
                value = parse_count(match.group(2).replace("，", ","))
                if int(match.group(1)) == year + offset and value is not None and not _part_of_count(key, text, match):
                    found.append((match.start(), Statement(key, value, match.group(0))))
    for targets, pattern, words, of_documents in _GATED_ZERO:
        if (of_documents and not documents) or not has_all(words, text):
            continue
        for match in pattern.finditer(text):
            for key in targets:
                found.append((match.start(), Statement(key, 0, match.group(0))))
    found.sort(key=lambda item: item[0])
    return [statement for _, statement in found]
