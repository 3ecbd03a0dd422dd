"""What a registration form or a JSON record carries, and its validation (pure)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from zhongxin_desktop.domain import credit_code, idnumber, phone, vocab
from zhongxin_desktop.domain.errors import Collector


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


def validate_party(p: PartyInput, errors: Collector, where: str, today: dt.date) -> None:
    if not (p.name or "").strip():
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
    if p.agent_phone and not (p.agent_name or "").strip():
        errors.add("代理人", "填写了代理人电话，请同时填写代理人姓名", where)
    if p.sex and p.sex not in vocab.SEXES:
        errors.add("性别", "应为“男”或“女”", where)
    if p.birth_date and p.birth_date > today:
        errors.add("出生日期", "不能晚于今天", where)
    if p.kind == "legal" and not (p.legal_rep or "").strip():
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
    if not (c.facts or "").strip():
        errors.add("纠纷简要情况", "不能为空，请简述纠纷经过")
    if c.registered_on and c.registered_on > today:
        errors.add("登记日期", "不能晚于今天")
    if c.source in vocab.GRID_SOURCES and not c.grid_id:
        errors.add("网格", "网格员或联户长上报的案件须选择所属网格")
    if c.source in vocab.GRID_SOURCES and not (c.reporter_name or "").strip():
        errors.add("上报人", "网格员或联户长上报的案件须填写上报人姓名")
    try:
        amount = Decimal(str(c.amount or 0))
        if amount < 0:
            errors.add("涉及金额", "不能为负数")
        elif amount >= Decimal("1e12"):
            errors.add("涉及金额", "数额过大，请核对（单位：元）")
        c.amount = amount
    except InvalidOperation:
        errors.add("涉及金额", f"“{c.amount}”不是有效的数字（单位：元）")
    for label, value in (("涉及人数", c.persons_involved), ("防止民转刑人数", c.prevent_criminal_persons),
                         ("防止群体性上访人数", c.prevent_petition_persons),
                         ("防止自杀人数", c.prevent_suicide_persons)):
        if value is not None and int(value) < 0:
            errors.add(label, "不能为负数")
    if c.persons_involved is not None and int(c.persons_involved) == 0:
        errors.add("涉及人数", "至少为1人")
    for label, flag, persons in (("防止民转刑人数", c.prevent_criminal, c.prevent_criminal_persons),
                                 ("防止群体性上访人数", c.prevent_petition, c.prevent_petition_persons),
                                 ("防止自杀人数", c.prevent_suicide, c.prevent_suicide_persons)):
        if flag and int(persons or 0) < 1:
            errors.add(label, "已勾选此项，请填写涉及人数（至少1人）")
        elif not flag and int(persons or 0) > 0:
            errors.add(label, "填写了人数但未勾选此项，请勾选或把人数改为0")
    if not c.parties:
        errors.add("当事人", "至少登记一名当事人")
    for i, p in enumerate(c.parties, start=1):
        validate_party(p, errors, f"第{i}个当事人", today)
    roles = {p.role for p in c.parties}
    if "被申请人" in roles and "申请人" not in roles:
        errors.add("当事人", "有被申请人时须有申请人")
    if c.persons_involved is None:
        c.persons_involved = max(len(c.parties), 1)
    return errors
