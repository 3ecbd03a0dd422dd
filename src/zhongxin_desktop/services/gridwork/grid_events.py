"""Grid events (网格事件): recorded, handled in the grid (办小事) or escalated to the center
(报大事) as a case whose outcome flows back to the event (closed loop: ``grid_loop``).

Event statuses: open (待处理) → closed (handled in the grid: result recorded), or
open → escalated (a case exists) → closed (the case closed; its outcome copied back). A
reopened case (重新调解) puts its events back to escalated.
"""
from __future__ import annotations

from typing import Any

import datetime as dt

from peewee import JOIN

from zhongxin_desktop.domain.case_input import CaseInput, PartyInput
from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.domain.errors import Collector, DomainError, ValidationError, FieldError
from zhongxin_desktop.domain import vocab
from zhongxin_desktop.domain.grid_input import EVENT_STATUSES, UNRESOLVED, EventInput, EventStatus, validate_event
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.domain.workflow import Status
from zhongxin_desktop.services._refs import _row_by_ref
from zhongxin_desktop.services import audit, settings
from zhongxin_desktop.services.casework import cases
from zhongxin_desktop.services.actor import Actor, unattended
from zhongxin_desktop.services.gridwork.grid_records import GridEventRecord
from zhongxin_desktop.services.results import CaseRecord
from zhongxin_desktop.store.db import database
from zhongxin_desktop.services.gridwork.grid_households import _reporters_unit
from zhongxin_desktop.store.models import Case, Grid, GridEvent, GridMember, HouseholdUnit

PLACEHOLDER_PARTY = "待核实当事人"  # when the reporter named nobody; the clerk completes it at 受理


def _today() -> dt.date:
    return dt.date.today()


def _get_event(event_id: str) -> GridEvent:
    """An event by id, or by a unique leading part of it (at least 6 characters, as lists show)."""
    return _row_by_ref(GridEvent, event_id,
                       f"找不到网格事件“{event_id}”，请核对事件编号（zhongxin grid event list 可列出事件）")


def _status_label(event: GridEvent) -> str:
    if event.status == EventStatus.CLOSED and event.case_id:
        return "已闭环"
    return EVENT_STATUSES.get(event.status, event.status)


def _event_dict(e: GridEvent) -> dict[str, Any]:
    grid, case = e.grid, e.case
    return {"id": e.id, "grid_id": e.grid_id, "grid_code": grid.code, "grid_name": grid.name,
            "reported_on": e.reported_on, "reporter_name": e.reporter_name, "reporter_role": e.reporter_role,
            "event_type": e.event_type, "description": e.description, "risk_level": e.risk_level,
            "status": e.status, "status_label": _status_label(e), "handled_on": e.handled_on, "result": e.result,
            "case_id": e.case_id, "case_no": case.case_no if case is not None else None,
            "case_status_label": Status(case.status).label if case is not None else "",
            "case_registered_on": case.registered_on if case is not None else None,
            "case_outcome": e.case_outcome, "external_ref": e.external_ref, "tenlink": e.tenlink,
            "unit_id": e.unit_id}


def list_events(actor: Actor, *, grid_id: str | None = None, event_type: str | None = None,
                status: str | None = None, risk_level: str | None = None, since: dt.date | None = None,
                until: dt.date | None = None, limit: int = 1000, offset: int = 0) -> list[dict[str, Any]]:
    """Newest first, ``limit`` rows from ``offset`` (a page). ``status`` is one of EVENT_STATUSES or
    "unresolved" (open or escalated)."""
    actor.require(Perm.VIEW, "grid_event")
    q = (GridEvent.select(GridEvent, Grid, Case).join(Grid).switch(GridEvent)
         .join(Case, JOIN.LEFT_OUTER, on=(GridEvent.case == Case.id)))
    if grid_id:
        q = q.where(GridEvent.grid == grid_id)
    if event_type:
        q = q.where(GridEvent.event_type == event_type)
    if status == "unresolved":
        q = q.where(GridEvent.status.in_(UNRESOLVED))
    elif status:
        q = q.where(GridEvent.status == status)
    if risk_level:
        q = q.where(GridEvent.risk_level == risk_level)
    if since:
        q = q.where(GridEvent.reported_on >= since)
    if until:
        q = q.where(GridEvent.reported_on <= until)
    q = q.order_by(GridEvent.reported_on.desc(), GridEvent.created_at.desc(), GridEvent.id).limit(limit).offset(offset)
    return [_event_dict(e) for e in q]


