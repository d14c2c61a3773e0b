"""Property tests of the pieces that turn printed text into numbers and rows into keys."""

from __future__ import annotations

import random
from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao.extractor import keys
from nianbao.extractor.dates import parse_date
from nianbao.extractor.numbers import parse_value
from nianbao.extractor.prose import statements
from nianbao.extractor.tables import align, fill_by_order, row_values
from nianbao.extractor.tables.t2 import row_key as _t2_row_key

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@given(st.integers(min_value=0, max_value=10**9))
def test_plain_full_width_and_separated_integers(n: int) -> None:
    for text in (str(n), str(n).translate(FULL_WIDTH), f"{n:,}", f" {n} ", f"{n}件"):
        value = parse_value(text)
        assert value is not None and value.value == n and isinstance(value.value, int), text
        assert value.raw == text.strip()


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=0, max_value=999))
def test_annotation_keeps_the_leading_number_and_the_raw_text(n: int, m: int) -> None:
    for text in (f"{n}（其中修订{m}件）", f"{n}(含{m}件)"):
        value = parse_value(text)
        assert value is not None and value.value == n and value.raw == text


@given(st.integers(min_value=0, max_value=99_999))
def test_chinese_numerals(n: int) -> None:
    text = cn2an.an2cn(n)
    value = parse_value(text)
    assert value is not None and value.value == n, text


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_decimals(amount: Decimal) -> None:
    value = parse_value(f"{amount:.2f}")
    assert value is not None and abs(value.value - float(amount)) < 1e-9


@given(st.integers(min_value=1, max_value=10_000))
def test_signed_changes(n: int) -> None:
    assert parse_value(f"+{n}").value == n  # type: ignore[union-attr]
    assert parse_value(f"-{n}").value == -n  # type: ignore[union-attr]


def test_absent_and_none_cells() -> None:
    for text in ("", " ", "—", "——", "-", "/", "／", "－", "―"):
        assert parse_value(text) is None, text
    assert parse_value("无").value == 0  # type: ignore[union-attr]
    for text in ("12 申请人谕期未按收费通知", "本年新收", "†", "F新收政府"):
        assert parse_value(text) is None, text


def test_row_values_in_order_by_position_or_not_at_all() -> None:
    assert [v.value if v else None for v in row_values(["", "6", "0", "0", "0", "0", "0", "6"], 7)] == [  # type: ignore[union-attr]
        6, 0, 0, 0, 0, 0, 6,
    ]  # fmt: skip
    # one cell lost by OCR: the empty slot keeps the others in their columns, in a value area of the
    # table's width or at the grid columns where complete rows hold their numbers
    six = ["", "0", "0", "0", "0", "0", "0"]
    for got in (row_values(six, 7, area=six), row_values(six, 7, placed=six)):
        assert got is not None and got[0] is None and all(v is not None for v in got[1:])
    # a wider value area (a label's merged columns, trailing blanks) says nothing about positions
    assert row_values(six, 7, area=["", "", *six[1:], "", ""]) is None
    # six numbers and no way to tell which column is missing
    assert row_values(["0", "0", "0", "0", "0", "0"], 7) is None
    # junk beside the numbers is dropped when the count then fits
    assert row_values(["†", "1", "2", "3", "4", "5", "6", "21"], 7) is not None
    # a text table keeping its blanks in place ("56 | | | | | | 56 | |"): beyond the seven columns only
    # padding, so a lone number right after the label is 自然人; never where blanks gather at the row's end
    lone = ["18", "", "", "", "", "", "", ""]
    got = row_values(["18"], 7, area=lone, blanks_in_place=True)
    assert got is not None and got[0] is not None and got[0].value == 18 and all(v is None for v in got[1:])
    assert row_values(["18"], 7, area=lone) is None
    assert row_values(["3", "3"], 7, area=["3", "3", "", "", "", "", "", ""], blanks_in_place=True) is not None
    assert row_values(["3", "3"], 7, area=["3", "3", "", "", "", "", "", ""]) is None
    assert row_values(["0"], 7, area=["", "", "", "", "", "", "", "0"], blanks_in_place=True) is None


