"""Every township's monthly figures at once, for the county's 月度统计, ``county stats`` and the
county's monthly report.

``statistics.monthly_statistics(month, code)`` answers for one township with about a dozen
queries; a county of 200 townships asked it 200 times over (seconds on a server, most of it the
open cases read again for every township). Here each figure is one query for the whole county,
grouped by ``owner_code``: the month's registered, accepted and closed cases are read once, the
open cases once. The definitions are statistics' own (its module docstring), and so are the
closing outcomes and current agreements (its helpers); a test holds both ways equal, township
by township, on SQLite and on PostgreSQL.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from peewee import SQL, fn

from zhongxin_desktop.domain import vocab
from zhongxin_desktop.domain.dates import utc_start_of
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.domain.workflow import SUCCESS_STATUSES, Status
from zhongxin_desktop.services import settings
from zhongxin_desktop.services.figures import statistics
from zhongxin_desktop.services.actor import Actor, unattended
from zhongxin_desktop.services.figures.statistics import (
    DEFAULT_SOURCE_GROUP, DISPUTE_EVENT, MonthlyReport, MonthlyStatistics, ReportRow, grid_event_outcome,
    next_month, not_by_index, parse_month,
)
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.engine import is_server
from zhongxin_desktop.store.migrations.m0050_overdue_span import OVERDUE_SPAN
from zhongxin_desktop.store.models import (
    Agreement, Case, CaseEvent, Center, GridEvent, GridVisit, JudicialConfirmation, MediationCommittee, Mediator,
)

_MOVED_ON = (Status.FOLLOWED_UP, Status.ARCHIVED)
_FLAGS = ("criminal", "petition", "suicide")


def _in_month(column: Any, first: dt.date, nxt: dt.date) -> Any:
    return (column >= first) & (column < nxt)


def _rows(query: Any) -> Iterable[Any]:
    rows: Iterable[Any] = query.tuples()  # peewee's stubs type tuples() as rows of models
    return rows


def _owner(model: Any) -> Any:
    """``owner_code`` to group by, not as an index to walk: SQLite (no statistics) would read the
    whole table in owner order to save a sort rather than the month's rows by their date."""
    return not_by_index(model.owner_code)


def _counts(model: Any, *conditions: Any) -> Iterable[tuple[str, int]]:
    """(owner_code, rows) of ``model`` meeting ``conditions``, one query for every owner."""
    return _rows(model.select(model.owner_code, fn.COUNT(model.id)).where(*conditions).group_by(_owner(model)))


@unattended("the county's figures for a service that has already checked its actor")
def figures_by_township(codes: list[str], month: dt.date | str, *, today: dt.date | None = None
                        ) -> dict[str, MonthlyStatistics]:
    """``monthly_statistics(month, code, today=today)`` for every code of ``codes``, computed
    together: one grouped query per figure. Rows of owners not in ``codes`` are left out."""
    first = parse_month(month)
    nxt = next_month(first)
    today = today or dt.date.today()
    label = f"{first.year:04d}-{first.month:02d}"
    categories = settings.get("categories")
    out = {code: MonthlyStatistics(month=label, owner_code=code, by_category={c: 0 for c in categories})
           for code in codes}

    def each(rows: Iterable[Any]) -> Iterable[tuple[MonthlyStatistics, Any]]:
        for owner, *rest in rows:
            if owner in out:
                yield out[owner], rest

    registered = Case.select(Case.owner_code, Case.source, fn.COUNT(Case.id)).where(
        _in_month(Case.registered_on, first, nxt)).group_by(_owner(Case), Case.source)
    for stats, (source, count) in each(_rows(registered)):
        stats.registered += count
        if source in vocab.GRID_SOURCES:
            stats.grid_found += count
    accepted = Case.select(Case.owner_code, Case.source, Case.category, fn.COUNT(Case.id)).where(
        _in_month(Case.accepted_on, first, nxt)).group_by(_owner(Case), Case.source, Case.category)
    for stats, (source, category, count) in each(_rows(accepted)):
        _add_accepted(stats, source, category, count)
    _closed_cases(out, first, nxt)
    performed = CaseEvent.select(CaseEvent.owner_code, fn.COUNT(fn.DISTINCT(CaseEvent.case))).where(
        CaseEvent.action == "complete_performance",
        _in_month(CaseEvent.at, utc_start_of(first), utc_start_of(nxt))).group_by(_owner(CaseEvent))
    for stats, (count,) in each(_rows(performed)):
        stats.performed = count
    for stats, (count,) in each(_counts(JudicialConfirmation,
                                        _in_month(JudicialConfirmation.applied_on, first, nxt))):
        stats.judicial_confirmations = count
    _grid_figures(each, first, nxt)
    for stats, (count,) in each(_overdue(min(nxt, today + dt.timedelta(days=1)))):
        stats.overdue += count
    before = utc_start_of(nxt)
    for stats, (count,) in each(_counts(MediationCommittee, MediationCommittee.active == True,  # noqa: E712
                                        MediationCommittee.created_at < before)):
        stats.committees = count
    for stats, (count,) in each(_counts(Mediator, Mediator.active == True, Mediator.created_at < before)):  # noqa: E712
        stats.mediators = count
    return out