@unattended("checks the input against the registry's vocabularies; reads no event")
def validate(data: EventInput, today: dt.date | None = None, where: str | None = None,
             corrected: GridEvent | None = None, find_unit: bool = True) -> Collector:
    """``corrected``: the event being corrected, whose own type and risk level stay acceptable
    after the settings stopped offering them (else fixing a typo would force a new type).
    ``find_unit``: a 联户长's report counts for their unit (picked, or found by the head's name)."""
    event_types, risk_levels, tenlinks = settings.get_many("grid_event_types", "risk_levels", "tenlink_categories")
    if corrected is not None:
        event_types = [*event_types, corrected.event_type]
        risk_levels = [*risk_levels, corrected.risk_level]
        tenlinks = [*tenlinks, corrected.tenlink]
    if not data.tenlink and vocab.TENLINK_BY_EVENT_TYPE.get(data.event_type) in tenlinks:
        data.tenlink = vocab.TENLINK_BY_EVENT_TYPE[data.event_type]
    errors = validate_event(data, event_types=event_types, risk_levels=risk_levels, today=today, where=where,
                            tenlink_categories=tenlinks)
    if data.grid_id and Grid.get_or_none(Grid.id == data.grid_id) is None:
        errors.add("网格", "不存在，请重新选择", where)
    elif find_unit and not errors.errors:  # an import names heads the registry may not hold yet
        data.unit_id = _reporters_unit(data.grid_id, data.reporter_role, data.reporter_name, data.unit_id, errors,
                                      "上报人", where)
    return errors


def record_event(actor: Actor, data: EventInput, *, today: dt.date | None = None,
                 external_ref: str | None = None) -> GridEventRecord:
    actor.require(Perm.REGISTER, "grid_event")
    validate(data, today).raise_if_any()
    grid = Grid.get_by_id(data.grid_id)
    with database.atomic():
        event = GridEvent.create(owner_code=grid.owner_code, grid=grid, reported_on=data.reported_on,
                                 reporter_name=data.reporter_name, reporter_role=data.reporter_role,
                                 event_type=data.event_type, description=data.description,
                                 risk_level=data.risk_level, status=EventStatus.OPEN, external_ref=external_ref,
                                 tenlink=data.tenlink, unit=data.unit_id)
        audit.record(actor.username, "grid_event_add", "grid_event", event.id,
                     detail={"grid": grid.code, "type": data.event_type, "risk": data.risk_level})
    return GridEventRecord.of(event)


def settle_on_the_spot(actor: Actor, data: EventInput, result: str, *, on: dt.date | None = None,
                       today: dt.date | None = None) -> GridEventRecord:
    """办小事 in one step: the event is recorded and settled in the grid together (one transaction,
    so a refused result leaves no open event behind)."""
    actor.require(Perm.EDIT, "grid_event")
    with database.atomic():
        event = record_event(actor, data, today=today)
        return handle_event(actor, event.id, result, on=on or data.reported_on)


def _reporter_role_for(grid_id: str | None, name: str) -> str:
    """Who a named reporter is, from the registry: a head of one of the grid's units who is not
    also one of its workers reports as 联户长; anyone else as 网格员."""
    name = (name or "").strip()
    if not grid_id or not name:
        return "网格员"
    worker = GridMember.select().where(GridMember.grid == grid_id, GridMember.name == name,
                                       GridMember.active == True).exists()  # noqa: E712
    head = HouseholdUnit.select().where(HouseholdUnit.grid == grid_id, HouseholdUnit.head_name == name).exists()
    return "联户长" if head and not worker else "网格员"


def _require_open(event: GridEvent, what: str) -> None:
    if event.status != EventStatus.OPEN:
        raise DomainError(f"该事件当前为“{_status_label(event)}”，不能再{what}。只有待处理的事件可以{what}。")


# model field → the form's label, for the audit entry of a correction
EDITABLE_FIELDS = {"grid_id": "网格", "reported_on": "上报日期", "reporter_name": "上报人",
                   "reporter_role": "上报人身份", "event_type": "事件类型", "risk_level": "风险等级",
                   "description": "事件描述", "tenlink": "十联类别", "unit_id": "联户"}


