"""The demo township's grid story beyond events and visits (called once by services.demo): every
case reported by a grid worker or household head gets the grid event it was escalated from (with
its outcome fed back, as the closed loop would have done), and each grid holds its weekly 周研判.

Uses its own random stream, so the rest of the demo stays as it was for a given seed."""
from __future__ import annotations

import datetime as dt
import random

from zhongxin_desktop.domain import vocab
from zhongxin_desktop.domain.workflow import OPEN_STATUSES, Status
from zhongxin_desktop.services.grid_events import outcome_text
from zhongxin_desktop.store.models import Case, Grid, GridEvent, GridMeeting, new_id

DECISIONS = ["红橙风险当日上报中心，网格长跟进", "重点人员每周走访不少于一次", "邻里纠纷由网格员联合联户长调处",
             "安全隐患通报村委会并限期整改", "本周无新增重大风险，保持日常走访"]


def add_grid_story(seed: int, owner: str, today: dt.date) -> dict:
    rng = random.Random(seed * 7 + 60)
    events = []
    for case in Case.select().where(Case.source.in_(list(vocab.GRID_SOURCES)), Case.grid.is_null(False)):
        reported = case.registered_on - dt.timedelta(days=rng.randint(0, 2))
        closed = Status(case.status) not in OPEN_STATUSES
        events.append(dict(
            id=new_id(), owner_code=owner, grid=case.grid_id, reported_on=reported,
            reporter_name=case.reporter_name or "网格员", event_type="矛盾纠纷",
            reporter_role="联户长" if case.source == "联户长报告" else "网格员", description=case.facts,
            risk_level=case.risk_level, status="closed" if closed else "escalated",
            handled_on=(case.closed_on or case.registered_on) if closed else None, result="", case=case.id,
            case_outcome=outcome_text(case) if closed else ""))
    meetings = []
    for grid in Grid.select():
        for week in range(52):
            held = today - dt.timedelta(days=today.weekday() + 7 * week - 4)  # the Friday of each week
            if held > today or rng.random() < 0.15:  # a few weeks are missed, as in life
                continue
            meetings.append(dict(id=new_id(), owner_code=owner, grid=grid.id, held_on=held,
                                 attendees=f"{grid.leader_name}、网格员、联户长代表", risks="",
                                 decisions=rng.choice(DECISIONS)))
    for model, rows in ((GridEvent, events), (GridMeeting, meetings)):
        for start in range(0, len(rows), 500):
            model.insert_many(rows[start:start + 500]).execute()
    return {"escalated_events": len(events), "meetings": len(meetings)}
