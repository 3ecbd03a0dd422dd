"""The registration rules, one test per rule and message (domain/case_input.py): each test builds
a case that breaks exactly one rule and expects exactly that field's message. Expected values are
written by hand; ID numbers come from the domain reference or from the test's own check-digit
routine (ISO 7064 MOD 11-2), never from the code under test."""
import datetime as dt
from decimal import Decimal

import pytest

from zhongxin_desktop.domain import vocab
from zhongxin_desktop.domain.case_input import CaseInput, PartyInput, doubts, validate_case

TODAY = dt.date(2026, 11, 27)
WOMAN_1949 = "11010519491231002X"  # domain reference: born 1949-12-31, 17th digit 2 → 女
MAN_1980 = "34052419800101001X"  # born 1980-01-01, 17th digit 1 → 男


def with_check_digit(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights)) % 11]


def case(**kw) -> CaseInput:
    base = {"category": "邻里", "source": "来访", "facts": "排水沟改道引发争执", "parties": [PartyInput("张三")]}
    return CaseInput(**{**base, **kw})


def problems(c: CaseInput, today: dt.date = TODAY) -> list[tuple[str | None, str, str]]:
    found = validate_case(c, categories=vocab.CATEGORIES, sources=vocab.SOURCES, risk_levels=vocab.RISK_LEVELS,
                          today=today)
    return [(e.record, e.field, e.message) for e in found.errors]


def only(c: CaseInput, field: str, record: str | None = None) -> str:
    """The one message the case gets; it must be about ``field`` (of ``record``)."""
    got = problems(c)
    assert len(got) == 1, got
    assert got[0][:2] == (record, field), got
    return got[0][2]


def test_a_correct_case_passes_and_is_normalised():
    p = PartyInput("张三", id_number=WOMAN_1949.lower(), phone="138 1234 5678")
    c = case(parties=[p], amount="1200.5")
    assert problems(c) == []
    assert (p.id_number, p.sex, p.birth_date, p.phone) == (WOMAN_1949, "女", dt.date(1949, 12, 31), "13812345678")
    assert c.amount == Decimal("1200.5") and c.persons_involved == 1


# --- the lists ---------------------------------------------------------------------------------

def test_rule_category_must_be_chosen():
    assert only(case(category=""), "纠纷类型") == "未选择，请从列表选择"


def test_rule_category_must_be_in_the_list():
    assert only(case(category="打架"), "纠纷类型") == "“打架”不在类型列表中，请从列表选择"


def test_rule_source_must_be_chosen():
    assert only(case(source=""), "案件来源") == "未选择，请从列表选择"


def test_rule_source_must_be_in_the_list():
    assert only(case(source="路上遇到"), "案件来源") == "“路上遇到”不在来源列表中，请从列表选择"


def test_rule_risk_level_must_be_in_the_list():
    assert only(case(risk_level="紫"), "风险等级") == "应为红、橙、黄、蓝之一"


# --- facts, dates, grid sources ----------------------------------------------------------------

@pytest.mark.parametrize("facts", ["", "   ", "\u3000\u3000", "\u200b \ufeff", "\n\t"])
def test_rule_facts_must_not_be_empty(facts):
    assert only(case(facts=facts), "纠纷简要情况") == "不能为空，请简述纠纷经过"


def test_rule_registration_date_not_in_the_future():
    assert only(case(registered_on=TODAY + dt.timedelta(days=1)), "登记日期") == "不能晚于今天"
    assert problems(case(registered_on=TODAY)) == []


def test_rule_grid_source_needs_a_grid():
    assert only(case(source="网格员上报", reporter_name="王网格"), "网格") == "网格员或联户长上报的案件须选择所属网格"


def test_rule_grid_source_needs_a_reporter():
    assert only(case(source="联户长报告", grid_id="g1"), "上报人") == "网格员或联户长上报的案件须填写上报人姓名"
    assert only(case(source="联户长报告", grid_id="g1", reporter_name="　"), "上报人")


# --- amounts -----------------------------------------------------------------------------------