LABELS = [spec.label for spec in keys.t3_rows(False)]


def _garble(label: str, rng: random.Random, rate: float) -> str:
    chars = list(label)
    for i in range(len(chars)):
        if rng.random() < rate:
            chars[i] = rng.choice("口日曰木未末土士")
    return "".join(chars)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.floats(min_value=0.0, max_value=0.2))
def test_alignment_places_surviving_rows_and_never_misplaces(seed: int, rate: float) -> None:
    """Rows dropped at random and labels garbled (OCR): every kept row that is placed is placed right."""
    rng = random.Random(seed)
    kept = [i for i in range(len(LABELS)) if rng.random() > 0.2]
    labels = [_garble(LABELS[i], rng, rate) for i in kept]
    _, placed = align(labels, other_single=False)
    truth = [keys.t3_rows(False)[i].key for i in kept]
    wrong = [(t, p) for t, p in zip(truth, placed, strict=True) if p is not None and p != t]
    assert not wrong
    assert sum(p is not None for p in placed) >= 0.8 * len(kept)


def test_alignment_reads_the_typos_of_real_reports() -> None:
    labels = [spec.label for spec in keys.t3_rows(False)]
    labels[5] = "2.其他法律行政止公开"  # a typo met in a real report
    labels[21] = "12 申请人谕期未按收费通知要求缴"  # OCR'd, cut
    labels[23] = "(七)总记"
    _, placed = align(labels, other_single=False)
    assert placed == [spec.key for spec in keys.t3_rows(False)]


def test_dates_in_the_shapes_reports_print() -> None:
    assert parse_date("发布日期：2025-01-10") == "2025-01-10"
    assert parse_date("2025年1月10日") == "2025-01-10"
    assert parse_date("二〇二五年一月十日") == "2025-01-10"
    assert parse_date("发布时间:2026-01-22 12:00:07") == "2026-01-22"
    assert parse_date("更新时间:2026/1/9") == "2026-01-09"
    assert parse_date("2025年13月40日") is None
    assert parse_date("") is None


def test_unreadable_label_between_two_readable_rows_is_placed_by_order() -> None:
    template = [spec.key for spec in keys.t3_rows(False)]
    placed: list[str | None] = ["new", None, "granted", None, None, "denied_security"]
    assert fill_by_order(placed, template) == ["carried_over"]
    # two unreadable rows where three template rows could be: left unplaced
    assert placed == ["new", "carried_over", "granted", None, None, "denied_security"]


def test_garbled_table2_labels() -> None:
    assert _t2_row_key("行政处冈", "2021") == "punishment"
    assert _t2_row_key("行攻许可", "2021") == "licensing"
    assert _t2_row_key("信息内容", "2021") is None
    assert _t2_row_key("其他对外管理服务事项", "2019") == "other_services"
    assert _t2_row_key("规范性文件", "2021") == "normative_documents"


def _stated(text: str) -> list[tuple[str, int | float]]:
    return [(s.key, s.value) for s in statements(text)]


