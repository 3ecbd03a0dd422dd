"""The figures and the to-do lists of the 工作台 (dashboard)."""
from __future__ import annotations

from typing import Any

import datetime as dt
from dataclasses import dataclass, field

from zhongxin_desktop.domain import vocab
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.domain.workflow import CLOSED_STATUSES, OPEN_STATUSES, Status
from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.services.safety import backups
from zhongxin_desktop.services import settings
from zhongxin_desktop.services.figures import statistics
from zhongxin_desktop.services.casework import liaison
from zhongxin_desktop.services.actor import Actor, unattended
from zhongxin_desktop.services.results import AgreementRecord, CaseRecord
from zhongxin_desktop.store.models import Agreement, Case, FollowUp, JudicialConfirmation


@unattended("a rule over its arguments: reads no data")
def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    first = day.replace(day=1)
    return first, statistics.next_month(first)


@dataclass
class MonthFigures:
    registered: int = 0
    accepted: int = 0
    succeeded: int = 0
    closed: int = 0

    @property
    def success_rate(self) -> float:
        return self.succeeded / self.closed if self.closed else 0.0


@dataclass
class Dashboard:
    today: dt.date
    this_month: MonthFigures
    last_month: MonthFigures
    open_cases: int
    overdue_count: int
    overdue: list[CaseRecord] = field(default_factory=list)
    due_soon: list[CaseRecord] = field(default_factory=list)
    followups_due: list[CaseRecord] = field(default_factory=list)
    confirmation_windows: list[tuple[AgreementRecord, dt.date]] = field(default_factory=list)
    overdue_replies: list[dict[str, Any]] = field(default_factory=list)  # services.casework.liaison, both directions
    # the full monthly statistics behind the charts (by category, by source, grid share)
    stats_this: statistics.MonthlyStatistics | None = None
    stats_last: statistics.MonthlyStatistics | None = None
    backup_warning: str | None = None  # the last automatic backup failed, none has succeeded since
    # the first-run checklist: (what, done, where to do it); empty for a county office
    setup: list[tuple[str, bool, str]] = field(default_factory=list)


def _setup_steps() -> list[tuple[str, bool, str]]:
    """What a new township center sets up before its first case, and whether it has."""
    from zhongxin_desktop.domain.roles import Role
    from zhongxin_desktop.services.center import local_center
    from zhongxin_desktop.store.models import Grid, TrustedKey, User, Village

    if local_center().kind != "township":
        return []
    mediators = User.select().where(User.active == True,  # noqa: E712
                                    User.role.in_([Role.MEDIATOR.value, Role.DIRECTOR.value]))
    return [
        ("村（社区）和网格", Village.select().exists() and Grid.select().exists(),
         "在“网格”页添加本镇的村（社区）和网格，或从网格平台导入"),
        ("调解员账号", mediators.exists(), "由管理员在“设置 › 用户”中添加调解员、中心负责人"),
        ("县级中心的公钥", TrustedKey.select().where(TrustedKey.kind == "county").exists(),
         "在“数据交换”页导入县里给的公钥文件，核对指纹后信任"),
        ("第一件案件", Case.select().exists(), "在“案件”页点“登记新案件”（Ctrl+N）"),
    ]


def _figures(s: statistics.MonthlyStatistics) -> MonthFigures:
    # "closed" = mediated to an end, so success_rate matches the report's 调解成功率
    return MonthFigures(s.registered, s.accepted, s.succeeded, s.succeeded + s.terminated)


def build(actor: Actor, today: dt.date | None = None, list_limit: int = 50, data: DataDir | None = None
          ) -> Dashboard:
    """``data``: the data folder, whose backups say whether a failed automatic backup still stands."""
    actor.require(Perm.VIEW)
    today = today or dt.date.today()
    first, nxt = month_bounds(today)
    prev_first, _ = month_bounds(first - dt.timedelta(days=1))
    open_values = [s.value for s in OPEN_STATUSES]
    open_q = Case.select().where(Case.status.in_(open_values))
    overdue = CaseRecord.of_all(open_q.where(Case.due_on < today).order_by(Case.due_on).limit(list_limit))
    due_soon = CaseRecord.of_all(open_q.where(Case.due_on >= today, Case.due_on <= today + dt.timedelta(days=3))
                                 .order_by(Case.due_on).limit(list_limit))
    # Closed cases with an agreement older than the follow-up period and no visit yet.
    after = settings.get("followup_after_days")
    visited = FollowUp.select(FollowUp.case)
    # walked in closed_on order until the list is full (nearly every old closed case is due):
    # through the status index it would read and sort every closed case there is
    followups_due = CaseRecord.of_all(
        Case.select().where(statistics.not_by_index(Case.status).in_(
                                [s.value for s in CLOSED_STATUSES if s != Status.TERMINATED]),
                            Case.closed_on <= today - dt.timedelta(days=after), Case.id.not_in(visited),
                            # old cases brought in from a ledger (services/figures/ledger_import) were
                            # followed up, or not, long ago: no visit is due for them now
                            Case.external_ref.is_null() | ~Case.external_ref.startswith("ledger:"))
        .order_by(Case.closed_on).limit(list_limit))
    confirmed = JudicialConfirmation.select(JudicialConfirmation.agreement)
    window = vocab.JUDICIAL_CONFIRMATION_DAYS
    agreements = (Agreement.select().where(
        Agreement.kind == "written", Agreement.signed_on.is_null(False),
        Agreement.signed_on > today - dt.timedelta(days=window),
        Agreement.signed_on <= today - dt.timedelta(days=window - 7),
        Agreement.status.in_(["signed", "frozen"]), Agreement.id.not_in(confirmed))
        .order_by(Agreement.signed_on).limit(list_limit))
    windows = [(AgreementRecord.of(a), a.signed_on + dt.timedelta(days=window))
               for a in agreements if a.signed_on]  # all are signed
    stats_this = statistics.monthly_statistics(first, today=today)
    stats_last = statistics.monthly_statistics(prev_first, today=today)
    return Dashboard(today=today, this_month=_figures(stats_this), last_month=_figures(stats_last),
                     stats_this=stats_this, stats_last=stats_last,
                     open_cases=open_q.count(), overdue_count=open_q.where(Case.due_on < today).count(),
                     overdue=overdue, due_soon=due_soon, followups_due=followups_due,
                     confirmation_windows=windows, setup=_setup_steps(),
                     overdue_replies=liaison.list_transfers(actor, overdue_only=True, today=today, limit=list_limit),
                     backup_warning=backups.failure_warning(data) if data is not None else None)


def repeat_people(actor: Actor, limit: int = 50) -> list[dict[str, Any]]:
    """People in two or more of this center's cases (services.casework.repeat_parties), masked. Apart from
    ``build``: it reads every party of the center (about 150 ms at 100,000 cases), so the 工作台
    shows its figures first and fills this list in after."""
    from zhongxin_desktop.services.casework import repeat_parties
    from zhongxin_desktop.services.center import local_center

    actor.require(Perm.VIEW)
    if local_center().kind != "township":  # the county has its own list across townships
        return []
    return repeat_parties.within_center(actor, limit=limit)