@pytest.mark.parametrize("amount", ["-0.01", -1])
def test_rule_amount_not_negative(amount):
    assert only(case(amount=amount), "涉及金额") == "不能为负数"


@pytest.mark.parametrize("amount", ["1000000000000", Decimal("1e12"), 10 ** 13, "Infinity"])
def test_rule_amount_not_too_large(amount):
    message = only(case(amount=amount), "涉及金额")
    assert message in ("数额过大，请核对（单位：元）", "“Infinity”不是有效的数字（单位：元）")


def test_rule_amount_just_below_the_bound_passes():
    c = case(amount="999999999999.99")
    assert problems(c) == [] and c.amount == Decimal("999999999999.99")


def test_rule_no_amount_is_zero():
    for nothing in ("", " ", None, 0):
        c = case(amount=nothing)
        assert problems(c) == [] and c.amount == 0


@pytest.mark.parametrize("amount", ["三千", "12,00", "NaN"])
def test_rule_amount_must_be_a_number(amount):
    assert only(case(amount=amount), "涉及金额") == f"“{amount}”不是有效的数字（单位：元）"


@pytest.mark.parametrize("amount", ["3000.505", "0.001", 0.125])
def test_rule_amount_at_most_two_decimals(amount):
    assert only(case(amount=amount), "涉及金额") == f"“{amount}”超过两位小数：金额最小到分，请核对"


@pytest.mark.parametrize("amount", [True, [1200], {"yuan": 1}, (1200,)])
def test_rule_amount_is_a_number_not_another_type(amount):
    assert only(case(amount=amount), "涉及金额").startswith("应为数字（单位：元），现为")


# --- counts and prevention flags ----------------------------------------------------------------

@pytest.mark.parametrize("field, label", [("persons_involved", "涉及人数"), ("prevent_criminal_persons", "防止民转刑人数"),
                                          ("prevent_petition_persons", "防止群体性上访人数"),
                                          ("prevent_suicide_persons", "防止自杀人数")])
def test_rule_counts_not_negative(field, label):
    got = problems(case(**{field: -1}))
    assert (None, label, "不能为负数") in got


def test_rule_persons_at_least_one():
    assert only(case(persons_involved=0), "涉及人数") == "至少为1人"
    assert problems(case(persons_involved=1)) == []


@pytest.mark.parametrize("flag, label", [("prevent_criminal", "防止民转刑人数"), ("prevent_petition", "防止群体性上访人数"),
                                         ("prevent_suicide", "防止自杀人数")])
def test_rule_prevention_flag_needs_persons(flag, label):
    assert only(case(**{flag: True}), label) == "已勾选此项，请填写涉及人数（至少1人）"
    assert problems(case(**{flag: True, f"{flag}_persons": 1})) == []


@pytest.mark.parametrize("flag, label", [("prevent_criminal", "防止民转刑人数"), ("prevent_petition", "防止群体性上访人数"),
                                         ("prevent_suicide", "防止自杀人数")])
def test_rule_persons_need_the_prevention_flag(flag, label):
    assert only(case(**{f"{flag}_persons": 2}), label) == "填写了人数但未勾选此项，请勾选或把人数改为0"
    assert only(case(**{f"{flag}_persons": 1}), label) == "填写了人数但未勾选此项，请勾选或把人数改为0"
    assert problems(case(**{f"{flag}_persons": 0})) == []


@pytest.mark.parametrize("field, label", [("persons_involved", "涉及人数"), ("prevent_suicide_persons", "防止自杀人数")])
@pytest.mark.parametrize("value", ["3", 2.0, True, [3]])
def test_rule_counts_are_integers_not_coerced(field, label, value):
    assert only(case(**{field: value}), label).startswith("应为整数，现为")


@pytest.mark.parametrize("value", ["是", 1, None])
def test_rule_flags_are_true_or_false(value):
    assert only(case(is_group=value), "是否群体性").startswith("应为“是”或“否”（true/false），现为")


# --- parties -----------------------------------------------------------------------------------

def test_rule_at_least_one_party():
    assert only(case(parties=[]), "当事人") == "至少登记一名当事人"


