"""Header words and row verdicts of old ledgers (domain/ledger_layout.py), against header texts
and rows written out by hand as townships write them."""
import datetime as dt
from decimal import Decimal

import pytest

from zhongxin_desktop.domain import vocab
from zhongxin_desktop.domain.ledger_layout import (
    FIELDS, IGNORE, SUBTOTAL, Header, _score, detect_header, field_named, guess_facts_column, header_at, match_field, parse_row,
)

HEADERS = [
    ("序号", "seq"), ("顺序号", "seq"), ("结案日期", "closed_on"), ("办结时间", "closed_on"), ("调处日期", "closed_on"),
    ("登记日期", "registered_on"), ("受理时间", "registered_on"), ("收案日期", "registered_on"),
    ("发生时间", "registered_on"), ("日期", "registered_on"), ("时间", "registered_on"), ("案件编号", "case_no"),
    ("编号", "case_no"), ("案号", "case_no"), ("卷号", "case_no"), ("协议形式", "agreement_kind"),
    ("协议类型", "agreement_kind"), ("涉及金额（元）", "amount"), ("标的额", "amount"), ("涉案款", "amount"),
    ("纠纷类型", "category"), ("案件类别", "category"), ("纠纷种类", "category"), ("类型", "category"),
    ("类别", "category"), ("申请事项", "claims"), ("当事人诉求", "claims"), ("请求事项", "claims"),
    ("调解请求", "claims"), ("申请人要求", "claims"),
    ("纠纷简要情况", "facts"), ("纠纷情况", "facts"), ("主要情况", "facts"), ("基本情况", "facts"),
    ("简要案情", "facts"), ("事由", "facts"), ("案情摘要", "facts"), ("矛盾纠纷简要情况", "facts"),
    ("主要事实", "facts"), ("具体情况", "facts"), ("情况简介", "facts"), ("情况摘要", "facts"), ("纠纷概况", "facts"),
    ("主要内容", "facts"), ("纠纷内容", "facts"), ("纠纷事实", "facts"), ("事实经过", "facts"), ("简要经过", "facts"),
    ("事件经过", "facts"), ("反映问题", "facts"), ("主要问题", "facts"), ("问题描述", "facts"), ("内容摘要", "facts"),
    ("案件来源", "source"), ("受理方式", "source"), ("调解结果", "outcome"), ("处理结果", "outcome"),
    ("办理结果", "outcome"), ("调处结果", "outcome"), ("调解情况", "outcome"), ("处理情况", "outcome"), ("结果", "outcome"),
    ("调解员", "mediator"), ("承办人", "mediator"), ("主持人", "mediator"), ("调解人", "mediator"),
    ("经办人", "mediator"), ("村居", "village"), ("所属村", "village"), ("村（社区）", "village"), ("村社区", "village"),
    ("村名", "village"), ("所在村", "village"), ("村", "village"), ("社区", "village"), ("村(居)", "village"),
    ("涉及人数", "persons"), ("人数", "persons"), ("备注", "remarks"),
    ("申请人", "applicant_name"), ("申请人姓名", "applicant_name"), ("当事人", "applicant_name"),
    ("申请方", "applicant_name"), ("投诉人", "applicant_name"), ("来访人", "applicant_name"),
    ("反映人", "applicant_name"), ("申请人身份证号", "applicant_id"), ("申请人证件号码", "applicant_id"),
    ("申请人联系电话", "applicant_phone"), ("申请人手机", "applicant_phone"), ("申请人住址", "applicant_address"),
    ("被申请人", "respondent_name"), ("被申请人姓名", "respondent_name"), ("对方当事人", "respondent_name"),
    ("被投诉人", "respondent_name"), ("对方", "respondent_name"), ("被申请方", "respondent_name"),
    ("被申请人身份证号", "respondent_id"), ("被申请人电话", "respondent_phone"), ("被申请人地址", "respondent_address"),
    ("身份证号码", "applicant_id"), ("公民身份号码", "applicant_id"), ("联系电话", "applicant_phone"),
    ("联系方式", "applicant_phone"), ("家庭住址", "applicant_address"), ("住所", "applicant_address"),
    ("姓名", "applicant_name"), ("名称", "applicant_name"), ("申请人名称", "applicant_name"),
    ("纠 纷 情 况", "facts"), ("序 号", "seq"), ("办结日期", "closed_on"), ("调结日期", "closed_on"),
    ("结案时间", "closed_on"), ("调结时间", "closed_on"), ("调处时间", "closed_on"), ("协议方式", "agreement_kind"), ("调解员姓名", "mediator"), ("承办人姓名", "mediator"),
    ("村名称", "village"), ("身份号码", "applicant_id"), ("公民身份", "applicant_id"),
    ("申请人姓名（签字）", "applicant_name"), ("申请人名字", "applicant_name"), ("被申请人名字", "respondent_name"),
    ("纠纷原委", None), ("回访情况", None), ("经办村干部", None), ("", None), ("申请人签字", None),
]


