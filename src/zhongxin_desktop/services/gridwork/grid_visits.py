"""Visits (走访: 日基本走访、周重点走访) and the weekly analysis meeting (周研判调度)."""
from __future__ import annotations

from typing import Any

import datetime as dt

from peewee import JOIN

from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.domain.errors import Collector
from zhongxin_desktop.domain.grid_input import VISIT_KINDS, MeetingInput, VisitInput, validate_meeting, validate_visit
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.services import audit, settings
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.services.gridwork.grid_records import GridMeetingRecord, GridVisitRecord
from zhongxin_desktop.services.center import local_center
from zhongxin_desktop.services.gridwork.grid_households import _reporters_unit
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import Grid, GridEvent, GridMeeting, GridTask, GridVisit


def _chosen_grid(grid_id: str | None, errors: Collector) -> Grid | None:
    """The grid picked on the form; one deleted since the form was filled is a field error,
    not a crash."""
    grid = Grid.get_or_none(Grid.id == grid_id) if grid_id else None
    if grid_id and grid is None:
        errors.add("网格", "不存在，请重新选择")
    return grid


def record_visit(actor: Actor, data: VisitInput, *, today: dt.date | None = None) -> GridVisitRecord:
    """A 联户长's 入户走访 counts for their unit (picked, or found by name in the grid's units)."""
    actor.require(Perm.REGISTER, "grid_visit")
    errors = validate_visit(data, today, settings.get("tenlink_categories"))
    grid = _chosen_grid(data.grid_id, errors)
    unit_id = (_reporters_unit(grid.id, data.visitor_role, data.worker_name, data.unit_id, errors, "走访人")
               if grid is not None and not errors.errors else None)
    errors.raise_if_any()
    assert grid is not None  # validate_visit requires a grid: no error means one was found
    with database.atomic():
        visit = GridVisit.create(owner_code=grid.owner_code, grid=grid, worker_name=data.worker_name,
                                 visited_on=data.visited_on, kind=data.kind, households=int(data.households),
                                 notes=data.notes.strip(), visitor_role=data.visitor_role, unit=unit_id,
                                 tenlink=data.tenlink)
        audit.record(actor.username, "grid_visit_add", "grid_visit", visit.id,
                     detail={"grid": grid.code, "kind": data.kind, "on": data.visited_on,
                             "role": data.visitor_role})
    return GridVisitRecord.of(visit)


def list_visits(actor: Actor, *, grid_id: str | None = None, since: dt.date | None = None,
                until: dt.date | None = None, limit: int = 1000, offset: int = 0) -> list[dict[str, Any]]:
    actor.require(Perm.VIEW, "grid_visit")
    q = GridVisit.select(GridVisit, Grid).join(Grid)
    if grid_id:
        q = q.where(GridVisit.grid == grid_id)
    if since:
        q = q.where(GridVisit.visited_on >= since)
    if until:
        q = q.where(GridVisit.visited_on <= until)
    q = q.order_by(GridVisit.visited_on.desc(), GridVisit.created_at.desc(), GridVisit.id).limit(limit).offset(offset)
    return [{"id": v.id, "grid_id": v.grid_id, "grid_name": v.grid.name, "worker_name": v.worker_name,
             "visited_on": v.visited_on, "kind": v.kind, "kind_label": VISIT_KINDS.get(v.kind, v.kind),
             "households": v.households, "notes": v.notes, "visitor_role": v.visitor_role, "unit_id": v.unit_id,
             "tenlink": v.tenlink} for v in q]


def open_risks(actor: Actor, grid_id: str | None = None) -> list[dict[str, Any]]:
    """Unresolved events (open, or escalated with the case still running), gravest first: what a
    周研判 meeting goes through."""
    from zhongxin_desktop.services.gridwork.grid_events import list_events

    rows = list_events(actor, grid_id=grid_id, status="unresolved")
    levels = settings.get("risk_levels")
    order = {lv: i for i, lv in enumerate(levels)}
    return sorted(rows, key=lambda d: (order.get(d["risk_level"], 99), d["reported_on"]))


def _risk_line(e: GridEvent) -> str:
    return f"【{e.risk_level}】{e.grid.name} {cn_date(e.reported_on)} {e.event_type}：{e.description}"


def record_meeting(actor: Actor, data: MeetingInput, *, today: dt.date | None = None) -> GridMeetingRecord:
    """The open risks discussed are written into the minutes, one line each, after any free text;
    the decisions to carry out become tracked tasks (services.gridwork.grid_tasks)."""
    actor.require(Perm.REGISTER, "grid_meeting")
    errors = validate_meeting(data, today)
    grid = _chosen_grid(data.grid_id, errors)
    # the grid comes in the same query: each minutes line names the event's grid
    events = (list(GridEvent.select(GridEvent, Grid).join(Grid, JOIN.LEFT_OUTER, on=(GridEvent.grid == Grid.id))
                   .where(GridEvent.id.in_(data.event_ids))) if data.event_ids else [])
    if len(events) != len(set(data.event_ids)):
        errors.add("研判事项", "所选事件中有不存在的，请刷新后重选")
    errors.raise_if_any()
    risks = "\n".join([t for t in [data.risks.strip()] if t] + [_risk_line(e) for e in events])
    with database.atomic():
        meeting = GridMeeting.create(owner_code=grid.owner_code if grid else local_center().code, grid=grid,
                                     held_on=data.held_on, attendees=data.attendees.strip(), risks=risks,
                                     decisions=data.decisions.strip())
        for t in data.tasks:
            GridTask.create(owner_code=meeting.owner_code, meeting=meeting, grid=t.grid_id or grid, content=t.content,
                            owner=t.owner, due_on=t.due_on, decided_on=data.held_on)
        audit.record(actor.username, "grid_meeting_add", "grid_meeting", meeting.id,
                     detail={"grid": grid.code if grid else None, "events": sorted(data.event_ids),
                             "tasks": len(data.tasks)})
    return GridMeetingRecord.of(meeting)


def list_meetings(actor: Actor, *, grid_id: str | None = None, limit: int = 500, offset: int = 0) -> list[dict[str, Any]]:
    actor.require(Perm.VIEW, "grid_meeting")
    q = (GridMeeting.select(GridMeeting, Grid).join(Grid, JOIN.LEFT_OUTER, on=(GridMeeting.grid == Grid.id))
         .order_by(GridMeeting.held_on.desc(), GridMeeting.id).limit(limit).offset(offset))
    if grid_id:
        q = q.where(GridMeeting.grid == grid_id)
    return [{"id": m.id, "grid_id": m.grid_id, "grid_name": m.grid.name if m.grid is not None else "全镇",
             "held_on": m.held_on, "attendees": m.attendees, "risks": m.risks, "decisions": m.decisions}
            for m in q]