def test_rule_respondent_needs_an_applicant():
    assert only(case(parties=[PartyInput("李四", role="被申请人")]), "当事人") == "有被申请人时须有申请人"
    assert problems(case(parties=[PartyInput("张三"), PartyInput("李四", role="被申请人")])) == []
    assert problems(case(parties=[PartyInput("张三", role="当事人")])) == []


def test_rule_party_name_required():
    assert only(case(parties=[PartyInput("　")]), "姓名/名称", "第1个当事人") == "不能为空"


def test_rule_party_role_in_the_list():
    assert only(case(parties=[PartyInput("张三", role="证人")]), "身份", "第1个当事人") == "应为申请人、被申请人、当事人之一"


def test_rule_party_kind_natural_or_legal():
    assert only(case(parties=[PartyInput("张三", kind="group")]), "类别", "第1个当事人") == \
        "应为自然人（natural）或法人（legal）"


def test_rule_legal_person_needs_a_representative():
    legal = PartyInput("青山建筑公司", kind="legal")
    assert only(case(parties=[legal]), "法定代表人", "第1个当事人") == "法人或其他组织须填写法定代表人或负责人"
    assert problems(case(parties=[PartyInput("青山建筑公司", kind="legal", legal_rep="王经理")])) == []


def test_rule_id_number_must_be_valid():
    message = only(case(parties=[PartyInput("张三", id_number="110105194912310021")]), "身份证号", "第1个当事人")
    assert message == "校验位不符，请逐位核对号码"


def test_rule_sex_must_match_the_id_number():
    p = PartyInput("张三", sex="男", id_number=WOMAN_1949)
    assert only(case(parties=[p]), "性别", "第1个当事人") == "与身份证号不符（号码显示为女），请核对"
    assert problems(case(parties=[PartyInput("李四", sex="男", id_number=MAN_1980)])) == []


@pytest.mark.parametrize("digit, sex", [(str(d), "男" if d % 2 else "女") for d in range(10)])
def test_rule_sex_comes_from_the_17th_digit(digit, sex):
    p = PartyInput("张三", id_number=with_check_digit("3405241980010100" + digit))
    assert problems(case(parties=[p])) == [] and p.sex == sex


def test_rule_birth_date_must_match_the_id_number():
    p = PartyInput("张三", id_number=WOMAN_1949, birth_date=dt.date(1950, 1, 1))
    assert only(case(parties=[p]), "出生日期", "第1个当事人") == "与身份证号不符（号码显示为1949-12-31）"


def test_rule_sex_is_male_or_female():
    assert only(case(parties=[PartyInput("张三", sex="未知")]), "性别", "第1个当事人") == "应为“男”或“女”"


def test_rule_birth_date_not_in_the_future():
    p = PartyInput("张三", birth_date=TODAY + dt.timedelta(days=1))
    assert only(case(parties=[p]), "出生日期", "第1个当事人") == "不能晚于今天"
    assert problems(case(parties=[PartyInput("张三", birth_date=TODAY)])) == []


def test_rule_phone_must_be_valid():
    assert only(case(parties=[PartyInput("张三", phone="1381234567")]), "联系电话", "第1个当事人") == \
        "手机号应为11位（现为10位）"


def test_rule_agent_phone_must_be_valid():
    p = PartyInput("张三", agent_name="王律师", agent_phone="12")
    assert only(case(parties=[p]), "代理人电话", "第1个当事人") == "手机号应为11位（现为2位）"


def test_rule_agent_phone_needs_an_agent_name():
    p = PartyInput("张三", agent_phone="13812345678")
    assert only(case(parties=[p]), "代理人", "第1个当事人") == "填写了代理人电话，请同时填写代理人姓名"


def test_rule_second_party_is_named_in_the_message():
    c = case(parties=[PartyInput("张三"), PartyInput("李四", role="被申请人", phone="999")])
    assert [(r, f) for r, f, _ in problems(c)] == [("第2个当事人", "联系电话")]


# --- what the program can carry (text_rules) ---------------------------------------------------

@pytest.mark.parametrize("bad, name", [("\x00", "NUL"), ("\x1b[31m", "ESC"), ("\x07", "U+0007"), ("\x7f", "DEL"),
                                       ("\x85", "U+0085"), ("\x9b", "U+009B")])
