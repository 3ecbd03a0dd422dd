"""Mediation agreements: draft → printed → signed (took effect) → frozen; corrections as versions.

A signed agreement is a legal document: its content never changes again. A correction
makes version N+1 with its reason; the old version is marked superseded and stays readable and
printable. Every change is audited and recorded in the case timeline.
"""
from __future__ import annotations

from typing import Any

import datetime as dt
import json
from pathlib import Path
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from zhongxin_desktop.domain import agreement_code, numbering
from zhongxin_desktop.domain.agreement_status import EDITABLE as EDITABLE, IN_FORCE, STATUS_LABELS as STATUS_LABELS, AgreementStatus
from zhongxin_desktop.domain.errors import Collector, DomainError, NotFound
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.domain.workflow import Action, Status
from zhongxin_desktop.services import _case_rows, _case_timeline as case_timeline, audit
from zhongxin_desktop.services.casework import cases
from zhongxin_desktop.services.actor import Actor, unattended
from zhongxin_desktop.services.center import local_center
from zhongxin_desktop.services.results import AgreementRecord
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import Agreement, Attachment, Case

KIND_LABELS = {"written": "书面协议", "oral": "口头协议"}
# Cases in these states may receive an agreement.
CASE_STATES = (Status.ACCEPTED, Status.MEDIATING, Status.SUCCEEDED, Status.PERFORMING)


@dataclass
class AgreementInput:
    kind: str = "written"
    facts: str = ""
    clauses: list[str] = field(default_factory=list)
    performance: str = ""
    perform_by: dt.date | None = None
    perform_place: str = ""  # 履行地点
    amount: Decimal | str | int = 0
    copies: int | None = None  # None: parties + 1
    mediator_name: str = ""
    recorder_name: str = ""


def _validate(data: AgreementInput) -> Decimal:
    errors = Collector()
    if data.kind not in KIND_LABELS:
        errors.add("协议形式", "应为书面协议（written）或口头协议（oral）")
    if not data.facts.strip():
        errors.add("纠纷主要事实、争议事项", "不能为空")
    clauses = [c for c in data.clauses if c.strip()]
    if not clauses:
        errors.add("协议内容", "至少要有一条协议条款")
    if not data.performance.strip():
        errors.add("履行方式、时限", "不能为空，例如“协议签订之日起十日内一次性现金支付”")
    if data.copies is not None and not 1 <= int(data.copies) <= 20:
        errors.add("份数", "应为1到20之间的整数")
    if not data.mediator_name.strip():
        errors.add("人民调解员", "请选择主持调解的人民调解员")
    amount = Decimal(0)
    try:
        amount = Decimal(str(data.amount or 0))
        if amount < 0:
            errors.add("协议金额", "不能为负数")
    except InvalidOperation:
        errors.add("协议金额", f"“{data.amount}”不是数字，请填写元为单位的金额，如 1200 或 1200.50")
    errors.raise_if_any()
    return amount


def _age(birth: dt.date | None, on: dt.date) -> str:
    if not birth:
        return ""
    return str(on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day)))


def _party_snapshot(case: Case | str, on: dt.date | None = None) -> list[dict[str, Any]]:
    """The parties as the agreement prints them, frozen with the version."""
    on = on or dt.date.today()
    out = []
    for link, p in _case_rows._parties_of(case):
        out.append({"role": link.role, "kind": p.kind, "name": p.name, "sex": p.sex, "ethnicity": p.ethnicity,
                    "age": _age(p.birth_date, on), "occupation": p.occupation, "phone": p.phone,
                    "address": p.address, "id_number": p.id_number, "legal_rep": p.legal_rep,
                    "agent_name": link.agent_name, "agent_kind": link.agent_kind, "agent_phone": link.agent_phone,
                    "birth_date": p.birth_date.isoformat() if p.birth_date else "", "contact": p.contact,
                    "credit_code": p.credit_code, "legal_rep_title": p.legal_rep_title})
    return out


