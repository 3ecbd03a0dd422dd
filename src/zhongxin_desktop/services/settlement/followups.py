"""Follow-up visits after an agreement (回访) and judicial confirmation (司法确认)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zhongxin_desktop.domain import vocab
from zhongxin_desktop.domain.errors import Collector, DomainError
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.domain.workflow import CLOSED_STATUSES, Action, Status
from zhongxin_desktop.services.settlement import agreements
from zhongxin_desktop.services import _case_rows, _case_timeline as case_timeline, audit, settings
from zhongxin_desktop.services.casework import cases
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.services.results import (
    AgreementRecord, CaseRecord, FollowUpRecord, JudicialConfirmationRecord,
)
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import Agreement, Case, FollowUp, JudicialConfirmation

METHODS = ["电话", "上门", "约谈"]
SATISFACTION = ["满意", "基本满意", "不满意"]


@dataclass
class FollowUpInput:
    visited_on: dt.date
    method: str = "电话"
    reason: str = "协议履行情况回访"
    performed: bool = True
    satisfaction: str = "满意"
    lawsuit: bool = False
    escalation_signs: str = ""
    measures: str = ""
    notes: str = ""
    visitor: str = ""


def record(actor: Actor, case_ref: str, data: FollowUpInput) -> FollowUpRecord:
    """Record a visit; a closed case moves on to 已回访."""
    actor.require(Perm.MEDIATE, "case", case_ref)
    case = _case_rows._get_case(case_ref)
    errors = Collector()
    if data.visited_on > dt.date.today():
        errors.add("回访时间", "不能晚于今天")
    if data.method not in METHODS:
        errors.add("回访方式", f"应为{'、'.join(METHODS)}之一")
    if not data.visitor.strip():
        errors.add("回访人", "不能为空")
    if not data.reason.strip():
        errors.add("回访事由", "不能为空")
    errors.raise_if_any()
    agreement = agreements._current(case)
    with database.atomic():
        f = FollowUp.create(owner_code=case.owner_code, case=case, agreement=agreement, visited_on=data.visited_on,
                            method=data.method, reason=data.reason.strip(), performed=data.performed,
                            satisfaction=data.satisfaction, lawsuit=data.lawsuit,
                            escalation_signs=data.escalation_signs.strip(), measures=data.measures.strip(),
                            notes=data.notes.strip(), visitor=data.visitor.strip())
        case_timeline.add(actor, case, "followup", case.status, case.status, f"回访（{data.method}）", {"followup": f.id})
        audit.record(actor.username, "followup_record", "followup", f.id, detail={"case": case.id})
        if Status(case.status) in CLOSED_STATUSES:
            cases.transition(actor, case.id, Action.FOLLOW_UP, remark="已回访", on=data.visited_on)
    return FollowUpRecord.of(f)


def _followups_of(case: Case) -> list[FollowUp]:
    return list(FollowUp.select().where(FollowUp.case == case).order_by(FollowUp.visited_on))


def followups_for(actor: Actor, case_ref: str) -> list[FollowUpRecord]:
    """The follow-up visits of one case (by id or number), in the order they were made."""
    actor.require(Perm.VIEW, "case", case_ref)
    return FollowUpRecord.of_all(_followups_of(_case_rows._get_case(case_ref)))


def confirmations_for(actor: Actor, case_ref: str) -> list[JudicialConfirmationRecord]:
    """The applications for judicial confirmation of one case's agreements, oldest first."""
    actor.require(Perm.VIEW, "case", case_ref)
    return JudicialConfirmationRecord.of_all(_confirmations_of(_case_rows._get_case(case_ref)))


def due(actor: Actor, today: dt.date | None = None,
        limit: int = 500) -> list[tuple[CaseRecord, AgreementRecord, dt.date]]:
    """Cases whose agreement took effect and that have no visit yet, with the day the visit is due."""
    actor.require(Perm.VIEW)
    today = today or dt.date.today()
    after = dt.timedelta(days=int(settings.get("followup_after_days")))
    visited = FollowUp.select(FollowUp.case)
    q = (Agreement.select(Agreement, Case).join(Case)
         .where(Agreement.status.in_(["signed", "frozen"]), Agreement.signed_on.is_null(False),
                Case.id.not_in(visited), Case.status.not_in([Status.ARCHIVED.value, Status.FOLLOWED_UP.value]))
         .order_by(Agreement.signed_on).limit(limit))
    # the query keeps only signed agreements: signed_on is set
    return [(CaseRecord.of(a.case), AgreementRecord.of(a), a.signed_on + after) for a in q if a.signed_on]


def done(actor: Actor, limit: int = 500) -> list[tuple[CaseRecord, FollowUpRecord]]:
    """Visits made, newest first, each with its case."""
    actor.require(Perm.VIEW)
    return [(CaseRecord.of(f.case), FollowUpRecord.of(f))
            for f in FollowUp.select(FollowUp, Case).join(Case).order_by(FollowUp.visited_on.desc()).limit(limit)]


# ---- judicial confirmation ---------------------------------------------------------------------

def record_confirmation(actor: Actor, agreement_id: str, applied_on: dt.date, court: str) -> JudicialConfirmationRecord:
    """Both parties applied jointly to a court; only within 30 days of the day it took effect."""
    actor.require(Perm.MEDIATE, "agreement", agreement_id)
    a = agreements._get(agreement_id)
    errors = Collector()
    if a.kind != "written" or a.status not in ("signed", "frozen") or not a.signed_on:
        errors.add("协议", "只有已签署生效的书面协议可以申请司法确认")
    elif applied_on < a.signed_on or applied_on > a.signed_on + dt.timedelta(days=vocab.JUDICIAL_CONFIRMATION_DAYS):
        last = a.signed_on + dt.timedelta(days=vocab.JUDICIAL_CONFIRMATION_DAYS)
        errors.add("申请日期", f"应在协议生效之日（{a.signed_on}）起30日内，即不晚于{last}")
    if not court.strip():
        errors.add("人民法院", "不能为空")
    errors.raise_if_any()
    with database.atomic():
        jc = JudicialConfirmation.create(owner_code=a.owner_code, case=a.case, agreement=a, applied_on=applied_on,
                                         court=court.strip(), result="待定")
        case_timeline.add(actor, a.case, "judicial_apply", a.case.status, a.case.status, f"申请司法确认：{court}",
                     {"confirmation": jc.id})
        audit.record(actor.username, "judicial_apply", "judicial_confirmation", jc.id)
    return JudicialConfirmationRecord.of(jc)


def record_confirmation_result(actor: Actor, confirmation_id: str, result: str, result_on: dt.date
                               ) -> JudicialConfirmationRecord:
    actor.require(Perm.MEDIATE, "judicial_confirmation", confirmation_id)
    jc = JudicialConfirmation.get_or_none(JudicialConfirmation.id == confirmation_id)
    if jc is None:
        raise DomainError("找不到该司法确认记录")
    if result not in ("确认有效", "驳回", "撤回"):
        raise DomainError("结果：应为 确认有效 / 驳回 / 撤回")
    with database.atomic():
        jc.result, jc.result_on = result, result_on
        jc.touch()
        jc.save()
        case_timeline.add(actor, jc.case, "judicial_result", jc.case.status, jc.case.status, f"司法确认结果：{result}")
        audit.record(actor.username, "judicial_result", "judicial_confirmation", jc.id, detail={"result": result})
    return JudicialConfirmationRecord.of(jc)


def _confirmations_of(case: Case) -> list[JudicialConfirmation]:
    return list(JudicialConfirmation.select().where(JudicialConfirmation.case == case)
                .order_by(JudicialConfirmation.applied_on))