def test_rule_no_control_characters_in_a_name(bad, name):
    message = only(case(parties=[PartyInput(f"张{bad}三")]), "姓名/名称", "第1个当事人")
    assert message.startswith(f"含有控制字符 {name}") and "第2个字符" in message


@pytest.mark.parametrize("bad", ["\t", "\n", "\r"])
def test_rule_short_fields_take_no_tab_or_line_break(bad):
    message = only(case(source_detail=f"工单{bad}123"), "来源说明")
    assert "这一项不能换行或含制表符" in message


def test_rule_long_text_may_have_tabs_and_line_breaks_but_no_other_control():
    assert problems(case(facts="第一段\r\n第二段\t续", claims="一、赔偿\n二、道歉")) == []
    assert only(case(facts="经过\x1b[2J清屏"), "纠纷简要情况").startswith("含有控制字符 ESC（转义符）（第3个字符）")


def test_rule_no_lone_surrogates():
    message = only(case(facts="噪音\ud800扰民"), "纠纷简要情况")
    assert message == "含有无法保存的残缺字符（不成对的代理码位），请删除后重新输入这一项"
    assert problems(case(parties=[PartyInput("𠮷三")])) == []  # a real character outside the BMP is fine


@pytest.mark.parametrize("field, label, limit", [
    ("facts", "纠纷简要情况", 20_000), ("claims", "申请事项", 5_000), ("source_detail", "来源说明", 200),
    ("reporter_name", "上报人", 100), ("instructions", "交办要求", 5_000), ("external_ref", "外部编号", 200),
])
def test_rule_case_text_lengths(field, label, limit):
    assert problems(case(**{field: "情" * limit})) == [] or field == "reporter_name"
    assert only(case(**{field: "情" * (limit + 1)}), label) == f"太长：{limit + 1}个字，最多{limit}个，请精简"


@pytest.mark.parametrize("field, label, limit", [
    ("name", "姓名/名称", 100), ("address", "单位或住址", 300), ("occupation", "职业或职务", 100),
    ("ethnicity", "民族", 20), ("legal_rep", "法定代表人", 100), ("contact", "联系人", 100),
])
def test_rule_party_text_lengths(field, label, limit):
    assert only(case(parties=[PartyInput(**{"name": "张三", field: "字" * (limit + 1)})]), label, "第1个当事人") == \
        f"太长：{limit + 1}个字，最多{limit}个，请精简"


def test_rule_two_million_characters_of_facts_are_refused():
    assert only(case(facts="噪" * 2_000_000), "纠纷简要情况") == "太长：2000000个字，最多20000个，请精简"


@pytest.mark.parametrize("value, kind", [(["张三"], "列表（[...]）"), ({"name": "张三"}, "对象（{...}）"), (12, "数字 12"),
                                         (True, "真假值（true/false）")])
def test_rule_text_fields_are_text_not_coerced(value, kind):
    assert only(case(parties=[PartyInput(value)]), "姓名/名称", "第1个当事人") == f"应为文字，现为{kind}（JSON 中请加引号）"


def test_rule_dates_are_dates_not_numbers():
    assert only(case(registered_on=20261127), "登记日期") == "应为日期，现为数字 20261127"
    assert only(case(registered_on="2026-11-27"), "登记日期") == "应为日期，现为str"
    assert only(case(parties=[PartyInput("张三", birth_date=19800101)]), "出生日期", "第1个当事人") == \
        "应为日期，现为数字 19800101"


def test_rule_parties_are_a_list_of_parties():
    assert only(case(parties={"name": "张三"}), "当事人") == "应为当事人列表，现为对象（{...}）"
    assert only(case(parties=["张三"]), "当事人", "第1个当事人") == "应为当事人对象，现为str"
    assert only(case(parties=[PartyInput("张三")] * 201), "当事人").startswith("一件案件最多登记200名当事人")


# --- doubts: allowed, but confirmed by the clerk -----------------------------------------------

