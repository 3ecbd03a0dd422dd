"""The case list and its search box on a server database (PostgreSQL, store/engine.py).

SQLite searches its own FTS5 index of CJK bigrams (services/casework/search_index.py). PostgreSQL has
trigram indexes (``pg_trgm``, migration 10) on party names, facts and claims that serve
``LIKE '%…%'`` directly, so each typed word becomes a condition on the cases and parties
themselves — the same meaning as on SQLite: every word must match; a Chinese word matches a
name, the facts or the claims; a single character a surname; a case number its year and
number; letters a name's pinyin; digits a phone or ID tail or a case number.

A word that matches few cases would make the list walk every case newest first looking for its
``limit`` matches; such a word's cases are gathered through the indexes first and only those are
sorted (``word_candidates``). A common word keeps the walk, which ends early.
"""
from __future__ import annotations

from typing import Any

import datetime as dt
import json
import re

from zhongxin_desktop.domain.numbering import parse_case_number
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.domain.search_terms import build_query
from zhongxin_desktop.services.casework import case_list
from zhongxin_desktop.services.actor import Actor, unattended
from zhongxin_desktop.services.casework._case_list_query import filters_sql
from zhongxin_desktop.store.db import database

_CASE_SEQ = re.compile(r"第\s*(\d+)\s*号?")
_PINYIN = re.compile(r"^[a-z]+$")
# "the case's id is among those found from the party side" rather than "a party of this case
# matches": the planner then finds the parties through their own indexes (trigram, tails) and
# never compares the word with every party of every case (measured 5x faster at 200,000 cases)
_PARTY = "c.id IN (SELECT cp.case_id FROM case_party cp JOIN party p ON p.id = cp.party_id WHERE {})"
_AGENT = "c.id IN (SELECT cp.case_id FROM case_party cp WHERE cp.agent_name <> '' AND {})"
# over a few thousand cases already found, the same tests asked of each case's own parties: the
# form above would still gather every matching party of the county (a phone tail's OR with the
# ID tail reads all of them)
_OWN_PARTY = "EXISTS (SELECT 1 FROM case_party cp JOIN party p ON p.id = cp.party_id WHERE cp.case_id = c.id AND ({}))"
_OWN_AGENT = "EXISTS (SELECT 1 FROM case_party cp WHERE cp.case_id = c.id AND cp.agent_name <> '' AND ({}))"
# the same parts as sets of case ids, each read through its own index (migrations 7, 10 and 14)
_BY_PARTY = "SELECT cp.case_id FROM case_party cp JOIN party p ON p.id = cp.party_id WHERE {}"
_BY_AGENT = "SELECT cp.case_id FROM case_party cp WHERE cp.agent_name <> '' AND {}"
_BY_CASE = 'SELECT c.id FROM "case" c WHERE {}'
_HAS_REPRESENTATIVE = "(p.legal_rep <> '' OR p.contact <> '')"
_BY_REPRESENTATIVE = _BY_PARTY.format(_HAS_REPRESENTATIVE + " AND (p.legal_rep LIKE ? OR p.contact LIKE ?)")
# Up to this many cases found for one word are sorted directly; a word matching more is left to
# the walk newest first, which meets its ``limit`` matches early (measured at 600,000 cases)
CANDIDATE_CAP = 5_000


