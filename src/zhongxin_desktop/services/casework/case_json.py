"""Cases as JSON objects (``zhongxin cases add --json FILE``; fields documented in README.md).

Parsing names the record and the field of every problem; the records are then validated exactly
as the registration form does (services.casework.cases.validate) and written all together or not at all.
"""
from __future__ import annotations

from typing import Any

import datetime as dt
import re
from dataclasses import fields

from zhongxin_desktop.domain.case_input import CaseInput, PartyInput, doubts
from zhongxin_desktop.domain.errors import Collector, FieldError, ValidationError
from zhongxin_desktop.domain.text_rules import kind_of, shown
from zhongxin_desktop.services.casework import cases
from zhongxin_desktop.services.actor import Actor, unattended
from zhongxin_desktop.services.results import CaseRecord
from zhongxin_desktop.services.casework.duplicates import find_duplicates
from zhongxin_desktop.store.models import Grid, User, Village

CASE_TEXT = {"category": "纠纷类型", "source": "案件来源", "facts": "纠纷简要情况", "claims": "申请事项",
             "source_detail": "来源说明", "reporter_name": "上报人", "risk_level": "风险等级",
             "external_ref": "外部编号", "instructions": "交办要求"}
CASE_INT = {"persons_involved": "涉及人数", "prevent_criminal_persons": "防止民转刑人数",
            "prevent_petition_persons": "防止群体性上访人数", "prevent_suicide_persons": "防止自杀人数"}
CASE_BOOL = {"is_group": "是否群体性", "prevent_criminal": "防止民转刑", "prevent_petition": "防止群体性上访",
             "prevent_suicide": "防止自杀"}
CASE_REFS = {"village": "村（社区）", "grid": "网格", "mediator": "调解员", "registered_on": "登记日期",
             "due_on": "办结期限", "reply_due": "回复期限", "amount": "涉及金额", "parties": "当事人"}
PARTY_KEYS = {f.name for f in fields(PartyInput)}


