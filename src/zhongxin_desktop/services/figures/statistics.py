"""Monthly statistics: every figure the county asks for, computed from the store.

``monthly_statistics(month, owner_code=None)`` is a stable function: the exchange includes its
``to_dict()`` in county bundles as the month's snapshot, and the county reads it back with
``MonthlyStatistics.from_dict``. It only reads, so it takes no Actor; the use cases that show or
write a report (``monthly_report``, reports/monthly_xlsx.py) check permissions and audit.

Definitions ("the month" = the calendar month asked for; "owner" = ``owner_code`` when given,
else every row in the store):

- 排查次数 ``inspections``: grid visits (日基本走访 and 周重点走访, GridVisit) in the month.
- 排查发现纠纷数 ``inspection_disputes``: grid events of type 矛盾纠纷 reported in the month, plus
  cases registered in the month from 主动排查 that no grid event points at (so nothing counts twice).
- 预防纠纷数 ``prevented_disputes``: grid events of type 矛盾纠纷 reported in the month and settled in
  the grid (status handled/closed) without ever becoming a case — disputes stopped at the source.
- 登记数 ``registered``: cases registered in the month. 受理数 ``accepted``: cases accepted in it.
- 调解成功数 ``succeeded`` / 调解终止数 ``terminated``: cases closed in the month whose closing
  outcome was success / failure (for cases since followed up or archived, the outcome is read from
  their event trail; lacking one, a mediation agreement means success).
- 成功率 ``success_rate``: succeeded / (succeeded + terminated), 0 when nothing was mediated to an end.
- 协议涉及金额 ``agreement_amount``: over the month's successful cases, the amount of the case's
  current agreement (the newest version not superseded), else the case's amount. Yuan.
- 口头协议数 / 书面协议数 ``oral_agreements`` / ``written_agreements``: the month's successful cases
  by the kind of their current agreement (cases without an agreement row count in neither).
- By source group (主动调解 / 申请调解 / 接受委托移送, vocab.SOURCE_GROUP) and by category: cases
  accepted in the month. A source missing from SOURCE_GROUP (a place's own addition) counts as 申请调解.
- By linkage (诉调、警调、访调、检调、仲调、专调, vocab.SOURCE_LINKAGE) ``by_linkage``: cases accepted in the
  month whose source is one of those linkages (the part of 接受委托移送 each accounts for).
- 履行数 ``performed``: cases whose completed performance (event complete_performance) was recorded in
  the month, by the PC's local calendar (event times are stored in UTC).
- 司法确认数 ``judicial_confirmations``: applications for judicial confirmation made in the month.
- 防止民转刑 / 群体性上访 / 自杀 (件, 人): cases closed in the month (any end but 不予受理) with that
  flag; persons = the sum of the persons recorded on them.
- 网格发现案件数 ``grid_found``: cases registered in the month whose source is a grid source
  (vocab.GRID_SOURCES). 网格内化解 ``grid_handled`` / 上报 ``grid_escalated``: grid events reported in
  the month settled in the grid (handled/closed, no case) / escalated (status escalated or turned into
  a case), as ``grid_event_outcome`` tells; 网格内化解率 ``grid_handled_share`` = handled / (handled +
  escalated) (``grid_handled_share``); events still open are left out. The grid tab
  (services.gridwork.grid_figures), the dashboard, the monthly report and the county all use these two
  functions, so one month has one rate everywhere; it is shown as ``share_text`` (one decimal).
- 超期案件数 ``overdue``: cases past their deadline and still not closed at the end of the month (or
  today, when the month is not over): accepted, ``due_on`` before that day, not rejected, and
  closed on or after that day or not closed at all.
- 调委会数 ``committees`` / 调解员数 ``mediators``: the 人民调解委员会 and 调解员 on the roster (active)
  that were entered before the end of the month (services/settlement/rosters); a township reports its own, the
  county counts each township's as its bundles brought them.
"""
from __future__ import annotations

import datetime as dt
from typing import Any
import re
from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal

from peewee import SQL, NodeList, fn

from zhongxin_desktop.domain import vocab
from zhongxin_desktop.domain.dates import utc_start_of
from zhongxin_desktop.domain.errors import FieldError, ValidationError
from zhongxin_desktop.domain.workflow import SUCCESS_STATUSES, Status
from zhongxin_desktop.services import settings
from zhongxin_desktop.services.actor import Actor, unattended
from zhongxin_desktop.store.models import (
    Agreement, Case, CaseEvent, Center, GridEvent, GridVisit, JudicialConfirmation, MediationCommittee, Mediator,
)

