"""The grid figures the county asks for, per grid and for the township.

Stable contract for the monthly statistics and the county bundle:
``grid_figures(actor, first, nxt, owner_code=None) -> GridFigures`` over the half-open period
[first, nxt); ``GridFigures.to_dict()`` is plain JSON (dates as ISO strings).

Definitions:
- events_found: events reported in the period.
- handled_in_grid: of those, settled in the grid (closed or handled, no case) — 办小事.
- escalated: of those, reported to the center (a linked case, or marked escalated on import).
  escalation_outcomes: the linked cases by their current status label ("未关联案件" when none).
- handled_share: 网格内化解率 as services.figures.statistics defines it (grid_event_outcome,
  grid_handled_share): handled / (handled + escalated), events still open left out — the same
  figure the dashboard, the monthly report and the county show for the month.
- open_risks: events reported before the period's end that are still unresolved today (open,
  or escalated with the case running), by risk level. The app keeps no status history, so a
  past month shows what is still open now.
- visits against the rhythm: expected = per-week setting × active grid workers × weeks
  (days / 7) for routine and focused visits; meetings expected per grid per week. Township
  meetings (no grid) count toward the township total. A period still running counts its days up
  to today only (7 December expects a week's visits, not the month's).
- visits are the grid workers' (a 联户长's 入户走访 is counted by services.gridwork.tenlink_figures).
- workers: the same per grid worker (active members by name; visits by a name no member has,
  such as a retired worker, get a row expecting nothing).
"""
from __future__ import annotations

from typing import Any

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field

from peewee import JOIN

from zhongxin_desktop.domain.grid_input import UNRESOLVED
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.domain.workflow import Status
from zhongxin_desktop.services import settings
from zhongxin_desktop.services.actor import Actor, unattended
from zhongxin_desktop.services.figures.statistics import grid_event_outcome, grid_handled_share
from zhongxin_desktop.store.models import Case, Grid, GridEvent, GridMeeting, GridMember, GridVisit, Village

NO_CASE = "未关联案件"


@dataclass
class Rhythm:
    routine_per_week: int
    focused_per_week: int
    meetings_per_week: int
    weeks: float


@dataclass
class GridRow:
    grid_id: str | None  # None for the township row
    code: str
    name: str
    village: str = ""
    kind: str = ""
    households: int = 0
    workers: int = 0
    events_found: int = 0
    handled_in_grid: int = 0
    escalated: int = 0
    escalation_outcomes: dict[str, int] = field(default_factory=dict)
    open_risks: dict[str, int] = field(default_factory=dict)
    routine_visits: int = 0
    focused_visits: int = 0
    meetings: int = 0
    expected_routine: float = 0.0
    expected_focused: float = 0.0
    expected_meetings: float = 0.0
    weekly: list[dict[str, Any]] = field(default_factory=list)  # [{"week": "2026-11-02", "routine": n, "focused": n}]

    @property
    def handled_share(self) -> float:
        return round(grid_handled_share(self.handled_in_grid, self.escalated), 4)

    @property
    def open_risk_total(self) -> int:
        return sum(self.open_risks.values())

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["handled_share"] = self.handled_share
        d["open_risk_total"] = self.open_risk_total
        for key in ("expected_routine", "expected_focused", "expected_meetings"):
            d[key] = round(d[key], 1)
        return d


@dataclass
class WorkerRow:
    """One grid worker's visits against the rhythm."""
    grid_id: str
    grid_name: str
    name: str
    duty: str
    routine_visits: int = 0
    focused_visits: int = 0
    expected_routine: float = 0.0
    expected_focused: float = 0.0

    @property
    def behind(self) -> bool:
        """Fewer visits than the rhythm expects to date (whole visits: 2.9 expected asks for 2)."""
        return (self.routine_visits < int(self.expected_routine)
                or self.focused_visits < int(self.expected_focused))

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["expected_routine"] = round(self.expected_routine, 1)
        d["expected_focused"] = round(self.expected_focused, 1)
        d["behind"] = self.behind
        return d