def _date(value: Any, label: str, errors: Collector, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        errors.add(label, f"“{shown(value)}”不是日期，请写成带引号的 \"2026-11-27\"", where)
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        errors.add(label, f"“{shown(value)}”不是有效日期（月份或日子不存在）", where)
        return None


def _party(obj: Any, errors: Collector, where: str) -> PartyInput | None:
    if not isinstance(obj, dict):
        errors.add("当事人", "每个当事人应是一个 JSON 对象", where)
        return None
    unknown = sorted(set(obj) - PARTY_KEYS)
    if unknown:
        errors.add("当事人", f"不认识的字段：{'、'.join(map(shown, unknown))}（字段见 README“cases add JSON”）", where)
    # Values pass as they are: validation refuses a list as a name instead of printing it as text.
    values: dict[str, Any] = {k: ("" if v is None else v) for k, v in obj.items()
                              if k in PARTY_KEYS and k != "birth_date"}
    return PartyInput(**{**values, "birth_date": _date(obj.get("birth_date"), "出生日期", errors, where)})


def _lookup(model: Any, value: str, *columns: Any) -> str | None:
    for column in columns:
        row = model.get_or_none(column == value)
        if row is not None:
            return str(row.id)
    return None


@unattended("a rule over its arguments: reads no data (JSON to the registration input)")
def parse(obj: Any, index: int, errors: Collector) -> CaseInput | None:
    """One JSON object → a CaseInput; problems go to ``errors`` naming 第N条记录."""
    where = f"第{index}条记录"
    if not isinstance(obj, dict):
        errors.add("", "应为 JSON 对象", where)
        return None
    known = set(CASE_TEXT) | set(CASE_INT) | set(CASE_BOOL) | set(CASE_REFS)
    unknown = sorted(set(obj) - known)
    if unknown:
        errors.add("", f"不认识的字段：{'、'.join(map(shown, unknown))}（字段见 README“cases add JSON”）", where)
    data = CaseInput(category=obj.get("category") or "", source=obj.get("source") or "", facts=obj.get("facts") or "")
    for key in CASE_TEXT:
        if obj.get(key) is not None:
            setattr(data, key, obj[key])
    for key, label in CASE_INT.items():
        if obj.get(key) is not None:
            if isinstance(obj[key], bool) or not isinstance(obj[key], int):
                errors.add(label, f"应为整数（现为{kind_of(obj[key]) if not isinstance(obj[key], str) else '文字“' + shown(obj[key]) + '”'}）", where)
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
    data.due_on = _date(obj.get("due_on"), "办结期限", errors, where)
    data.reply_due = _date(obj.get("reply_due"), "回复期限", errors, where)
    for key, model, cols, attr in (("village", Village, (Village.name, Village.code, Village.id), "village_id"),
                                   ("grid", Grid, (Grid.code, Grid.name, Grid.id), "grid_id"),
                                   ("mediator", User, (User.username, User.display_name), "mediator_id")):
        if obj.get(key) and not isinstance(obj[key], str):
            errors.add(CASE_REFS[key], f"应为名称或编号文字，现为{kind_of(obj[key])}", where)
        elif obj.get(key):
            found = _lookup(model, obj[key], *cols)
            if found is None:
                errors.add(CASE_REFS[key], f"找不到“{shown(obj[key])}”，请核对名称或编号", where)
            setattr(data, attr, found)
    parties = obj.get("parties") or []
    if not isinstance(parties, list):
        errors.add("当事人", "parties 应为列表", where)
        parties = []
    data.parties = [p for i, raw in enumerate(parties, start=1)
                    if (p := _party(raw, errors, f"{where}·第{i}个当事人")) is not None]
    return data


def add_from_json(actor: Actor, document: Any, *, allow_duplicate: bool = False, confirm: bool = False) -> list[CaseRecord]:
    """One case object or a list of them: all are written, or none (ValidationError). As in the
    registration form, a possible duplicate (the same party in an open or recent case, or the same
    case twice in the file) is refused unless ``allow_duplicate``, and a doubtful value (a date
    before 1949, an ID number of no province) unless ``confirm``."""
    records = document if isinstance(document, list) else [document]
    if not records:
        raise ValidationError(FieldError("", "文件中没有案件记录"))
    errors = Collector()
    parsed = [parse(obj, i, errors) for i, obj in enumerate(records, start=1)]
    errors.raise_if_any()
    inputs = [data for data in parsed if data is not None]  # parse gives None only with an error
    for i, data in enumerate(inputs, start=1):
        for e in cases.validate(data).errors:
            errors.add(e.field, e.message, f"第{i}条记录" + (f"·{e.record}" if e.record else ""))
    errors.raise_if_any()
    if not confirm:
        for i, data in enumerate(inputs, start=1):
            for e in doubts(data):
                errors.add(e.field, e.message + "（核对无误请加 --confirm）",
                           f"第{i}条记录" + (f"·{e.record}" if e.record else ""))
    if not allow_duplicate:
        _duplicates(actor, inputs, errors)
    errors.raise_if_any()
    return cases.register_many(actor, inputs)


def _same_case_key(data: CaseInput) -> tuple[Any, ...]:
    return (data.category, data.facts.strip(), data.registered_on,
            tuple(sorted((p.role, p.name.strip(), p.id_number, p.phone) for p in data.parties)))


def _duplicates(actor: Actor, inputs: list[CaseInput], errors: Collector) -> None:
    hint = "；确是另一件纠纷请加 --allow-duplicate"
    first: dict[tuple[Any, ...], int] = {}
    for i, data in enumerate(inputs, start=1):
        where = f"第{i}条记录"
        key = _same_case_key(data)
        if key in first:
            errors.add("案件", f"与第{first[key]}条记录完全相同{hint}", where)
            continue
        first[key] = i
        for d in find_duplicates(actor, data.parties):
            errors.add("当事人", f"可能与已登记的案件重复：{d.case_no or '（未受理）'}，{d.status_label}，"
                               f"{d.registered_on.isoformat()}登记，{d.category}，当事人{d.party_name}（{d.reason}）{hint}",
                       where)


@unattended("a rule over its arguments: reads no data (JSON to the registration input)")
def corrected(current: CaseInput, patch: Any) -> CaseInput:
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
    assert data is not None  # parse gives None only with an error
    return data
