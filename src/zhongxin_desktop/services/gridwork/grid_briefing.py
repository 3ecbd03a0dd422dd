"""What the weekly 研判 briefing puts on the table (documents/grid_briefing.py prints it).

For ISO week ``YYYY-Www`` (Monday to Sunday), as of ``today`` when the week is still running:
- new events: reported in the week, by grid and by type;
- open red/orange risks: the events of the two gravest levels still unresolved (open, or escalated
  with the case running), reported by the week's end, oldest first, with their age; over 30 days
  old is flagged;
- overdue replies: transfers out (交办) and orders in (12345, 110, court, 信访) with no reply whose reply
  deadline has passed (services.casework.liaison);
- visits per grid worker against the rhythm to date (services.gridwork.grid_figures);
- hot spots: villages/communities by the week's events and cases registered;
- repeat disputants: a person (same ID number, or same name and phone) in two or more cases
  registered in the 365 days to the week's end;
- decisions: the tasks still open when the week began (carried until closed), then the ones
  decided in the week (services.gridwork.grid_tasks);
- watch registers: how many entries are overdue a visit.
"""
from __future__ import annotations

from typing import Any

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from peewee import JOIN, fn

from zhongxin_desktop.domain.errors import FieldError, ValidationError
from zhongxin_desktop.domain.grid_input import UNRESOLVED, WATCH_KINDS
from zhongxin_desktop.domain.masking import mask_id, mask_phone
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.domain.workflow import Status
from zhongxin_desktop.services.gridwork import grid_tasks, grid_watch
from zhongxin_desktop.services import settings
from zhongxin_desktop.services.casework import liaison
from zhongxin_desktop.services.actor import Actor, unattended
from zhongxin_desktop.services.center import local_center
from zhongxin_desktop.services.gridwork.grid_events import _status_label
from zhongxin_desktop.services.gridwork.grid_figures import WorkerRow, grid_figures
from zhongxin_desktop.store.models import Case, CaseParty, Grid, GridEvent, GridTask, Party, Transfer, Village

STALE_DAYS = 30
REPEAT_WINDOW_DAYS = 365


@unattended("a rule over its arguments: reads no data")
def parse_week(text: str) -> tuple[str, dt.date]:
    """"2026-W49" (or 2026W49, 2026-w49) → ("2026-W49", its Monday)."""
    m = re.fullmatch(r"\s*(\d{4})-?[Ww](\d{1,2})\s*", text or "")
    try:
        if not m:
            raise ValueError(text)
        monday = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    except ValueError:
        raise ValidationError(FieldError("周次", f"“{text}”不是有效的周次，请写成 YYYY-Www，如 2026-W49")) from None
    return f"{int(m.group(1)):04d}-W{int(m.group(2)):02d}", monday


@unattended("a rule over its arguments: reads no data")
def week_of(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


@dataclass
class Briefing:
    week: str
    monday: dt.date
    sunday: dt.date
    today: dt.date
    unit: str
    event_types: list[str] = field(default_factory=list)
    events_by_grid: list[dict[str, Any]] = field(default_factory=list)  # {"grid", "total", "by_type": {type: n}}
    events_total: int = 0
    open_risks: list[dict[str, Any]] = field(default_factory=list)
    overdue_replies: list[dict[str, Any]] = field(default_factory=list)
    workers: list[WorkerRow] = field(default_factory=list)
    hot_spots: list[dict[str, Any]] = field(default_factory=list)
    repeat_parties: list[dict[str, Any]] = field(default_factory=list)
    carried_tasks: list[dict[str, Any]] = field(default_factory=list)
    new_tasks: list[dict[str, Any]] = field(default_factory=list)
    watch_overdue: dict[str, int] = field(default_factory=dict)

    @property
    def stale_risks(self) -> int:
        return sum(r["stale"] for r in self.open_risks)


def build(actor: Actor, week: str, *, today: dt.date | None = None) -> Briefing:
    actor.require(Perm.VIEW, "grid_figures")
    label, monday = parse_week(week)
    sunday = monday + dt.timedelta(days=6)
    today = today or dt.date.today()
    as_of = min(today, sunday)
    b = Briefing(label, monday, sunday, today, local_center().name)
    _new_events(b)
    _open_risks(b, as_of)
    _overdue_replies(b, as_of)
    b.workers = grid_figures(actor, monday, sunday + dt.timedelta(days=1), today=today).workers
    _hot_spots(b)
    _repeat_parties(b)
    b.carried_tasks = grid_tasks._carried_into(monday, as_of)
    b.new_tasks = [grid_tasks._task_dict(t, as_of) for t in
                   GridTask.select(GridTask, Grid).join(Grid, JOIN.LEFT_OUTER, on=(GridTask.grid == Grid.id))
                   .where(GridTask.decided_on >= monday, GridTask.decided_on <= sunday).order_by(GridTask.due_on)]
    if actor.can(Perm.EDIT):  # the registers are for those who may edit (services.gridwork.grid_watch)
        b.watch_overdue = {k: len(grid_watch.list_people(actor, k, overdue_only=True, today=as_of))
                           for k in WATCH_KINDS}
    return b


def _new_events(b: Briefing) -> None:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    q = (GridEvent.select(GridEvent.event_type, Grid.name).join(Grid)
         .where(GridEvent.reported_on >= b.monday, GridEvent.reported_on <= b.sunday))
    rows: Any = q.tuples()  # (event type, grid name): peewee's stubs type tuples() as rows of models
    for event_type, grid_name in rows:
        counts[grid_name][event_type] += 1
    types = list(settings.get("grid_event_types"))
    seen = {t for c in counts.values() for t in c}
    b.event_types = [t for t in types if t in seen] + sorted(seen - set(types))
    b.events_by_grid = [{"grid": g, "total": sum(c.values()), "by_type": dict(c)}
                        for g, c in sorted(counts.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))]
    b.events_total = sum(r["total"] for r in b.events_by_grid)


