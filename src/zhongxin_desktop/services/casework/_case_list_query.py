"""The SQL behind the case list: filters, sort orders, and keyset paging.

Pages continue after the last row's sort key (keyset paging) instead of skipping rows with
OFFSET, so the last page of 100,000 cases costs what the first does. Every order ends in the
row's rowid (``TIE``), so rows that tie on the key are neither skipped nor repeated, and tied
rows come in the order they were stored. A single-column index holds the rows of one value in
rowid order, so it serves the next page of a tie group with a seek. Ending in the case id (a
random UUID) would need a (key, id) index per key instead, which was measured: +75% per INSERT,
and every other query reading many rows through such an index (a filtered list, the monthly
statistics) visits the table in random order, 2-3x slower at 1,000,000 cases. The rowid of a
case changes only if the file is VACUUMed (nothing does) or the row is deleted and inserted
again; a page token lives for one opening of the list.

An order is walked as *segments*, each a slice of the table whose rows SQLite can read straight
from an index in order:
- a key that may be NULL (case number, due date) splits into its NULL and non-NULL rows
  (SQLite puts NULLs first going up, last going down); a condition like ``due_on < ? OR due_on
  IS NULL`` would make SQLite read both parts whole for every page;
- a ranked key (status in workflow order, risk from red to blue) is one segment per value, read
  through the column's index instead of computing the rank for every row of the table.
A search narrows to at most ``search_index.SEARCH_CAP`` cases, so it keeps one segment and
compares the keys themselves (NULL-aware).
"""
from __future__ import annotations

from typing import Any

import datetime as dt
import functools
from dataclasses import dataclass

from zhongxin_desktop.domain.search_terms import Query, build_query
from zhongxin_desktop.domain.workflow import OPEN_STATUSES, Status
from zhongxin_desktop.store import sealed
from zhongxin_desktop.services.actor import unattended

OPEN_VALUES = sorted(s.value for s in OPEN_STATUSES)
RISK_VALUES = ("红", "橙", "黄", "蓝")
FILTER_KEYS = ("status", "open", "overdue", "category", "source", "grid_id", "risk_level", "mediator_id",
               "date_from", "date_to", "search", "owner_code")  # owner_code: a township, in the county's store
TIE = "c.rowid"  # the last key of every order
COLUMN_FILTERS = (("category", "c.category"), ("source", "c.source"), ("grid_id", "c.grid_id"),
                  ("risk_level", "c.risk_level"), ("mediator_id", "c.mediator_id"), ("owner_code", "c.owner_code"))


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@dataclass(frozen=True)
class Key:
    sql: str
    nullable: bool = False


@dataclass(frozen=True)
class Segment:
    where: str  # the rows of this segment ("" = all)
    keys: tuple[Key, ...]  # the order inside it; the rowid follows
    sort_ids: bool = False  # order by sorting the few rows found, not by walking the table


@dataclass(frozen=True)
class Order:
    keys: tuple[Key, ...]  # the whole order, as compared within a search
    rank_column: str = ""  # the first key ranks this column's values...
    ranked: tuple[str, ...] = ()  # ...in this order (any other value ranks last)

    def segments(self, descending: bool, searching: bool) -> list[Segment]:
        first, rest = self.keys[0], self.keys[1:]
        if searching:
            out = [Segment("", self.keys)]
        elif self.rank_column:
            column, values = self.rank_column, sorted(self.ranked)
            out = [Segment(f"{column} = {_literal(v)}", rest) for v in self.ranked]
            # Any other value, as ranges between the known ones: each is a seek in the column's
            # index (NOT IN would read the whole table to find what is usually nothing).
            others = [f"{column} < {_literal(values[0])}", f"{column} > {_literal(values[-1])}"]
            others[1:1] = [f"({column} > {_literal(a)} AND {column} < {_literal(b)})"
                           for a, b in zip(values, values[1:])]
            out.append(Segment(f"({' OR '.join(others)})", rest, sort_ids=True))
        elif first.nullable:
            out = [Segment(f"{first.sql} IS NULL", rest),
                   Segment(f"{first.sql} IS NOT NULL", (Key(first.sql), *rest))]
        else:
            out = [Segment("", self.keys)]
        return out[::-1] if descending else out


def _ranked(column: str, values: tuple[str, ...]) -> Order:
    whens = " ".join(f"WHEN {_literal(v)} THEN {i}" for i, v in enumerate(values))
    return Order((Key(f"CASE {column} {whens} ELSE {len(values)} END"),), column, values)