SCHEMA = 1
SOURCE_GROUPS = ["主动调解", "申请调解", "接受委托移送"]
DEFAULT_SOURCE_GROUP = "申请调解"
DISPUTE_EVENT = "矛盾纠纷"
# Closing outcomes, read from the event trail of cases that moved on (followed up, archived).
_OUTCOME_STATUSES = {Status.SUCCEEDED.value: "succeeded", Status.TERMINATED.value: "terminated",
                     Status.CONCLUDED.value: "concluded", Status.REJECTED.value: "rejected"}

# Scalar figures in report order, with their Chinese labels (reports and the preview use these).
FIGURE_LABELS: dict[str, str] = {
    "inspections": "排查次数", "inspection_disputes": "排查发现纠纷数", "prevented_disputes": "预防纠纷数",
    "registered": "登记数", "accepted": "受理数", "succeeded": "调解成功数", "terminated": "调解终止数",
    "success_rate": "调解成功率", "agreement_amount": "协议涉及金额（元）",
    "oral_agreements": "口头协议数", "written_agreements": "书面协议数", "performed": "履行数",
    "judicial_confirmations": "司法确认数",
    "prevent_criminal_cases": "防止民转刑（件）", "prevent_criminal_persons": "防止民转刑（人）",
    "prevent_petition_cases": "防止群体性上访（件）", "prevent_petition_persons": "防止群体性上访（人）",
    "prevent_suicide_cases": "防止自杀（件）", "prevent_suicide_persons": "防止自杀（人）",
    "grid_found": "网格发现案件数", "grid_handled": "网格内化解数", "grid_escalated": "网格上报数",
    "grid_handled_share": "网格内化解率", "overdue": "超期案件数",
    "committees": "调委会数", "mediators": "调解员数",
}


@unattended("a rule over its arguments: reads no data")
def grid_event_outcome(status: str, has_case: bool) -> str | None:
    """"handled" (网格内化解: settled in the grid, never a case), "escalated" (上报: status escalated or
    a case exists), or None while the event is still open."""
    if has_case or status == "escalated":
        return "escalated"
    return "handled" if status in ("handled", "closed") else None


@unattended("a rule over its arguments: reads no data")
def grid_handled_share(handled: int, escalated: int) -> float:
    """网格内化解率: handled / (handled + escalated); 0 when the month decided no event."""
    decided = handled + escalated
    return handled / decided if decided else 0.0


@unattended("a rule over its arguments: reads no data")
def share_text(share: float) -> str:
    """A rate as every screen and printout shows it: 87.8%."""
    return f"{share:.1%}"


@unattended("a rule over its arguments: reads no data")
def parse_month(month: dt.date | str) -> dt.date:
    """A month as its first day, from a date or "YYYY-MM"."""
    if isinstance(month, dt.date):
        return month.replace(day=1)
    m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", str(month))
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValidationError([_month_error(month)])
    return dt.date(int(m.group(1)), int(m.group(2)), 1)


def _month_error(month: object) -> FieldError:

    return FieldError("月份", f"“{month}”不是有效月份，请写成 YYYY-MM，如 2026-11")


@unattended("a rule over its arguments: reads no data")
def next_month(first: dt.date) -> dt.date:
    return (first + dt.timedelta(days=32)).replace(day=1)


@unattended("a rule over its arguments: reads no data")
def previous_month(first: dt.date) -> dt.date:
    return (first - dt.timedelta(days=1)).replace(day=1)


