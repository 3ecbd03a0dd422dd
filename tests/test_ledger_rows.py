"""Rows of an old ledger read under a header that names every field: the whole record a row makes,
worked out by hand from the cells, and every way a row is skipped, refused or warned about."""
import datetime as dt
import hashlib
from decimal import Decimal

import pytest

from zhongxin_desktop.domain import vocab
from zhongxin_desktop.domain.ledger_layout import (
    MISSING_APPLICANT, Header, LedgerRecord, PartyRecord, fingerprint, parse_row,
)

TODAY = dt.date(2026, 11, 27)
WOMAN_1949 = "11010519491231002X"  # GB 11643 example
KEYS = ["seq", "case_no", "registered_on", "closed_on", "applicant_name", "applicant_id", "applicant_phone",
        "applicant_address", "respondent_name", "respondent_id", "respondent_phone", "respondent_address", "category",
        "facts", "claims", "source", "outcome", "agreement_kind", "amount", "mediator", "village", "persons", "remarks"]
LABELS = ["序号", "编号", "登记日期", "结案日期", "申请人", "申请人身份证号", "申请人电话", "申请人住址", "被申请人",
          "被申请人身份证号", "被申请人电话", "被申请人住址", "纠纷类型", "纠纷情况", "申请事项", "案件来源", "调解结果",
          "协议形式", "涉及金额", "调解员", "村居", "人数", "备注", "回访情况"]
FULL = Header(1, 1, LABELS, dict(enumerate(KEYS)), [{label} for label in LABELS])
ID_FLAG = "身份证号应为18位（现为5位），请核对后重新输入（按原样保留，未作更正）"


def cells(**kw) -> list:
    base = {"seq": 1, "registered_on": "2025.3.5", "applicant_name": "张三", "respondent_name": "李四",
            "category": "邻里纠纷", "facts": "因排水沟改道发生争执", "outcome": "调解成功"}
    values = {**base, **kw}
    return [values.get(k) for k in KEYS] + [values.get("回访情况")]


def parse(row, header=FULL, **kw):
    return parse_row("2025年台账", 7, row, header, year=kw.pop("year", None), today=TODAY, categories=vocab.CATEGORIES,
                     sources=vocab.SOURCES, **kw)


def test_a_full_row_makes_this_record():
    row = cells(case_no="（2025）青调字第7号", closed_on="2025.3.20", applicant_name="张三、王五",
                applicant_id=f"{WOMAN_1949.lower()} 12345", applicant_phone="13987654321、0851-86812345",
                applicant_address="青山村3组", respondent_address="青山村4组", claims="恢复原沟", source="网格员报告",
                agreement_kind="书面协议", amount="1.2万", mediator="赵调解", village="青山村", persons="5人",
                remarks="已回访", 回访情况="满意")
    r = parse(row)
    assert (r.sheet, r.row, r.verdict, r.reason) == ("2025年台账", 7, "ok", "")
    assert r.warnings == [f"王五：{ID_FLAG}"]
    assert r.record == LedgerRecord(
        registered_on=dt.date(2025, 3, 5), category="邻里", source="网格员上报", facts="因排水沟改道发生争执",
        outcome_kind="succeeded", closed_on=dt.date(2025, 3, 20), case_no="（2025）青调字第7号", claims="恢复原沟",
        outcome_text="调解成功", agreement_kind="written", amount=Decimal("12000.00"), mediator="赵调解",
        village="青山村", persons=5, remarks="已回访；回访情况：满意",
        parties=[PartyRecord("张三", "申请人", WOMAN_1949, "", "13987654321", "青山村3组"),
                 PartyRecord("王五", "申请人", "12345", ID_FLAG, "0851-86812345", ""),
                 PartyRecord("李四", "被申请人", "", "", "", "青山村4组")])


def test_the_other_sides_id_and_phone():
    r = parse(cells(respondent_name="李四、赵六", respondent_id="12345", respondent_phone="13987654321"))
    assert [(p.name, p.role, p.id_number, p.id_flag, p.phone) for p in r.record.parties] == [
        ("张三", "申请人", "", "", ""), ("李四", "被申请人", "12345", ID_FLAG, "13987654321"),
        ("赵六", "被申请人", "", "", "")]
    assert r.warnings == [f"李四：{ID_FLAG}"]


def test_an_id_typed_as_a_number():
    r = parse(cells(applicant_id=110105194912310021))
    assert r.record.parties[0].id_number == "110105194912310021" and r.record.parties[0].id_flag


NO_RESPONDENT = Header(1, 1, ["登记日期", "当事人", "纠纷情况"], {0: "registered_on", 1: "applicant_name", 2: "facts"})


