"""The closed loop of grid events: when a case made from escalated events closes, its outcome is
copied back to them; when it reopens, they are escalated again. Called by ``services.casework.cases`` inside
its transaction, so it depends on nothing above the store (``grid_events`` depends on ``cases``)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from zhongxin_desktop.domain.grid_input import EventStatus
from zhongxin_desktop.domain.workflow import OPEN_STATUSES, Status
from zhongxin_desktop.services import audit
from zhongxin_desktop.services.actor import unattended
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import Case, GridEvent

__all__ = ["outcome_text", "sync_case_outcomes"]


@unattended("formats a row the calling service has already read for its actor")
def outcome_text(case: Case) -> str:
    status = Status(case.status)
    if status == Status.REJECTED:
        text = f"不予受理：{case.rejection_reason}"
        return text + (f"（{case.guided_to}）" if case.guided_to else "")
    if case.outcome and case.outcome != status.label:
        return f"{status.label}：{case.outcome}"
    return status.label


def _on_case_changed(case: Case, username: str = "system") -> int:
    """Called by services.casework.cases.transition inside its transaction: copy a closed case's outcome
    to the events escalated into it (or put them back to escalated when the case reopens).
    Returns how many events changed."""
    changed = 0
    for event in GridEvent.select().where(GridEvent.case == case.id):
        if Status(case.status) in OPEN_STATUSES:
            values: dict[str, Any] = {"status": EventStatus.ESCALATED, "handled_on": None, "case_outcome": ""}
        else:
            values = {"status": EventStatus.CLOSED, "handled_on": case.closed_on or dt.date.today(),
                      "case_outcome": outcome_text(case)}
        if any(getattr(event, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(event, k, v)
            event.touch()
            event.save()
            audit.record(username, "grid_event_outcome", "grid_event", event.id,
                         detail={"case": case.id, "case_status": case.status})
            changed += 1
    return changed


@unattended("run by the system after an import or a bundle changed cases (their callers checked the actor)")
def sync_case_outcomes(username: str = "system") -> int:
    """Bring every escalated event in line with its case (after an import or an exchange bundle
    changed cases without going through transition). Returns how many events changed."""
    with database.atomic():
        linked = Case.select().join(GridEvent, on=(GridEvent.case == Case.id)).distinct()
        return sum(_on_case_changed(case, username) for case in linked)
