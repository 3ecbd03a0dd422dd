"""The monthly figures that ride along in every bundle.

There is no statistics service on main yet (issue: statistics, ``services/statistics.py``). Until
it lands, ``basic_monthly_counts`` computes a small, clearly limited set of counts from the cases
of one owner; when the statistics service exists, ``monthly_snapshot`` is the one place to call it.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import peewee as pw

from zhongxin_desktop.domain.workflow import OPEN_STATUSES
from zhongxin_desktop.store.models import Agreement, Case

SUCCESS_STATUSES = ("succeeded", "performing", "performed", "followed_up", "archived")


def month_bounds(period: str) -> tuple[dt.date, dt.date]:
    try:
        first = dt.date.fromisoformat(period + "-01")
    except ValueError:
        raise ValueError(f"月份“{period}”格式不对，应为 YYYY-MM，如 2026-11") from None
    nxt = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first, nxt


def basic_monthly_counts(owner_code: str, period: str, today: dt.date | None = None) -> dict:
    """Counts for one center and month from the cases it owns (works the same at the county)."""
    first, nxt = month_bounds(period)
    today = today or dt.date.today()
    mine = Case.owner_code == owner_code
    registered = Case.select().where(mine, Case.registered_on >= first, Case.registered_on < nxt)
    accepted = Case.select().where(mine, Case.accepted_on >= first, Case.accepted_on < nxt)
    closed = Case.select().where(mine, Case.closed_on >= first, Case.closed_on < nxt)
    succeeded = closed.where(Case.status.in_(SUCCESS_STATUSES))
    by_category = {c.category: c.n for c in registered.select(Case.category, pw.fn.COUNT(Case.id).alias("n"))
                   .group_by(Case.category)}
    by_source = {c.source: c.n for c in registered.select(Case.source, pw.fn.COUNT(Case.id).alias("n"))
                 .group_by(Case.source)}
    agreements = (Agreement.select().join(Case).where(mine, Agreement.signed_on >= first, Agreement.signed_on < nxt,
                                                      Agreement.status != "superseded"))
    amount = sum((a.amount or Decimal(0) for a in agreements), Decimal(0))
    open_cases = Case.select().where(mine, Case.status.in_([s.value for s in OPEN_STATUSES]))
    n_closed, n_success = closed.count(), succeeded.count()
    return {
        "kind": "basic_monthly_counts", "owner_code": owner_code, "period": period,
        "registered": registered.count(), "accepted": accepted.count(), "closed": n_closed,
        "succeeded": n_success, "success_rate": round(n_success / n_closed, 4) if n_closed else None,
        "agreements": agreements.count(), "agreement_amount": str(amount),
        "open": open_cases.count(), "overdue": open_cases.where(Case.due_on < today).count(),
        "by_category": by_category, "by_source": by_source,
    }


def monthly_snapshot(owner_code: str, period: str) -> dict:
    """The one call site for the month's statistics in a bundle (see module docstring)."""
    return basic_monthly_counts(owner_code, period)
