"""Reading cases for lists, the CLI and exports, with personal data masked unless revealed."""
from __future__ import annotations

from typing import Any

import datetime as dt

from zhongxin_desktop.domain.masking import mask_id, mask_phone
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.domain.workflow import OPEN_STATUSES, Status, allowed_actions
from zhongxin_desktop.services import _case_rows, audit
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.services.results import CaseRecord
from zhongxin_desktop.domain import labels
from zhongxin_desktop.store.models import Case, CaseEvent, CaseParty, Party, Transfer, User


def may_reveal(actor: Actor, reveal: bool, object_id: str = "") -> bool:
    """True when the actor asked to see full numbers and may; the reveal is audited."""
    if not reveal:
        return False
    actor.require(Perm.REVEAL, "case", object_id)
    audit.record(actor.username, "reveal", "case", object_id)
    return True


def _party_dict(link: CaseParty, party: Party, reveal: bool) -> dict[str, Any]:
    return {
        "id": party.id, "role": link.role, "kind": party.kind, "name": party.name, "sex": party.sex,
        "ethnicity": party.ethnicity, "birth_date": party.birth_date, "occupation": party.occupation,
        "address": party.address,
        "phone": party.phone if reveal else mask_phone(party.phone),
        "id_number": party.id_number if reveal else mask_id(party.id_number),
        "legal_rep": party.legal_rep, "contact": party.contact, "agent_name": link.agent_name,
    }


def _is_overdue(case: Case, today: dt.date | None = None) -> bool:
    today = today or dt.date.today()
    return bool(case.due_on and Status(case.status) in OPEN_STATUSES and case.due_on < today)


def _case_dict(case: Case, reveal: bool = False, with_parties: bool = True) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": case.id, "case_no": case.case_no, "status": case.status, "status_label": Status(case.status).label,
        "registered_on": case.registered_on, "accepted_on": case.accepted_on, "source": case.source,
        "category": case.category, "risk_level": case.risk_level, "facts": case.facts, "claims": case.claims,
        "amount": str(case.amount), "persons_involved": case.persons_involved, "is_group": case.is_group,
        "due_on": case.due_on, "closed_on": case.closed_on, "overdue": _is_overdue(case),
        "overdue_reason": case.overdue_reason, "grid": case.grid_id, "village": case.village_id,
    }
    if with_parties:
        d["parties"] = [_party_dict(link, party, reveal) for link, party in _case_rows._parties_of(case)]
    return d


def case_dicts(actor: Actor, case_ids: list[str], reveal: bool = False) -> list[dict[str, Any]]:
    """Full case objects in the order of ``case_ids`` (for JSON output); ``reveal`` as ``may_reveal``
    allowed it."""
    actor.require(Perm.VIEW)
    by_id = {c.id: c for c in Case.select().where(Case.id.in_(case_ids))}
    return [_case_dict(by_id[i], reveal) for i in case_ids if i in by_id]


def list_cases(actor: Actor, *, status: str | None = None, limit: int = 100, offset: int = 0) -> list[CaseRecord]:
    actor.require(Perm.VIEW)
    q = Case.select().order_by(Case.registered_on.desc(), Case.created_at.desc())
    if status:
        q = q.where(Case.status == status)
    return CaseRecord.of_all(list(q.limit(limit).offset(offset)))


def _timeline(case: Case) -> list[CaseEvent]:
    return list(CaseEvent.select().where(CaseEvent.case == case).order_by(CaseEvent.at))


def _transfers(case: Case) -> list[Transfer]:
    return list(Transfer.select().where(Transfer.case == case).order_by(Transfer.sent_on, Transfer.created_at))