def test_two_sides_in_one_cell_when_the_ledger_has_no_respondent_column():
    r = parse(["2025.3.5", "张三与李四", "争执"], NO_RESPONDENT)
    assert [(p.name, p.role) for p in r.record.parties] == [("张三", "申请人"), ("李四", "被申请人")]
    r = parse(["2025.3.5", "张三与李四与王五", "争执"], NO_RESPONDENT)
    assert [(p.name, p.role) for p in r.record.parties] == [("张三", "申请人"), ("李四", "被申请人"), ("王五", "被申请人")]
    r = parse(["2025.3.5", "张三", "争执"], NO_RESPONDENT)
    assert [(p.name, p.role) for p in r.record.parties] == [("张三", "当事人")]
    r = parse(["2025.3.5", "张三、李四", "争执"], NO_RESPONDENT)
    assert [(p.name, p.role) for p in r.record.parties] == [("张三", "当事人"), ("李四", "当事人")]
    # with a respondent column, 与 is part of a name (an organisation's, say)
    r = parse(cells(applicant_name="青山村与石门村村委会", respondent_name=""))
    assert [(p.name, p.role) for p in r.record.parties] == [("青山村与石门村村委会", "申请人")]


@pytest.mark.parametrize("row, reason", [
    ([None] * 24, "空行"), (["  "] * 24, "空行"), ([1] + [None] * 23, "空行（只有序号）"),
    (["合计"] + [None] * 23, "合计/小计行"), ([None, None, "3月小计", None], "合计/小计行"),
    (LABELS, "重复的表头行"), ([1], "空行（只有序号）"),
])
def test_rows_that_are_skipped(row, reason):
    r = parse(row)
    assert (r.verdict, r.reason, r.record) == ("skipped", reason, None)


@pytest.mark.parametrize("kw, reason", [
    ({"registered_on": None}, "登记日期为空"), ({"registered_on": "上周"}, "登记日期“上周”无法识别为日期"),
    ({"registered_on": "1949.9.30"}, "登记日期1949-09-30早于1949年，请核对"),
    ({"registered_on": "2026.11.28"}, "登记日期2026-11-28晚于今天，请核对"),
    ({"applicant_name": "", "respondent_name": "", "facts": ""}, "缺少当事人姓名和纠纷情况，无法成案"),
])
def test_rows_that_are_refused(kw, reason):
    r = parse(cells(**kw))
    assert (r.verdict, r.reason, r.record) == ("error", reason, None)


def test_dates_at_their_edges():
    assert parse(cells(registered_on="1949.10.1")).verdict == "ok"
    assert parse(cells(registered_on=TODAY)).verdict == "ok"
    assert parse(cells(registered_on="3月5日"), year=2024).record.registered_on == dt.date(2024, 3, 5)


@pytest.mark.parametrize("closed, on, warning", [
    ("2025.3.5", dt.date(2025, 3, 5), None), ("3月20日", dt.date(2025, 3, 20), None),
    ("2025.3.4", None, "结案日期早于登记日期，按登记日期计"),
    ("不详", None, "结案日期“不详”无法识别为日期，按登记日期计"), ("", None, None), (None, None, None),
])
def test_closing_dates(closed, on, warning):
    r = parse(cells(closed_on=closed))
    assert r.record.closed_on == on
    assert r.warnings == ([warning] if warning else [])


def test_a_closing_date_without_a_year_takes_the_ledgers_year_first():
    r = parse(cells(closed_on="3月20日", registered_on="2025.3.5"), year=2024)
    assert r.record.closed_on is None and r.warnings == ["结案日期早于登记日期，按登记日期计"]


def test_words_onto_the_lists_and_what_is_said_when_they_do_not_fit():
    r = parse(cells(category="狗咬人", source="其他渠道"))
    assert (r.record.category, r.record.source) == ("其他", "来访")
    assert r.warnings == ["纠纷类型“狗咬人”对应不上类型列表，记为其他", "案件来源“其他渠道”对应不上来源列表，记为来访"]
    no_source = Header(1, 1, ["登记日期", "申请人", "纠纷情况"], {0: "registered_on", 1: "applicant_name", 2: "facts"})
    r = parse(["2025.3.5", "张三", "争执"], no_source)
    assert (r.record.source, r.warnings) == ("来访", ["纠纷类型为空，记为其他", "调解结果为空，按“结果不详（已结）”导入（不计为在办案件），请核实"])


@pytest.mark.parametrize("written, kind", [("书面协议", "written"), ("口头", "oral"), ("口头协议", "oral"),
                                           ("书 面", "written"), ("", ""), ("无", ""),
                                           ("书记员代签", ""), ("口角未平", "")])  # a word, not one character of it
def test_agreement_kinds(written, kind):
    assert parse(cells(agreement_kind=written)).record.agreement_kind == kind