@dataclass
class MonthlyStatistics:
    month: str  # "YYYY-MM"
    owner_code: str | None = None
    inspections: int = 0
    inspection_disputes: int = 0
    prevented_disputes: int = 0
    registered: int = 0
    accepted: int = 0
    succeeded: int = 0
    terminated: int = 0
    agreement_amount: Decimal = Decimal("0.00")
    oral_agreements: int = 0
    written_agreements: int = 0
    performed: int = 0
    judicial_confirmations: int = 0
    prevent_criminal_cases: int = 0
    prevent_criminal_persons: int = 0
    prevent_petition_cases: int = 0
    prevent_petition_persons: int = 0
    prevent_suicide_cases: int = 0
    prevent_suicide_persons: int = 0
    grid_found: int = 0
    grid_handled: int = 0
    grid_escalated: int = 0
    overdue: int = 0
    committees: int = 0
    mediators: int = 0
    by_source_group: dict[str, int] = field(default_factory=lambda: {g: 0 for g in SOURCE_GROUPS})
    by_source: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    by_linkage: dict[str, int] = field(default_factory=lambda: {k: 0 for k in vocab.LINKAGES})

    @property
    def success_rate(self) -> float:
        ended = self.succeeded + self.terminated
        return self.succeeded / ended if ended else 0.0

    @property
    def grid_handled_share(self) -> float:
        return grid_handled_share(self.grid_handled, self.grid_escalated)

    def figure(self, key: str) -> Any:
        return getattr(self, key)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the amount as a string with two decimals (exact), rates as fractions."""
        d = asdict(self)
        d["agreement_amount"] = f"{self.agreement_amount:.2f}"
        d["success_rate"] = round(self.success_rate, 4)
        d["grid_handled_share"] = round(self.grid_handled_share, 4)
        d["schema"] = SCHEMA
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MonthlyStatistics:
        names = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in d.items() if k in names}
        kwargs["agreement_amount"] = Decimal(str(d.get("agreement_amount", "0")))
        return cls(**kwargs)

    @classmethod
    def combine(cls, month: str, parts: list[MonthlyStatistics], owner_code: str | None = None
                ) -> MonthlyStatistics:
        """The sum of several centers' figures (the county total); rates are recomputed."""
        total = cls(month=month, owner_code=owner_code)
        for part in parts:
            for f in fields(cls):
                value = getattr(part, f.name)
                if f.name in ("month", "owner_code"):
                    continue
                if isinstance(value, dict):
                    merged = Counter(getattr(total, f.name))
                    merged.update(value)
                    setattr(total, f.name, dict(merged))
                else:
                    setattr(total, f.name, getattr(total, f.name) + value)
        return total


def _owned(query: Any, model: Any, owner_code: str | None) -> Any:
    return query.where(model.owner_code == owner_code) if owner_code else query


@unattended("a rule over its arguments: reads no data")
def not_by_index(column: Any) -> Any:
    """``column`` with SQLite's unary plus: the same value, but its index is not a candidate.
    Without statistics (no ANALYZE) SQLite prefers any equality or IN over a date range, so a
    month's cases would be found by walking every case of a source or status; the date's index
    reads only the month's rows. PostgreSQL plans from its own statistics (and has no unary plus
    on text): the column as it is."""
    from zhongxin_desktop.store.engine import is_server

    if is_server():
        return column
    return NodeList((SQL("+"), column), glue="")


def _in_month(column: Any, first: dt.date, nxt: dt.date) -> Any:
    return (column >= first) & (column < nxt)


def _closing_outcomes(case_ids: list[str]) -> dict[str, str]:
    """The last decisive step (succeeded/terminated/concluded/rejected) of each case's trail."""
    outcomes: dict[str, str] = {}
    for chunk_start in range(0, len(case_ids), 500):
        chunk = case_ids[chunk_start:chunk_start + 500]
        q = (CaseEvent.select(CaseEvent.case, CaseEvent.to_status)
             .where(CaseEvent.case.in_(chunk), CaseEvent.to_status.in_(list(_OUTCOME_STATUSES)))
             .order_by(CaseEvent.at, CaseEvent.created_at))
        rows: Any = q.tuples()  # (case id, status): peewee's stubs type tuples() as rows of models
        for case_id, to_status in rows:
            outcomes[case_id] = _OUTCOME_STATUSES[to_status]
    return outcomes


def _current_agreements(case_ids: list[str]) -> dict[str, Any]:
    """Each case's current agreement (the newest version not superseded): its amount and kind
    only, as tuples: whole Agreement rows (facts, clauses) cost more to build than to read."""
    found: dict[str, Any] = {}
    for chunk_start in range(0, len(case_ids), 500):
        chunk = case_ids[chunk_start:chunk_start + 500]
        q = (Agreement.select(Agreement.case, Agreement.amount, Agreement.kind)
             .where(Agreement.case.in_(chunk), Agreement.status != "superseded")
             .order_by(Agreement.version, Agreement.created_at))
        found_rows: Any = q.namedtuples()
        for a in found_rows:
            found[a.case] = a  # the newest version wins
    return found


