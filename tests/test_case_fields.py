"""Every text field of a registration, by its label: the most characters it takes and whether it
may hold line breaks (the long texts of a case do, nothing else does). The table below is the
form's design written out by hand; each row is tried at its bound, one over it, and with a line
break. A field that breaks its shape stops the check before the registration rules."""
import datetime as dt

import pytest

from zhongxin_desktop.domain import vocab
from zhongxin_desktop.domain.case_input import CaseInput, PartyInput, doubts, validate_case

# field, label, most characters, line breaks allowed
CASE_FIELDS = [
    ("category", "纠纷类型", 50, False), ("source", "案件来源", 50, False), ("facts", "纠纷简要情况", 20_000, True),
    ("claims", "申请事项", 5_000, True), ("source_detail", "来源说明", 200, False), ("reporter_name", "上报人", 100, False),
    ("risk_level", "风险等级", 10, False), ("external_ref", "外部编号", 200, False),
    ("instructions", "交办要求", 5_000, True), ("village_id", "村（社区）", 64, False), ("grid_id", "网格", 64, False),
    ("mediator_id", "调解员", 64, False),
]
PARTY_FIELDS = [
    ("name", "姓名/名称", 100), ("role", "身份", 10), ("kind", "类别", 10), ("sex", "性别", 2), ("ethnicity", "民族", 20),
    ("occupation", "职业或职务", 100), ("address", "单位或住址", 300), ("phone", "联系电话", 30),
    ("id_number", "身份证号", 30), ("legal_rep", "法定代表人", 100), ("contact", "联系人", 100),
    ("agent_name", "代理人", 100), ("agent_phone", "代理人电话", 30), ("agent_kind", "代理人类别", 20),
    ("credit_code", "统一社会信用代码", 30), ("legal_rep_title", "法定代表人职务", 100),
]
LINE_BREAK = "（这一项不能换行或含制表符）"


def messages(**kw) -> list[tuple[str | None, str, str]]:
    base = {"category": "邻里", "source": "来访", "facts": "排水沟改道引发争执", "parties": [PartyInput("张三")]}
    found = validate_case(CaseInput(**{**base, **kw}), categories=vocab.CATEGORIES, sources=vocab.SOURCES,
                          risk_levels=vocab.RISK_LEVELS)
    return [(e.record, e.field, e.message) for e in found.errors]


def party(**kw) -> list[tuple[str | None, str, str]]:
    return messages(parties=[PartyInput(**{"name": "张三", **kw})])


@pytest.mark.parametrize("key, label, limit, lines", CASE_FIELDS)
def test_case_field_bound(key, label, limit, lines):
    assert not [m for m in messages(**{key: "字" * limit}) if m[2].startswith("太长")]
    # over the bound: that one message, and the rules (the list of categories …) are not looked at
    assert messages(**{key: "字" * (limit + 1)}) == [(None, label, f"太长：{limit + 1}个字，最多{limit}个，请精简")]


@pytest.mark.parametrize("key, label, limit, lines", CASE_FIELDS)
def test_case_field_line_breaks(key, label, limit, lines):
    got = [m for m in messages(**{key: "甲\n乙"}) if m[2].startswith("含有控制字符")]
    expected = [] if lines else [(None, label, f"含有控制字符 换行（第2个字符）{LINE_BREAK}，请删除")]
    assert got == expected


@pytest.mark.parametrize("key, label, limit", PARTY_FIELDS)
def test_party_field_bound(key, label, limit):
    assert not [m for m in party(**{key: "字" * limit}) if m[2].startswith("太长")]
    assert party(**{key: "字" * (limit + 1)}) == [("第1个当事人", label, f"太长：{limit + 1}个字，最多{limit}个，请精简")]


@pytest.mark.parametrize("key, label, limit", PARTY_FIELDS)
def test_no_party_field_takes_a_line_break(key, label, limit):
    assert party(**{key: "甲\t"}) == [("第1个当事人", label, f"含有控制字符 制表符（第2个字符）{LINE_BREAK}，请删除")]


def test_every_party_is_checked_and_named_by_its_place():
    got = messages(parties=[PartyInput("张三"), PartyInput("李\x00四"), PartyInput("王五", phone="1" * 31)])
    assert got == [("第2个当事人", "姓名/名称", "含有控制字符 NUL（空字符）（第2个字符），请删除"),
                   ("第3个当事人", "联系电话", "太长：31个字，最多30个，请精简")]


@pytest.mark.parametrize("key, label", [("persons_involved", "涉及人数"), ("prevent_criminal_persons", "防止民转刑人数"),
                                        ("prevent_petition_persons", "防止群体性上访人数"),
                                        ("prevent_suicide_persons", "防止自杀人数")])
def test_counts_are_whole_numbers(key, label):
    for value, kind in (("3", "str"), (2.0, "数字 2.0"), (True, "真假值（true/false）")):
        assert messages(**{key: value}) == [(None, label, f"应为整数，现为{kind}")]


@pytest.mark.parametrize("key, label", [("is_group", "是否群体性"), ("prevent_criminal", "防止民转刑"),
                                        ("prevent_petition", "防止群体性上访"), ("prevent_suicide", "防止自杀")])
def test_flags_are_yes_or_no(key, label):
    for value, kind in ((1, "数字 1"), ("是", "str"), (None, "NoneType")):
        assert messages(**{key: value}) == [(None, label, f"应为“是”或“否”（true/false），现为{kind}")]