def test_doubt_registration_before_1949():
    c = case(registered_on=dt.date(1948, 5, 1))
    assert problems(c) == []
    assert [(d.field, d.message) for d in doubts(c)] == [("登记日期", "1948-05-01早于1949年10月1日，请核对年份")]
    assert doubts(case(registered_on=dt.date(1949, 10, 1))) == []


def test_doubt_birth_before_1900():
    c = case(parties=[PartyInput("张三", birth_date=dt.date(1899, 12, 31))])
    assert [(d.record, d.field) for d in doubts(c)] == [("第1个当事人", "出生日期")]
    assert doubts(case(parties=[PartyInput("张三", birth_date=dt.date(1900, 1, 1))])) == []


@pytest.mark.parametrize("prefix, doubtful", [("990101", True), ("000101", True), ("101010", True), ("520102", False),
                                              ("650102", False), ("810000", False), ("710000", False)])
def test_doubt_id_number_of_no_province(prefix, doubtful):
    number = with_check_digit(prefix + "19800101001")
    c = case(parties=[PartyInput("张三", id_number=number)])
    assert problems(c) == []
    found = doubts(c)
    assert bool(found) == doubtful
    if doubtful:
        assert found[0].message == f"前两位“{prefix[:2]}”不是任何省份的行政区划代码，请核对号码"


def errors(c: CaseInput):
    return validate_case(c, categories=vocab.CATEGORIES, sources=vocab.SOURCES, risk_levels=vocab.RISK_LEVELS,
                         today=TODAY).errors


def test_errors_carry_machine_keys_for_the_form():
    """Which party and which field, as the form needs them, without reading the Chinese text back."""
    bad_id = MAN_1980[:-1] + ("0" if MAN_1980[-1] != "0" else "1")
    c = case(facts=" ", amount="-3", parties=[PartyInput("张三"), PartyInput("李四", role="被申请人", id_number=bad_id),
                                               PartyInput("", role="当事人")])
    keyed = {(e.party, e.key) for e in errors(c)}
    assert {(None, "facts"), (None, "amount"), (1, "id_number"), (2, "name")} <= keyed
    assert all(e.key for e in errors(c))


def test_a_text_of_the_wrong_shape_is_keyed_too():
    keyed = {(e.party, e.key) for e in errors(case(parties=[PartyInput("张三", phone=123)], persons_involved="两"))}
    assert keyed == {(0, "phone"), (None, "persons_involved")}


def test_doubts_name_the_party_by_index():
    old = with_check_digit("11010518990101001")
    found = doubts(case(parties=[PartyInput("张三"), PartyInput("李四", id_number=old, birth_date=dt.date(1899, 1, 1))]))
    assert {(e.party, e.key) for e in found} == {(1, "birth_date")}


def test_date_errors_are_keyed_by_their_field():
    c = case(registered_on=TODAY + dt.timedelta(days=1),
             parties=[PartyInput("张三", birth_date=TODAY + dt.timedelta(days=1))])
    assert {(e.party, e.key) for e in errors(c)} == {(None, "registered_on"), (0, "birth_date")}


def test_case_errors_are_keyed_by_their_field():
    late = case(registered_on=dt.date(2026, 11, 20), due_on=dt.date(2026, 11, 19))
    assert {(e.field, e.key) for e in errors(late)} == {("办结期限", "due_on")}
    assert {(e.field, e.key) for e in errors(case(parties=[]))} == {("当事人", "parties")}


def test_a_doubtful_id_names_its_party_by_index():
    foreign_province = "99" + MAN_1980[2:]  # 99 is no province of GB/T 2260
    found = doubts(case(parties=[PartyInput("张三"), PartyInput("李四", id_number=foreign_province)]))
    assert {(e.party, e.key) for e in found} == {(1, "id_number")}


def test_a_party_that_is_no_party_record_is_keyed_to_the_party_not_to_a_field():
    """The form marks the second party as a whole: no one field of it is wrong, and the
    case's own 当事人 list (key parties) is not the place either."""
    found = errors(case(parties=[PartyInput("张三"), "李四"]))
    assert [(e.record, e.field, e.party, e.key) for e in found] == [("第2个当事人", "当事人", 1, "")]
