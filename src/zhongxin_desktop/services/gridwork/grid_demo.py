"""The demo township's grid story beyond events and visits (called once by services.demo): every
case reported by a grid worker or household head gets the grid event it was escalated from (with
its outcome fed back, as the closed loop would have done; a 联户长's report names a head of the
grid's units), each grid holds its weekly 周研判 whose decisions are tracked tasks, and the cases
that came as orders (12345, 110, court, 信访) carry the sender's work-order number and reply
deadline, answered in time as a rule.

Uses its own random stream, so the rest of the demo stays as it was for a given seed."""
from __future__ import annotations

from typing import Any

import datetime as dt
import random

from zhongxin_desktop.domain import vocab
from zhongxin_desktop.domain.grid_input import EventStatus, TaskStatus
from zhongxin_desktop.domain.workflow import OPEN_STATUSES, Status
from zhongxin_desktop.services.actor import unattended
from zhongxin_desktop.services.casework.grid_loop import outcome_text
from zhongxin_desktop.store.models import (
    Case, Grid, GridEvent, GridMeeting, GridTask, HouseholdUnit, Transfer, new_id,
)

DECISIONS = ["红橙风险当日上报中心，网格长跟进", "重点人员每周走访不少于一次", "邻里纠纷由网格员联合联户长调处",
             "安全隐患通报村委会并限期整改", "本周无新增重大风险，保持日常走访"]
TASKS = {"红橙风险当日上报中心，网格长跟进": "逐件核实本周红橙风险的化解进度",
         "重点人员每周走访不少于一次": "对重点人员逐一上门走访并记录",
         "邻里纠纷由网格员联合联户长调处": "联合联户长调处本周新发邻里纠纷",
         "安全隐患通报村委会并限期整改": "督促村委会完成安全隐患整改"}


@unattended("builds the demo township, before any user exists")
def add_grid_story(seed: int, owner: str, today: dt.date) -> dict[str, Any]:
    rng = random.Random(seed * 7 + 60)
    events = []
    heads: dict[str, list[HouseholdUnit]] = {}
    for unit in HouseholdUnit.select().order_by(HouseholdUnit.name):
        heads.setdefault(unit.grid_id, []).append(unit)
    for case in Case.select().where(Case.source.in_(list(vocab.GRID_SOURCES)), Case.grid.is_null(False)):
        reported = case.registered_on - dt.timedelta(days=rng.randint(0, 2))
        closed = Status(case.status) not in OPEN_STATUSES
        units = heads.get(case.grid_id or "", [])
        head = rng.choice(units) if case.source == "联户长报告" and units else None
        if head is not None:  # the head who reported it is one of the grid's
            Case.update(reporter_name=head.head_name).where(Case.id == case.id).execute()
        events.append(dict(
            id=new_id(), owner_code=owner, grid=case.grid_id, reported_on=reported,
            reporter_name=head.head_name if head else case.reporter_name or "网格员", event_type="矛盾纠纷",
            reporter_role="联户长" if case.source == "联户长报告" else "网格员", description=case.facts,
            risk_level=case.risk_level, status=EventStatus.CLOSED if closed else EventStatus.ESCALATED,
            handled_on=(case.closed_on or case.registered_on) if closed else None, result="", case=case.id,
            case_outcome=outcome_text(case) if closed else "", tenlink="矛盾纠纷联调", unit=head.id if head else None,
            external_ref=None))
    meetings, tasks = [], []
    for grid in Grid.select():
        for week in range(52):
            held = today - dt.timedelta(days=today.weekday() + 7 * week - 4)  # the Friday of each week
            if held > today or rng.random() < 0.15:  # a few weeks are missed, as in life
                continue
            decision = rng.choice(DECISIONS)
            meeting = dict(id=new_id(), owner_code=owner, grid=grid.id, held_on=held,
                           attendees=f"{grid.leader_name}、网格员、联户长代表", risks="", decisions=decision)
            meetings.append(meeting)
            if decision in TASKS and rng.random() < 0.5:
                due = held + dt.timedelta(days=rng.randint(3, 10))
                done = due < today - dt.timedelta(days=3) and rng.random() < 0.9
                tasks.append(dict(id=new_id(), owner_code=owner, meeting=meeting["id"], grid=grid.id, decided_on=held,
                                  content=TASKS[decision], owner=grid.leader_name, due_on=due,
                                  status=TaskStatus.DONE if done else TaskStatus.OPEN, done_on=min(due, today) if done else None,
                                  result="已落实" if done else ""))
    orders = _work_orders(rng, owner, today)
    for model, rows in ((GridEvent, events), (GridMeeting, meetings), (GridTask, tasks), (Transfer, orders)):
        for start in range(0, len(rows), 500):
            model.insert_many(rows[start:start + 500]).execute()
    return {"escalated_events": len(events), "meetings": len(meetings), "tasks": len(tasks), "orders": len(orders)}


# the sender's number as each kind of order shows it; the days it gives to reply
ORDER_FORMS = {"12345热线": ("GD{d:%Y%m%d}{n:04d}", 5), "110转办": ("JJ{d:%Y%m%d}{n:03d}", 7),
               "法院委派/诉前调解": ("（{d:%Y}）黔0102民诉前调{n}号", 30), "信访转办": ("信访〔{d:%Y}〕{n}号", 30)}


def _work_orders(rng: random.Random, owner: str, today: dt.date) -> list[dict[str, Any]]:
    """Cases that came as orders get the sender's number, and an incoming row owing the reply."""
    rows = []
    for n, case in enumerate(Case.select().where(Case.source.in_(list(ORDER_FORMS))).order_by(Case.registered_on),
                             start=1):
        form, days = ORDER_FORMS[case.source]
        ref = form.format(d=case.registered_on, n=n * 7 % 1000 + 1)
        due = case.registered_on + dt.timedelta(days=days)
        Case.update(external_ref=ref, source_detail=f"{case.source}工单 {ref}").where(Case.id == case.id).execute()
        answered = due < today and rng.random() < 0.93
        reply_on = min(case.registered_on + dt.timedelta(days=rng.randint(1, days)), today) if answered else None
        rows.append(dict(id=new_id(), owner_code=owner, case=case.id, department=case.source, sent_on=case.registered_on,
                         feedback_due=due, instructions="", reply_on=reply_on,
                         reply="已按期回复办理情况" if answered else "", replied_by="dengji" if answered else "",
                         reference=ref, direction="in"))
    return rows
