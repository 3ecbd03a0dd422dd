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
from zhongxin_desktop.exchange.snapshot import check_period
from zhongxin_desktop.services import case_query
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.services.center import local_center
from zhongxin_desktop.services.statistics import MonthlyStatistics, monthly_statistics
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
    """Per township: what it reported (its bundle's snapshot) and the figures computed here from
    the rows it sent (``services/statistics``); and the county total of those."""
    _require_county(actor)
    try:
        check_period(period)
    except ValueError as exc:
        raise DomainError(str(exc)) from None
    rows, parts = [], []
    for t in townships(actor):
        held = monthly_statistics(period, t["code"])
        parts.append(held)
        snap = StatSnapshot.get_or_none(StatSnapshot.center_code == t["code"], StatSnapshot.period == period)
        rows.append({**t, "held": held.to_dict(), "reported": json.loads(snap.data) if snap else None})
    total = MonthlyStatistics.combine(period, parts, owner_code=local_center().code)
    return {"period": period, "townships": rows, "county": total.to_dict()}


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
