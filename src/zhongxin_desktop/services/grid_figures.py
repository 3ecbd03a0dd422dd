"""The grid figures the county asks for (issue 8), per grid and for the township.

Stable contract for the monthly statistics and the county bundle:
``grid_figures(actor, first, nxt, owner_code=None) -> GridFigures`` over the half-open period
[first, nxt); ``GridFigures.to_dict()`` is plain JSON (dates as ISO strings).

Definitions:
- events_found: events reported in the period.
- handled_in_grid: of those, settled in the grid (closed or handled, no case) — 办小事.
- escalated: of those, reported to the center (a linked case, or marked escalated on import).
  escalation_outcomes: the linked cases by their current status label ("未关联案件" when none).
- handled_share: handled_in_grid / events_found (0 when nothing was found).
- open_risks: events reported before the period's end that are still unresolved today (open,
  or escalated with the case running), by risk level. The app keeps no status history, so a
  past month shows what is still open now.
- visits against the rhythm: expected = per-week setting × active grid workers × weeks
  (days / 7) for routine and focused visits; meetings expected per grid per week. Township
  meetings (no grid) count toward the township total.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field

from peewee import JOIN

from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.domain.workflow import Status
from zhongxin_desktop.services import settings
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.store.models import Case, Grid, GridEvent, GridMeeting, GridMember, GridVisit, Village

HANDLED = ("closed", "handled")
UNRESOLVED = ("open", "escalated")
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
    weekly: list[dict] = field(default_factory=list)  # [{"week": "2026-11-02", "routine": n, "focused": n}]

    @property
    def handled_share(self) -> float:
        return round(self.handled_in_grid / self.events_found, 4) if self.events_found else 0.0

    @property
    def open_risk_total(self) -> int:
        return sum(self.open_risks.values())

    def to_dict(self) -> dict:
        d = asdict(self)
        d["handled_share"] = self.handled_share
        d["open_risk_total"] = self.open_risk_total
        for key in ("expected_routine", "expected_focused", "expected_meetings"):
            d[key] = round(d[key], 1)
        return d


@dataclass
class GridFigures:
    first: dt.date
    nxt: dt.date
    owner_code: str | None
    rhythm: Rhythm
    township: GridRow
    grids: list[GridRow]

    def to_dict(self) -> dict:
        return {"first": self.first.isoformat(), "next": self.nxt.isoformat(), "owner_code": self.owner_code,
                "rhythm": asdict(self.rhythm), "township": self.township.to_dict(),
                "grids": [g.to_dict() for g in self.grids]}


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _owned(query, model, owner_code):
    return query.where(model.owner_code == owner_code) if owner_code else query


def grid_figures(actor: Actor, first: dt.date, nxt: dt.date, owner_code: str | None = None) -> GridFigures:
    """Figures over [first, nxt) for the grids of ``owner_code`` (all grids when None)."""
    actor.require(Perm.VIEW, "grid_figures")
    days = max((nxt - first).days, 0)
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
        if e["case"] is None and e["status"] in HANDLED:
            row.handled_in_grid += 1
        elif e["case"] is not None or e["status"] == "escalated":
            row.escalated += 1
            label = Status(e["case_status"]).label if e["case_status"] else NO_CASE
            row.escalation_outcomes[label] = row.escalation_outcomes.get(label, 0) + 1

    weekly: dict[str, dict[dt.date, Counter]] = defaultdict(lambda: defaultdict(Counter))
    visits = _owned(GridVisit.select(GridVisit.grid, GridVisit.visited_on, GridVisit.kind)
                    .where(GridVisit.visited_on >= first, GridVisit.visited_on < nxt), GridVisit, owner_code)
    for v in visits.dicts():
        row = rows.get(v["grid"])
        if row is None:
            continue
        if v["kind"] == "focused":
            row.focused_visits += 1
        else:
            row.routine_visits += 1
        weekly[v["grid"]][_week_start(v["visited_on"])][v["kind"]] += 1

    township = GridRow(None, owner_code or "", "全镇合计")
    meetings = _owned(GridMeeting.select(GridMeeting.grid).where(GridMeeting.held_on >= first,
                                                                 GridMeeting.held_on < nxt), GridMeeting, owner_code)
    for m in meetings.dicts():
        township.meetings += 1
        if m["grid"] in rows:
            rows[m["grid"]].meetings += 1

    weeks = []
    week = _week_start(first)
    while week < nxt:
        weeks.append(week)
        week += dt.timedelta(days=7)
    total_weekly: dict[dt.date, Counter] = defaultdict(Counter)
    for row in rows.values():
        row.expected_routine = rhythm.routine_per_week * row.workers * rhythm.weeks
        row.expected_focused = rhythm.focused_per_week * row.workers * rhythm.weeks
        row.expected_meetings = rhythm.meetings_per_week * rhythm.weeks
        for w in weeks:
            counts = weekly[row.grid_id][w]
            total_weekly[w].update(counts)
            row.weekly.append({"week": w.isoformat(), "routine": counts["routine"], "focused": counts["focused"]})
        _add_into(township, row)
    township.weekly = [{"week": w.isoformat(), "routine": total_weekly[w]["routine"],
                        "focused": total_weekly[w]["focused"]} for w in weeks]
    return GridFigures(first, nxt, owner_code, rhythm, township, list(rows.values()))


def _add_into(total: GridRow, row: GridRow) -> None:
    for key in ("households", "workers", "events_found", "handled_in_grid", "escalated", "routine_visits",
                "focused_visits", "expected_routine", "expected_focused", "expected_meetings"):
        setattr(total, key, getattr(total, key) + getattr(row, key))
    for attr in ("escalation_outcomes", "open_risks"):
        merged = getattr(total, attr)
        for k, v in getattr(row, attr).items():
            merged[k] = merged.get(k, 0) + v


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    """'2026-11' → (2026-11-01, 2026-12-01). Raises ValueError on a malformed month."""
    year, mon = (int(x) for x in month.split("-"))
    first = dt.date(year, mon, 1)
    nxt = dt.date(year + (mon == 12), 1 if mon == 12 else mon + 1, 1)
    return first, nxt