def _content_of(a: Agreement) -> dict[str, Any]:
    out = {"case_no": a.case.case_no or "", "number": a.number, "kind": a.kind, "version": a.version,
           "parties": json.loads(a.parties or "[]"), "facts": a.facts, "clauses": clauses_of(a),
           "performance": a.performance, "perform_by": a.perform_by.isoformat() if a.perform_by else None,
           "amount": f"{Decimal(a.amount or 0):.2f}", "copies": a.copies, "mediator_name": a.mediator_name,
           "recorder_name": a.recorder_name}
    if a.perform_place:  # only when given: hashes of agreements made before the field stay valid
        out["perform_place"] = a.perform_place
    return out


@unattended("formats an agreement row a service or a document already holds")
def clauses_of(a: Agreement | AgreementRecord) -> list[str]:
    return list(json.loads(a.clauses or "[]"))


def _ensure_hash(a: Agreement) -> Agreement:
    """Agreements made before the party snapshot and the hash existed (older data, imports, the
    demo) _get both once, from the case as it is now, so they can carry a QR code too."""
    if a.content_hash and json.loads(a.parties or "[]"):
        return a
    with database.atomic():
        if not json.loads(a.parties or "[]"):
            a.parties = json.dumps(_party_snapshot(a.case_id, a.signed_on), ensure_ascii=False, default=str)
        a.content_hash = agreement_code.content_hash(_content_of(a))
        a.touch()
        a.save()
    return a


@unattended("formats an agreement row a service or a document already holds")
def qr_text(a: Agreement | AgreementRecord) -> str:
    """The verification code: the agreement's 编号, version and content hash, signed with the
    center's Ed25519 key so it can be checked away from this database."""
    from zhongxin_desktop.exchange import keys
    from zhongxin_desktop.paths import DataDir

    pair = keys.load_or_create(DataDir(Path(database.obj.database).parent).keys)
    payload = agreement_code.signed_payload(a.number, a.version, a.content_hash)
    return agreement_code.signed_qr_text(payload, pair.sign_private.sign(payload.encode("utf-8")))


def _by_number(number: str, version: int | None = None) -> Agreement | None:
    """An agreement by its 编号 as printed, with or without spaces (a version's 编号 names it)."""
    from peewee import fn

    compact = agreement_code.compact_number(number)
    q = Agreement.select().where(fn.REPLACE(Agreement.number, " ", "") == compact)
    if version is not None:
        q = q.where(Agreement.version == version)
    found: Agreement | None = q.order_by(Agreement.version.desc()).first()
    return found


def _apply(a: Agreement, data: AgreementInput, amount: Decimal, case: Case) -> None:
    a.kind = data.kind
    a.facts = data.facts.strip()
    a.clauses = json.dumps([c.strip() for c in data.clauses if c.strip()], ensure_ascii=False)
    a.performance = data.performance.strip()
    a.perform_by = data.perform_by
    a.perform_place = (data.perform_place or "").strip()
    a.amount = amount
    a.mediator_name = data.mediator_name.strip()
    a.recorder_name = data.recorder_name.strip()
    a.parties = json.dumps(_party_snapshot(case), ensure_ascii=False, default=str)
    parties = len(json.loads(a.parties))
    a.copies = int(data.copies) if data.copies else parties + 1
    a.content_hash = agreement_code.content_hash(_content_of(a))


def _get(agreement_id: str) -> Agreement:
    a = Agreement.get_or_none(Agreement.id == agreement_id)
    if a is None:
        raise NotFound(f"找不到协议“{agreement_id}”")
    return a


def _versions(case: Case) -> list[Agreement]:
    return list(Agreement.select().where(Agreement.case == case).order_by(Agreement.version, Agreement.created_at))


def _current(case: Case, kind: str | None = None) -> Agreement | None:
    q = Agreement.select().where(Agreement.case == case, Agreement.status != AgreementStatus.SUPERSEDED)
    if kind:
        q = q.where(Agreement.kind == kind)
    found: Agreement | None = q.order_by(Agreement.version.desc(), Agreement.created_at.desc()).first()
    return found