def _open_risks(b: Briefing, as_of: dt.date) -> None:
    grave = list(settings.get("risk_levels"))[:2]  # 红, 橙
    q = (GridEvent.select(GridEvent, Grid).join(Grid)
         .where(GridEvent.status.in_(UNRESOLVED), GridEvent.risk_level.in_(grave),
                GridEvent.reported_on <= b.sunday)
         .order_by(GridEvent.reported_on, GridEvent.created_at))
    for e in q:
        age = (as_of - e.reported_on).days
        b.open_risks.append({"risk_level": e.risk_level, "grid": e.grid.name, "reported_on": e.reported_on,
                             "age_days": age, "stale": age > STALE_DAYS, "event_type": e.event_type,
                             "description": e.description, "status": _status_label(e)})


def _overdue_replies(b: Briefing, as_of: dt.date) -> None:
    q = (Transfer.select(Transfer, Case).join(Case)
         .where(Transfer.reply_on.is_null(), Transfer.feedback_due < as_of)
         .order_by(Transfer.feedback_due))
    b.overdue_replies = [liaison.transfer_dict(t, as_of) for t in q]


def _hot_spots(b: Briefing) -> None:
    # (village, count) pairs: peewee's stubs type tuples() as rows of models
    event_counts: Any = (GridEvent.select(Village.name, fn.COUNT(GridEvent.id)).join(Grid).join(Village)
                         .where(GridEvent.reported_on >= b.monday, GridEvent.reported_on <= b.sunday)
                         .group_by(Village.name).tuples())
    case_counts: Any = (Case.select(Village.name, fn.COUNT(Case.id)).join(Village, on=(Case.village == Village.id))
                        .where(Case.registered_on >= b.monday, Case.registered_on <= b.sunday)
                        .group_by(Village.name).tuples())
    events: Counter[str] = Counter(dict(event_counts))
    registered: Counter[str] = Counter(dict(case_counts))
    names = set(events) | set(registered)
    spots: list[dict[str, Any]] = [{"village": n, "events": events[n], "cases": registered[n], "total": events[n] + registered[n]}
             for n in names]
    b.hot_spots = sorted(spots, key=lambda s: (-s["total"], s["village"]))[:8]


def _repeat_parties(b: Briefing) -> None:
    since = b.sunday - dt.timedelta(days=REPEAT_WINDOW_DAYS)
    q = (CaseParty.select(CaseParty.case, Party, Case.id, Case.case_no, Case.status)
         .join(Party).switch(CaseParty).join(Case)
         .where(Case.registered_on >= since, Case.registered_on <= b.sunday))
    people: dict[tuple[Any, ...], dict[str, Any]] = {}
    for link in q:
        p = link.party
        key: tuple[Any, ...]
        if p.id_number:
            key = ("id", p.id_number)
        elif p.phone and p.name:
            key = ("name", p.name, p.phone)
        else:
            continue  # a name alone is too common to say it is the same person
        entry = people.setdefault(key, {"name": p.name, "id_number": mask_id(p.id_number),
                                        "phone": mask_phone(p.phone), "cases": {}})
        case = link.case
        entry["cases"][case.id] = (case.case_no or "待受理", Status(case.status).label)
    repeats = [{**e, "case_count": len(e["cases"]), "cases": sorted(e["cases"].values())}
               for e in people.values() if len(e["cases"]) >= 2]
    b.repeat_parties = sorted(repeats, key=lambda e: (-e["case_count"], e["name"]))[:15]
