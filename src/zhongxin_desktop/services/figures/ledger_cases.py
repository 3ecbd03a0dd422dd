"""The cases of the case ledger (台账) for a range of registration dates: each case with its parties
and its mediator's name, personal numbers masked unless revealed, for the ledger workbook."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zhongxin_desktop.domain.masking import mask_id, mask_phone
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.services.results import CaseRecord
from zhongxin_desktop.store.models import Case, CaseParty, Party, User


@dataclass(frozen=True)
class LedgerParty:
    role: str
    name: str
    number: str  # the ID number (masked unless revealed), or a legal person's credit code
    phone: str  # masked unless revealed


@dataclass(frozen=True)
class LedgerCase:
    case: CaseRecord
    parties: tuple[LedgerParty, ...]  # in the case's order
    mediator: str  # the mediator's name ("" when none is assigned)


def _party(role: str, p: Party, reveal: bool) -> LedgerParty:
    number = (p.id_number if reveal else mask_id(p.id_number)) if p.id_number else (p.credit_code or "")
    return LedgerParty(role, p.name, number, (p.phone if reveal else mask_phone(p.phone)) if p.phone else "")


def _parties(case_ids: list[str], reveal: bool) -> dict[str, list[LedgerParty]]:
    found: dict[str, list[LedgerParty]] = {}
    for i in range(0, len(case_ids), 500):  # SQLite's limit on a statement's parameters
        q = (CaseParty.select(CaseParty, Party).join(Party)
             .where(CaseParty.case.in_(case_ids[i:i + 500])).order_by(CaseParty.position))
        for link in q:
            found.setdefault(link.case_id, []).append(_party(link.role, link.party, reveal))
    return found


def ledger_cases(actor: Actor, date_from: dt.date | None, date_to: dt.date | None,
                 reveal: bool = False) -> list[LedgerCase]:
    """Cases registered in [date_from, date_to] (either end open), in the order they were
    registered. ``reveal``: the caller has let the actor see full numbers (``case_query.may_reveal``,
    which audits it)."""
    actor.require(Perm.EXPORT, "ledger")
    reveal = reveal and actor.can(Perm.REVEAL)
    q = Case.select().order_by(Case.registered_on, Case.created_at)
    if date_from:
        q = q.where(Case.registered_on >= date_from)
    if date_to:
        q = q.where(Case.registered_on <= date_to)
    cases = list(q)
    parties = _parties([c.id for c in cases], reveal)
    mediators: dict[str | None, str] = {u.id: u.display_name for u in User.select(User.id, User.display_name)}
    return [LedgerCase(CaseRecord.of(c), tuple(parties.get(c.id, [])), mediators.get(c.mediator_id, ""))
            for c in cases]
