"""What the 调解 and 协议书 pages list, as plain rows: the pages format them and never hold a
database row (the queries, lazy ones included, stay on this side of the layer line)."""
from __future__ import annotations

from typing import Any

import datetime as dt

from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.domain.workflow import Status
from zhongxin_desktop.services.settlement import agreements, mediation
from zhongxin_desktop.services import _case_rows, users
from zhongxin_desktop.services.actor import Actor


def mediation_board(actor: Actor) -> dict[str, Any]:
    """The cases being mediated (gated by ``cases_in_mediation``) and the mediators to choose from."""
    today = dt.date.today()
    rows = [{"id": c.id, "case_no": c.case_no, "status_label": Status(c.status).label, "category": c.category,
             "parties": "、".join(p.name for _, p in _case_rows._parties_of(c.id)), "due_on": c.due_on,
             "sessions": len(mediation._sessions_of(c.id)), "overdue": bool(c.due_on and c.due_on < today)}
            for c in mediation.cases_in_mediation(actor)]
    return {"cases": rows, "people": [(u.id, u.display_name) for u in users._mediators()]}


def agreement_board(actor: Actor, include_superseded: bool) -> dict[str, Any]:
    """Every agreement (gated by ``list_agreements``) with its parties and scans, the cases an
    agreement can be drawn up for, and the mediators' names."""
    rows = []
    for a in agreements._list_agreements(actor, include_superseded=include_superseded):
        d = agreements._as_dict(a)
        snapshot = agreements._content_of(a)["parties"] or agreements._party_snapshot(a.case_id)
        d["parties"] = "、".join(p["name"] for p in snapshot)
        d["scans"] = [(s.id, s.filename, s.mime) for s in _case_rows._agreement_scans(a)]
        rows.append(d)
    open_cases = [(c.id, f"{c.case_no or '（未受理）'}　{'、'.join(p.name for _, p in _case_rows._parties_of(c.id))}")
                  for c in mediation.cases_in_mediation(actor)]
    return {"rows": rows, "cases": open_cases, "people": [u.display_name for u in users._mediators()]}


def case_agreements(actor: Actor, case_id: str) -> list[dict[str, Any]]:
    """One case's agreements, every version, oldest first, as the agreement board's rows."""
    actor.require(Perm.VIEW, "case", case_id)
    case = _case_rows._get_case(case_id)
    rows = []
    for a in agreements._versions(case):
        d = agreements._as_dict(a)
        d["scans"] = [(s.id, s.filename, s.mime) for s in _case_rows._agreement_scans(a)]
        rows.append(d)
    return rows


def agreement_start(actor: Actor, case_id: str) -> agreements.AgreementInput:
    """What a new agreement starts from: the facts and amount registered with the case, and the
    case's mediator (else the clerk) as the mediator who signs it."""
    actor.require(Perm.VIEW, "case", case_id)
    case = _case_rows._get_case(case_id)
    mediator = case.mediator.display_name if case.mediator is not None else actor.display_name
    facts = "\n".join(x for x in ((case.facts or "").strip(), (case.claims or "").strip() and
                                  f"申请事项：{case.claims.strip()}") if x)
    return agreements.AgreementInput(facts=facts, amount=case.amount or 0, mediator_name=mediator)


def people(actor: Actor) -> dict[str, Any]:
    """The mediators a session or agreement is recorded with: (id, name) pairs and the names."""
    actor.require(Perm.VIEW)
    found = users._mediators()
    return {"ids": [(u.id, u.display_name) for u in found], "names": [u.display_name for u in found]}
