"""Cases as JSON objects (``zhongxin cases add --json FILE``; fields documented in README.md).

Parsing names the record and the field of every problem; the records are then validated exactly
as the registration form does (services.cases.validate) and written all together or not at all.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import fields

from zhongxin_desktop.domain.case_input import CaseInput, PartyInput
from zhongxin_desktop.domain.errors import Collector, FieldError, ValidationError
from zhongxin_desktop.services import cases
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.store.models import Case, Grid, User, Village

CASE_TEXT = {"category": "纠纷类型", "source": "案件来源", "facts": "纠纷简要情况", "claims": "申请事项",
             "source_detail": "来源说明", "reporter_name": "上报人", "risk_level": "风险等级",
             "external_ref": "外部编号", "instructions": "交办要求"}
CASE_INT = {"persons_involved": "涉及人数", "prevent_criminal_persons": "防止民转刑人数",
            "prevent_petition_persons": "防止群体性上访人数", "prevent_suicide_persons": "防止自杀人数"}
CASE_BOOL = {"is_group": "是否群体性", "prevent_criminal": "防止民转刑", "prevent_petition": "防止群体性上访",
             "prevent_suicide": "防止自杀"}
CASE_REFS = {"village": "村（社区）", "grid": "网格", "mediator": "调解员", "registered_on": "登记日期",
             "amount": "涉及金额", "parties": "当事人"}
PARTY_KEYS = {f.name for f in fields(PartyInput)}


def _date(value, label: str, errors: Collector, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        errors.add(label, f"“{value}”不是日期，请写成 2026-11-27 的形式", where)
        return None


def _party(obj, errors: Collector, where: str) -> PartyInput | None:
    if not isinstance(obj, dict):
        errors.add("当事人", "每个当事人应是一个 JSON 对象", where)
        return None
    unknown = sorted(set(obj) - PARTY_KEYS)
    if unknown:
        errors.add("当事人", f"不认识的字段：{'、'.join(unknown)}（字段见 README“cases add JSON”）", where)
    values = {k: ("" if v is None else str(v)) for k, v in obj.items() if k in PARTY_KEYS and k != "birth_date"}
    return PartyInput(**{**values, "birth_date": _date(obj.get("birth_date"), "出生日期", errors, where)})


def _lookup(model, value: str, *columns) -> str | None:
    for column in columns:
        row = model.get_or_none(column == value)
        if row is not None:
            return row.id
    return None


def parse(obj, index: int, errors: Collector) -> CaseInput | None:
    """One JSON object → a CaseInput; problems go to ``errors`` naming 第N条记录."""
    where = f"第{index}条记录"
    if not isinstance(obj, dict):
        errors.add("", "应为 JSON 对象", where)
        return None
    known = set(CASE_TEXT) | set(CASE_INT) | set(CASE_BOOL) | set(CASE_REFS)
    unknown = sorted(set(obj) - known)
    if unknown:
        errors.add("", f"不认识的字段：{'、'.join(unknown)}（字段见 README“cases add JSON”）", where)
    data = CaseInput(category=str(obj.get("category") or ""), source=str(obj.get("source") or ""),
                     facts=str(obj.get("facts") or ""))
    for key in CASE_TEXT:
        if obj.get(key) is not None:
            setattr(data, key, str(obj[key]))
    for key, label in CASE_INT.items():
        if obj.get(key) is not None:
            if isinstance(obj[key], bool) or not isinstance(obj[key], int):
                errors.add(label, f"应为整数（现为“{obj[key]}”）", where)
            else:
                setattr(data, key, obj[key])
    for key, label in CASE_BOOL.items():
        if obj.get(key) is not None:
            if not isinstance(obj[key], bool):
                errors.add(label, "应为 true 或 false", where)
            else:
                setattr(data, key, obj[key])
    data.amount = obj.get("amount", 0)
    data.registered_on = _date(obj.get("registered_on"), "登记日期", errors, where)
    for key, model, cols, attr in (("village", Village, (Village.name, Village.code, Village.id), "village_id"),
                                   ("grid", Grid, (Grid.code, Grid.name, Grid.id), "grid_id"),
                                   ("mediator", User, (User.username, User.display_name), "mediator_id")):
        if obj.get(key):
            found = _lookup(model, str(obj[key]), *cols)
            if found is None:
                errors.add(CASE_REFS[key], f"找不到“{obj[key]}”，请核对名称或编号", where)
            setattr(data, attr, found)
    parties = obj.get("parties") or []
    if not isinstance(parties, list):
        errors.add("当事人", "parties 应为列表", where)
        parties = []
    data.parties = [p for i, raw in enumerate(parties, start=1)
                    if (p := _party(raw, errors, f"{where}·第{i}个当事人")) is not None]
    return data


def add_from_json(actor: Actor, document) -> list[Case]:
    """One case object or a list of them: all are written, or none (ValidationError)."""
    records = document if isinstance(document, list) else [document]
    if not records:
        raise ValidationError(FieldError("", "文件中没有案件记录"))
    errors = Collector()
    inputs = [parse(obj, i, errors) for i, obj in enumerate(records, start=1)]
    errors.raise_if_any()
    return cases.register_many(actor, inputs)


def corrected(current: CaseInput, patch) -> CaseInput:
    """``current`` with the fields of the JSON object ``patch`` replaced (``cases edit``): the same
    field names and checks as ``cases add``; ``parties``, when given, is the whole new list."""
    if not isinstance(patch, dict):
        raise ValidationError(FieldError("", "更正内容应为一个 JSON 对象"))
    obj = {key: getattr(current, key) for key in (*CASE_TEXT, *CASE_INT, *CASE_BOOL)}
    mediator = User.get_or_none(User.id == current.mediator_id) if current.mediator_id else None
    obj.update(amount=str(current.amount), village=current.village_id, grid=current.grid_id,
               mediator=mediator.username if mediator else None,
               registered_on=current.registered_on.isoformat() if current.registered_on else None,
               parties=[{k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in vars(p).items()}
                        for p in current.parties])
    obj.update(patch)
    errors = Collector()
    data = parse(obj, 1, errors)
    for e in errors.errors:  # "第1条记录" means nothing when there is one case: name the file instead
        e.record = (e.record or "").replace("第1条记录·", "").replace("第1条记录", "")
    errors.raise_if_any()
    return data
