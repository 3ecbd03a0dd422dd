"""The county's view of its townships: all their cases, monthly figures, who has reported.

The county store is the same schema as a township's, holding each township's rows under its
``owner_code``; every query here is plain peewee (no SQLite-only SQL), so it could move to a
server database.
"""
from __future__ import annotations

from typing import Any

import datetime as dt
import json

import peewee as pw

from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.exchange import audit_heads
from zhongxin_desktop.exchange.summary import missing_text
from zhongxin_desktop.services.casework import case_list, server_search
from zhongxin_desktop.services.actor import Actor, unattended
from zhongxin_desktop.services.countywork._bundle_snapshot import check_period
from zhongxin_desktop.services.center import local_center
from zhongxin_desktop.services.figures.county_months import figures_by_township
from zhongxin_desktop.services.figures.statistics import MonthlyStatistics
from zhongxin_desktop.store.engine import is_server
from zhongxin_desktop.store.models import Case, Center, ExchangeLog, StatSnapshot, TrustedKey


def _require_county(actor: Actor) -> None:
    actor.require(Perm.VIEW)
    if local_center().kind != "county":
        raise DomainError("这是县级视图，只在县级中心可用")


def townships(actor: Actor) -> list[dict[str, Any]]:
    """The townships this county exchanges with (trusted keys), with their names."""
    _require_county(actor)
    names = {c.code: c.name for c in Center.select(Center.code, Center.name)}
    return [{"code": k.code, "name": names.get(k.code, k.name)}
            for k in TrustedKey.select().where(TrustedKey.kind == "township").order_by(TrustedKey.code)]


def case_rows(actor: Actor, *, township: str | None = None, status: str | None = None, search: str | None = None,
              limit: int = 100, **filters: Any) -> list[dict[str, Any]]:
    """Cases of all townships (or one), through the township's own case list (same filters and
    search box, masked personal data), each with its township."""
    _require_county(actor)
    names = {c.code: c.name for c in Center.select(Center.code, Center.name)}
    wanted = {**filters, "owner_code": township, "status": status, "search": search}
    if is_server():
        rows = server_search.list_rows(actor, wanted, limit=limit)
    else:
        rows = case_list.list_page(actor, wanted, limit=limit).rows
    owners = {c.id: c.owner_code for c in Case.select(Case.id, Case.owner_code)
              .where(Case.id.in_([r["id"] for r in rows]))} if rows else {}
    for row in rows:
        row["township_code"] = owners.get(row["id"], "")
        row["township"] = names.get(row["township_code"], row["township_code"])
    return rows


def monthly_stats(actor: Actor, period: str) -> dict[str, Any]:
    """Per township: what it reported (its bundle's snapshot) and the figures computed here from
    the rows it sent (``services/figures/statistics``' definitions, every township in one pass:
    ``county_months``); and the county total of those."""
    _require_county(actor)
    try:
        check_period(period)
    except ValueError as exc:
        raise DomainError(str(exc)) from None
    rows, parts = [], []
    listed = townships(actor)
    figures = figures_by_township([t["code"] for t in listed], period)
    reported = {s.center_code: json.loads(s.data) for s in StatSnapshot.select().where(StatSnapshot.period == period)}
    for t in listed:
        held = figures[t["code"]]
        parts.append(held)
        rows.append({**t, "held": held.to_dict(), "reported": reported.get(t["code"])})
    total = MonthlyStatistics.combine(period, parts, owner_code=local_center().code)
    return {"period": period, "townships": rows, "county": total.to_dict()}


def reporting_status(actor: Actor, period: str | None = None) -> list[dict[str, Any]]:
    """Who has reported for ``period`` (a bundle with that month's snapshot) and when each
    township's last bundle came in."""
    _require_county(actor)
    period = period or dt.date.today().strftime("%Y-%m")
    out = []
    for t in townships(actor):
        snap = StatSnapshot.get_or_none(StatSnapshot.center_code == t["code"], StatSnapshot.period == period)
        # "error" here is a bundle applied with a broken audit chain (a refused one is "refused")
        last = (ExchangeLog.select(pw.fn.MAX(ExchangeLog.at))
                .where(ExchangeLog.direction == "in", ExchangeLog.peer_code == t["code"],
                       ExchangeLog.status.in_(["success", "warning", "error"])).scalar())
        audit = audit_heads.township_state(t["code"])
        out.append({**t, "period": period, "reported": snap is not None,
                    "reported_at": snap.received_at if snap else None, "last_import": last,
                    "audit_status": audit["status"], "audit_reason": audit["reason"], "audit_at": audit["at"],
                    "missing_bundles": missing_bundles(t["code"])})
        out[-1]["missing_text"] = missing_text(out[-1]["missing_bundles"])
    return out


@unattended("counted for a service that has already checked its actor (status, an import)")
def missing_bundles(code: str, arriving: int = 0) -> list[int]:
    """The numbers a township gave its bundles (each export takes the next) that never arrived
    here, below the highest that did (counting ``arriving``, the bundle being imported). A bundle
    of an older version without a number counts for nothing; a refused or dry-run import is not
    an arrival. Later bundles resend every row not yet acknowledged, so what a missing one lacks
    for good is mostly its month's report."""
    numbers: Any = (ExchangeLog.select(ExchangeLog.sequence)
           .where(ExchangeLog.direction == "in", ExchangeLog.peer_code == code, ExchangeLog.sequence > 0,
                  ExchangeLog.status.in_(["success", "warning", "error"])).distinct().tuples())  # the stubs type tuples() as models
    got = {n for (n,) in numbers}
    got |= {arriving} if arriving > 0 else set()
    return [n for n in range(1, max(got, default=0)) if n not in got]