def update_event(actor: Actor, event_id: str, data: EventInput, *, today: dt.date | None = None) -> GridEventRecord:
    """Correct what was recorded (a typo, the wrong grid or risk) while the event is still open:
    once handled or escalated, its text is what the result or the case was based on."""
    actor.require(Perm.EDIT, "grid_event", event_id)
    event = _get_event(event_id)
    _require_open(event, "修改")
    validate(data, today, corrected=event).raise_if_any()
    changed = [label for field, label in EDITABLE_FIELDS.items() if getattr(event, field) != getattr(data, field)]
    if not changed:
        return GridEventRecord.of(event)
    with database.atomic():
        for field in EDITABLE_FIELDS:
            setattr(event, field, getattr(data, field))
        event.touch()
        event.save()
        audit.record(actor.username, "grid_event_edit", "grid_event", event.id, detail={"changed": changed})
    return GridEventRecord.of(event)


def handle_event(actor: Actor, event_id: str, result: str, *, on: dt.date | None = None) -> GridEventRecord:
    """办小事: settled in the grid; the result is recorded and the event closed."""
    actor.require(Perm.EDIT, "grid_event", event_id)
    on = on or _today()
    event = _get_event(event_id)
    _require_open(event, "网格内办结")
    if not (result or "").strip():
        raise ValidationError(FieldError("处理结果", "不能为空，请写明网格内如何化解（如：现场调处，双方和解）"))
    if on < event.reported_on:
        raise ValidationError(FieldError("办结日期", f"不能早于上报日期{cn_date(event.reported_on)}"))
    with database.atomic():
        event.status, event.result, event.handled_on = EventStatus.CLOSED, result.strip(), on
        event.touch()
        event.save()
        audit.record(actor.username, "grid_event_handle", "grid_event", event.id, detail={"on": on})
    return GridEventRecord.of(event)


def _case_source_for(event: GridEvent) -> str:
    return "联户长报告" if event.reporter_role == "联户长" else "网格员上报"


def escalate_event(actor: Actor, event_id: str, *, category: str | None = None,
                   parties: list[PartyInput] | None = None, today: dt.date | None = None) -> CaseRecord:
    """报大事: ONE action registers a case (source 网格员上报 / 联户长报告, the grid, the reporter,
    the description as facts) and links it to the event, which becomes escalated."""
    actor.require(Perm.REGISTER, "grid_event", event_id)
    today = today or _today()
    event = _get_event(event_id)
    _require_open(event, "上报中心")
    categories = settings.get("categories")
    category = category or ("其他" if "其他" in categories else categories[-1])
    grid = event.grid
    data = CaseInput(
        category=category, source=_case_source_for(event), facts=event.description,
        parties=parties or [PartyInput(name=PLACEHOLDER_PARTY, role="当事人")], registered_on=today,
        source_detail=f"网格事件：{grid.name}（{grid.code}）{cn_date(event.reported_on)}{event.event_type}",
        reporter_name=event.reporter_name, village_id=grid.village_id, grid_id=grid.id,
        risk_level=event.risk_level,
    )
    with database.atomic():
        case = cases.register(actor, data, today=today)  # validates and audits the case itself
        event.status, event.case_id = EventStatus.ESCALATED, case.id
        event.touch()
        event.save()
        audit.record(actor.username, "grid_event_escalate", "grid_event", event.id, detail={"case": case.id})
    return case


def event_row(actor: Actor, event_id: str) -> dict[str, Any]:
    """One event as the lists show it (read permission)."""
    actor.require(Perm.VIEW, "grid_event", event_id)
    return _event_dict(_get_event(event_id))


def get_event(actor: Actor, event_id: str) -> GridEventRecord:
    """The row ``_get_event`` finds, as a record (read permission)."""
    actor.require(Perm.VIEW, "grid_event", event_id)
    return GridEventRecord.of(_get_event(event_id))


def reporter_role_for(actor: Actor, grid_id: str | None, name: str) -> str:
    """Who the reporter is to the grid (网格员, 联户长 …), from the registry."""
    actor.require(Perm.VIEW, "grid", grid_id or "")
    return _reporter_role_for(grid_id, name)
