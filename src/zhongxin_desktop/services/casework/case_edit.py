"""Correcting a registered case and its parties (更正), and assigning its mediator (指派调解员).

A correction is validated exactly as a registration, needs a reason, is refused once the case is
archived (the dossier is closed), and leaves an event on the case's timeline and an audit entry
naming the fields changed (never their values: they may be ID numbers). Every changed row gets a
new row_version, so the next bundle carries the correction to the county; a party taken off the
case leaves a tombstone so it disappears there too.
"""
from __future__ import annotations

import datetime as dt
from typing import Any
from decimal import Decimal

from zhongxin_desktop.domain.case_input import CaseInput, PartyInput
from zhongxin_desktop.domain.errors import Collector, DomainError, FieldError, NotFound, ValidationError
from zhongxin_desktop.domain.roles import Perm, Role
from zhongxin_desktop.domain.workflow import OPEN_STATUSES, Action, Status
from zhongxin_desktop.services import _case_rows, audit
from zhongxin_desktop.services.casework import cases, search_index
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.services.results import CaseRecord
from zhongxin_desktop.store import case_parties
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import Case, CaseParty, Party, User
from zhongxin_desktop.store.tombstones import delete_with_tombstones

# Case columns a correction may change, with the label the clerk knows them by.
CASE_FIELDS = {
    "registered_on": "登记日期", "source": "案件来源", "source_detail": "来源说明", "reporter_name": "上报人",
    "village": "村（社区）", "grid": "网格", "category": "纠纷类型", "facts": "纠纷简要情况", "claims": "申请事项",
    "persons_involved": "涉及人数", "amount": "涉及金额", "risk_level": "风险等级", "is_group": "是否群体性",
    "prevent_criminal": "防止民转刑", "prevent_criminal_persons": "防止民转刑人数",
    "prevent_petition": "防止群体性上访", "prevent_petition_persons": "防止群体性上访人数",
    "prevent_suicide": "防止自杀", "prevent_suicide_persons": "防止自杀人数", "mediator": "调解员",
    "external_ref": "外部编号", "instructions": "交办要求",
}
_INPUT_NAME = {"village": "village_id", "grid": "grid_id", "mediator": "mediator_id"}
PARTY_FIELDS = ("kind", "name", "sex", "ethnicity", "birth_date", "occupation", "address", "phone", "id_number",
                "legal_rep", "contact")
LINK_FIELDS = ("role", "agent_name", "agent_phone", "agent_kind")
MEDIATOR_ROLES = (Role.MEDIATOR.value, Role.DIRECTOR.value)


def _party_fields(p: Party) -> dict[str, Any]:
    return {f: getattr(p, f) or ("" if f != "birth_date" else None) for f in PARTY_FIELDS}


def case_input(actor: Actor, case_ref: str) -> CaseInput:
    """The case as the registration form holds it, unmasked, to be corrected (edit permission)."""
    case = _case_rows._get_case(case_ref)
    actor.require(Perm.EDIT, "case", case.id)
    parties = [PartyInput(role=link.role, agent_name=link.agent_name, agent_phone=link.agent_phone,
                          agent_kind=link.agent_kind, **_party_fields(p))
               for link, p in _case_rows._parties_of(case)]
    values = {_INPUT_NAME.get(f, f): getattr(case, f + "_id" if f in _INPUT_NAME else f) for f in CASE_FIELDS}
    values["amount"] = str(values["amount"] or 0)
    return CaseInput(parties=parties, **values)


def edit(actor: Actor, case_ref: str, data: CaseInput, reason: str, *, today: dt.date | None = None) -> list[str]:
    """Write the corrected case; returns the labels of what changed (empty: nothing to do)."""
    case = _case_rows._get_case(case_ref)
    actor.require(Perm.EDIT, "case", case.id)
    errors = Collector()
    if not (reason or "").strip():
        errors.add("更正原因", "不能为空，请写明为什么更正（如：当事人姓名录入错误）")
    if Status(case.status) == Status.ARCHIVED:
        raise DomainError("案件已归档，卷宗已封存，不能再更正。如确需更正，请先由中心负责人办理重新调解。")
    for e in cases.validate(data, today, kept=(case.category, case.source)).errors:
        errors.errors.append(e)
    errors.raise_if_any()
    with database.atomic():
        case = Case.get_by_id(case.id)
        if Status(case.status) == Status.ARCHIVED:  # archived meanwhile, from another window
            raise DomainError("案件已归档，卷宗已封存，不能再更正。")
        changed = _write_case_fields(case, data) + _write_parties(case, data.parties)
        if not changed:
            return []
        case.touch()
        case.save()
        search_index.index_cases([case.id])
        cases._record_event(case, actor, "case_edit", reason.strip(), {"fields": changed})
        audit.record(actor.username, "case_edit", "case", case.id,
                     detail={"fields": changed, "reason": reason.strip()})
    return changed


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        try:
            return Decimal(str(old or 0)) == Decimal(str(new or 0))
        except ArithmeticError:
            return False
    return (old if old not in (None, "") else None) == (new if new not in (None, "") else None)