@pytest.mark.parametrize("label, field", HEADERS)
def test_header_words(label, field):
    assert match_field(label) == field


@pytest.mark.parametrize("typed, field", [
    ("facts", "facts"), ("纠纷简要情况", "facts"), ("案情", "facts"), (" 涉及金额 ", "amount"), ("amount", "amount"),
    ("", IGNORE), ("不导入", IGNORE), ("忽略", IGNORE), ("ignore", IGNORE), ("天气", None), ("xyz", None),
])
def test_fields_the_clerk_may_name(typed, field):
    assert field_named(typed) == field


ROWS = [
    ["某镇2025年矛盾纠纷台账"],
    ["序号", "登记日期", "申请人", "纠纷原委", "回访", "编码"],
    [1, "2025.1.6", "张大山", "因修路占地，双方发生争执（已报警）。", "满意", "A01"],
    [2, "2025.1.9", "王春", "邻居在界址上建围墙，张家认为越界。", "", "A02"],
    [3, "2025.1.9", "赵秋", "务工工资被拖欠三个月。", "未回访", 45701],
]


def test_the_facts_column_is_guessed_by_its_content():
    header = detect_header(ROWS)
    assert (header.first_row, header.last_row) == (2, 2)
    assert header.mapping == {0: "seq", 1: "registered_on", 2: "applicant_name", 3: "facts"}
    assert header.guessed == {3: "facts"}
    assert header.notes() == ["“纠纷原委”列的表头未能识别，按内容判断为纠纷简要情况，请核对"]
    assert header.unmapped(ROWS) == [4, 5]
    assert header.to_dict()["guessed"] == {"纠纷原委": "纠纷简要情况"}


def test_guessing_needs_free_text():
    rows = [[1, "满意", 45701, "A-0001"], [2, "满意", 45702, "A-0002"], [3, "一般", dt.date(2025, 1, 1), "合计"]]
    assert guess_facts_column(rows, [0, 1, 2, 3]) is None  # short words and codes are not facts
    rows = [["短", "一段足够长的纠纷经过文字"], ["短", 12345678901234], ["短", 12345678901234]]
    assert guess_facts_column(rows, [0, 1]) is None  # mostly numbers
    rows = [["一二三四五六七", "一二三四五六"], ["一二三四五六七", "一二三四五六"]]
    assert guess_facts_column(rows, [0, 1]) == 0
    assert guess_facts_column(rows, [1]) is None  # six characters: not above the bound
    assert guess_facts_column([["小计"], ["合计：3件"]], [0]) is None


def test_the_clerk_maps_a_label():
    header = detect_header(ROWS)
    assert header.map_label("回访", "facts")
    assert header.mapping[4] == "facts" and 3 not in header.mapping and header.guessed == {}
    assert header.notes() == []
    assert header.map_label("回访", IGNORE) and 4 not in header.mapping
    assert not header.map_label("案由", "facts")
    assert header.label(4) == "回访" and header.label(9) == "第10列"
    assert header.label(6) == "第7列"  # the first column past the labels


def test_a_header_pointed_at_by_hand():
    header = header_at(ROWS, 2, 2)
    assert header.mapping[3] == "facts" and header.guessed == {3: "facts"}
    with pytest.raises(ValueError):
        header_at(ROWS, 2, 4)