@dataclass
class GridFigures:
    first: dt.date
    nxt: dt.date
    owner_code: str | None
    rhythm: Rhythm
    township: GridRow
    grids: list[GridRow]
    workers: list[WorkerRow] = field(default_factory=list)
    counted_until: dt.date | None = None  # the day after the last day counted (nxt, or tomorrow)

    def to_dict(self) -> dict[str, Any]:
        return {"first": self.first.isoformat(), "next": self.nxt.isoformat(), "owner_code": self.owner_code,
                "counted_until": (self.counted_until or self.nxt).isoformat(),
                "rhythm": asdict(self.rhythm), "township": self.township.to_dict(),
                "grids": [g.to_dict() for g in self.grids], "workers": [w.to_dict() for w in self.workers]}


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _owned(query: Any, model: Any, owner_code: str | None) -> Any:
    return query.where(model.owner_code == owner_code) if owner_code else query


def grid_figures(actor: Actor, first: dt.date, nxt: dt.date, owner_code: str | None = None, *,
                 today: dt.date | None = None) -> GridFigures:
    """Figures over [first, nxt) for the grids of ``owner_code`` (all grids when None); the
    expectations of a period still running count its days up to ``today``."""
    actor.require(Perm.VIEW, "grid_figures")
    until = min(nxt, (today or dt.date.today()) + dt.timedelta(days=1))
    days = max((until - first).days, 0)
    rhythm = Rhythm(int(settings.get("grid_routine_visits_per_week")),
                    int(settings.get("grid_focused_visits_per_week")),
                    int(settings.get("grid_meetings_per_week")), round(days / 7, 4))
    grid_q = _owned(Grid.select(Grid, Village).join(Village, on=(Grid.village == Village.id),
                                                    join_type=JOIN.LEFT_OUTER), Grid, owner_code)
    grids = list(grid_q.order_by(Grid.code))
    workers = Counter(m.grid_id for m in _owned(GridMember.select(GridMember.grid).where(
        GridMember.active == True), GridMember, owner_code))  # noqa: E712
    rows: dict[str, GridRow] = {}
    for g in grids:
        rows[g.id] = GridRow(g.id, g.code, g.name, g.village.name if g.village_id else "", g.kind, g.households,
                             workers[g.id])

    events = _owned(GridEvent.select(GridEvent.grid, GridEvent.reported_on, GridEvent.status, GridEvent.risk_level,
                                     GridEvent.case, Case.status.alias("case_status"))
                    .join(Case, on=(GridEvent.case == Case.id), join_type=JOIN.LEFT_OUTER)
                    .where(GridEvent.reported_on < nxt), GridEvent, owner_code)
    for e in events.dicts():
        row = rows.get(e["grid"])
        if row is None:
            continue
        if e["status"] in UNRESOLVED:
            row.open_risks[e["risk_level"]] = row.open_risks.get(e["risk_level"], 0) + 1
        if e["reported_on"] < first:
            continue
        row.events_found += 1
        outcome = grid_event_outcome(e["status"], e["case"] is not None)
        if outcome == "handled":
            row.handled_in_grid += 1
        elif outcome == "escalated":
            row.escalated += 1
            label = Status(e["case_status"]).label if e["case_status"] else NO_CASE
            row.escalation_outcomes[label] = row.escalation_outcomes.get(label, 0) + 1

    weekly: dict[str, dict[dt.date, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    per_worker: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    visits = _owned(GridVisit.select(GridVisit.grid, GridVisit.visited_on, GridVisit.kind, GridVisit.worker_name)
                    .where(GridVisit.visited_on >= first, GridVisit.visited_on < nxt,
                           GridVisit.visitor_role != "联户长"), GridVisit, owner_code)
    for v in visits.dicts():
        row = rows.get(v["grid"])
        if row is None:
            continue
        if v["kind"] == "focused":
            row.focused_visits += 1
        else:
            row.routine_visits += 1
        weekly[v["grid"]][_week_start(v["visited_on"])][v["kind"]] += 1
        per_worker[(v["grid"], v["worker_name"].strip())][v["kind"]] += 1

    township = GridRow(None, owner_code or "", "全镇合计")
    meetings = _owned(GridMeeting.select(GridMeeting.grid).where(GridMeeting.held_on >= first,
                                                                 GridMeeting.held_on < nxt), GridMeeting, owner_code)
    for m in meetings.dicts():
        township.meetings += 1
        if m["grid"] in rows:
            rows[m["grid"]].meetings += 1

    weeks = []
    week = _week_start(first)
    while week < until:
        weeks.append(week)
        week += dt.timedelta(days=7)
    total_weekly: dict[dt.date, Counter[str]] = defaultdict(Counter)
    for row in rows.values():
        row.expected_routine = rhythm.routine_per_week * row.workers * rhythm.weeks
        row.expected_focused = rhythm.focused_per_week * row.workers * rhythm.weeks
        row.expected_meetings = rhythm.meetings_per_week * rhythm.weeks
        for w in weeks:
            counts = weekly[row.grid_id or ""][w]
            total_weekly[w].update(counts)
            row.weekly.append({"week": w.isoformat(), "routine": counts["routine"], "focused": counts["focused"]})
        _add_into(township, row)
    township.weekly = [{"week": w.isoformat(), "routine": total_weekly[w]["routine"],
                        "focused": total_weekly[w]["focused"]} for w in weeks]
    return GridFigures(first, nxt, owner_code, rhythm, township, list(rows.values()),
                       _worker_rows(rows, per_worker, rhythm, owner_code), until)


def _worker_rows(rows: dict[str, GridRow], visits: dict[tuple[str, str], Counter[str]], rhythm: Rhythm,
                 owner_code: str | None) -> list[WorkerRow]:
    out = []
    members = _owned(GridMember.select(GridMember.grid, GridMember.name, GridMember.duty)
                     .where(GridMember.active == True), GridMember, owner_code)  # noqa: E712
    for m in members.order_by(GridMember.name).dicts():
        row = rows.get(m["grid"])
        if row is None:
            continue
        done = visits.pop((m["grid"], m["name"].strip()), Counter())
        out.append(WorkerRow(m["grid"], row.name, m["name"], m["duty"], done["routine"], done["focused"],
                             rhythm.routine_per_week * rhythm.weeks, rhythm.focused_per_week * rhythm.weeks))
    for (grid_id, name), done in visits.items():  # visits by someone no longer (or never) a member
        if grid_id in rows:
            out.append(WorkerRow(grid_id, rows[grid_id].name, name, "", done["routine"], done["focused"]))
    codes = {gid: r.code for gid, r in rows.items()}
    return sorted(out, key=lambda w: (codes[w.grid_id], w.duty == "", w.name))


def _add_into(total: GridRow, row: GridRow) -> None:
    for key in ("households", "workers", "events_found", "handled_in_grid", "escalated", "routine_visits",
                "focused_visits", "expected_routine", "expected_focused", "expected_meetings"):
        setattr(total, key, getattr(total, key) + getattr(row, key))
    for attr in ("escalation_outcomes", "open_risks"):
        merged = getattr(total, attr)
        for k, v in getattr(row, attr).items():
            merged[k] = merged.get(k, 0) + v


@unattended("a rule over its arguments: reads no data")
def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    """'2026-11' → (2026-11-01, 2026-12-01). Raises ValueError on a malformed month."""
    year, mon = (int(x) for x in month.split("-"))
    first = dt.date(year, mon, 1)
    nxt = dt.date(year + (mon == 12), 1 if mon == 12 else mon + 1, 1)
    return first, nxt