def _in_force(case: Case, kind: str | None = None) -> Agreement | None:
    """The signed version that has legal effect: a later version only takes over once it is signed
    itself (a correction being drafted does not suspend the one the parties signed)."""
    q = Agreement.select().where(Agreement.case == case, Agreement.status.in_(IN_FORCE))
    if kind:
        q = q.where(Agreement.kind == kind)
    found: Agreement | None = q.order_by(Agreement.version.desc(), Agreement.created_at.desc()).first()
    return found


def _pending_correction(a: Agreement) -> Agreement | None:
    """A later, not yet signed version of ``a``."""
    found: Agreement | None = (Agreement.select().where(Agreement.case == a.case_id, Agreement.version > a.version,
                                                        Agreement.status.in_(EDITABLE))
                               .order_by(Agreement.version.desc()).first())
    return found


def _list_agreements(actor: Actor, *, include_superseded: bool = False, limit: int = 500) -> list[Agreement]:
    actor.require(Perm.VIEW)
    q = Agreement.select(Agreement, Case).join(Case)
    if not include_superseded:
        q = q.where(Agreement.status != AgreementStatus.SUPERSEDED)
    return list(q.order_by(Agreement.updated_at.desc()).limit(limit))


def _event(case: Case, actor: Actor, action: str, remark: str = "", **details: Any) -> None:
    case_timeline.add(actor, case, action, case.status, case.status, remark, details)


def create(actor: Actor, case_ref: str, data: AgreementInput) -> AgreementRecord:
    actor.require(Perm.MEDIATE, "case", case_ref)
    amount = _validate(data)
    center = local_center()
    # The checks read inside the transaction that writes (BEGIN IMMEDIATE holds the write lock from
    # the first read): two windows creating at once cannot both find "no agreement yet".
    with database.atomic():
        case = _case_rows._get_case(case_ref)
        cases.refuse_unless(case, CASE_STATES, "制作协议书", "请先受理并开始调解（调解中）后再制作。")
        existing = _current(case)
        if existing is not None:
            raise DomainError(f"此案件已有协议（{existing.number}，{STATUS_LABELS[existing.status]}）。"
                              "草稿请直接修改；已签署的请用“更正”生成新版本。")
        a = Agreement(owner_code=center.code, case=case, version=1, status=AgreementStatus.DRAFT,
                      number=numbering.format_agreement_number(case.case_year or dt.date.today().year,
                                                               case.case_seq or 0, center.committee_short))
        _apply(a, data, amount, case)
        a.save(force_insert=True)
        _event(case, actor, "agreement_create", a.number, agreement=a.id, version=1)
        audit.record(actor.username, "agreement_create", "agreement", a.id, detail={"case": case.id})
    return AgreementRecord.of(a)


def _refuse_if_locked(a: Agreement) -> None:
    if a.status not in EDITABLE:
        raise DomainError(f"协议“{a.number}”{STATUS_LABELS[a.status]}，内容不能再修改。"
                          + ("如需更正，请使用“更正”生成新版本并写明理由。" if a.status != AgreementStatus.SUPERSEDED
                             else "它已被新版本取代，请修改最新版本。"))


def update(actor: Actor, agreement_id: str, data: AgreementInput) -> AgreementRecord:
    actor.require(Perm.MEDIATE, "agreement", agreement_id)
    amount = _validate(data)
    with database.atomic():  # checked where it is written: a sign meanwhile is not overwritten
        a = _get(agreement_id)
        _refuse_if_locked(a)
        _apply(a, data, amount, a.case)
        was = a.status
        a.status = AgreementStatus.DRAFT  # a printed paper no longer matches: print again before signing
        a.touch()
        a.save()
        _event(a.case, actor, "agreement_edit", a.number, agreement=a.id, was=was)
        audit.record(actor.username, "agreement_edit", "agreement", a.id)
    return AgreementRecord.of(a)


def mark_printed(actor: Actor, agreement_id: str) -> None:
    """Called by the print use case inside its transaction (which records the print)."""
    actor.require(Perm.PRINT, "agreement", agreement_id)
    a = _get(agreement_id)
    if a.status == AgreementStatus.DRAFT:
        a.status = AgreementStatus.PRINTED
        a.touch()
        a.save()


