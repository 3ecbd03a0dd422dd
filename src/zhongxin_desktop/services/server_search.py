"""The case list and its search box on a server database (PostgreSQL, store/engine.py).

SQLite searches its own FTS5 index of CJK bigrams (services/search_index.py). PostgreSQL has
trigram indexes (``pg_trgm``, migration 10) on party names, facts and claims that serve
``LIKE '%…%'`` directly, so each typed word becomes a condition on the cases and parties
themselves — the same meaning as on SQLite: every word must match; a Chinese word matches a
name, the facts or the claims; a single character a surname; a case number its year and
number; letters a name's pinyin; digits a phone or ID tail or a case number.
"""
from __future__ import annotations

import datetime as dt
import re

from zhongxin_desktop.domain.numbering import parse_case_number
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.domain.search_terms import build_query
from zhongxin_desktop.services import case_list
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.services.case_list_query import filters_sql
from zhongxin_desktop.store.db import database

_CASE_SEQ = re.compile(r"第\s*(\d+)\s*号?")
_PINYIN = re.compile(r"^[a-z]+$")
# "the case's id is among those found from the party side" rather than "a party of this case
# matches": the planner then finds the parties through their own indexes (trigram, tails) and
# never compares the word with every party of every case (measured 5x faster at 200,000 cases)
_PARTY = "c.id IN (SELECT cp.case_id FROM case_party cp JOIN party p ON p.id = cp.party_id WHERE {})"
_AGENT = "c.id IN (SELECT cp.case_id FROM case_party cp WHERE cp.agent_name <> '' AND {})"


def _like(text: str) -> str:
    """``text`` as a LIKE operand matched literally (PostgreSQL's default escape is the backslash)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def word_condition(word: str) -> tuple[str, list]:
    """One typed word as an SQL condition on ``c`` (the case) and its parameters."""
    parsed = parse_case_number(word)
    if parsed:
        return "(c.case_year = ? AND c.case_seq = ?)", list(parsed)
    seq = _CASE_SEQ.search(word)
    if seq and len(word) <= 8:
        return "c.case_seq = ?", [int(seq.group(1))]
    if not word.isascii():
        if len(word) == 1:
            return _PARTY.format("p.name LIKE ?"), [_like(word) + "%"]
        inner = f"%{_like(word)}%"
        if len(word) == 2:  # no whole trigram in it: the names' bigram indexes (migration 7)
            names = [_PARTY.format("zx_bigrams(p.name) @> ARRAY[?]::text[]"),
                     _AGENT.format("zx_bigrams(cp.agent_name) @> ARRAY[?]::text[]")]
            name_params = [word, word]
        else:
            names = [_PARTY.format("p.name LIKE ?"), _AGENT.format("cp.agent_name LIKE ?")]
            name_params = [inner, inner]
        # a legal person's 法定代表人 and contact person are found like any name
        names.append(_PARTY.format("p.legal_rep LIKE ? OR p.contact LIKE ?"))
        name_params += [inner, inner]
        return "(" + " OR ".join([*names, "c.facts LIKE ?", "c.claims LIKE ?"]) + ")", [*name_params, inner, inner]
    low = word.lower()
    parts, params = ["c.facts ILIKE ?", "c.claims ILIKE ?"], [f"%{_like(word)}%"] * 2
    if _PINYIN.match(low):
        parts.append(_PARTY.format("p.name_pinyin LIKE ? OR p.name_initials LIKE ?"))
        params += [_like(low) + "%"] * 2
    digits = low.rstrip("x")
    if low.isdigit() and len(low) <= 6:
        parts.append("c.case_seq = ?")
        params.append(int(low))
    if digits.isdigit() and len(low) >= 4:
        # the stored tail says which rows can match; the whole value decides when it is not sealed
        tail = low[-4:]
        parts.append(_PARTY.format("(p.phone_tail = ? AND (p.phone LIKE ? OR p.phone !~ '^[0-9]'))"
                                   " OR (lower(p.id_tail) = ? AND (lower(p.id_number) LIKE ?"
                                   " OR p.id_number !~ '^[0-9]'))"))
        params += [tail, f"%{_like(low)}", tail, f"%{_like(low)}"]
    return "(" + " OR ".join(parts) + ")", params


def list_rows(actor: Actor, filters: dict | None = None, *, limit: int = 200, reveal: bool = False,
              today: dt.date | None = None) -> list[dict]:
    """The newest ``limit`` cases matching ``filters`` (the case list's keys), as the case list's rows."""
    actor.require(Perm.VIEW, "case")
    today = today or dt.date.today()
    where, params, query = filters_sql(filters or {}, today)
    if query is not None:
        if build_query(filters["search"]).empty:
            return []
        for word in query.words:
            condition, more = word_condition(word)
            where.append(condition)
            params += more
    sql = (f"SELECT {case_list.COLUMNS} FROM \"case\" c {case_list.JOINS}"
           + (f" WHERE {' AND '.join(where)}" if where else "")
           + " ORDER BY c.registered_on DESC, c.created_at DESC, c.id DESC LIMIT ?")
    found = database.execute_sql(sql, [*params, limit]).fetchall()
    return case_list._rows(found, reveal, today)