def test_prose_statements_name_their_cells() -> None:
    assert _stated("因政府信息公开申请被提起行政复议0件；因政府信息公开申请被提起行政诉讼0件") == [
        ("t4.review.total", 0),
        ("prose.litigation_total", 0),
    ]
    assert _stated("作出行政许可为263，行政处罚、行政强制处理决定数均为0") == [
        ("t2.licensing.decisions", 263),
        ("t2.punishment.decisions", 0),
        ("t2.enforcement.decisions", 0),
    ]
    assert _stated("本年度新收政府信息公开申请二十件，上年结转3件") == [
        ("t3.new.total", 20),
        ("t3.carried_over.total", 3),
    ]
    assert _stated("累计发布1259条信息") == [("active_disclosures", 1259)]
    assert _stated("本年度无收取信息处理费情况") == [("processing_fees", 0)]
    assert _stated("全街共受理政府信息公开申请总数1件") == [("t3.new.total", 1)]
    assert _stated("建章路街道共接收政府信息公开申请0件") == [("t3.new.total", 0)]
    assert _stated("上年转结政府信息公开申请0件,全年办结0件,转下一年办理0件") == [
        ("t3.carried_over.total", 0),
        ("prose.applications_handled", 0),
        ("t3.carried_forward.total", 0),
    ]
    assert _stated("共受理因政府信息公开提起的行政复议申请0件") == [("t4.review.total", 0)]
    assert _stated("依申请公开3次,行政复议0次,行政诉讼0次") == [
        ("t3.new.total", 3),
        ("t4.review.total", 0),
        ("prose.litigation_total", 0),
    ]
    assert _stated("未发生由政府信息公开引发的举报、投诉、行政复议和行政诉讼等") == [
        ("t4.review.total", 0),
        ("prose.litigation_total", 0),
    ]
    assert _stated("本年度未收到有关政府信息公开的行政复议申请,也未发生关于政府信息公开的行政诉讼案件") == [
        ("t4.review.total", 0),
        ("prose.litigation_total", 0),
    ]
    assert _stated("本年度未向公开权利人收取依申请公开的任何费用") == [("processing_fees", 0)]
    assert _stated("未收取任何政府信息公开费用") == [("processing_fees", 0)]
    assert _stated("主动公开的各类政府信息数量66件") == [("active_disclosures", 66)]
    assert _stated("主动发布文件信息133条") == [("active_disclosures", 133)]
    assert _stated("本办不掌握相关政府信息2件,属于四类过程性信息1件。无下年度结转") == [
        ("t3.unable_not_held.total", 2),
        ("t3.denied_process.total", 1),
        ("t3.carried_forward.total", 0),
    ]
    # a result row's template words, in 条 as in 件; "重复申请" is not "大量反复申请"
    assert _stated("予以公开4条,不予公开(三类内部事务信息)2条,不予处理(无正当理由大量反复申请)165条") == [
        ("t3.granted.total", 4),
        ("t3.denied_internal.total", 2),
        ("t3.unprocessed_excessive.total", 165),
    ]
    assert _stated("予以公开4件,无法提供19件,另处理重复申请1件") == [
        ("t3.granted.total", 4),
        ("t3.unprocessed_duplicate.total", 1),
    ]
    # table 4's review row in words, each outcome to its column; the suits' outcomes name no cell of ours
    text = "收到行政复议66件,结果维持33件,结果纠正10件,其他结果20件,尚未审结3件。收到行政诉讼202件,结果维持26件"
    assert _stated(text) == [
        ("t4.review.total", 66),
        ("t4.review.upheld", 33),
        ("t4.review.corrected", 10),
        ("t4.review.other", 20),
        ("t4.review.pending", 3),
        ("prose.litigation_total", 202),
    ]
    assert _stated("全年共制定政府规范性文件3件,废止政府规范性文件6件") == [
        ("t2.normative_documents.made", 3),
        ("t2.normative_documents.repealed", 6),
    ]
    assert _stated("共收到群众依申请公开信件4件") == [("t3.new.total", 4)]
    assert _stated("经纬街道办事处未接收到依申请公开") == [("t3.new.total", 0)]
    assert _stated("2020年度我局无依申请公开政务信息情况") == [("t3.new.total", 0)]
    assert _stated("共公开各级各类政府信息39586条") == [("active_disclosures", 39586)]


def test_prose_phrasings_met_in_held_out_batch_5() -> None:
    assert _stated("共办理依申请政府信息公开9件,均按时办结。其中答复结果为予以公开的共2件,部分公开1件") == [
        ("prose.applications_handled", 9),
        ("t3.granted.total", 2),
        ("t3.partial.total", 1),
    ]
    assert _stated("共收到10件依申请公开请求,共办结10件,结转2023年度继续办理2件") == [
        ("t3.new.total", 10),
        ("prose.applications_handled", 10),
        ("t3.carried_forward.total", 2),
    ]
    assert _stated("全年共接收公民、法人及其他组织政府信息公开申请17件") == [("t3.new.total", 17)]
    assert _stated("因申请事项属于行政查询范畴依法不予公开2件") == [("t3.denied_inquiry.total", 2)]
    assert _stated("上年结转政府信息公开申请数量0条,新收到要求公开政府信息的申请0份") == [
        ("t3.carried_over.total", 0),
        ("t3.new.total", 0),
    ]
    assert _stated("2023年收到依申请公开信息0件,未产生行政复议和诉讼") == [
        ("t3.new.total", 0),
        ("t4.review.total", 0),
        ("prose.litigation_total", 0),
    ]


