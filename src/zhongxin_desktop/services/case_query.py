"""Reading cases for lists, the CLI and exports, with personal data masked unless revealed."""
from __future__ import annotations

import datetime as dt

from zhongxin_desktop.domain.masking import mask_id, mask_phone
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.domain.workflow import OPEN_STATUSES, Status
from zhongxin_desktop.services import audit, cases
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.store.models import Case, CaseEvent, CaseParty, Party


def may_reveal(actor: Actor, reveal: bool, object_id: str = "") -> bool:
    """True when the actor asked to see full numbers and may; the reveal is audited."""
    if not reveal:
        return False
    actor.require(Perm.REVEAL, "case", object_id)
    audit.record(actor.username, "reveal", "case", object_id)
    return True


def party_dict(link: CaseParty, party: Party, reveal: bool) -> dict:
    return {
        "id": party.id, "role": link.role, "kind": party.kind, "name": party.name, "sex": party.sex,
        "ethnicity": party.ethnicity, "birth_date": party.birth_date, "occupation": party.occupation,
        "address": party.address,
        "phone": party.phone if reveal else mask_phone(party.phone),
        "id_number": party.id_number if reveal else mask_id(party.id_number),
        "legal_rep": party.legal_rep, "agent_name": link.agent_name,
    }


def is_overdue(case: Case, today: dt.date | None = None) -> bool:
    today = today or dt.date.today()
    return bool(case.due_on and Status(case.status) in OPEN_STATUSES and case.due_on < today)


def case_dict(case: Case, reveal: bool = False, with_parties: bool = True) -> dict:
    d = {
        "id": case.id, "case_no": case.case_no, "status": case.status, "status_label": Status(case.status).label,
        "registered_on": case.registered_on, "accepted_on": case.accepted_on, "source": case.source,
        "category": case.category, "risk_level": case.risk_level, "facts": case.facts, "claims": case.claims,
        "amount": str(case.amount), "persons_involved": case.persons_involved, "is_group": case.is_group,
        "due_on": case.due_on, "closed_on": case.closed_on, "overdue": is_overdue(case),
        "overdue_reason": case.overdue_reason, "grid": case.grid_id, "village": case.village_id,
    }
    if with_parties:
        d["parties"] = [party_dict(link, party, reveal) for link, party in cases.parties_of(case)]
    return d


def list_cases(actor: Actor, *, status: str | None = None, limit: int = 100, offset: int = 0) -> list[Case]:
    actor.require(Perm.VIEW)
    q = Case.select().order_by(Case.registered_on.desc(), Case.created_at.desc())
    if status:
        q = q.where(Case.status == status)
    return list(q.limit(limit).offset(offset))


def timeline(case: Case) -> list[CaseEvent]:
    return list(CaseEvent.select().where(CaseEvent.case == case).order_by(CaseEvent.at))