def sign(actor: Actor, agreement_id: str, signed_on: dt.date | None = None) -> AgreementRecord:
    """Record that every party, the mediator and the committee signed: the day it took effect.
    Starts the 30-day judicial-confirmation window; the case becomes 调解成功 if it was 调解中."""
    actor.require(Perm.FREEZE, "agreement", agreement_id)
    signed_on = signed_on or dt.date.today()
    with database.atomic():  # checked where it is written: two signings at once sign once
        a = _get(agreement_id)
        if a.status == AgreementStatus.DRAFT:
            raise DomainError(f"协议“{a.number}”还没有打印，请先打印、由各方签字后再登记签署。")
        if a.status != AgreementStatus.PRINTED:
            raise DomainError(f"协议“{a.number}”{STATUS_LABELS[a.status]}，不能再次登记签署。")
        errors = Collector()
        if signed_on > dt.date.today():
            errors.add("生效日期", "不能晚于今天")
        case = a.case
        if case.accepted_on and signed_on < case.accepted_on:
            errors.add("生效日期", f"不能早于受理日期（{case.accepted_on}）")
        errors.raise_if_any()
        a.status = AgreementStatus.SIGNED
        a.signed_on = signed_on
        a.touch()
        a.save()
        # the correction takes effect now: the _versions it corrects stop being in force
        for old in Agreement.select().where(Agreement.case == case, Agreement.version < a.version,
                                            Agreement.status != AgreementStatus.SUPERSEDED):
            old.status = AgreementStatus.SUPERSEDED
            old.touch()
            old.save()
        _event(case, actor, "agreement_sign", a.number, agreement=a.id, signed_on=signed_on)
        audit.record(actor.username, "agreement_sign", "agreement", a.id, detail={"signed_on": signed_on})
        if case.status == Status.MEDIATING.value:
            cases.transition(actor, case.id, Action.SUCCEED, remark=f"协议书{a.number}签署生效", on=signed_on)
    return AgreementRecord.of(a)


def freeze(actor: Actor, agreement_id: str) -> AgreementRecord:
    """Lock a signed agreement once its signed paper is scanned in."""
    actor.require(Perm.FREEZE, "agreement", agreement_id)
    with database.atomic():  # checked where it is written: a correction meanwhile is not frozen over
        a = _get(agreement_id)
        if a.status != AgreementStatus.SIGNED:
            raise DomainError(f"协议“{a.number}”{STATUS_LABELS[a.status]}，只有已签署的协议才能锁定。")
        if not Attachment.select().where(Attachment.agreement == a).exists():
            raise DomainError(f"协议“{a.number}”还没有附上签字后的扫描件。请先“附加扫描件”（PDF、JPG 或 PNG）再锁定。")
        a.status = AgreementStatus.FROZEN
        a.frozen_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        a.touch()
        a.save()
        _event(a.case, actor, "agreement_freeze", a.number, agreement=a.id)
        audit.record(actor.username, "agreement_freeze", "agreement", a.id, detail={"hash": a.content_hash})
    return AgreementRecord.of(a)


def correct(actor: Actor, agreement_id: str, reason: str, data: AgreementInput | None = None) -> AgreementRecord:
    """Make the next version of a signed or frozen agreement; the old one is superseded."""
    actor.require(Perm.MEDIATE, "agreement", agreement_id)
    actor.require(Perm.FREEZE, "agreement", agreement_id)
    if not (reason or "").strip():
        raise DomainError("更正理由：不能为空，请写明更正的内容和原因。")
    center = local_center()
    with database.atomic():  # checked where it is written: two corrections at once make one draft
        old = _get(agreement_id)
        if old.status in EDITABLE:
            raise DomainError(f"协议“{old.number}”尚未签署，直接修改即可，不需要更正。")
        if old.status == AgreementStatus.SUPERSEDED:
            raise DomainError(f"协议“{old.number}”已被新版本取代，请对最新版本进行更正。")
        draft = _pending_correction(old)
        if draft is not None:
            raise DomainError(f"协议“{old.number}”已有更正草稿（第{draft.version}版），请直接修改该草稿。")
        if data is None:
            data = input_of(old)
        amount = _validate(data)
        case = old.case
        new = Agreement(owner_code=center.code, case=case, version=old.version + 1, previous=old,
                        correction_reason=reason.strip(), status=AgreementStatus.DRAFT,
                        number=numbering.format_agreement_number(case.case_year or dt.date.today().year,
                                                                 case.case_seq or 0, center.committee_short,
                                                                 old.version + 1))
        _apply(new, data, amount, case)
        new.save(force_insert=True)
        _event(case, actor, "agreement_correct", reason.strip(), agreement=new.id, previous=old.id,
               version=new.version)
        audit.record(actor.username, "agreement_correct", "agreement", new.id,
                     detail={"previous": old.id, "version": new.version, "reason": reason.strip()})
    return AgreementRecord.of(new)