HEAD = Header(1, 1, ["登记日期", "申请人", "被申请人", "纠纷情况", "调解结果", "金额", "回访情况", "类型"],
              {0: "registered_on", 1: "applicant_name", 2: "respondent_name", 3: "facts", 4: "outcome", 5: "amount",
               7: "category"})
TODAY = dt.date(2026, 11, 27)


def row(*cells, missing="ask"):
    cells = [*cells, *[None] * (7 - len(cells)), "邻里纠纷"]
    return parse_row("台账", 9, cells, HEAD, year=None, today=TODAY, categories=vocab.CATEGORIES,
                     sources=vocab.SOURCES, missing_applicant=missing)


def test_a_row_keeps_what_no_field_takes_and_reads_its_amount():
    r = row("2025-03-05", "张三", "李四", "因宅基地，发生争执。", "调解成功", "1.2万", "电话回访，满意")
    assert (r.verdict, r.warnings) == ("ok", [])
    assert r.record.facts == "因宅基地，发生争执。" and r.record.amount == Decimal("12000.00")
    assert r.record.remarks == "回访情况：电话回访，满意"
    assert r.record.outcome_kind == "succeeded" and [p.role for p in r.record.parties] == ["申请人", "被申请人"]


def test_an_unreadable_amount_is_kept_in_the_remarks():
    r = row("2025-03-05", "张三", "李四", "争执", "调解成功", "三千多")
    assert r.verdict == "ok" and r.record.amount == 0
    assert r.record.remarks == "涉及金额原文：三千多"
    assert r.warnings == ["涉及金额“三千多”无法识别（原文已保留在备注中，请核实后补录）"]


def test_outcomes_of_old_and_recent_rows():
    old = row("2025-03-05", "张三", "李四", "争执", "", "")
    assert old.record.outcome_kind == "unknown"
    assert old.warnings == ["调解结果为空，按“结果不详（已结）”导入（不计为在办案件），请核实"]
    recent = row(TODAY - dt.timedelta(days=30), "张三", "李四", "争执", "", "")
    assert recent.record.outcome_kind == "mediating"
    assert recent.warnings == ["调解结果为空，登记不满30天，按“调解中”导入，请核实"]
    assert row(TODAY - dt.timedelta(days=31), "张三", "李四", "争执", "", "").record.outcome_kind == "unknown"
    said = row(TODAY - dt.timedelta(days=3), "张三", "李四", "争执", "已处理", "")
    assert said.record.outcome_kind == "unknown"  # a word that cannot be read is never open work
    assert row("2025-03-05", "张三", "李四", "争执", "调不成", "").record.outcome_kind == "terminated"


def test_rows_without_an_applicant():
    ask = row("2025-03-05", "", "李四", "争执", "调解成功", "")
    assert ask.verdict == "error" and ask.record is None
    assert ask.reason == ("缺少申请人（当事人）姓名：请选择以“待核实”占位导入或跳过"
                          "（命令行：--missing-applicant placeholder 或 skip）")
    skip = row("2025-03-05", "", "李四", "争执", "调解成功", "", missing="skip")
    assert (skip.verdict, skip.reason) == ("skipped", "缺少申请人（当事人）姓名，按选择跳过")
    held = row("2025-03-05", "", "李四", "争执", "调解成功", "", missing="placeholder")
    assert held.verdict == "ok"
    assert [(p.name, p.role) for p in held.record.parties] == [("待核实", "申请人"), ("李四", "被申请人")]
    assert held.warnings == ["缺少申请人（当事人）姓名，以“待核实”占位导入，请补录"]
    nobody = row("2025-03-05", "", "", "争执", "调解成功", "", missing="placeholder")
    assert [(p.name, p.role) for p in nobody.record.parties] == [("待核实", "当事人")]
    assert row("2025-03-05", "", "", "", "调解成功", "").reason == "缺少当事人姓名和纠纷情况，无法成案"