def test_missing_facts_are_said_and_filled():
    r = parse(cells(facts=""))
    assert r.record.facts == "（旧台账未记载纠纷情况）" and r.warnings == ["纠纷情况为空"]


def test_an_unreadable_amount_counts_zero_and_keeps_its_text():
    r = parse(cells(amount="三千多", remarks="已回访"))
    assert r.record.amount == Decimal("0") and r.record.remarks == "已回访；涉及金额原文：三千多"


def test_the_choices_for_a_row_without_an_applicant():
    assert MISSING_APPLICANT == {"ask": "列出，由登记员决定", "placeholder": "以“待核实”占位导入", "skip": "跳过"}


@pytest.mark.parametrize("field, limit, label", [
    ("remarks", 20_000, "备注"), ("outcome", 500, "调解结果"), ("case_no", 100, "原编号"), ("mediator", 100, "调解员"),
    ("village", 100, "村（社区）"), ("claims", 5_000, "申请事项"), ("facts", 20_000, "纠纷简要情况"),
])
def test_the_bounds_of_a_ledger_row(field, limit, label):
    assert parse(cells(**{field: "字" * limit})).verdict == "ok"
    r = parse(cells(**{field: "字" * (limit + 1)}))
    assert (r.verdict, r.reason) == ("error", f"{label}：太长：{limit + 1}个字，最多{limit}个，请精简")


@pytest.mark.parametrize("field, label", [("case_no", "原编号"), ("mediator", "调解员"), ("village", "村（社区）"),
                                          ("claims", "申请事项"), ("applicant_address", "单位或住址")])
def test_control_characters_in_any_cell_refuse_the_row(field, label):
    r = parse(cells(**{field: "甲\x00乙"}))
    assert r.verdict == "error" and label in r.reason and "NUL（空字符）" in r.reason


def test_a_row_is_known_again_wherever_it_stands():
    row = cells(registered_on=dt.date(2025, 3, 5), amount=1200.0)
    assert parse(row).fingerprint == parse_row("2025年台账", 99, list(row), FULL, year=None, today=TODAY,
                                              categories=vocab.CATEGORIES, sources=vocab.SOURCES).fingerprint


def test_the_fingerprint_of_a_row():
    # sha256 of the JSON text [sheet, cells folded, dates in ISO form, trailing empty cells dropped]
    text = '["台账", ["1", "2025-03-05", "张三", "", "3000"]]'
    expected = "ledger:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]
    assert fingerprint("台账", [1, dt.date(2025, 3, 5), "张三", None, "３０００", None, ""]) == expected
    assert fingerprint("台账", [1.0, dt.date(2025, 3, 5), " 张三 ", "", "3000"]) == expected
    with_time = '["台账", ["2025-03-05T09:30:00"]]'
    assert fingerprint("台账", [dt.datetime(2025, 3, 5, 9, 30)]) == \
        "ledger:" + hashlib.sha256(with_time.encode("utf-8")).hexdigest()[:40]
    assert fingerprint("台账２", ["x"]) == fingerprint("台账2", ["x"]) != fingerprint("台账3", ["x"])


def test_a_row_cut_short_reads_the_missing_cells_as_empty():
    r = parse(cells()[:5])  # 序号 … 申请人, nothing after
    assert r.verdict == "ok"
    assert (r.record.facts, r.record.category, r.record.outcome_kind) == ("（旧台账未记载纠纷情况）", "其他", "unknown")
    assert [(p.name, p.role) for p in r.record.parties] == [("张三", "申请人")]


def test_line_breaks_are_allowed_in_every_cell_even_when_another_cell_refuses_the_row():
    # cells wrap in a ledger: only the NUL of the village is a fault, and it is the only one said
    r = parse(cells(facts="第一行\n第二行", outcome="调解\n成功", mediator="赵\n调解", applicant_address="青山村\n3组",
                    village="甲\x00乙"))
    assert (r.verdict, r.reason) == ("error", "村（社区）：含有控制字符 NUL（空字符）（第2个字符），请删除")


def test_a_second_phone_or_id_of_the_applicant_side_never_goes_to_the_other_side():
    r = parse(cells(applicant_phone="13987654321、0851-86812345", applicant_id=f"{WOMAN_1949} 12345"))
    assert [(p.name, p.role, p.id_number, p.phone) for p in r.record.parties] == [
        ("张三", "申请人", WOMAN_1949, "13987654321"), ("李四", "被申请人", "", "")]
    assert r.warnings == []


def test_an_id_cell_holding_only_a_separator_is_kept_and_flagged():
    r = parse(cells(applicant_id="、"))
    flag = "身份证号应为18位（现为1位），请核对后重新输入（按原样保留，未作更正）"
    assert [(p.id_number, p.id_flag) for p in r.record.parties] == [("、", flag), ("", "")]
    assert r.warnings == [f"张三：{flag}"]
