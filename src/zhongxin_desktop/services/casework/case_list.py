"""The case list: filtered, sorted pages for a lazily fetching table, and the one search box.

Each page continues after the last row of the one before (``CasePage.after``), through an index
(services/casework/_case_list_query.py), so every page costs the same at 100,000 and 1,000,000 cases; a
search narrows to at most ``search_index.SEARCH_CAP`` newest matches, joined inside the list's
query. Rows are read as plain tuples: building model instances cost more than SQLite's work.
"""
from __future__ import annotations

from typing import Any

import datetime as dt
from dataclasses import dataclass, field

from zhongxin_desktop.domain.masking import mask_id, mask_phone
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.domain.workflow import OPEN_STATUSES, Status
from zhongxin_desktop.services.casework import search_index
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.services.casework._case_list_query import (
    FILTER_KEYS, MATCHES, MORE_THAN_CAP, ORDERS, TIE, after_condition, filters_sql, Segment, segments,
)
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import Case, Party
from zhongxin_desktop.store.sealed import unseal

__all__ = ["FILTER_KEYS", "SORTS", "CasePage", "count", "list_page"]
SORTS = tuple(ORDERS)  # the orders list_page(sort=...) knows
COLUMNS = ("c.id, c.case_no, c.status, c.category, c.source, c.registered_on, c.due_on, c.risk_level,"
           " c.overdue_reason, u.display_name, g.name")
KEYS_FROM = COLUMNS.count(",") + 1  # a row's sort keys, then its rowid, follow its columns
JOINS = 'LEFT JOIN "user" u ON u.id = c.mediator_id LEFT JOIN grid g ON g.id = c.grid_id'
OPEN_VALUES = frozenset(s.value for s in OPEN_STATUSES)
LABELS = {s.value: s.label for s in Status}


@dataclass
class CasePage:
    rows: list[dict[str, Any]]
    truncated: bool = False  # the search matched more than the cap
    search_words: list[str] = field(default_factory=list)
    after: tuple[Any, ...] | None = None  # where the next page starts; None: this was the last


def _day(value: Any, field: Any = Case.registered_on) -> dt.date | None:
    """A stored date as peewee reads it (ISO text parsed in C; anything else through the field)."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    day: dt.date | None = field.python_value(value)
    return day


def _names(case_ids: list[str], reveal: bool) -> dict[str, tuple[str, str, str]]:
    """case id → (party names, first party's phone, first party's ID number), masked."""
    if not case_ids:
        return {}
    out: dict[str, list[Any]] = {}
    phone_column, id_column = Party.phone.column_name, Party.id_number.column_name
    for case_id, name, phone, id_number in database.execute_sql(
            "SELECT cp.case_id, p.name, p.phone, p.id_number FROM case_party cp JOIN party p ON p.id = cp.party_id"
            f" WHERE cp.case_id IN ({', '.join('?' * len(case_ids))}) ORDER BY cp.position", case_ids):
        entry = out.setdefault(case_id, [[], "", ""])
        entry[0].append(name)
        if not entry[1] and phone:
            phone = unseal(phone, phone_column)
            entry[1] = phone if reveal else mask_phone(phone)
        if not entry[2] and id_number:
            id_number = unseal(id_number, id_column)
            entry[2] = id_number if reveal else mask_id(id_number)
    return {k: ("、".join(v[0]), v[1], v[2]) for k, v in out.items()}


def _read(source: str, where: list[str], params: list[Any], segment: Segment, descending: bool, limit: int) -> list[tuple[Any, ...]]:
    direction = " DESC" if descending else ""
    keys = segment.keys
    order = "".join(f"{k.sql}{direction}, " for k in keys) + ("+" if segment.sort_ids else "") + f"{TIE}{direction}"
    extra = "".join(f", {k.sql}" for k in keys) + f", {TIE}"
    sql = (f"SELECT {COLUMNS}{extra} FROM {source} {JOINS}" + (f" WHERE {' AND '.join(where)}" if where else "")
           + f" ORDER BY {order} LIMIT ?")
    return list(database.execute_sql(sql, [*params, limit]).fetchall())


def list_page(actor: Actor, filters: dict[str, Any] | None = None, *, sort: str = "registered_on", descending: bool = True,
              after: tuple[Any, ...] | None = None, limit: int = 200, reveal: bool = False,
              today: dt.date | None = None) -> CasePage:
    """One page of the case list as plain dicts (ID numbers and phones masked unless ``reveal``).
    ``after`` is the previous page's ``CasePage.after`` with the same filters and order."""
    actor.require(Perm.VIEW, "case")
    today = today or dt.date.today()
    where, params, query = filters_sql(filters or {}, today)
    walk = segments(sort, descending, query is not None)
    source, truncated, words = '"case" c', False, []
    if query is not None:
        words = query.words
        if query.empty:
            return CasePage([], False, words)
        search_index._flush_dirty()
        cap = search_index.SEARCH_CAP
        truncated = database.execute_sql(MORE_THAN_CAP, (query.expression, cap + 1)).fetchone()[0] > cap
        source = MATCHES[0]
        where, params = [MATCHES[1], *where], [query.expression, cap, *params]
    index, last = after or (0, None)
    found: list[tuple[Any, ...]] = []
    while len(found) < limit and index < len(walk):  # into the next segment when one runs out
        segment = walk[index]
        here, here_params = list(where), list(params)
        if segment.where:
            here.append(segment.where)
        if last is not None:
            condition, more = after_condition(segment.keys, descending, last)
            here.append(condition)
            here_params += more
        wanted = limit - len(found)
        got = _read(source, here, here_params, segment, descending, wanted)
        found += got
        if len(got) == wanted:
            last = tuple(got[-1][KEYS_FROM:])
        else:
            index, last = index + 1, None
    full = bool(found) and len(found) == limit and index < len(walk)
    return CasePage(_rows(found, reveal, today), truncated, words, (index, last) if full else None)


def _rows(found: list[tuple[Any, ...]], reveal: bool, today: dt.date) -> list[dict[str, Any]]:
    people = _names([r[0] for r in found], reveal)
    rows = []
    for case_id, case_no, status, category, source, registered_on, due_on, risk, reason, mediator, grid, *_ in found:
        names, phone, id_number = people.get(case_id, ("", "", ""))
        due_on = _day(due_on, Case.due_on)
        rows.append({
            "id": case_id, "case_no": case_no, "status": status,
            "status_label": LABELS.get(status) or Status(status).label, "category": category, "source": source, "parties": names, "phone": phone,
            "id_number": id_number, "registered_on": _day(registered_on), "due_on": due_on,
            "risk_level": risk, "mediator": mediator or "", "grid": grid or "",
            "overdue": bool(due_on and status in OPEN_VALUES and due_on < today),
            "overdue_reason": reason,
        })
    return rows


def count(actor: Actor, filters: dict[str, Any] | None = None, today: dt.date | None = None) -> int:
    actor.require(Perm.VIEW, "case")
    where, params, query = filters_sql(filters or {}, today or dt.date.today())
    source = '"case" c'
    if query is not None:
        if query.empty:
            return 0
        search_index._flush_dirty()
        source = MATCHES[0]
        where, params = [MATCHES[1], *where], [query.expression, search_index.SEARCH_CAP, *params]
    sql = f"SELECT count(*) FROM {source}" + (f" WHERE {' AND '.join(where)}" if where else "")
    return int(database.execute_sql(sql, params).fetchone()[0])