def _write_case_fields(case: Case, data: CaseInput) -> list[str]:
    changed = []
    for field, label in CASE_FIELDS.items():
        column = field + "_id" if field in _INPUT_NAME else field
        new = getattr(data, _INPUT_NAME.get(field, field))
        if field == "facts":
            new = (new or "").strip()
        if field == "registered_on" and new is None:
            continue
        if not _same(getattr(case, column), new):
            setattr(case, column, new)
            changed.append(label)
    return changed


def _write_parties(case: Case, parties: list[PartyInput]) -> list[str]:
    """Parties matched by position: the first stays the first. Returns what changed."""
    changed: list[str] = []
    links = _case_rows._parties_of(case)
    for pos, p in enumerate(parties):
        if pos >= len(links):
            case_parties.write_case_parties(case.id, case.owner_code, [cases.party_values(p)], start=pos)
            changed.append(f"增加当事人{p.name.strip()}")
            continue
        link, party = links[pos]
        label = f"第{pos + 1}个当事人"
        row = case_parties.party_row(case.owner_code, **cases.person_values(p))
        fields = [f for f in PARTY_FIELDS if not _same(getattr(party, f), row[f])]
        if fields:
            for f in (*fields, *case_parties.SEARCH_COLUMNS):
                setattr(party, f, row[f])
            if "id_number" in fields:
                party.id_flag = ""  # a ledger's damaged number, now corrected and checked
            party.touch()
            party.save()
            changed.append(label + "（" + "、".join(_PARTY_LABELS[f] for f in fields) + "）")
        link_fields = [f for f in LINK_FIELDS if not _same(getattr(link, f), getattr(p, f))]
        if link_fields:
            for f in link_fields:
                setattr(link, f, getattr(p, f))
            link.touch()
            link.save()
            changed.append(label + "（" + "、".join(_PARTY_LABELS[f] for f in link_fields) + "）")
    for link, party in links[len(parties):]:
        changed.append(f"删除当事人{party.name}")
        delete_with_tombstones(link)
        if not CaseParty.select().where(CaseParty.party == party).exists():
            delete_with_tombstones(party)
    return changed


_PARTY_LABELS = {"kind": "类别", "name": "姓名/名称", "sex": "性别", "ethnicity": "民族", "birth_date": "出生日期",
                 "occupation": "职业或职务", "address": "单位或住址", "phone": "联系电话", "id_number": "身份证号",
                 "legal_rep": "法定代表人", "contact": "联系人", "role": "身份", "agent_name": "代理人",
                 "agent_phone": "代理人电话", "agent_kind": "代理人类别"}


def _find_mediator(ref: str) -> User:
    """A mediator by id, user name or display name: an active 调解员 or 中心负责人."""
    user = (User.get_or_none(User.id == ref) or User.get_or_none(User.username == ref)
            or User.get_or_none(User.display_name == ref))
    if user is None:
        raise NotFound(f"找不到用户“{ref}”，请核对用户名（设置 › 用户）")
    if not user.active or user.role not in MEDIATOR_ROLES:
        raise ValidationError(FieldError("调解员", f"“{user.display_name}”不是在岗的调解员或中心负责人，不能指派"))
    return user


def assign_mediator(actor: Actor, case_ref: str, mediator_ref: str | None) -> CaseRecord:
    """指派/更换调解员 at any open stage (None: no mediator yet)."""
    case = _case_rows._get_case(case_ref)
    actor.require(Perm.EDIT, "case", case.id)
    mediator = _find_mediator(mediator_ref) if mediator_ref else None
    with database.atomic():
        case = Case.get_by_id(case.id)
        if Status(case.status) not in OPEN_STATUSES:
            raise DomainError(f"案件已{Status(case.status).label}，办理已结束，不能再指派调解员。")
        old = case.mediator.display_name if case.mediator is not None else ""
        new = mediator.display_name if mediator else ""
        if case.mediator_id == (mediator.id if mediator else None):
            return CaseRecord.of(case)
        case.mediator_id = mediator.id if mediator else None
        case.touch()
        case.save()
        remark = f"{old or '未指定'} → {new or '未指定'}"
        cases._record_event(case, actor, "assign_mediator", remark, {"from": old, "to": new})
        audit.record(actor.username, "case_assign_mediator", "case", case.id, detail={"from": old, "to": new})
    return CaseRecord.of(case)


def accept(actor: Actor, case_ref: str, mediator_ref: str | None = None, on: dt.date | None = None) -> CaseRecord:
    """受理 (gives the case its number), with the mediator assigned in the same transaction."""
    case = _case_rows._get_case(case_ref)
    if mediator_ref:
        _find_mediator(mediator_ref)  # refused before anything is written
    with database.atomic():
        accepted = cases.transition(actor, case.id, Action.ACCEPT, on=on)
        if mediator_ref:
            assign_mediator(actor, accepted.id, mediator_ref)
    return CaseRecord.of(Case.get_by_id(case.id))