def test_dates_that_refuse_a_row():
    assert row("1948-06-01", "张三", "李四", "争执", "调解成功", "").reason == "登记日期1948-06-01早于1949年，请核对"
    assert row("1949-10-01", "张三", "李四", "争执", "调解成功", "").verdict == "ok"
    assert row("2026-11-28", "张三", "李四", "争执", "调解成功", "").reason == "登记日期2026-11-28晚于今天，请核对"


def test_a_row_with_a_control_character_or_too_long_a_field_is_refused():
    bad = row("2025-03-05", "张\x1b三", "李四", "争执", "调解成功", "")
    assert bad.verdict == "error" and bad.reason.startswith("姓名/名称：含有控制字符 ESC（转义符）（第2个字符）")
    broken = row("2025-03-05", "张三", "李四", "争\ud800执", "调解成功", "")
    assert broken.reason == "纠纷简要情况：含有无法保存的残缺字符（不成对的代理码位），请删除后重新输入这一项"
    long_phone = parse_row("台账", 9, ["2025-03-05", "张三", "争执", "1" * 31],
                           Header(1, 1, ["登记日期", "申请人", "纠纷情况", "电话"],
                                  {0: "registered_on", 1: "applicant_name", 2: "facts", 3: "applicant_phone"}),
                           year=None, today=TODAY, categories=vocab.CATEGORIES, sources=vocab.SOURCES)
    assert long_phone.reason == "张三·联系电话：太长：31个字，最多30个，请精简"
    wrapped = row("2025-03-05", "张三", "李四", "第一行\n第二行\t续", "调解\n成功", "")
    assert wrapped.verdict == "ok"


# the wizard's mapping editor: what each field is called there
WIZARD = {
    "seq": "序号", "case_no": "原编号", "registered_on": "登记日期", "closed_on": "结案日期",
    "applicant_name": "申请人（当事人）姓名", "applicant_id": "申请人身份证号", "applicant_phone": "申请人电话",
    "applicant_address": "申请人住址", "respondent_name": "被申请人姓名", "respondent_id": "被申请人身份证号",
    "respondent_phone": "被申请人电话", "respondent_address": "被申请人住址", "category": "纠纷类型",
    "facts": "纠纷简要情况", "claims": "申请事项", "source": "案件来源", "outcome": "调解结果", "agreement_kind": "协议形式",
    "amount": "涉及金额", "mediator": "调解员", "village": "村（社区）", "persons": "涉及人数", "remarks": "备注",
}


def test_the_fields_of_the_wizard_in_its_order():
    assert list(FIELDS.items()) == list(WIZARD.items())


@pytest.mark.parametrize("key, label", WIZARD.items())
def test_the_clerk_may_name_a_field_by_its_key_or_its_wizard_label(key, label):
    assert field_named(key) == key
    assert field_named(label) == key
    assert field_named(f" {label} ") == key


# The first cell of a subtotal row, as ledgers write them; and cells that only look like one.
SUBTOTALS = ["合计", "小计：", "本月合计", "3月小计", "12月份合计", "12月合计", "本季合计", "本季度合计", "本年合计",
             "本年度合计", "全年合计", "全年度合计", "第一季度小计", "第3季度合计", "合计：15件", "合计15件", "总计",
             "共计：", "合计:12345678", "合计12345678"]
NOT_SUBTOTALS = ["合计：123456789", "123月合计", "月合计", "本本月合计", "第一二季度合计", "本季度度合计", "全合计",
                 "合计金额共计1200元整另附明细", "张三合计", "计合"]


@pytest.mark.parametrize("text", SUBTOTALS)
def test_subtotal_rows(text):
    assert SUBTOTAL.match(text)


@pytest.mark.parametrize("text", NOT_SUBTOTALS)
def test_cells_that_are_not_subtotals(text):
    assert not SUBTOTAL.match(text)


def test_a_row_that_repeats_the_header():
    head = Header(3, 3, ["序号", "登记日期", "申请人"], {0: "seq", 1: "registered_on", 2: "applicant_name"},
                  [{"序号"}, {"登记日期", "日期"}, {"申请人"}])
    assert head.repeats(["序号", "登记日期", "申请人"]) and head.repeats(["序号", "日期", ""])
    assert head.repeats(["1", "登记日期", "申请人", "备注"])
    assert not head.repeats(["序号", "2025.1.6", "张三"])  # one cell alike: a row that happens to say 序号
    assert not head.repeats(["1", "2025.1.6", "张三"]) and not head.repeats(["", "", ""])
    assert not head.repeats(["申请人", "序号", "登记日期"])  # the words, but not in their columns
    assert not head.repeats(["1", "2", "3", "序号", "申请人"])  # beyond the header's columns