ORDERS = {
    "registered_on": Order((Key("c.registered_on"), Key("c.created_at"))),
    "case_no": Order((Key("c.case_year", True), Key("c.case_seq", True))),
    "status": _ranked("c.status", tuple(s.value for s in Status)),  # workflow order
    "category": Order((Key("c.category"),)),
    "source": Order((Key("c.source"),)),
    "due_on": Order((Key("c.due_on", True),)),
    "risk_level": _ranked("c.risk_level", RISK_VALUES),
}


@functools.cache
def segments(sort: str, descending: bool, searching: bool) -> tuple[Segment, ...]:
    """The segments of an order, in the order the list walks them."""
    order = ORDERS.get(sort)
    if order is None:
        raise ValueError(f"unknown sort {sort!r}")
    return tuple(order.segments(descending, searching))


@unattended("builds SQL text from its arguments; the case list runs it for its actor")
def after_condition(keys: tuple[Key, ...], descending: bool, values: tuple[Any, ...]) -> tuple[str, list[Any]]:
    """SQL true for the rows after ``values`` (the keys, then the rowid, of the last row shown) in
    this order, and its parameters; NULL sorts before every value, as SQLite sorts it."""
    keys = (*keys, Key(TIE))
    sql, params = "", list[Any]()
    for key, value in reversed(list(zip(keys, values))):
        if value is None:  # going down NULL is last: nothing of this key comes after it
            beyond, bp = ("" if descending else f"{key.sql} IS NOT NULL"), []
            same, sp = f"{key.sql} IS NULL", []
        else:
            beyond, bp = f"{key.sql} {'<' if descending else '>'} ?", [value]
            if descending and key.nullable:
                beyond = f"({beyond} OR {key.sql} IS NULL)"
            same, sp = f"{key.sql} = ?", [value]
        parts, pp = ([beyond], bp) if beyond else ([], [])
        if sql:
            parts.append(f"({same} AND {sql})")
            pp = pp + sp + params
        sql = " OR ".join(parts) if len(parts) < 2 else f"({' OR '.join(parts)})"
        params = pp
    first, value = keys[0], values[0]
    if value is not None and not (descending and first.nullable):  # lets SQLite seek in the index
        sql = f"{first.sql} {'<=' if descending else '>='} ? AND {sql}"
        params = [value, *params]
    return sql or "0", params


def _iso(day: dt.date) -> str:
    """A date as the DateField stores it (a datetime counts by its day, as peewee adapts it)."""
    if isinstance(day, dt.datetime):
        day = day.date()
    return day.isoformat() if isinstance(day, dt.date) else day


@unattended("builds SQL text from its arguments; the case list runs it for its actor")
def filters_sql(filters: dict[str, Any], today: dt.date) -> tuple[list[str], list[Any], Query | None]:
    """WHERE conditions (on ``"case" c``) and their parameters for the list's filters, and the
    search query when there is one (the caller joins its matches)."""
    unknown = set(filters) - set(FILTER_KEYS)
    if unknown:
        raise ValueError(f"unknown case filters: {sorted(unknown)}")
    f = {k: v for k, v in filters.items() if v not in (None, "", [], False)}
    where: list[str] = []
    params: list[Any] = []
    if "status" in f:
        statuses = f["status"] if isinstance(f["status"], list | tuple | set) else [f["status"]]
        values = [Status(s).value for s in statuses]
        where.append(f"c.status IN ({', '.join('?' * len(values))})")
        params += values
    if f.get("open") or f.get("overdue"):
        where.append(f"c.status IN ({', '.join(map(_literal, OPEN_VALUES))})")
    if f.get("overdue"):
        where.append("c.due_on < ?")
        params.append(today.isoformat())
    for key, column in COLUMN_FILTERS:
        if key in f:
            where.append(f"{column} = ?")
            params.append(f[key])
    if "date_from" in f:
        where.append("c.registered_on >= ?")
        params.append(_iso(f["date_from"]))
    if "date_to" in f:
        where.append("c.registered_on <= ?")
        params.append(_iso(f["date_to"]))
    return where, params, build_query(f["search"], sealed.tail_key()) if "search" in f else None


# The matches of a search, newest indexed first, capped; CROSS JOIN keeps them the outer loop
# (else SQLite may walk a filter's index over the whole table and test each row against them).
MATCHES = ("case_search s CROSS JOIN \"case\" c ON c.id = s.case_id",
           "s.doc_id IN (SELECT rowid FROM case_fts WHERE case_fts MATCH ? ORDER BY rowid DESC LIMIT ?)")
MORE_THAN_CAP = "SELECT count(*) FROM (SELECT 1 FROM case_fts WHERE case_fts MATCH ? LIMIT ?)"