def _closed_cases(stats: MonthlyStatistics, first: dt.date, nxt: dt.date, owner: str | None) -> None:
    rows = list(_owned(Case.select(Case.id, Case.status, Case.amount, Case.prevent_criminal,
                                   Case.prevent_criminal_persons, Case.prevent_petition,
                                   Case.prevent_petition_persons, Case.prevent_suicide,
                                   Case.prevent_suicide_persons)
                       .where(_in_month(Case.closed_on, first, nxt)), Case, owner).namedtuples())
    moved_on = [c.id for c in rows if c.status in (Status.FOLLOWED_UP.value, Status.ARCHIVED.value)]
    trail = _closing_outcomes(moved_on)
    agreements = _current_agreements([c.id for c in rows])
    successes = []
    for c in rows:
        status = Status(c.status)
        if status in SUCCESS_STATUSES:
            outcome = "succeeded"
        elif c.id in trail:
            outcome = trail[c.id]
        elif status in (Status.FOLLOWED_UP, Status.ARCHIVED):
            outcome = "succeeded" if c.id in agreements else "unknown"
        else:
            outcome = _OUTCOME_STATUSES.get(c.status, "unknown")
        if outcome == "succeeded":
            successes.append(c)
        elif outcome == "terminated":
            stats.terminated += 1
        if outcome != "rejected" and status != Status.REJECTED:
            for flag in ("criminal", "petition", "suicide"):
                if getattr(c, f"prevent_{flag}"):
                    setattr(stats, f"prevent_{flag}_cases", getattr(stats, f"prevent_{flag}_cases") + 1)
                    setattr(stats, f"prevent_{flag}_persons",
                            getattr(stats, f"prevent_{flag}_persons") + int(getattr(c, f"prevent_{flag}_persons") or 0))
    stats.succeeded = len(successes)
    amount = Decimal("0")
    for c in successes:
        agreement = agreements.get(c.id)
        amount += Decimal(agreement.amount if agreement is not None else c.amount or 0)
        if agreement is not None:
            if agreement.kind == "oral":
                stats.oral_agreements += 1
            else:
                stats.written_agreements += 1
    stats.agreement_amount = amount.quantize(Decimal("0.01"))


def _grid_figures(stats: MonthlyStatistics, first: dt.date, nxt: dt.date, owner: str | None) -> None:
    stats.inspections = _owned(GridVisit.select().where(_in_month(GridVisit.visited_on, first, nxt)),
                               GridVisit, owner).count()
    events = _owned(GridEvent.select(GridEvent.event_type, GridEvent.status, GridEvent.case)
                    .where(_in_month(GridEvent.reported_on, first, nxt)), GridEvent, owner)
    for event_type, status, case_id in events.tuples():
        outcome = grid_event_outcome(status, case_id is not None)
        settled_in_grid = outcome == "handled"
        escalated = outcome == "escalated"
        stats.grid_handled += settled_in_grid
        stats.grid_escalated += escalated
        if event_type == DISPUTE_EVENT:
            stats.inspection_disputes += 1
            stats.prevented_disputes += settled_in_grid
    linked = GridEvent.select(GridEvent.case).where(GridEvent.case.is_null(False))
    stats.inspection_disputes += _owned(
        Case.select().where(_in_month(Case.registered_on, first, nxt), not_by_index(Case.source) == "主动排查",
                            Case.id.not_in(linked)), Case, owner).count()