def test_a_header_as_the_import_account_keeps_it():
    header = detect_header(ROWS)
    assert header.to_dict() == {"first_row": 2, "last_row": 2, "labels": ["序号", "登记日期", "申请人", "纠纷原委", "回访", "编码"],
                                "mapping": {"0": "seq", "1": "registered_on", "2": "applicant_name", "3": "facts"},
                                "guessed": {"纠纷原委": "纠纷简要情况"}}


def test_columns_no_field_takes():
    rows = [["某镇台账", "", "", "", "", "标题旁的字"],
            ["序号", "登记日期", "申请人", "备用", ""],
            [1, "2025.1.6", "张三", "", "", " "],
            [2, "2025.1.7", "李四", "", "附注"]]
    header = header_at(rows, 2, 2)
    assert header.mapping == {0: "seq", 1: "registered_on", 2: "applicant_name"}
    # 备用 has a label, the fifth column has text below the header; the sixth only above it
    assert header.unmapped(rows) == [3, 4]
    labelled_only = Header(1, 1, ["序号", "申请人", "", "回访"], {0: "seq", 1: "applicant_name"})
    assert labelled_only.unmapped([["序号", "申请人", "", "回访"], [1, "张三"]]) == [3]
    # text in a column past the last label is kept too
    assert labelled_only.unmapped([["序号", "申请人", "", "回访"], [1, "张三", "", "", "", "附注"]]) == [3, 5]


def test_remapping_a_guessed_column_drops_the_guess():
    header = detect_header(ROWS)
    assert header.map_label("纠纷原委", "remarks")
    assert header.mapping[3] == "remarks" and header.guessed == {} and header.notes() == []


def test_a_second_name_or_id_column_is_the_other_side_and_a_field_is_taken_once():
    rows = [["登记日期", "姓名", "身份证号", "姓名", "身份证号", "备注", "备注"], ["2025.1.6", "张三", "", "李四", "", "", ""]]
    assert detect_header(rows).mapping == {0: "registered_on", 1: "applicant_name", 2: "applicant_id",
                                           3: "respondent_name", 4: "respondent_id", 5: "remarks"}


@pytest.mark.parametrize("fields, score", [
    # a header's weight: one per column, and a date column and a name column count three each
    (["seq", "registered_on", "applicant_name"], 7), (["facts", "remarks"], 2), (["registered_on"], 3),
    (["respondent_name", "facts"], 4), (["applicant_name", "respondent_name"], 4), (["registered_on", "closed_on"], 4),
])
def test_what_makes_a_row_the_header(fields, score):
    assert _score(dict(enumerate(fields))) == score



def test_a_two_row_header_under_a_title():
    # the reader fills merged cells: 序号 spans both rows, 申请人 spans two columns of the upper row
    rows = [["青山镇2025年矛盾纠纷排查调处台账"],
            ["序号", "登记日期", "申请人", "申请人", "被申请人", "纠纷情况", "调解结果"],
            ["序号", "登记日期", "姓名", "身份证号", "姓名", "纠纷情况", "调解结果", "备注"],
            [1, "2025.1.6", "张三", "110105194912310021", "李四", "因宅基地边界争执多年", "调解成功", ""]]
    header = detect_header(rows)
    assert (header.first_row, header.last_row) == (2, 3)
    assert header.labels == ["序号", "登记日期", "申请人姓名", "申请人身份证号", "被申请人姓名", "纠纷情况", "调解结果", "备注"]
    assert header.mapping == {0: "seq", 1: "registered_on", 2: "applicant_name", 3: "applicant_id", 4: "respondent_name",
                              5: "facts", 6: "outcome", 7: "remarks"}
    assert header.words == [{"序号"}, {"登记日期"}, {"申请人", "姓名", "申请人姓名"}, {"申请人", "身份证号", "申请人身份证号"},
                            {"被申请人", "姓名", "被申请人姓名"}, {"纠纷情况"}, {"调解结果"}, {"备注", ""}]
    assert header.guessed == {}
    # the same header pointed at by hand
    by_hand = header_at(rows, 2, 3)
    assert (by_hand.labels, by_hand.mapping, by_hand.words) == (header.labels, header.mapping, header.words)