@unattended("formats an agreement row a service or a document already holds")
def input_of(a: Agreement | AgreementRecord) -> AgreementInput:
    return AgreementInput(kind=a.kind, facts=a.facts, clauses=clauses_of(a), performance=a.performance,
                          perform_by=a.perform_by, perform_place=a.perform_place, amount=a.amount, copies=a.copies,
                          mediator_name=a.mediator_name, recorder_name=a.recorder_name)


def _as_dict(a: Agreement) -> dict[str, Any]:
    return {"id": a.id, "case_id": a.case_id, "case_no": a.case.case_no, "number": a.number, "kind": a.kind,
            "kind_label": KIND_LABELS.get(a.kind, a.kind), "version": a.version, "status": a.status,
            "status_label": STATUS_LABELS.get(a.status, a.status), "signed_on": a.signed_on,
            "perform_by": a.perform_by, "perform_place": a.perform_place, "amount": str(a.amount), "copies": a.copies,
            "previous": a.previous_id, "correction_reason": a.correction_reason, "content_hash": a.content_hash,
            "clauses": clauses_of(a), "facts": a.facts, "performance": a.performance,
            "mediator_name": a.mediator_name, "recorder_name": a.recorder_name}


def current_for(actor: Actor, case_ref: str, kind: str | None = None) -> AgreementRecord | None:
    """The case's latest agreement that is not superseded (a draft, or the one in force)."""
    actor.require(Perm.VIEW, "case", case_ref)
    a = _current(_case_rows._get_case(case_ref), kind)
    return AgreementRecord.of(a) if a else None


def in_force_for(actor: Actor, case_ref: str, kind: str | None = None) -> AgreementRecord | None:
    """The case's signed version that has legal effect (``_in_force``), if any."""
    actor.require(Perm.VIEW, "case", case_ref)
    a = _in_force(_case_rows._get_case(case_ref), kind)
    return AgreementRecord.of(a) if a else None


def versions_for(actor: Actor, case_ref: str) -> list[AgreementRecord]:
    """Every version of the case's agreement, oldest first."""
    actor.require(Perm.VIEW, "case", case_ref)
    return AgreementRecord.of_all(_versions(_case_rows._get_case(case_ref)))


def parties_for(actor: Actor, case_ref: str, on: dt.date | None = None) -> list[dict[str, Any]]:
    """The case's parties as an agreement freezes them (ages on ``on``): what the case's papers
    print for a party."""
    actor.require(Perm.VIEW, "case", case_ref)
    return _party_snapshot(_case_rows._get_case(case_ref), on)


def ready_to_print(actor: Actor, agreement_id: str) -> AgreementRecord:
    """The agreement as it prints: one made before the party snapshot and the content hash
    existed gets both now (``_ensure_hash``), so its paper carries a verification code. Printing
    needs the permission whether or not anything is filled in."""
    actor.require(Perm.PRINT, "agreement", agreement_id)
    return AgreementRecord.of(_ensure_hash(_get(agreement_id)))


def version_rows(actor: Actor, case_ref: str) -> list[dict[str, Any]]:
    """Every version of the case's agreement, oldest first, as ``_as_dict`` rows."""
    actor.require(Perm.VIEW, "case", case_ref)
    return [_as_dict(a) for a in _versions(_case_rows._get_case(case_ref))]