@unattended("the month's figures for a report or a bundle whose caller has checked the actor")
def monthly_statistics(month: dt.date | str, owner_code: str | None = None, *,
                       today: dt.date | None = None) -> MonthlyStatistics:
    """Every figure of the monthly report for one month (see the module docstring for definitions)."""
    first = parse_month(month)
    nxt = next_month(first)
    today = today or dt.date.today()
    owner = owner_code
    stats = MonthlyStatistics(month=f"{first.year:04d}-{first.month:02d}", owner_code=owner_code)
    stats.by_category = {c: 0 for c in settings.get("categories")}
    registered = _owned(Case.select(Case.source, fn.COUNT(Case.id)).where(_in_month(Case.registered_on, first, nxt))
                        .group_by(Case.source), Case, owner)
    for source, count in registered.tuples():  # one pass over the month's cases for both figures
        stats.registered += count
        if source in vocab.GRID_SOURCES:
            stats.grid_found += count
    accepted = _owned(Case.select(Case.source, Case.category).where(_in_month(Case.accepted_on, first, nxt)),
                      Case, owner)
    for source, category in accepted.tuples():
        stats.accepted += 1
        group = vocab.SOURCE_GROUP.get(source, DEFAULT_SOURCE_GROUP)
        stats.by_source_group[group] = stats.by_source_group.get(group, 0) + 1
        stats.by_source[source] = stats.by_source.get(source, 0) + 1
        stats.by_category[category] = stats.by_category.get(category, 0) + 1
        if source in vocab.SOURCE_LINKAGE:
            linkage = vocab.SOURCE_LINKAGE[source]
            stats.by_linkage[linkage] = stats.by_linkage.get(linkage, 0) + 1
    _closed_cases(stats, first, nxt, owner)
    stats.performed = _owned(
        CaseEvent.select(CaseEvent.case).distinct().where(
            CaseEvent.action == "complete_performance",
            _in_month(CaseEvent.at, utc_start_of(first), utc_start_of(nxt))),
        CaseEvent, owner).count()
    stats.judicial_confirmations = _owned(
        JudicialConfirmation.select().where(_in_month(JudicialConfirmation.applied_on, first, nxt)),
        JudicialConfirmation, owner).count()
    _grid_figures(stats, first, nxt, owner)
    cutoff = min(nxt, today + dt.timedelta(days=1))
    # "not closed before the cutoff" as two counts, each found through the closed_on index (still
    # open: closed_on IS NULL; closed since: closed_on >= cutoff); the OR of both, or due_on < cutoff,
    # would read nearly every case there is
    late = (Case.accepted_on.is_null(False), not_by_index(Case.due_on) < cutoff, Case.status != Status.REJECTED.value)
    stats.overdue = sum(_owned(Case.select().where(still_open, *late), Case, owner).count()
                        for still_open in (Case.closed_on.is_null(), Case.closed_on >= cutoff))
    stats.committees, stats.mediators = _roster_counts(owner, utc_start_of(nxt))
    return stats


def _roster_counts(owner_code: str | None, before: dt.datetime) -> tuple[int, int]:
    """(调委会数, 调解员数): those on the roster (active) and entered before ``before`` (UTC)."""
    committees = MediationCommittee.select().where(MediationCommittee.active == True,  # noqa: E712
                                                   MediationCommittee.created_at < before)
    mediators = Mediator.select().where(Mediator.active == True, Mediator.created_at < before)  # noqa: E712
    return _owned(committees, MediationCommittee, owner_code).count(), _owned(mediators, Mediator, owner_code).count()


@dataclass
class ReportRow:
    code: str
    name: str
    stats: MonthlyStatistics


@dataclass
class MonthlyReport:
    """What the 统计报表 page previews and the Excel file holds: one row per center, and in
    county mode the county total."""

    month: str
    unit: str  # 填报单位
    county_mode: bool
    rows: list[ReportRow]
    total: ReportRow | None = None

    @property
    def first_day(self) -> dt.date:
        return parse_month(self.month)

    @property
    def last_day(self) -> dt.date:
        return next_month(self.first_day) - dt.timedelta(days=1)

    def all_rows(self) -> list[ReportRow]:
        return self.rows + ([self.total] if self.total else [])

    def categories(self) -> list[str]:
        seen: dict[str, None] = {c: None for c in settings.get("categories")}
        for row in self.all_rows():
            for c in row.stats.by_category:
                seen.setdefault(c, None)
        return list(seen)


def monthly_report(actor: Actor, month: dt.date | str, *, today: dt.date | None = None) -> MonthlyReport:
    """The report of the local center: its own row, or (county) one row per township plus the total."""
    from zhongxin_desktop.domain.roles import Perm
    from zhongxin_desktop.services.center import local_center

    actor.require(Perm.VIEW, "report")
    first = parse_month(month)
    center = local_center()
    if center.kind != "county":
        # Everything a township's store holds is its own work (referrals from the county included,
        # whoever owns those rows), so its report counts every row.
        stats = monthly_statistics(first, None, today=today)
        stats.owner_code = center.code
        return MonthlyReport(stats.month, center.name, False, [ReportRow(center.code, center.name, stats)])
    townships = (Center.select().where(Center.kind == "township", Center.is_local == False)  # noqa: E712
                 .order_by(Center.code))
    rows = [ReportRow(t.code, t.name, monthly_statistics(first, t.code, today=today)) for t in townships]
    label = f"{first.year:04d}-{first.month:02d}"
    total = ReportRow(center.code, "合计", MonthlyStatistics.combine(label, [r.stats for r in rows], center.code))
    return MonthlyReport(label, center.name, True, rows, total)