def detail(actor: Actor, case_id: str, reveal: bool = False, today: dt.date | None = None) -> dict[str, Any]:
    """Everything the case detail view shows: the case, its parties (masked unless revealed),
    the _timeline, _transfers, and which workflow actions are possible now."""
    actor.require(Perm.VIEW, "case", case_id)
    case = _case_rows._get_case(case_id)
    reveal = may_reveal(actor, reveal, case.id)
    audit.record(actor.username, "case_view", "case", case.id)  # PIPL: who read which case
    d = _case_dict(case, reveal)
    d["overdue"] = _is_overdue(case, today)
    d.update(source_detail=case.source_detail, reporter_name=case.reporter_name,
             village_name=case.village.name if case.village is not None else "",
             grid_name=case.grid.name if case.grid is not None else "",
             mediator_name=case.mediator.display_name if case.mediator is not None else "",
             registered_by=case.registered_by.display_name if case.registered_by is not None else "",
             outcome=case.outcome, rejection_reason=case.rejection_reason, guided_to=case.guided_to,
             prevent_criminal=case.prevent_criminal, prevent_criminal_persons=case.prevent_criminal_persons,
             prevent_petition=case.prevent_petition, prevent_petition_persons=case.prevent_petition_persons,
             prevent_suicide=case.prevent_suicide, prevent_suicide_persons=case.prevent_suicide_persons)
    for p, (link, _) in zip(d["parties"], _case_rows._parties_of(case)):
        p.update(agent_phone=link.agent_phone if reveal else mask_phone(link.agent_phone),
                 agent_kind=link.agent_kind)
    pairs: Any = User.select(User.username, User.display_name).tuples()  # stubs type tuples() as models
    names: dict[str, str] = dict(pairs)  # people see names, not logins
    d["events"] = [{"at": e.at, "user": e.username, "user_name": names.get(e.username, e.username),
                    "action": e.action,
                    "action_label": _action_label(e.action), "from": e.from_status, "to": e.to_status,
                    "remark": e.remark} for e in _timeline(case)]
    d["transfers"] = [{"id": t.id, "department": t.department, "sent_on": t.sent_on, "feedback_due": t.feedback_due,
                       "instructions": t.instructions, "reply_on": t.reply_on, "reply": t.reply,
                       "replied_by": t.replied_by, "reference": t.reference, "direction": t.direction,
                       "late": t.reply_on is None and t.feedback_due < (today or dt.date.today())}
                      for t in _transfers(case)]
    d["allowed_actions"] = [a.value for a in allowed_actions(Status(case.status))]
    return d


def _action_label(action: str) -> str:
    return labels.action_label(action)


def related_rows(actor: Actor, case_id: str, kind: str) -> list[list[Any]]:
    """Plain rows for the default read-only tabs of the case detail view."""
    from zhongxin_desktop.domain.dates import cn_date, cn_datetime
    from zhongxin_desktop.store.models import Agreement, Attachment, FollowUp, MediationSession

    actor.require(Perm.VIEW, "case", case_id)
    results = {"agreed": "达成协议", "continue": "继续调解", "failed": "调解不成"}
    statuses = {"draft": "草稿", "printed": "已打印", "signed": "已签署", "frozen": "已生效锁定", "superseded": "已更正"}
    if kind == "sessions":
        return [[cn_datetime(s.held_at), s.place, s.matter, s.host.display_name if s.host is not None else "",
                 results.get(s.result, s.result), s.result_reason]
                for s in MediationSession.select().where(MediationSession.case == case_id)
                .order_by(MediationSession.held_at)]
    if kind == "agreements":
        return [[a.number, "口头" if a.kind == "oral" else "书面", a.version, statuses.get(a.status, a.status),
                 cn_date(a.signed_on), a.amount]
                for a in Agreement.select().where(Agreement.case == case_id).order_by(Agreement.created_at)]
    if kind == "followups":
        return [[cn_date(f.visited_on), f.method, "是" if f.performed else "否", f.satisfaction, f.visitor,
                 f.notes or f.escalation_signs]
                for f in FollowUp.select().where(FollowUp.case == case_id).order_by(FollowUp.visited_on)]
    if kind == "attachments":
        pairs: Any = User.select(User.username, User.display_name).tuples()  # stubs type tuples() as models
        names: dict[str, str] = dict(pairs)
        return [[a.title, a.kind, a.filename, a.size, names.get(a.added_by, a.added_by)]
                for a in Attachment.select().where(Attachment.case == case_id).order_by(Attachment.created_at)]
    raise ValueError(f"unknown kind {kind!r}")
