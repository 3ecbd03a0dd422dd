"""Duplicate warning before a case is saved: the same person already has an open case,
or a case registered in the last 90 days. The clerk decides; nothing is refused here."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zhongxin_desktop.domain import idnumber, phone
from zhongxin_desktop.domain.case_input import PartyInput
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.domain.workflow import OPEN_STATUSES, Status
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.store.models import Case, CaseParty, Party

RECENT_DAYS = 90


@dataclass(frozen=True)
class Duplicate:
    case_id: str
    case_no: str | None
    status_label: str
    registered_on: dt.date
    category: str
    party_name: str
    reason: str  # 身份证号相同 / 姓名和电话相同


def find_duplicates(actor: Actor, parties: list[PartyInput], *, today: dt.date | None = None,
                    exclude_case: str | None = None) -> list[Duplicate]:
    actor.require(Perm.VIEW, "case")
    today = today or dt.date.today()
    ids = {idnumber.normalize(p.id_number) for p in parties if p.id_number and p.id_number.strip()}
    pairs = {(p.name.strip(), phone.normalize(p.phone)) for p in parties if p.name.strip() and p.phone}
    conditions = []
    if ids:
        conditions.append(Party.id_number.in_(sorted(ids)))
    for name, ph in pairs:
        conditions.append((Party.phone == ph) & (Party.name == name))
    if not conditions:
        return []
    match = conditions[0]
    for c in conditions[1:]:
        match |= c
    recent = today - dt.timedelta(days=RECENT_DAYS)
    query = (CaseParty.select(CaseParty, Party, Case).join(Party).switch(CaseParty).join(Case)
             .where(match, Case.status.in_([s.value for s in OPEN_STATUSES]) | (Case.registered_on >= recent))
             .order_by(Case.registered_on.desc()).limit(50))
    if exclude_case:
        query = query.where(Case.id != exclude_case)
    seen: dict[str, Duplicate] = {}
    for link in query:
        party, case = link.party, link.case
        reason = "身份证号相同" if party.id_number and party.id_number in ids else "姓名和电话相同"
        if case.id not in seen:
            seen[case.id] = Duplicate(case.id, case.case_no, Status(case.status).label, case.registered_on,
                                      case.category, party.name, reason)
    return list(seen.values())