def test_prose_phrasings_met_in_held_out_batch_6() -> None:
    assert _stated("办理政府信息公开申请651件,均在法定期限内予以办结") == [("prose.applications_handled", 651)]
    assert _stated("我镇信息主动公开292条。其中政务信息229条") == [("active_disclosures", 292)]
    assert _stated("大石街收到群众要求公开政府信息的申请1宗,已办结回复") == [("t3.new.total", 1)]
    assert _stated("公开人大代表建议及答复107件、政协提案和答复149件") == [
        ("npc_suggestions", 107),
        ("cppcc_proposals", 149),
    ]


def test_counts_in_prose_that_are_no_cells_met_in_held_out_batch_6() -> None:
    # a bracketed channel count inside the total of new applications is no count of new applications
    assert _stated("全年共收到依申请公开14件(其中信件申请10件,网络申请4件),已办结12件") == [
        ("t3.new.total", 14),
        ("prose.applications_handled", 12),
    ]
    # what is answered besides applications (letters, hotlines, suggestions) is no handled application
    assert _stated("公开领导信箱办件22件、12345政务服务热线办件7341件、人大代表建议及答复107件") == [
        ("npc_suggestions", 107)
    ]
    assert _stated("县长信箱收到信件183件,答复183件") == []
    # one channel's applications are a part of the new ones; a suit denied is no application denied
    assert ("t3.new.total", 105) not in _stated("全年依申请公开共收到群众网上申请105件,快递17件,合计122件")
    assert _stated("未收到因政府信息公开申请引起的行政诉讼") == [("prose.litigation_total", 0)]
    # every clause after a 其中 is a part of the disclosures, the total before it is the count
    parts = "政务信息公开主动公开总数146条,其中在县政府信息公开网站公开政府信息101条,政务微信公开政府信息45条。"
    assert _stated(parts) == [("active_disclosures", 146)]
    # applications for a licence or an approval are the unit's services, not disclosure applications
    assert _stated("全年共收到行政许可申请300件,办结300件") == []
    assert _stated("全年未收到行政许可申请;全年未接到信息公开申请") == [("t3.new.total", 0)]
    assert _stated("全年未收到行政许可申请") == []
    # what is answered after 答复 may be messages or enquiries, not applications
    assert _stated("共答复网民留言312件") == []
    assert _stated("全年共办理依申请公开10件,已全部答复10件") == [("prose.applications_handled", 10)]
    # a carried-over application, or one for something other than information, is no new one
    assert _stated("共收到2022年度结转申请3件") == []  # with no year reported on, not dated either
    assert _stated("共收到群众诉求申请58件") == []


def test_prose_phrasings_met_in_held_out_batch_7() -> None:
    assert _stated("收到1份政府信息公开申请") == [("t3.new.total", 1)]
    assert _stated("共收到1份行政复议申请") == []
    # 案 for 案件, and 诉讼 without its 行政 after the reviews it shares its cause with
    assert _stated("有关政府信息公开事务的行政复议案0件;有关政府信息公开事务的行政诉讼案0件") == [
        ("t4.review.total", 0),
        ("prose.litigation_total", 0),
    ]
    assert _stated("信息公开类行政复议7件，诉讼9件，均获维持") == [
        ("t4.review.total", 7),
        ("prose.litigation_total", 9),
    ]
    # the reviews and suits of the applications just counted
    assert _stated("受理答复政府信息公开申请28件,其中,行政复议1件、行政诉讼0件") == [
        ("t3.new.total", 28),
        ("prose.applications_handled", 28),
        ("t4.review.total", 1),
        ("prose.litigation_total", 0),
    ]
    # a total of what was published, but not one channel's count, an application's or a result's
    assert _stated("通过网站、报刊等方式公开我镇项目建设中产生的公开信息共计147条") == [("active_disclosures", 147)]
    assert _stated("通过门户网站公开信息2017条") == []
    assert _stated("依申请公开信息共3条") == []
    assert _stated("予以公开信息共2条") == []


