"""交办件 at the township: a county referral becomes a case of the township.

Ownership: the Referral row stays the county's (only the county changes its instructions or due
date). On first arrival the township creates its own Case — owned by the township, source
县级交办, ``external_ref`` = the referral id, with the instructions, due date and parties — so
its handling (events, status, sessions, agreements) goes up to the county in the next bundle
like any other case, and the county links it back through ``external_ref`` (closed loop).
A later version of the referral updates the case's instructions and due date, recorded as an
event of the case (a change by the township, so it also travels up).
"""
from __future__ import annotations

import json
from typing import Any

from zhongxin_desktop.domain.dates import local_date
from zhongxin_desktop.domain.workflow import Status
from zhongxin_desktop.exchange.local_center import LocalCenter
from zhongxin_desktop.store.case_parties import write_case_parties
from zhongxin_desktop.store.models import Case, CaseEvent, Referral

SOURCE = "县级交办"
ROLES = ("申请人", "被申请人", "当事人")


def _parties(raw: str) -> list[dict[str, Any]]:
    try:
        items = json.loads(raw or "[]")
    except ValueError:
        return []
    return [p for p in items if isinstance(p, dict) and str(p.get("name", "")).strip()] if isinstance(items, list) else []


def _create_case(ref: Referral, local: LocalCenter) -> Case:
    case = Case.create(owner_code=local.code, status=Status.REGISTERED.value, registered_on=local_date(ref.created_at),
                       source=SOURCE, source_detail=f"县级交办件 {ref.id[:8]}", category=ref.category,
                       facts=ref.facts, claims=ref.claims, risk_level=ref.risk_level, due_on=ref.due_on,
                       external_ref=ref.id, instructions=ref.instructions,
                       persons_involved=max(len(_parties(ref.parties)), 1))
    write_case_parties(case.id, local.code, [
        dict(name=str(p["name"]), phone=str(p.get("phone", "")), id_number=str(p.get("id_number", "")),
             sex=str(p.get("sex", "")), address=str(p.get("address", "")),
             role=p.get("role") if p.get("role") in ROLES else "当事人")
        for p in _parties(ref.parties)])
    CaseEvent.create(owner_code=local.code, case=case, username="县级交办", action="referral_received",
                     to_status=Status.REGISTERED.value, remark=ref.instructions,
                     details=json.dumps({"referral": ref.id, "created_by": ref.created_by}, ensure_ascii=False))
    return case


def _update_case(case: Case, ref: Referral) -> None:
    if case.instructions == ref.instructions and case.due_on == ref.due_on:
        return
    case.instructions, case.due_on = ref.instructions, ref.due_on
    case.touch()
    case.save()
    CaseEvent.create(owner_code=case.owner_code, case=case, username="县级交办", action="referral_updated",
                     remark=ref.instructions, details=json.dumps({"referral": ref.id, "due_on": str(ref.due_on)}))


def materialise(referral_ids: list[str], local: LocalCenter) -> list[str]:
    """Create or update the township's cases for the referrals just stored; returns new case ids
    (the import's service writes their audit entries, in the same transaction)."""
    created = []
    for ref in Referral.select().where(Referral.id.in_(referral_ids), Referral.township_code == local.code):
        case = Case.get_or_none(Case.external_ref == ref.id, Case.owner_code == local.code)
        if case is None:
            created.append(_create_case(ref, local).id)
        else:
            _update_case(case, ref)
    return created