def _like(text: str) -> str:
    """``text`` as a LIKE operand matched literally (PostgreSQL's default escape is the backslash)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@unattended("a rule over its arguments: reads no data (builds SQL text)")
def word_condition(word: str, *, among_few: bool = False) -> tuple[str, list[Any]]:
    """One typed word as an SQL condition on ``c`` (the case) and its parameters; ``among_few``:
    tested case by case over a short list of cases (``word_candidates``)."""
    party, agent = (_OWN_PARTY, _OWN_AGENT) if among_few else (_PARTY, _AGENT)
    parsed = parse_case_number(word)
    if parsed:
        return "(c.case_year = ? AND c.case_seq = ?)", list(parsed)
    seq = _CASE_SEQ.search(word)
    if seq and len(word) <= 8:
        return "c.case_seq = ?", [int(seq.group(1))]
    if not word.isascii():
        if len(word) == 1:
            return party.format("p.name LIKE ?"), [_like(word) + "%"]
        inner = f"%{_like(word)}%"
        if len(word) == 2:  # no whole trigram in it: the names' bigram indexes (migration 7)
            names = [party.format("zx_bigrams(p.name) @> ARRAY[?]::text[]"),
                     agent.format("zx_bigrams(cp.agent_name) @> ARRAY[?]::text[]")]
            name_params = [word, word]
        else:
            names = [party.format("p.name LIKE ?"), agent.format("cp.agent_name LIKE ?")]
            name_params = [inner, inner]
        # a legal person's 法定代表人 and contact person are found like any name; saying "has one"
        # lets the server read migration 14's index of the few parties that have one instead of
        # every party (470 ms at 4,000,000 cases, on every walk)
        names.append(party.format(_HAS_REPRESENTATIVE + " AND (p.legal_rep LIKE ? OR p.contact LIKE ?)"))
        name_params += [inner, inner]
        return "(" + " OR ".join([*names, "c.facts LIKE ?", "c.claims LIKE ?"]) + ")", [*name_params, inner, inner]
    low = word.lower()
    parts = ["c.facts ILIKE ?", "c.claims ILIKE ?"]
    params: list[Any] = [f"%{_like(word)}%"] * 2
    if _PINYIN.match(low):
        parts.append(party.format("p.name_pinyin LIKE ? OR p.name_initials LIKE ?"))
        params += [_like(low) + "%"] * 2
    digits = low.rstrip("x")
    if low.isdigit() and len(low) <= 6:
        parts.append("c.case_seq = ?")
        params.append(int(low))
    if digits.isdigit() and len(low) >= 4:
        # the stored tail says which rows can match; the whole value decides when it is not sealed
        tail = low[-4:]
        parts.append(party.format("(p.phone_tail = ? AND (p.phone LIKE ? OR p.phone !~ '^[0-9]'))"
                                   " OR (lower(p.id_tail) = ? AND (lower(p.id_number) LIKE ?"
                                   " OR p.id_number !~ '^[0-9]'))"))
        params += [tail, f"%{_like(low)}", tail, f"%{_like(low)}"]
    return "(" + " OR ".join(parts) + ")", params


def list_rows(actor: Actor, filters: dict[str, Any] | None = None, *, limit: int = 200, reveal: bool = False,
              today: dt.date | None = None) -> list[dict[str, Any]]:
    """The newest ``limit`` cases matching ``filters`` (the case list's keys), as the case list's rows."""
    actor.require(Perm.VIEW, "case")
    today = today or dt.date.today()
    filters = filters or {}
    where, params, query = filters_sql(filters, today)
    if query is not None:
        if build_query(filters["search"]).empty:
            return []
        narrowest = _candidates(query.words)
        for word in query.words:
            condition, more = word_condition(word, among_few=narrowest is not None)
            where.append(condition)
            params += more
        if narrowest is not None:
            where.append("c.id = ANY(?)")
            params.append(narrowest)
    sql = (f"SELECT {case_list.COLUMNS} FROM \"case\" c {case_list.JOINS}"
           + (f" WHERE {' AND '.join(where)}" if where else "")
           + " ORDER BY c.registered_on DESC, c.created_at DESC, c.id DESC LIMIT ?")
    found = database.execute_sql(sql, [*params, limit]).fetchall()
    return case_list._rows(found, reveal, today)


@unattended("a rule over its arguments: reads no data (builds SQL text)")
def word_candidates(word: str) -> tuple[str, list[Any]] | None:
    """A superset of the ids of the cases ``word`` matches (``word_condition``), as one UNION whose
    every part an index serves; None when some part has no index to serve it (a word of fewer
    than three letters or digits in the facts: no trigram)."""
    parsed = parse_case_number(word)
    if parsed:
        return _BY_CASE.format("c.case_year = ? AND c.case_seq = ?"), list(parsed)
    seq = _CASE_SEQ.search(word)
    if seq and len(word) <= 8:
        return _BY_CASE.format("c.case_seq = ?"), [int(seq.group(1))]
    if not word.isascii():
        if len(word) == 1:
            return _BY_PARTY.format("p.name LIKE ?"), [_like(word) + "%"]
        inner = f"%{_like(word)}%"
        if len(word) == 2:
            parts = [_BY_PARTY.format("zx_bigrams(p.name) @> ARRAY[?]::text[]"),
                     _BY_AGENT.format("zx_bigrams(cp.agent_name) @> ARRAY[?]::text[]"),
                     _BY_CASE.format("zx_bigrams(c.facts) @> ARRAY[?]::text[]"),
                     _BY_CASE.format("zx_bigrams(c.claims) @> ARRAY[?]::text[]")]
            params: list[Any] = [word, word, word, word]
        else:
            parts = [_BY_PARTY.format("p.name LIKE ?"), _BY_AGENT.format("cp.agent_name LIKE ?"),
                     _BY_CASE.format("c.facts LIKE ?"), _BY_CASE.format("c.claims LIKE ?")]
            params = [inner] * 4
        return " UNION ".join([*parts, _BY_REPRESENTATIVE]), [*params, inner, inner]
    low = word.lower()
    if len(word) < 3:
        return None
    parts = [_BY_CASE.format("c.facts ILIKE ?"), _BY_CASE.format("c.claims ILIKE ?")]
    params = [f"%{_like(word)}%"] * 2
    if _PINYIN.match(low):
        parts += [_BY_PARTY.format("p.name_pinyin LIKE ?"), _BY_PARTY.format("p.name_initials LIKE ?")]
        params += [_like(low) + "%"] * 2
    digits = low.rstrip("x")
    if low.isdigit() and len(low) <= 6:
        parts.append(_BY_CASE.format("c.case_seq = ?"))
        params.append(int(low))
    if digits.isdigit() and len(low) >= 4:
        tail = low[-4:]
        parts += [_BY_PARTY.format("p.phone_tail = ?"), _BY_PARTY.format("p.id_tail = ANY(?)")]
        params += [tail, [tail, tail.upper()]]
    return " UNION ".join(parts), params


def _candidates(words: list[str]) -> list[str] | None:
    """The ids of the cases the rarest word can match, when one of them matches at most
    ``CANDIDATE_CAP``: the list then sorts those instead of testing every case newest first until
    it has its ``limit`` (all of them, for a word that matches few or none)."""
    for word in sorted(words, key=len, reverse=True):  # a longer word is usually the rarer
        found = word_candidates(word)
        if found is None:
            continue
        # UNION ALL streams: a word found in very many cases stops at the cap instead of first
        # gathering all of them to remove repeats (a case can come from two of its parts)
        sql = found[0].replace(" UNION ", " UNION ALL ")
        if _estimated_rows(sql, found[1]) > CANDIDATE_CAP:
            continue  # the planner's statistics already say: a common word, gathering it is wasted
        rows = database.execute_sql(f"SELECT * FROM ({sql}) AS found LIMIT ?", [*found[1], CANDIDATE_CAP + 1]).fetchall()
        if len(rows) <= CANDIDATE_CAP:
            return list({r[0] for r in rows})
    return None


def _estimated_rows(sql: str, params: list[Any]) -> float:
    """How many rows the server's planner expects ``sql`` to give (planning only, no execution)."""
    [(plan,)] = database.execute_sql(f"EXPLAIN (FORMAT JSON) {sql}", params).fetchall()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return float(plan[0]["Plan"]["Plan Rows"])