def test_a_two_row_header_whose_lower_row_is_shorter():
    rows = [["登记日期", "申请人", "申请人", "申请人", "纠纷情况", "备注"],
            ["", "姓名", "电话", "住址"],
            ["2025.1.6", "张三", "13987654321", "青山村", "邻里排水沟纠纷", ""]]
    header = detect_header(rows)
    assert (header.first_row, header.last_row) == (1, 2)
    assert header.labels == ["登记日期", "申请人姓名", "申请人电话", "申请人住址", "纠纷情况", "备注"]
    assert header.mapping == {0: "registered_on", 1: "applicant_name", 2: "applicant_phone", 3: "applicant_address",
                              4: "facts", 5: "remarks"}


def test_two_words_above_make_a_header_half_one_word_does_not():
    rows = [["登记日期", "当事人", ""], ["", "姓名", "电话"], ["2025.1.6", "张三", "13987654321"]]
    header = detect_header(rows)
    assert (header.first_row, header.last_row, header.labels) == (1, 2, ["登记日期", "当事人姓名", "电话"])
    # the same two rows with nothing below them (an empty ledger) are still a two-row header
    header = detect_header(rows[:2])
    assert (header.first_row, header.last_row, header.labels) == (1, 2, ["登记日期", "当事人姓名", "电话"])
    rows = [["调解员：王五"], ["登记日期", "申请人", "纠纷情况"], ["2025.1.6", "张三", "邻里排水沟纠纷"]]
    header = detect_header(rows)
    assert (header.first_row, header.last_row, header.labels) == (2, 2, ["登记日期", "申请人", "纠纷情况"])


@pytest.mark.parametrize("first_cell", [1, 1.0, dt.date(2025, 1, 6)])
def test_a_row_with_numbers_or_dates_below_a_header_is_data_not_its_lower_half(first_cell):
    rows = [["序号", "登记日期", "申请人", "纠纷情况"], [first_cell, "姓名", "张三", "邻里排水沟纠纷"]]
    header = detect_header(rows)
    assert (header.first_row, header.last_row) == (1, 1)
    assert header.mapping == {0: "seq", 1: "registered_on", 2: "applicant_name", 3: "facts"}


@pytest.mark.parametrize("labels, found", [
    (["登记日期", "备注"], True), (["申请人", "备注"], True), (["被申请人", "备注"], True), (["纠纷情况", "备注"], True),
    (["调解结果", "备注"], False), (["登记日期"], False), (["编号", "金额", "类型", "备注"], False),
])
def test_what_counts_as_a_ledger_header(labels, found):
    assert (detect_header([labels, ["x"] * len(labels)]) is not None) == found


def test_the_header_is_looked_for_in_the_first_twenty_rows():
    header_row = ["登记日期", "申请人", "纠纷情况"]
    assert detect_header([["标题"]] * 19 + [header_row]).first_row == 20
    assert detect_header([["标题"]] * 20 + [header_row]) is None
    assert detect_header([["标题"]] * 4 + [header_row], scan=4) is None
    assert detect_header([]) is None


def test_of_two_equal_headers_the_first_is_taken():
    rows = [["登记日期", "申请人", "纠纷情况"], [45701, "张三", "邻里排水沟纠纷"], ["登记日期", "申请人", "纠纷情况"]]
    assert detect_header(rows).first_row == 1


