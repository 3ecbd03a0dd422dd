"""The household heads' work counted (十联户): 联户长 visits (入户走访) and reports over a period,
by 十联 category, per 联户长, per unit, per grid, per township — at a county, each township from
the rows its bundles brought, and the county's total.

Definitions, over [first, nxt):
- visits: GridVisit rows whose visitor is a 联户长 (``visitor_role``); households_visited sums them.
- reports (problems collected): GridEvent rows reported by a 联户长; disputes / hazards found: those
  of type 矛盾纠纷 / 安全隐患; handled_in_grid / escalated: as services.figures.statistics.grid_event_outcome.
- a row's category counts: visits and reports by their 十联 category (“未分类” when none).
- per 联户长: grid and name (a head who changed units is one person); per unit: the unit the visit
  or report was recorded against (“未登记联户” when none: a head not in the registry).
"""
from __future__ import annotations

from typing import Any

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.services import settings
from zhongxin_desktop.services.actor import Actor, unattended
from zhongxin_desktop.services.figures.statistics import grid_event_outcome, grid_handled_share
from zhongxin_desktop.store.models import Center, Grid, GridEvent, GridVisit, HouseholdUnit

LEVELS = {"head": "联户长", "unit": "联户", "grid": "网格", "township": "乡镇"}
HEAD = "联户长"
UNCATEGORISED = "未分类"
NO_UNIT = "未登记联户"
DISPUTE, HAZARD = "矛盾纠纷", "安全隐患"


@dataclass
class TenlinkRow:
    name: str
    grid: str = ""
    visits: int = 0
    households_visited: int = 0
    reports: int = 0
    disputes: int = 0
    hazards: int = 0
    handled_in_grid: int = 0
    escalated: int = 0
    visits_by_category: dict[str, int] = field(default_factory=dict)
    reports_by_category: dict[str, int] = field(default_factory=dict)

    @property
    def handled_share(self) -> float:
        return round(grid_handled_share(self.handled_in_grid, self.escalated), 4)

    def add(self, other: TenlinkRow) -> None:
        for key in ("visits", "households_visited", "reports", "disputes", "hazards", "handled_in_grid", "escalated"):
            setattr(self, key, getattr(self, key) + getattr(other, key))
        for attr in ("visits_by_category", "reports_by_category"):
            mine = getattr(self, attr)
            for k, v in getattr(other, attr).items():
                mine[k] = mine.get(k, 0) + v

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "handled_share": self.handled_share}


@dataclass
class TenlinkFigures:
    first: dt.date
    nxt: dt.date
    level: str
    categories: list[str]
    rows: list[TenlinkRow]
    total: TenlinkRow

    def to_dict(self) -> dict[str, Any]:
        return {"first": self.first.isoformat(), "next": self.nxt.isoformat(), "level": self.level,
                "level_label": LEVELS[self.level], "categories": self.categories,
                "rows": [r.to_dict() for r in self.rows], "total": self.total.to_dict()}


def _owned(query: Any, model: Any, owner_code: str | None) -> Any:
    return query.where(model.owner_code == owner_code) if owner_code else query


def tenlink_figures(actor: Actor, first: dt.date, nxt: dt.date, *, level: str = "grid",
                    owner_code: str | None = None) -> TenlinkFigures:
    """``level``: head, unit, grid or township (at a county: one row per township)."""
    actor.require(Perm.VIEW, "grid_figures")
    if level not in LEVELS:
        raise ValueError(level)
    grids = {g.id: g for g in _owned(Grid.select(), Grid, owner_code)}
    units = {u.id: u for u in _owned(HouseholdUnit.select(), HouseholdUnit, owner_code)}
    centers = {c.code: c.name for c in Center.select(Center.code, Center.name)}

    def key_of(grid_id: str, unit_id: str | None, name: str, owner: str) -> tuple[tuple[Any, ...], str, str]:
        grid = grids.get(grid_id)
        grid_name = grid.name if grid else ""
        if level == "head":
            return (grid_id, name.strip()), name.strip(), grid_name
        if level == "unit":
            unit = units.get(unit_id) if unit_id else None
            label = (unit.name or f"{unit.head_name}联户") if unit else NO_UNIT
            return (grid_id, unit_id), label, grid_name
        if level == "grid":
            return (grid_id,), grid_name, grid_name
        return (owner,), centers.get(owner, owner), ""

    rows: dict[tuple[Any, ...], TenlinkRow] = {}

    def row_for(grid_id: str, unit_id: str | None, name: str, owner: str) -> TenlinkRow:
        key, label, grid_name = key_of(grid_id, unit_id, name, owner)
        if key not in rows:
            rows[key] = TenlinkRow(label, grid_name)
        return rows[key]

    visits = _owned(GridVisit.select(GridVisit.grid, GridVisit.unit, GridVisit.worker_name, GridVisit.owner_code,
                                     GridVisit.households, GridVisit.tenlink)
                    .where(GridVisit.visitor_role == HEAD, GridVisit.visited_on >= first, GridVisit.visited_on < nxt),
                    GridVisit, owner_code)
    for v in visits.dicts():
        row = row_for(v["grid"], v["unit"], v["worker_name"], v["owner_code"])
        row.visits += 1
        row.households_visited += v["households"]
        category = v["tenlink"] or UNCATEGORISED
        row.visits_by_category[category] = row.visits_by_category.get(category, 0) + 1
    events = _owned(GridEvent.select(GridEvent.grid, GridEvent.unit, GridEvent.reporter_name, GridEvent.owner_code,
                                     GridEvent.event_type, GridEvent.tenlink, GridEvent.status, GridEvent.case)
                    .where(GridEvent.reporter_role == HEAD, GridEvent.reported_on >= first,
                           GridEvent.reported_on < nxt), GridEvent, owner_code)
    for e in events.dicts():
        row = row_for(e["grid"], e["unit"], e["reporter_name"], e["owner_code"])
        row.reports += 1
        row.disputes += e["event_type"] == DISPUTE
        row.hazards += e["event_type"] == HAZARD
        outcome = grid_event_outcome(e["status"], e["case"] is not None)
        row.handled_in_grid += outcome == "handled"
        row.escalated += outcome == "escalated"
        category = e["tenlink"] or UNCATEGORISED
        row.reports_by_category[category] = row.reports_by_category.get(category, 0) + 1

    total = TenlinkRow("合计")
    for row in rows.values():
        total.add(row)
    categories = list(settings.get("tenlink_categories"))
    seen = set(total.visits_by_category) | set(total.reports_by_category)
    categories += sorted(seen - set(categories))  # an old category, or 未分类, still shows
    ordered = sorted(rows.values(), key=lambda r: (r.grid, r.name))
    return TenlinkFigures(first, nxt, level, categories, ordered, total)


@unattended("a rule over its arguments: reads no data")
def by_category(figures: TenlinkFigures) -> dict[str, dict[str, int]]:
    """The total's visits and reports per category: {category: {"visits": n, "reports": n}}."""
    out: dict[str, dict[str, int]] = defaultdict(lambda: {"visits": 0, "reports": 0})
    for c in figures.categories:
        out[c]["visits"] = figures.total.visits_by_category.get(c, 0)
        out[c]["reports"] = figures.total.reports_by_category.get(c, 0)
    return dict(out)
