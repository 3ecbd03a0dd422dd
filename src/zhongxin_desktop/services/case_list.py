"""The case list: filtered, sorted pages for a lazily fetching table, and the one search box.

Pages are read by offset over an indexed order (registered_on, accepted number, due date...);
a search first narrows to at most ``search_index.SEARCH_CAP`` newest matches, so every page of
every query stays cheap at 100,000 and 1,000,000 cases.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import peewee as pw

from zhongxin_desktop.domain.masking import mask_id, mask_phone
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.domain.search_terms import build_query
from zhongxin_desktop.domain.workflow import OPEN_STATUSES, Status
from zhongxin_desktop.services import search_index
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.store.models import Case, CaseParty, Grid, Party, User

OPEN_VALUES = [s.value for s in OPEN_STATUSES]
RISK_ORDER = pw.Case(Case.risk_level, [("红", 0), ("橙", 1), ("黄", 2), ("蓝", 3)], 4)
STATUS_ORDER = pw.Case(Case.status, [(s.value, i) for i, s in enumerate(Status)], len(Status))  # workflow order
SORTS = {
    "registered_on": [Case.registered_on, Case.created_at],
    "case_no": [Case.case_year, Case.case_seq],
    "status": [STATUS_ORDER],
    "category": [Case.category],
    "source": [Case.source],
    "due_on": [Case.due_on],
    "risk_level": [RISK_ORDER],
}
FILTER_KEYS = ("status", "open", "overdue", "category", "source", "grid_id", "risk_level", "mediator_id",
               "date_from", "date_to", "search", "owner_code")  # owner_code: a township, in the county's store


@dataclass
class CasePage:
    rows: list[dict]
    truncated: bool = False  # the search matched more than the cap
    search_words: list[str] = field(default_factory=list)


def _where(query: pw.ModelSelect, filters: dict, today: dt.date) -> tuple[pw.ModelSelect, bool, list[str]]:
    unknown = set(filters) - set(FILTER_KEYS)
    if unknown:
        raise ValueError(f"unknown case filters: {sorted(unknown)}")
    f = {k: v for k, v in filters.items() if v not in (None, "", [], False)}
    if "status" in f:
        statuses = f["status"] if isinstance(f["status"], list | tuple | set) else [f["status"]]
        query = query.where(Case.status.in_([Status(s).value for s in statuses]))
    if f.get("open") or f.get("overdue"):
        query = query.where(Case.status.in_(OPEN_VALUES))
    if f.get("overdue"):
        query = query.where(Case.due_on < today)
    for key, column in (("category", Case.category), ("source", Case.source), ("grid_id", Case.grid),
                        ("risk_level", Case.risk_level), ("mediator_id", Case.mediator),
                        ("owner_code", Case.owner_code)):
        if key in f:
            query = query.where(column == f[key])
    if "date_from" in f:
        query = query.where(Case.registered_on >= f["date_from"])
    if "date_to" in f:
        query = query.where(Case.registered_on <= f["date_to"])
    truncated, words = False, []
    if "search" in f:
        q = build_query(f["search"])
        words = q.words
        if q.empty:
            return query.where(pw.SQL("0")), False, words
        search_index.flush_dirty()
        cap = search_index.SEARCH_CAP
        sql, params = search_index.match_sql(q, cap + 1)  # one more tells whether there were more
        ids = [r[0] for r in Case._meta.database.execute_sql(sql, params)]
        truncated = len(ids) > cap
        ids = ids[:cap]
        query = query.where(Case.id.in_(ids))
    return query, truncated, words


def _names(case_ids: list[str], reveal: bool) -> dict[str, tuple[str, str, str]]:
    """case id → (party names, first party's phone, first party's ID number), masked."""
    out: dict[str, list] = {}
    if not case_ids:
        return {}
    links = (CaseParty.select(CaseParty.case, CaseParty.position, Party.name, Party.phone, Party.id_number)
             .join(Party).where(CaseParty.case.in_(case_ids)).order_by(CaseParty.position).tuples())
    for case_id, _, name, phone, id_number in links:
        entry = out.setdefault(case_id, [[], "", ""])
        entry[0].append(name)
        if not entry[1] and phone:
            entry[1] = phone if reveal else mask_phone(phone)
        if not entry[2] and id_number:
            entry[2] = id_number if reveal else mask_id(id_number)
    return {k: ("、".join(v[0]), v[1], v[2]) for k, v in out.items()}


def list_page(actor: Actor, filters: dict | None = None, *, sort: str = "registered_on", descending: bool = True,
              offset: int = 0, limit: int = 200, reveal: bool = False, today: dt.date | None = None) -> CasePage:
    """One page of the case list as plain dicts (ID numbers and phones masked unless ``reveal``)."""
    actor.require(Perm.VIEW, "case")
    today = today or dt.date.today()
    keys = SORTS.get(sort)
    if keys is None:
        raise ValueError(f"unknown sort {sort!r}")
    order = [k.desc() if descending else k.asc() for k in keys] + [Case.id.desc() if descending else Case.id]
    # Sort and page over ids only (narrow rows sort fast), then read the page's full rows.
    query, truncated, words = _where(Case.select(Case.id), filters or {}, today)
    page_ids = [r[0] for r in query.order_by(*order).offset(offset).limit(limit).tuples()]
    full = {c["id"]: c for c in (
        Case.select(Case, User.display_name.alias("mediator_name"), Grid.name.alias("grid_name"))
        .join(User, pw.JOIN.LEFT_OUTER, on=(Case.mediator == User.id))
        .switch(Case).join(Grid, pw.JOIN.LEFT_OUTER, on=(Case.grid == Grid.id))
        .where(Case.id.in_(page_ids)).dicts())}
    cases = [full[i] for i in page_ids if i in full]
    people = _names([c["id"] for c in cases], reveal)
    rows = []
    for c in cases:
        names, phone, id_number = people.get(c["id"], ("", "", ""))
        status = Status(c["status"])
        rows.append({
            "id": c["id"], "case_no": c["case_no"], "status": c["status"], "status_label": status.label,
            "category": c["category"], "source": c["source"], "parties": names, "phone": phone,
            "id_number": id_number, "registered_on": c["registered_on"], "due_on": c["due_on"],
            "risk_level": c["risk_level"], "mediator": c["mediator_name"] or "", "grid": c["grid_name"] or "",
            "overdue": bool(c["due_on"] and status in OPEN_STATUSES and c["due_on"] < today),
            "overdue_reason": c["overdue_reason"],
        })
    return CasePage(rows, truncated, words)


def count(actor: Actor, filters: dict | None = None, today: dt.date | None = None) -> int:
    actor.require(Perm.VIEW, "case")
    query, _, _ = _where(Case.select(), filters or {}, today or dt.date.today())
    return query.count()