def test_registration_dates_before_the_founding_are_doubted_from_the_day_before():
    def doubted(day):
        c = CaseInput("邻里", "来访", "排水沟", [PartyInput("张三")], registered_on=day)
        return [d.message for d in doubts(c)]

    assert doubted(dt.date(1949, 9, 30)) == ["1949-09-30早于1949年10月1日，请核对年份"]
    assert doubted(dt.date(1949, 10, 1)) == []
    assert doubted(None) == []


# GB/T 2260: the provinces by name (first two digits of an ID number), and 83 of the residence
# permits of Taiwan residents
PROVINCES = {"11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古", "21": "辽宁", "22": "吉林",
             "23": "黑龙江", "31": "上海", "32": "江苏", "33": "浙江", "34": "安徽", "35": "福建", "36": "江西",
             "37": "山东", "41": "河南", "42": "湖北", "43": "湖南", "44": "广东", "45": "广西", "46": "海南",
             "50": "重庆", "51": "四川", "52": "贵州", "53": "云南", "54": "西藏", "61": "陕西", "62": "甘肃",
             "63": "青海", "64": "宁夏", "65": "新疆", "71": "台湾", "81": "香港", "82": "澳门", "83": "台湾居民居住证",
             # foreigners' permanent residence cards: 9 and the first digit of the issuing province
             "91": "永居证（北京）", "92": "永居证（辽宁）", "93": "永居证（上海）"}


def _id_doubts(first_two: str) -> list[str]:
    c = CaseInput("邻里", "来访", "排水沟", [PartyInput("张三", id_number=first_two + "0105194912310021")])
    return [d.message for d in doubts(c)]


@pytest.mark.parametrize("code", sorted(PROVINCES))
def test_an_id_number_of_a_province_is_not_doubted(code):
    assert _id_doubts(code) == []


@pytest.mark.parametrize("code", ["00", "10", "16", "20", "24", "30", "38", "40", "47", "49", "55", "60", "66", "70",
                                  "72", "80", "84", "90", "99"])
def test_an_id_number_of_no_province_is_doubted(code):
    assert _id_doubts(code) == [f"前两位“{code}”不是任何省份的行政区划代码，请核对号码"]


def test_what_a_case_with_only_the_required_fields_is_registered_as():
    c = CaseInput("邻里", "来访", "排水沟", [PartyInput("张三"), PartyInput("李四", role="被申请人")])
    assert messages(parties=c.parties) == []
    validate_case(c, categories=vocab.CATEGORIES, sources=vocab.SOURCES, risk_levels=vocab.RISK_LEVELS)
    assert (c.amount, c.risk_level, c.persons_involved, c.registered_on, c.due_on) == (0, "黄", 2, None, None)
    assert not any((c.is_group, c.prevent_criminal, c.prevent_petition, c.prevent_suicide))
    assert (c.prevent_criminal_persons, c.prevent_petition_persons, c.prevent_suicide_persons) == (0, 0, 0)
    p = PartyInput("张三")
    assert (p.role, p.kind, p.sex, p.ethnicity, p.birth_date) == ("申请人", "natural", "", "汉族", None)


def test_too_many_parties_stops_the_check_before_the_rules():
    assert messages(category="", parties=[PartyInput("张三")] * 201) == [
        (None, "当事人", "一件案件最多登记200名当事人（现为201名），群体性纠纷请登记代表人")]
    assert messages(category="", parties=[PartyInput("张三")] * 200) == [(None, "纠纷类型", "未选择，请从列表选择")]


def test_a_credit_code_belongs_to_a_legal_person_and_must_be_right():
    legal = {"kind": "legal", "legal_rep": "王五"}
    assert party(**legal, credit_code="91350100m000100y43") == []
    assert party(**legal, credit_code="91350100M000100Y44") == [
        ("第1个当事人", "统一社会信用代码", "校验位不符，可能抄错了某一位，请按营业执照或登记证书核对")]
    assert party(credit_code="91350100M000100Y43") == [
        ("第1个当事人", "统一社会信用代码", "自然人没有统一社会信用代码，请把类别改为法人或其他组织，或清空此项")]


def test_a_deadline_may_fall_on_the_day_of_registration_not_before():
    day = dt.date(2026, 3, 5)
    assert messages(registered_on=day, due_on=day) == []
    assert messages(registered_on=day, due_on=day - dt.timedelta(days=1)) == [
        (None, "办结期限", "不能早于登记日期，请按来件写明的期限填写，或留空按纠纷类型自动计算")]
    # no registration date: the case is registered today
    assert messages(due_on=dt.date.today()) == []
    assert messages(due_on=dt.date.today() - dt.timedelta(days=1))[0][1] == "办结期限"


def test_an_unticked_measure_without_a_count_is_fine():
    assert messages(prevent_criminal_persons=None, prevent_petition_persons=None, prevent_suicide_persons=None) == []


def test_a_case_without_parties_counts_one_person_involved():
    c = CaseInput("邻里", "来访", "排水沟", [])
    errors = validate_case(c, categories=vocab.CATEGORIES, sources=vocab.SOURCES, risk_levels=vocab.RISK_LEVELS)
    assert [(e.field, e.message) for e in errors.errors] == [("当事人", "至少登记一名当事人")]
    assert c.persons_involved == 1
