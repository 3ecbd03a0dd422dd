"""The watch registers of a grid: 重点人员 (people under watch: the reason, the responsible grid
worker, the visit rhythm) and 困难家庭 (the difficulty, the help given). Visits are counted
against each entry's rhythm; an entry whose next visit is past due is overdue.

Who sees them: only users who may edit (a read-only account sees neither register); ID numbers
and phones are masked unless the caller was allowed to reveal them.

Rhythm: an entry is due a visit every ``visit_every_days`` days counted from its last visit (or
from the day it was listed); it is overdue once that day has passed. Over a period, the visits
expected are the whole rhythms that fit in the days the entry was listed (at least one when it
was listed for a full rhythm).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from peewee import fn

from zhongxin_desktop.domain.errors import NotFound
from zhongxin_desktop.domain.grid_input import (
    WATCH_KINDS, WatchInput, WatchVisitInput, validate_watch, validate_watch_visit,
)
from zhongxin_desktop.domain.masking import mask_id, mask_phone
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.services import audit
from zhongxin_desktop.services.actor import Actor, unattended
from zhongxin_desktop.services.gridwork.grid_records import WatchPersonRecord, WatchVisitRecord
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import Grid, WatchPerson, WatchVisit


def _get_person(ref: str, kind: str | None = None) -> WatchPerson:
    """An entry by id, a unique leading part of it (6+ characters), or a unique name."""
    q = WatchPerson.select().where(WatchPerson.active == True)  # noqa: E712
    if kind:
        q = q.where(WatchPerson.kind == kind)
    found = list(q.where(WatchPerson.id == ref))
    if not found and len(ref or "") >= 6:
        found = list(q.where(WatchPerson.id.startswith(ref)).limit(2))
    if not found:
        found = list(q.where(WatchPerson.name == ref).limit(2))
    if len(found) == 1:
        return found[0]
    what = kind or "名册"
    if not found:
        raise NotFound(f"在{what}中找不到“{ref}”，请核对姓名或编号（zhongxin grid people list 可列出）")
    raise NotFound(f"{what}中有多个“{ref}”，请用 zhongxin grid people list 显示的编号指明")


def save_person(actor: Actor, data: WatchInput, *, today: dt.date | None = None) -> WatchPersonRecord:
    actor.require(Perm.REGISTER, "watch_person")
    today = today or dt.date.today()
    errors = validate_watch(data, today)
    grid = Grid.get_or_none(Grid.id == data.grid_id) if data.grid_id else None
    if data.grid_id and grid is None:
        errors.add("网格", "不存在，请重新选择")
    errors.raise_if_any()
    assert grid is not None  # validate_watch requires a grid: no error means one was found
    with database.atomic():
        person = WatchPerson.create(
            owner_code=grid.owner_code, kind=data.kind, grid=grid, name=data.name, id_number=data.id_number,
            phone=data.phone, address=(data.address or "").strip(), reason=data.reason,
            help_given=(data.help_given or "").strip(), worker_name=data.worker_name,
            visit_every_days=int(data.visit_every_days), since=data.since or today)
        audit.record(actor.username, "watch_add", "watch_person", person.id,
                     detail={"kind": data.kind, "grid": grid.code})
    return WatchPersonRecord.of(person)


def record_visit(actor: Actor, person_id: str, data: WatchVisitInput, *, today: dt.date | None = None
                 ) -> WatchVisitRecord:
    """A visit to an entry; for a 困难家庭 the help given on it is added to the entry's record."""
    actor.require(Perm.REGISTER, "watch_visit")
    person = WatchPerson.get_or_none(WatchPerson.id == person_id)
    if person is None:
        raise NotFound("找不到该名册对象，可能已被移出名册，请刷新")
    validate_watch_visit(data, person.since, today).raise_if_any()
    with database.atomic():
        visit = WatchVisit.create(owner_code=person.owner_code, person=person, visited_on=data.visited_on,
                                  visitor=data.visitor, notes=(data.notes or "").strip(),
                                  help_given=(data.help_given or "").strip())
        if visit.help_given:
            line = f"{data.visited_on.isoformat()} {visit.help_given}"
            person.help_given = f"{person.help_given}\n{line}".strip()
            person.touch()
            person.save()
        audit.record(actor.username, "watch_visit_add", "watch_person", person.id, detail={"on": data.visited_on})
    return WatchVisitRecord.of(visit)