def _overdue(cutoff: dt.date) -> Iterable[tuple[str, int]]:
    """(owner_code, cases overdue at ``cutoff``): accepted, not rejected, due before the cutoff and
    not closed before it."""
    late: tuple[Any, ...] = (Case.accepted_on.is_null(False), Case.status != Status.REJECTED.value)
    if is_server():
        # the cases whose overdue interval holds the cutoff, through migration 50's index: for a
        # month long past, each half below is most of the county (every case closed since, every
        # case due before), their overlap small
        span = SQL(f"{OVERDUE_SPAN} @> ?::date", [cutoff])
        return _counts(Case, span, Case.due_on.is_null(False), *late)
    # SQLite: still open and closed since the cutoff as two counts, each through the closed_on
    # index (an OR of the two reads every case there is)
    late += (not_by_index(Case.due_on) < cutoff,)
    return [row for still_open in (Case.closed_on.is_null(), Case.closed_on >= cutoff)
            for row in _counts(Case, still_open, *late)]


def _add_accepted(stats: MonthlyStatistics, source: str, category: str, count: int) -> None:
    stats.accepted += count
    group = vocab.SOURCE_GROUP.get(source, DEFAULT_SOURCE_GROUP)
    stats.by_source_group[group] = stats.by_source_group.get(group, 0) + count
    stats.by_source[source] = stats.by_source.get(source, 0) + count
    stats.by_category[category] = stats.by_category.get(category, 0) + count
    if source in vocab.SOURCE_LINKAGE:
        linkage = vocab.SOURCE_LINKAGE[source]
        stats.by_linkage[linkage] = stats.by_linkage.get(linkage, 0) + count


def _raw(query: Any) -> list[tuple[Any, ...]]:
    """The rows as the driver gives them: peewee's per-column conversion of tens of thousands of
    rows (a month's closed cases of a province) cost more than the query itself."""
    rows: list[tuple[Any, ...]] = database.execute(query).fetchall()
    return rows


def _money(field: Any, value: Any) -> Decimal:
    """A driver's amount as the model reads it (rounded to the fen)."""
    money: Decimal = field.python_value(value or 0)
    return money


_SUCCESS = {s.value for s in SUCCESS_STATUSES}
_MOVED_ON_VALUES = {s.value for s in _MOVED_ON}


def _closing_outcome(case_id: str, status: str, trail: dict[str, str], agreements: dict[str, Any]) -> str:
    if status in _SUCCESS:
        return "succeeded"
    if case_id in trail:
        return trail[case_id]
    if status in _MOVED_ON_VALUES:
        return "succeeded" if case_id in agreements else "unknown"
    return statistics._OUTCOME_STATUSES.get(status, "unknown")


def _closed_cases(out: dict[str, MonthlyStatistics], first: dt.date, nxt: dt.date) -> None:
    """Success, termination, amounts, agreements' kinds and prevention flags of the cases closed
    in the month: the county's closed cases read once, their trails and agreements once."""
    query = Case.select(Case.id, Case.owner_code, Case.status, Case.amount, Case.prevent_criminal,
                        Case.prevent_criminal_persons, Case.prevent_petition, Case.prevent_petition_persons,
                        Case.prevent_suicide, Case.prevent_suicide_persons).where(_in_month(Case.closed_on, first, nxt))
    trail, agreements = _trails(first, nxt), _agreements(first, nxt)
    amounts = {code: Decimal("0") for code in out}
    for case_id, owner, status, amount, *flags in _raw(query):
        stats = out.get(owner)
        if stats is None:
            continue
        outcome = _closing_outcome(case_id, status, trail, agreements)
        if outcome == "succeeded":
            stats.succeeded += 1
            agreement = agreements.get(case_id)
            if agreement is None:
                amounts[owner] += _money(Case.amount, amount)
            else:
                amounts[owner] += agreement[0]
                if agreement[1] == "oral":
                    stats.oral_agreements += 1
                else:
                    stats.written_agreements += 1
        elif outcome == "terminated":
            stats.terminated += 1
        if outcome == "rejected" or status == Status.REJECTED.value or not any(flags[0::2]):
            continue
        for flag, (marked, persons) in zip(_FLAGS, zip(flags[0::2], flags[1::2])):
            if marked:
                setattr(stats, f"prevent_{flag}_cases", getattr(stats, f"prevent_{flag}_cases") + 1)
                setattr(stats, f"prevent_{flag}_persons", getattr(stats, f"prevent_{flag}_persons") + int(persons or 0))
    for code, total in amounts.items():
        out[code].agreement_amount = total.quantize(Decimal("0.01"))


