"""Mediation sessions (调解记录): one record per session."""
from __future__ import annotations

from typing import Any

import datetime as dt
from dataclasses import dataclass

from zhongxin_desktop.domain.errors import Collector
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.domain.workflow import Action, Status
from zhongxin_desktop.services import _case_rows, _case_timeline as case_timeline, audit, users
from zhongxin_desktop.services.casework import cases
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.services.results import CaseRecord, MediationSessionRecord
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import Case, MediationSession, User

RESULT_LABELS = {"agreed": "达成协议", "continue": "继续调解", "failed": "调解不成"}
SESSION_STATES = (Status.ACCEPTED, Status.MEDIATING)


@dataclass
class SessionInput:
    held_at: dt.datetime
    place: str
    matter: str
    host_id: str
    recorder_id: str | None = None
    other_mediators: str = ""
    participants: str = ""
    rights_notified: bool = True
    statements: str = ""
    facts_verified: str = ""
    result: str = "continue"
    result_reason: str = ""


def _validate(data: SessionInput, case: Case | None = None) -> None:
    errors = Collector()
    mediator_ids = {u.id for u in users._mediators()}
    if data.host_id not in mediator_ids:
        errors.add("主持调解员", "请从本中心的调解员中选择")
    if data.recorder_id and not User.get_or_none(User.id == data.recorder_id):
        errors.add("记录人", "请从本中心的人员中选择")
    if not data.place.strip():
        errors.add("地点", "不能为空，如“综治中心调解室”")
    if not data.matter.strip():
        errors.add("事由", "不能为空")
    if not data.statements.strip():
        errors.add("当事人陈述", "请记录各方当事人的陈述")
    if data.result not in RESULT_LABELS:
        errors.add("调解结果", "应为 达成协议 / 继续调解 / 调解不成")
    if data.result == "failed" and not data.result_reason.strip():
        errors.add("调解不成的原因", "调解不成时必须写明原因")
    if data.held_at > dt.datetime.now() + dt.timedelta(minutes=5):
        errors.add("时间", "不能晚于现在")
    if case is not None and case.accepted_on and data.held_at.date() < case.accepted_on:
        errors.add("时间", f"不能早于案件受理日期（{case.accepted_on.year}年{case.accepted_on.month}月"
                         f"{case.accepted_on.day}日），请核对调解时间")
    errors.raise_if_any()


def add_session(actor: Actor, case_ref: str, data: SessionInput) -> MediationSessionRecord:
    """Record one session. A case still at 受理 moves to 调解中 with the first session."""
    actor.require(Perm.MEDIATE, "case", case_ref)
    case = _case_rows._get_case(case_ref)
    cases.refuse_unless(case, SESSION_STATES, "记录调解",
                        "只有已受理或调解中的案件可以记录调解；已结案件请先“重新调解”。")
    _validate(data, case)
    with database.atomic():
        if case.status == Status.ACCEPTED.value:
            cases.transition(actor, case.id, Action.START_MEDIATION, remark="第一次调解", on=data.held_at.date())
            case = Case.get_by_id(case.id)
        s = MediationSession.create(
            owner_code=case.owner_code, case=case, held_at=data.held_at, place=data.place.strip(),
            matter=data.matter.strip(), host=data.host_id, recorder=data.recorder_id,
            other_mediators=data.other_mediators.strip(), participants=data.participants.strip(),
            rights_notified=data.rights_notified, statements=data.statements.strip(),
            facts_verified=data.facts_verified.strip(), result=data.result, result_reason=data.result_reason.strip())
        case_timeline.add(actor, case, "mediation_session", case.status, case.status,
                     f"调解记录：{RESULT_LABELS[data.result]}", {"session": s.id})
        audit.record(actor.username, "mediation_session", "mediation_session", s.id, detail={"case": case.id})
    return MediationSessionRecord.of(s)


def _sessions_of(case: Case | str) -> list[MediationSession]:
    return list(MediationSession.select().where(MediationSession.case == case).order_by(MediationSession.held_at))


def sessions_for(actor: Actor, case_ref: str) -> list[MediationSessionRecord]:
    """The sessions of one case (by id or number), in the order they were held."""
    actor.require(Perm.VIEW, "case", case_ref)
    return MediationSessionRecord.of_all(_sessions_of(_case_rows._get_case(case_ref)))


def session_rows(actor: Actor, case_ref: str) -> list[dict[str, Any]]:
    """The sessions of one case (by id or number) as plain rows, for the 调解 page and the CLI:
    the permission gate is here, not in the callers."""
    actor.require(Perm.VIEW, "case", case_ref)
    return [{"id": s.id, "held_at": s.held_at, "place": s.place, "matter": s.matter,
             "host": _user_name(s.host_id), "result": s.result}
            for s in _sessions_of(_case_rows._get_case(case_ref))]


def cases_in_mediation(actor: Actor, limit: int = 500) -> list[CaseRecord]:
    actor.require(Perm.VIEW)
    return CaseRecord.of_all(list(Case.select().where(Case.status.in_([s.value for s in SESSION_STATES]))
                .order_by(Case.due_on, Case.registered_on).limit(limit)))


def _user_name(user_id: str | None) -> str:
    u = User.get_or_none(User.id == user_id) if user_id else None
    return u.display_name if u else ""