_BOTH_ZERO = [("t4.review.total", 0), ("prose.litigation_total", 0)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # reviews an applicant asked for, contesting this unit's answer; never a review of another decision
        ("因不服答复引起行政复议3件", [("t4.review.total", 3)]),
        ("因不服政府信息公开答复申请行政复议2件", [("t4.review.total", 2)]),
        ("因不服处罚决定申请行政复议12件", []),
        ("因不服答复引起行政复议3件,1件结果维持,2件结果纠正",
         [("t4.review.total", 3), ("t4.review.upheld", 1), ("t4.review.corrected", 2)]),
        ("受理行政复议3件,1件结果维持,2件结果纠正", []),  # as the reviewing body
        # negations with 或者 / 行政起诉 / 案例, and of reviews of disclosure on application
        ("没有因政府信息公开引起行政复议或者行政起诉的案例发生", _BOTH_ZERO),
        ("全年未发生因依申请公开引发的行政复议或行政诉讼案件", _BOTH_ZERO),
        ("我局共印发规范性文件3份", [("t2.normative_documents.made", 3)]),
        ("未对公众依申请公开政府信息收取任何费用", [("processing_fees", 0)]),
        ("未对企业收取任何费用", []),
        # batch 9: a negation "针对…有关…事务的", suits after review, natural persons among the new applications,
        # 转结 for 结转, "结转上年", 事项 counted in 项, and "其余N件…答复" after the carry-forward
        ("未发生针对本单位有关政府信息公开事务的行政复议案、行政诉讼案和有关的申诉案", _BOTH_ZERO),
        ("发生因政府信息公开引起的行政复议2件和复议后提起行政诉讼1件",
         [("t4.review.total", 2), ("t4.litigation_after_review.total", 1)]),
        ("办理行政复议12件和复议后提起行政诉讼3件", []),  # as the reviewing body
        ("共受理政府信息公开申请95件,其中自然人申请89件,法人或其他组织申请6件",
         [("t3.new.natural_person", 89), ("t3.new.total", 95)]),
        ("收到行政复议申请10件,其中自然人8件", []),
        ("另有5件申请转结下年度继续办理", [("t3.carried_forward.total", 5)]),
        ("全市共受理政府信息公开申请452件,结转上年9件", [("t3.new.total", 452), ("t3.carried_over.total", 9)]),
        ("2025全区累计收到依申请公开事项29项", [("t3.new.total", 29)]),
        ("其中结转2024年度7件,其余54件全部按时答复", [("prose.applications_handled", 54)]),
        ("县长信箱收到来信60件,其余54件全部按时答复", []),
    ],
)  # fmt: skip
def test_prose_phrasings_met_in_held_out_batches(text: str, expected: list[tuple[str, int]]) -> None:
    assert _stated(text) == expected


def test_changes_written_in_words() -> None:
    # the 2019 template's 本年增/减 as a mirror printed it: "行政许可 | 6 | 减4 | 2"
    assert parse_value("减4").value == -4  # type: ignore[union-attr]
    assert parse_value("减少 3").value == -3  # type: ignore[union-attr]
    assert parse_value("增加12").value == 12  # type: ignore[union-attr]
    assert parse_value("减") is None


def test_years_named_with_carry_overs_without_the_word_application() -> None:
    """In the report on 2024, "2023年结转132件" after its applications is carried over and "结转2025年183件"
    carried forward; in the report on another year neither, and messages carried forward are no applications."""
    text = "全年接收政府信息公开申请1554件,2023年结转132件;全年办理1503件,结转2025年183件。"
    assert [(s.key, s.value) for s in statements(text, 2024)] == [
        ("t3.new.total", 1554),
        ("t3.carried_over.total", 132),
        ("t3.carried_forward.total", 183),
    ]
    assert [(s.key, s.value) for s in statements(text, 2025)] == [("t3.new.total", 1554)]
    messages = "市长信箱收到留言64227条,已答复63029条,其余留言结转2021年度继续办理120件"
    assert [(s.key, s.value) for s in statements(messages, 2020)] == []


