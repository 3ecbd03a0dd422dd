"""Decisions of the weekly 研判 meeting as tracked tasks: content, 责任人, due date; closed with
what came of them. An open task is carried into every weekly briefing until it is closed."""
from __future__ import annotations

from typing import Any

import datetime as dt

from peewee import JOIN

from zhongxin_desktop.domain.errors import Collector, DomainError, FieldError, ValidationError
from zhongxin_desktop.domain.grid_input import TaskInput, TaskStatus, validate_task
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.services._refs import _row_by_ref
from zhongxin_desktop.services import audit
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.services.gridwork.grid_records import GridTaskRecord
from zhongxin_desktop.services.center import local_center
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import Grid, GridTask

STATUS_LABELS: dict[str, str] = {TaskStatus.OPEN: "落实中", TaskStatus.DONE: "已完成"}


def _get_task(ref: str) -> GridTask:
    return _row_by_ref(GridTask, ref, f"找不到研判任务“{ref}”，请核对编号（zhongxin grid task list 可列出任务）")


def add_task(actor: Actor, data: TaskInput, *, decided_on: dt.date | None = None) -> GridTaskRecord:
    """A task decided outside a recorded meeting (or added to one afterwards)."""
    actor.require(Perm.REGISTER, "grid_task")
    decided_on = decided_on or dt.date.today()
    errors = Collector()
    validate_task(data, decided_on, errors)
    grid = Grid.get_or_none(Grid.id == data.grid_id) if data.grid_id else None
    if data.grid_id and grid is None:
        errors.add("网格", "不存在，请重新选择")
    errors.raise_if_any()
    with database.atomic():
        task = GridTask.create(owner_code=grid.owner_code if grid else local_center().code, grid=grid,
                               decided_on=decided_on, content=data.content, owner=data.owner, due_on=data.due_on)
        audit.record(actor.username, "grid_task_add", "grid_task", task.id, detail={"due": data.due_on})
    return GridTaskRecord.of(task)


def close_task(actor: Actor, task_id: str, result: str, *, on: dt.date | None = None) -> GridTaskRecord:
    actor.require(Perm.EDIT, "grid_task", task_id)
    on = on or dt.date.today()
    task = _get_task(task_id)
    if task.status == TaskStatus.DONE:
        raise DomainError(f"该任务已于{task.done_on}完成，不能重复办结")  # done_on: ISO, as before
    if not (result or "").strip():
        raise ValidationError(FieldError("落实情况", "不能为空，请写明落实结果"))
    if on < task.decided_on:
        raise ValidationError(FieldError("完成日期", f"不能早于研判日期{task.decided_on.isoformat()}"))
    with database.atomic():
        task.status, task.done_on, task.result = TaskStatus.DONE, on, result.strip()
        task.touch()
        task.save()
        audit.record(actor.username, "grid_task_done", "grid_task", task.id, detail={"on": on})
    return GridTaskRecord.of(task)


def _task_dict(t: GridTask, today: dt.date) -> dict[str, Any]:
    return {"id": t.id, "grid_name": t.grid.name if t.grid is not None else "全镇", "decided_on": t.decided_on,
            "content": t.content, "owner": t.owner, "due_on": t.due_on, "status": t.status,
            "status_label": STATUS_LABELS.get(t.status, t.status), "done_on": t.done_on, "result": t.result,
            "overdue": t.status == TaskStatus.OPEN and t.due_on < today}


def list_tasks(actor: Actor, *, open_only: bool = False, today: dt.date | None = None) -> list[dict[str, Any]]:
    actor.require(Perm.VIEW, "grid_task")
    today = today or dt.date.today()
    q = (GridTask.select(GridTask, Grid).join(Grid, JOIN.LEFT_OUTER, on=(GridTask.grid == Grid.id))
         .order_by(GridTask.status.desc(), GridTask.due_on, GridTask.decided_on))
    if open_only:
        q = q.where(GridTask.status == TaskStatus.OPEN)
    return [_task_dict(t, today) for t in q]


def _carried_into(monday: dt.date, today: dt.date) -> list[dict[str, Any]]:
    """What a briefing for the week starting ``monday`` goes through: every task decided before
    that week that was still open when it began (open now, or closed since)."""
    q = (GridTask.select(GridTask, Grid).join(Grid, JOIN.LEFT_OUTER, on=(GridTask.grid == Grid.id))
         .where(GridTask.decided_on < monday, (GridTask.status == TaskStatus.OPEN) | (GridTask.done_on >= monday))
         .order_by(GridTask.decided_on, GridTask.due_on))
    return [_task_dict(t, today) for t in q]


def get_task(actor: Actor, ref: str) -> GridTaskRecord:
    """The row ``_get_task`` finds, as a record (read permission)."""
    actor.require(Perm.VIEW, "grid_task", ref)
    return GridTaskRecord.of(_get_task(ref))