@pytest.mark.parametrize("number", [1, 1.5, dt.date(2025, 1, 6)])
def test_a_row_with_a_number_or_date_in_any_cell_is_not_a_lower_header_half(number):
    # the upper row could carry a lower half (two header words); the row below has a number or
    # date in a column the upper row leaves empty, so only its cell type says it is data
    rows = [["登记日期", "当事人", "", ""], ["", "姓名", "电话", number], ["", "张三", "13987654321", ""]]
    header = detect_header(rows)
    assert (header.first_row, header.last_row, header.labels) == (1, 1, ["登记日期", "当事人", "", ""])
    # without the number the two rows are one header
    rows[1][3] = "人数"
    assert (detect_header(rows).first_row, detect_header(rows).last_row) == (1, 2)


def test_a_mapped_facts_column_is_not_guessed_again():
    rows = [["登记日期", "申请人", "纠纷情况", "乙"], ["2025.1.6", "张三", "邻里排水沟纠纷", "双方当事人均表示满意并签字"]]
    header = detect_header(rows)
    assert header.mapping == {0: "registered_on", 1: "applicant_name", 2: "facts"} and header.guessed == {}


def test_the_facts_column_is_guessed_from_the_rows_below_the_header_only():
    # the label 乙 (one character) would pull the average under the bound if it were counted
    rows = [["登记日期", "申请人", "乙"], ["2025.1.6", "张三", "一二三四五六七"]]
    assert detect_header(rows).guessed == {2: "facts"}
    assert header_at(rows, 1, 1).guessed == {2: "facts"}
    titled = [["某镇台账", "", "标题"]] + rows
    assert detect_header(titled).guessed == {2: "facts"} and header_at(titled, 2, 2).guessed == {2: "facts"}


def test_the_facts_column_is_guessed_from_the_first_two_hundred_rows():
    head = [["登记日期", "申请人", "乙"]]
    short = [["2025.1.6", "张三", "短"]]
    long_text = [["2025.1.6", "张三", "字" * 2000]]
    # (199 × 1 + 2000) / 200 ≈ 11 characters: free text
    assert detect_header(head + short * 199 + long_text).guessed == {2: "facts"}
    # the long text as the 201st row is not looked at: 1 character on average
    assert detect_header(head + short * 200 + long_text).guessed == {}


def test_guessing_reads_rows_of_any_length_and_leaves_subtotals_and_empty_cells_out():
    assert guess_facts_column([["一二三四五六七", "x"], ["一二三四五六七"]], [0, 1]) == 0
    assert guess_facts_column([["一二三四五六七"], ["本月合计"]], [0]) == 0
    assert guess_facts_column([["一二三四五六七"], [""], [None], ["  "]], [0]) == 0
    assert guess_facts_column([["一二三四五六七"], [123]], [0]) == 0  # half of the cells: still text
    assert guess_facts_column([["一二三四五六七"], [123], [456]], [0]) is None  # mostly numbers


@pytest.mark.parametrize("first, last, ok", [
    (1, 1, True), (1, 2, True), (3, 3, True), (2, 3, True),
    (0, 0, False), (0, 1, False), (2, 1, False), (1, 3, False), (3, 4, False), (4, 4, False),
])
def test_the_rows_a_clerk_may_point_at_as_the_header(first, last, ok):
    rows = [["登记日期", "申请人", "纠纷情况"], ["", "姓名", ""], ["登记日期", "申请人", "纠纷情况"]]
    if ok:
        assert (header_at(rows, first, last).first_row, header_at(rows, first, last).last_row) == (first, last)
    else:
        with pytest.raises(ValueError, match="表头应为一行或相邻两行"):
            header_at(rows, first, last)


def test_a_header_pointed_at_is_as_wide_as_its_own_rows():
    # the title above is wider, the lower half shorter: neither changes the labels
    rows = [["某镇台账", "", "", "", "", "制表人"], ["登记日期", "申请人", "申请人", "纠纷情况", "备注"], ["", "姓名", "电话"],
            ["2025.1.6", "张三", "13987654321", "邻里排水沟纠纷", ""]]
    assert header_at(rows, 2, 3).labels == ["登记日期", "申请人姓名", "申请人电话", "纠纷情况", "备注"]
    assert header_at(rows, 2, 2).labels == ["登记日期", "申请人", "申请人", "纠纷情况", "备注"]
    assert header_at(rows[1:], 1, 1).labels == ["登记日期", "申请人", "申请人", "纠纷情况", "备注"]