def test_the_year_the_overview_opens_with_breaks_a_tie() -> None:
    from nianbao.extractor.fields import year_of

    body = "某委坚持依法公开。全年接收申请1554件,2023年结转132件;结转2025年183件。"
    assert year_of(None, "一、总体情况\n2024年," + body) == 2024
    assert year_of(None, "2024年," + body) is None  # three years named once each, none opening the overview


def test_table2_labels_of_a_mirror_and_the_2019_templates_third_row() -> None:
    # a traditional mirror wrote 檔案 for 文件 (規範性檔案 → 规范性档案); 其他主动公开文件 names 规范性文件 only to
    # exclude it
    assert _t2_row_key("规范性档案（行政机关制定发布的决定、公告）", "2019") == "normative_documents"
    assert _t2_row_key("其他主动公开档案（含除规范性档案以外的主动公开档案）", "2019") is None
    assert _t2_row_key("其他主动公开文件（除规范性文件以外的主动公开文件）", "2019") is None
    assert _t2_row_key("其他对外管理服务事项", "2019") == "other_services"


def test_a_year_named_before_its_carry_over() -> None:
    """"2021年结转…" is carried over only in the report on 2022; "结转至2023年" goes the other way."""
    text = "2021年结转政府信息公开申请2件"
    assert ("t3.carried_over.total", 2) in [(s.key, s.value) for s in statements(text, 2022)]
    assert [(s.key, s.value) for s in statements(text, 2021)] == []
    assert [(s.key, s.value) for s in statements("2022年结转至2023年的申请3件", 2022)] == []


def test_part_of_a_count_is_not_the_count() -> None:
    # one channel of several ("一是…,二是…") and one group of results are parts
    assert _stated("一是利用门户网站等政务公开栏平台公开政务信息38条") == []
    assert _stated("因不属于本单位公开范围且未掌握相关信息等情形依规答复8件") == []
    assert _stated("其中答复结果为予以公开的共2件") == [("t3.granted.total", 2)]
    # one channel's count among several in one sentence; a sentence naming several channels, or only one, is the total
    channels = "通过政府网站公开政府信息754条,通过政务新媒体公开政府信息2808条,通过其他方式公开政府信息54条。"
    assert [k for k, _ in _stated(channels)] == []
    assert ("active_disclosures", 707) in _stated("全年通过局网站、官方微信等渠道主动公开政府信息共707条。")
    assert ("active_disclosures", 120) in _stated("全年通过政府门户网站主动公开政府信息120条。")
    # two rows together, and one result's answers, are no row and no count of handled applications
    assert _stated("其中同意公开或部分公开共81件") == []
    assert _stated("共完成依申请公开答复1453件。其中,予以公开答复966件") == [("prose.applications_handled", 1453)]


def test_prose_that_does_not_name_our_cells() -> None:
    assert _stated("本机关作为复议机关办理行政复议案件15件") == []  # the unit as reviewer, not respondent
    assert _stated("梳理行政许可事项26项") == []  # items, not decisions
    # an application for review is no disclosure application; an outcome denied is no count denied
    assert ("t3.new.total", 0) not in _stated("未收到有关政府信息公开的行政复议申请")
    assert _stated("未发生因政府信息公开引起的行政复议被纠正的情况") == []
    # applications received are no active disclosures
    assert _stated("本年度我局受理依申请公开政府信息19条") == [("t3.new.total", 19)]
    assert ("t3.new.total", 8) not in _stated("共收到政府信息公开申请8件（含上年结转2件）")
    # the reviewing body's own caseload names no outcome column, so it is not table 4's row
    assert _stated("全年收到行政复议申请120件,已审结110件") == []
    assert _stated("作为复议机关办理行政复议案件15件,结果维持10件,结果纠正2件,其他结果1件,尚未审结2件") == []
