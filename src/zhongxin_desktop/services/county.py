"""The county's view of its townships: all their cases, monthly figures, who has reported.

The county store is the same schema as a township's, holding each township's rows under its
``owner_code``; every query here is plain peewee (no SQLite-only SQL), so it could move to a
server database.
"""
from __future__ import annotations

import datetime as dt
import json

import peewee as pw

from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.exchange.snapshot import basic_monthly_counts, month_bounds
from zhongxin_desktop.services import case_query
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.services.center import local_center
from zhongxin_desktop.store.models import Case, CaseParty, Center, ExchangeLog, Party, StatSnapshot, TrustedKey


def _require_county(actor: Actor) -> None:
    actor.require(Perm.VIEW)
    if local_center().kind != "county":
        raise DomainError("这是县级视图，只在县级中心可用")


def townships(actor: Actor) -> list[dict]:
    """The townships this county exchanges with (trusted keys), with their names."""
    _require_county(actor)
    names = {c.code: c.name for c in Center.select(Center.code, Center.name)}
    return [{"code": k.code, "name": names.get(k.code, k.name)}
            for k in TrustedKey.select().where(TrustedKey.kind == "township").order_by(TrustedKey.code)]


def list_cases(actor: Actor, *, township: str | None = None, status: str | None = None, search: str | None = None,
               limit: int = 100, offset: int = 0) -> list[Case]:
    """Cases of all townships (or one), newest first; search by number, party name, initials, facts."""
    _require_county(actor)
    q = Case.select().order_by(Case.registered_on.desc(), Case.created_at.desc())
    if township:
        q = q.where(Case.owner_code == township)
    if status:
        q = q.where(Case.status == status)
    if search:
        text = search.strip()
        party_match = (CaseParty.select(CaseParty.case).join(Party)
                       .where((Party.name.contains(text)) | (Party.name_initials == text.lower())
                              | (Party.phone_tail == text) | (Party.id_tail == text.upper())))
        q = q.where(Case.case_no.contains(text) | Case.facts.contains(text) | Case.id.in_(party_match))
    return list(q.limit(limit).offset(offset))


def case_rows(actor: Actor, **filters) -> list[dict]:
    names = {c.code: c.name for c in Center.select(Center.code, Center.name)}
    out = []
    for case in list_cases(actor, **filters):
        d = case_query.case_dict(case)  # masked: the county sees no full ID numbers in lists
        d["township_code"] = case.owner_code
        d["township"] = names.get(case.owner_code, case.owner_code)
        out.append(d)
    return out


def monthly_stats(actor: Actor, period: str) -> dict:
    """Per township: what it reported (snapshot) and the counts from the cases held here; and
    the county total of the held counts."""
    _require_county(actor)
    try:
        month_bounds(period)
    except ValueError as exc:
        raise DomainError(str(exc)) from None
    rows, total = [], {}
    for t in townships(actor):
        held = basic_monthly_counts(t["code"], period)
        snap = StatSnapshot.get_or_none(StatSnapshot.center_code == t["code"], StatSnapshot.period == period)
        rows.append({**t, "held": held, "reported": json.loads(snap.data) if snap else None})
        for k, v in held.items():
            if isinstance(v, int):
                total[k] = total.get(k, 0) + v
    return {"period": period, "townships": rows, "county": total}


def reporting_status(actor: Actor, period: str | None = None) -> list[dict]:
    """Who has reported for ``period`` (a bundle with that month's snapshot) and when each
    township's last bundle came in."""
    _require_county(actor)
    period = period or dt.date.today().strftime("%Y-%m")
    out = []
    for t in townships(actor):
        snap = StatSnapshot.get_or_none(StatSnapshot.center_code == t["code"], StatSnapshot.period == period)
        last = (ExchangeLog.select(pw.fn.MAX(ExchangeLog.at))
                .where(ExchangeLog.direction == "in", ExchangeLog.peer_code == t["code"],
                       ExchangeLog.status.in_(["success", "warning"])).scalar())
        out.append({**t, "period": period, "reported": snap is not None,
                    "reported_at": snap.received_at if snap else None, "last_import": last})
    return out