def _last_visits(ids: list[str]) -> dict[str, dt.date]:
    out: dict[str, dt.date] = {}
    for start in range(0, len(ids), 500):
        q = (WatchVisit.select(WatchVisit.person, fn.MAX(WatchVisit.visited_on))
             .where(WatchVisit.person.in_(ids[start:start + 500])).group_by(WatchVisit.person))
        rows: Any = q.tuples()  # (person id, day): peewee's stubs type tuples() as rows of models
        for pid, day in rows:
            out[pid] = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day))
    return out


def _visits_between(ids: list[str], first: dt.date, nxt: dt.date) -> dict[str, int]:
    out: dict[str, int] = {}
    for start in range(0, len(ids), 500):
        q = (WatchVisit.select(WatchVisit.person, fn.COUNT(WatchVisit.id))
             .where(WatchVisit.person.in_(ids[start:start + 500]), WatchVisit.visited_on >= first,
                    WatchVisit.visited_on < nxt).group_by(WatchVisit.person))
        counts: Any = q.tuples()  # (person id, count)
        out.update(dict(counts))
    return out


@unattended("a rule over its arguments: reads no data")
def expected_visits(since: dt.date, every: int, first: dt.date, nxt: dt.date) -> int:
    """Whole rhythms in the days of [first, nxt) the entry was listed."""
    days = (nxt - max(first, since)).days
    return max(days, 0) // max(every, 1)


def list_people(actor: Actor, kind: str, *, grid_id: str | None = None, overdue_only: bool = False,
                reveal: bool = False, today: dt.date | None = None, first: dt.date | None = None,
                nxt: dt.date | None = None) -> list[dict[str, Any]]:
    """The register of ``kind``, most overdue first. With a period [first, nxt) each entry also
    carries its visits in it against the rhythm (to ``today`` when the period is still running)."""
    actor.require(Perm.EDIT, "watch_person")
    if kind not in WATCH_KINDS:
        raise NotFound(f"没有名册“{kind}”，应为{'或'.join(WATCH_KINDS)}")
    today = today or dt.date.today()
    q = (WatchPerson.select(WatchPerson, Grid).join(Grid)
         .where(WatchPerson.kind == kind, WatchPerson.active == True))  # noqa: E712
    if grid_id:
        q = q.where(WatchPerson.grid == grid_id)
    people = list(q)
    ids = [p.id for p in people]
    last = _last_visits(ids)
    period = (first, min(nxt, today + dt.timedelta(days=1))) if first and nxt else None
    done = _visits_between(ids, *period) if period else {}
    rows = []
    for p in people:
        due = (last.get(p.id) or p.since) + dt.timedelta(days=p.visit_every_days)
        row = {"id": p.id, "kind": p.kind, "grid_id": p.grid_id, "grid_name": p.grid.name, "name": p.name,
               "id_number": p.id_number if reveal else mask_id(p.id_number),
               "phone": p.phone if reveal else mask_phone(p.phone), "address": p.address, "reason": p.reason,
               "help_given": p.help_given, "worker_name": p.worker_name, "visit_every_days": p.visit_every_days,
               "since": p.since, "last_visit": last.get(p.id), "next_due": due, "overdue": due < today,
               "days_overdue": max((today - due).days, 0)}
        if period:
            row["visits"] = done.get(p.id, 0)
            row["expected_visits"] = expected_visits(p.since, p.visit_every_days, *period)
        if row["overdue"] or not overdue_only:
            rows.append(row)
    return sorted(rows, key=lambda r: (not r["overdue"], -r["days_overdue"], r["grid_name"], r["name"]))


def get_person(actor: Actor, ref: str, kind: str | None = None) -> WatchPersonRecord:
    """The row ``_get_person`` finds, as a record (read permission)."""
    actor.require(Perm.VIEW, "watch_person", ref)
    return WatchPersonRecord.of(_get_person(ref, kind))
