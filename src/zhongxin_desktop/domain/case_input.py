"""What a registration form or a JSON record carries, and its validation (pure).

Every way in (the form, ``cases add --json``, imports) goes through ``validate_case``: first the
shape (each field of its type, text the program can carry, within its length), then the rules of
registration. ``doubts`` lists what is allowed but must be confirmed (a date before 1949, an ID
number of no province)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from zhongxin_desktop.domain import credit_code, idnumber, phone, vocab
from zhongxin_desktop.domain.errors import Collector, FieldError
from zhongxin_desktop.domain.text_rules import blank, check_text, kind_of, shown

# field → (label, most characters, may hold line breaks)
CASE_TEXT = {
    "category": ("纠纷类型", 50, False), "source": ("案件来源", 50, False), "facts": ("纠纷简要情况", 20_000, True),
    "claims": ("申请事项", 5_000, True), "source_detail": ("来源说明", 200, False),
    "reporter_name": ("上报人", 100, False), "risk_level": ("风险等级", 10, False),
    "external_ref": ("外部编号", 200, False), "instructions": ("交办要求", 5_000, True),
    "village_id": ("村（社区）", 64, False), "grid_id": ("网格", 64, False), "mediator_id": ("调解员", 64, False),
}
PARTY_TEXT = {
    "name": ("姓名/名称", 100, False), "role": ("身份", 10, False), "kind": ("类别", 10, False),
    "sex": ("性别", 2, False), "ethnicity": ("民族", 20, False), "occupation": ("职业或职务", 100, False),
    "address": ("单位或住址", 300, False), "phone": ("联系电话", 30, False), "id_number": ("身份证号", 30, False),
    "legal_rep": ("法定代表人", 100, False), "contact": ("联系人", 100, False), "agent_name": ("代理人", 100, False),
    "agent_phone": ("代理人电话", 30, False), "agent_kind": ("代理人类别", 20, False),
    "credit_code": ("统一社会信用代码", 30, False), "legal_rep_title": ("法定代表人职务", 100, False),
}
CASE_COUNTS = {"persons_involved": "涉及人数", "prevent_criminal_persons": "防止民转刑人数",
               "prevent_petition_persons": "防止群体性上访人数", "prevent_suicide_persons": "防止自杀人数"}
CASE_FLAGS = {"is_group": "是否群体性", "prevent_criminal": "防止民转刑", "prevent_petition": "防止群体性上访",
              "prevent_suicide": "防止自杀"}
# label → the input's field name, for the machine key of an error (FieldError.key)
CASE_KEYS = {**{label: key for key, (label, _, _) in CASE_TEXT.items()}, **{v: k for k, v in CASE_COUNTS.items()},
             **{v: k for k, v in CASE_FLAGS.items()}, "登记日期": "registered_on", "涉及金额": "amount",
             "办结期限": "due_on", "当事人": "parties"}
PARTY_KEYS = {**{label: key for key, (label, _, _) in PARTY_TEXT.items()}, "出生日期": "birth_date"}
MAX_PARTIES = 200
MAX_AMOUNT = Decimal("1e12")  # yuan; the column holds 12 digits before the point
EARLIEST_REGISTRATION = dt.date(1949, 10, 1)
EARLIEST_BIRTH = dt.date(1900, 1, 1)
# GB/T 2260 provinces (and 83: Taiwan residents' permits, 9x: foreigners' permanent residence cards).
PROVINCES = frozenset({"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
                       "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
                       "65", "71", "81", "82", "83", "91", "92", "93"})


@dataclass
class PartyInput:
    name: str
    role: str = "申请人"  # 申请人 / 被申请人 / 当事人
    kind: str = "natural"  # natural / legal
    sex: str = ""
    ethnicity: str = "汉族"
    birth_date: dt.date | None = None
    occupation: str = ""
    address: str = ""
    phone: str = ""
    id_number: str = ""
    legal_rep: str = ""
    contact: str = ""
    agent_name: str = ""
    agent_phone: str = ""
    agent_kind: str = ""
    credit_code: str = ""  # 统一社会信用代码 of a legal person (GB 32100)
    legal_rep_title: str = ""  # 职务 of the 法定代表人/负责人


@dataclass
class CaseInput:
    category: str
    source: str
    facts: str
    parties: list[PartyInput] = field(default_factory=list)
    registered_on: dt.date | None = None
    claims: str = ""
    source_detail: str = ""
    reporter_name: str = ""
    village_id: str | None = None
    grid_id: str | None = None
    persons_involved: int | None = None
    amount: Decimal | str | float | int = 0
    risk_level: str = "黄"
    is_group: bool = False
    prevent_criminal: bool = False
    prevent_criminal_persons: int = 0
    prevent_petition: bool = False
    prevent_petition_persons: int = 0
    prevent_suicide: bool = False
    prevent_suicide_persons: int = 0
    mediator_id: str | None = None
    external_ref: str | None = None
    instructions: str = ""
    # a deadline set by whoever sent the case (county 交办, 12345, 110, court, 信访): it governs; the
    # category's days only fill in at 受理 when none was given
    due_on: dt.date | None = None


def _shape_party(p, errors: Collector, where: str) -> bool:
    if not isinstance(p, PartyInput):
        errors.add("当事人", f"应为当事人对象，现为{kind_of(p)}", where)
        return False
    ok = all([check_text(errors, label, getattr(p, key), where, limit=limit, multiline=lines)
              for key, (label, limit, lines) in PARTY_TEXT.items()])
    if p.birth_date is not None and (not isinstance(p.birth_date, dt.date) or isinstance(p.birth_date, dt.datetime)):
        errors.add("出生日期", f"应为日期，现为{kind_of(p.birth_date)}", where)
        ok = False
    return ok


def _shape_case(c: CaseInput, errors: Collector) -> bool:
    """Every field of the type it must have, and text the program can carry. Checked before the
    rules, which may then rely on the types."""
    ok = all([check_text(errors, label, getattr(c, key), limit=limit, multiline=lines)
              for key, (label, limit, lines) in CASE_TEXT.items()])
    for key, label in CASE_COUNTS.items():
        value = getattr(c, key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            errors.add(label, f"应为整数，现为{kind_of(value)}")
            ok = False
    for key, label in CASE_FLAGS.items():
        if not isinstance(getattr(c, key), bool):
            errors.add(label, f"应为“是”或“否”（true/false），现为{kind_of(getattr(c, key))}")
            ok = False
    if c.registered_on is not None and (not isinstance(c.registered_on, dt.date)
                                        or isinstance(c.registered_on, dt.datetime)):
        errors.add("登记日期", f"应为日期，现为{kind_of(c.registered_on)}")
        ok = False
    if c.amount is not None and (isinstance(c.amount, bool) or not isinstance(c.amount, (Decimal, int, float, str))):
        errors.add("涉及金额", f"应为数字（单位：元），现为{kind_of(c.amount)}")
        ok = False
    if not isinstance(c.parties, list):
        errors.add("当事人", f"应为当事人列表，现为{kind_of(c.parties)}")
        return False
    if len(c.parties) > MAX_PARTIES:
        errors.add("当事人", f"一件案件最多登记{MAX_PARTIES}名当事人（现为{len(c.parties)}名），群体性纠纷请登记代表人")
        ok = False
    return all([_party_keyed(errors, i - 1, lambda: _shape_party(p, errors, f"第{i}个当事人"))
                for i, p in enumerate(c.parties, start=1)]) and ok


def _party_keyed(errors: Collector, party: int, check):
    """Run ``check``; the errors it adds get the party's index and their field's key."""
    start = len(errors.errors)
    result = check()
    for e in errors.errors[start:]:
        e.party, e.key = party, PARTY_KEYS.get(e.field, "")
    return result


def _case_keyed(errors: list[FieldError]) -> None:
    for e in errors:
        if e.party is None and not e.key:
            e.key = CASE_KEYS.get(e.field, "")


def _amount(value, errors: Collector) -> Decimal | None:
    try:
        amount = Decimal((value.strip() or "0") if isinstance(value, str) else str(value or 0))
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        errors.add("涉及金额", f"“{shown(value)}”不是有效的数字（单位：元）")
        return None
    if amount < 0:
        errors.add("涉及金额", "不能为负数")
    elif amount >= MAX_AMOUNT:
        errors.add("涉及金额", "数额过大，请核对（单位：元）")
    elif amount != amount.quantize(Decimal("0.01")):
        errors.add("涉及金额", f"“{shown(value)}”超过两位小数：金额最小到分，请核对")
    return amount


def validate_party(p: PartyInput, errors: Collector, where: str, today: dt.date) -> None:
    if blank(p.name):
        errors.add("姓名/名称", "不能为空", where)
    if p.role not in vocab.PARTY_ROLES:
        errors.add("身份", f"应为{'、'.join(vocab.PARTY_ROLES)}之一", where)
    if p.kind not in vocab.PARTY_KINDS:
        errors.add("类别", "应为自然人（natural）或法人（legal）", where)
    if p.id_number:
        info, reason = idnumber.validate(p.id_number, today)
        if reason:
            errors.add("身份证号", reason, where)
        else:
            p.id_number = info.number
            p.birth_date = p.birth_date or info.birth_date
            if p.sex and p.sex != info.sex:
                errors.add("性别", f"与身份证号不符（号码显示为{info.sex}），请核对", where)
            p.sex = info.sex
            if p.birth_date != info.birth_date:
                errors.add("出生日期", f"与身份证号不符（号码显示为{info.birth_date.isoformat()}）", where)
    if p.phone:
        reason = phone.validate(p.phone)
        if reason:
            errors.add("联系电话", reason, where)
        else:
            p.phone = phone.normalize(p.phone)
    if p.agent_phone:
        reason = phone.validate(p.agent_phone)
        if reason:
            errors.add("代理人电话", reason, where)
        else:
            p.agent_phone = phone.normalize(p.agent_phone)
    if p.agent_phone and blank(p.agent_name):
        errors.add("代理人", "填写了代理人电话，请同时填写代理人姓名", where)
    if p.sex and p.sex not in vocab.SEXES:
        errors.add("性别", "应为“男”或“女”", where)
    if p.birth_date and p.birth_date > today:
        errors.add("出生日期", "不能晚于今天", where)
    if p.kind == "legal" and blank(p.legal_rep):
        errors.add("法定代表人", "法人或其他组织须填写法定代表人或负责人", where)
    if p.credit_code:
        p.credit_code, reason = credit_code.validate(p.credit_code)
        if reason:
            errors.add("统一社会信用代码", reason, where)
        elif p.kind != "legal":
            errors.add("统一社会信用代码", "自然人没有统一社会信用代码，请把类别改为法人或其他组织，或清空此项", where)


def validate_case(c: CaseInput, *, categories: list[str], sources: list[str], risk_levels: list[str],
                  today: dt.date | None = None) -> Collector:
    """Check every field; normalise in place (ID numbers upper-cased, phones folded). Returns the
    collector so a form can show every problem at once."""
    today = today or dt.date.today()
    errors = Collector()
    if not _shape_case(c, errors):
        _case_keyed(errors.errors)
        return errors
    if not c.category:
        errors.add("纠纷类型", "未选择，请从列表选择")
    elif c.category not in categories:
        errors.add("纠纷类型", f"“{c.category}”不在类型列表中，请从列表选择")
    if not c.source:
        errors.add("案件来源", "未选择，请从列表选择")
    elif c.source not in sources:
        errors.add("案件来源", f"“{c.source}”不在来源列表中，请从列表选择")
    if c.risk_level not in risk_levels:
        errors.add("风险等级", f"应为{'、'.join(risk_levels)}之一")
    if blank(c.facts):
        errors.add("纠纷简要情况", "不能为空，请简述纠纷经过")
    if c.registered_on and c.registered_on > today:
        errors.add("登记日期", "不能晚于今天")
    if c.due_on and c.due_on < (c.registered_on or today):
        errors.add("办结期限", "不能早于登记日期，请按来件写明的期限填写，或留空按纠纷类型自动计算")
    if c.source in vocab.GRID_SOURCES and not c.grid_id:
        errors.add("网格", "网格员或联户长上报的案件须选择所属网格")
    if c.source in vocab.GRID_SOURCES and blank(c.reporter_name):
        errors.add("上报人", "网格员或联户长上报的案件须填写上报人姓名")
    amount = _amount(c.amount, errors)
    if amount is not None:
        c.amount = amount
    for key, label in CASE_COUNTS.items():
        if (getattr(c, key) or 0) < 0:
            errors.add(label, "不能为负数")
    if c.persons_involved == 0:
        errors.add("涉及人数", "至少为1人")
    for label, flag, persons in (("防止民转刑人数", c.prevent_criminal, c.prevent_criminal_persons),
                                 ("防止群体性上访人数", c.prevent_petition, c.prevent_petition_persons),
                                 ("防止自杀人数", c.prevent_suicide, c.prevent_suicide_persons)):
        if flag and (persons or 0) < 1:
            errors.add(label, "已勾选此项，请填写涉及人数（至少1人）")
        elif not flag and (persons or 0) > 0:
            errors.add(label, "填写了人数但未勾选此项，请勾选或把人数改为0")
    if not c.parties:
        errors.add("当事人", "至少登记一名当事人")
    for i, p in enumerate(c.parties, start=1):
        _party_keyed(errors, i - 1, lambda: validate_party(p, errors, f"第{i}个当事人", today))
    roles = {p.role for p in c.parties}
    if "被申请人" in roles and "申请人" not in roles:
        errors.add("当事人", "有被申请人时须有申请人")
    if c.persons_involved is None:
        c.persons_involved = max(len(c.parties), 1)
    _case_keyed(errors.errors)
    return errors


def doubts(c: CaseInput) -> list[FieldError]:
    """What is allowed but looks like a slip, for the clerk to confirm (after ``validate_case``
    passed): a registration before 1949, a birth before 1900, an ID number of no province."""
    found = []
    if c.registered_on and c.registered_on < EARLIEST_REGISTRATION:
        found.append(FieldError("登记日期", f"{c.registered_on.isoformat()}早于1949年10月1日，请核对年份",
                                key="registered_on"))
    for i, p in enumerate(c.parties, start=1):
        where = f"第{i}个当事人"
        if p.birth_date and p.birth_date < EARLIEST_BIRTH:
            found.append(FieldError("出生日期", f"{p.birth_date.isoformat()}早于1900年，请核对年份", where,
                                    key="birth_date", party=i - 1))
        if p.id_number and p.id_number[:2] not in PROVINCES:
            found.append(FieldError("身份证号", f"前两位“{p.id_number[:2]}”不是任何省份的行政区划代码，请核对号码",
                                    where, key="id_number", party=i - 1))
    return found