def _trails(first: dt.date, nxt: dt.date) -> dict[str, str]:
    """statistics' ``_closing_outcomes`` of the month's closed cases that moved on (followed up,
    archived), in one query joined to them rather than their ids in chunks."""
    events = (CaseEvent.select(CaseEvent.case, CaseEvent.to_status).join(Case, on=(CaseEvent.case == Case.id))
              .where(_in_month(Case.closed_on, first, nxt), not_by_index(Case.status).in_([s.value for s in _MOVED_ON]),
                     not_by_index(CaseEvent.to_status).in_(list(statistics._OUTCOME_STATUSES)))
              .order_by(CaseEvent.at, CaseEvent.created_at))
    return {case_id: statistics._OUTCOME_STATUSES[to_status] for case_id, to_status in _rows(events)}  # the last wins


def _agreements(first: dt.date, nxt: dt.date) -> dict[str, Any]:
    """statistics' ``_current_agreements`` of the month's closed cases, in one joined query."""
    versions = (Agreement.select(Agreement.case, Agreement.amount, Agreement.kind)
                .join(Case, on=(Agreement.case == Case.id))
                .where(_in_month(Case.closed_on, first, nxt), not_by_index(Agreement.status) != "superseded")
                .order_by(Agreement.version, Agreement.created_at))
    # (amount, kind) of each case's newest version
    return {case_id: (_money(Agreement.amount, amount), kind) for case_id, amount, kind in _raw(versions)}


def _grid_figures(each: Any, first: dt.date, nxt: dt.date) -> None:
    for stats, (count,) in each(_counts(GridVisit, _in_month(GridVisit.visited_on, first, nxt))):
        stats.inspections = count
    no_case = GridEvent.case.is_null()
    events = GridEvent.select(GridEvent.owner_code, GridEvent.event_type, GridEvent.status, no_case,
                              fn.COUNT(GridEvent.id)).where(_in_month(GridEvent.reported_on, first, nxt)).group_by(
        _owner(GridEvent), GridEvent.event_type, GridEvent.status, no_case)
    for stats, (event_type, status, without_case, count) in each(_rows(events)):
        outcome = grid_event_outcome(status, not without_case)
        if outcome == "handled":
            stats.grid_handled += count
        elif outcome == "escalated":
            stats.grid_escalated += count
        if event_type == DISPUTE_EVENT:
            stats.inspection_disputes += count
            stats.prevented_disputes += count if outcome == "handled" else 0
    linked = GridEvent.select(GridEvent.case).where(GridEvent.case.is_null(False))
    for stats, (count,) in each(_counts(Case, _in_month(Case.registered_on, first, nxt),
                                        not_by_index(Case.source) == "主动排查", Case.id.not_in(linked))):
        stats.inspection_disputes += count


def monthly_report(actor: Actor, month: dt.date | str, *, today: dt.date | None = None) -> MonthlyReport:
    """The report the 统计报表 page previews and the Excel file holds: a township's own row
    (``statistics.monthly_report``), or at the county one row per township, all computed
    together, and the county total."""
    from zhongxin_desktop.services.center import local_center

    center = local_center()
    if center.kind != "county":
        return statistics.monthly_report(actor, month, today=today)
    actor.require(Perm.VIEW, "report")
    first = parse_month(month)
    townships = list(Center.select(Center.code, Center.name)
                     .where(Center.kind == "township", Center.is_local == False)  # noqa: E712
                     .order_by(Center.code))
    figures = figures_by_township([t.code for t in townships], first, today=today)
    rows = [ReportRow(t.code, t.name, figures[t.code]) for t in townships]
    label = f"{first.year:04d}-{first.month:02d}"
    total = ReportRow(center.code, "合计", MonthlyStatistics.combine(label, [r.stats for r in rows], center.code))
    return MonthlyReport(label, center.name, True, rows, total)
