"""The case search index: kept in step with every write, and searched with one box.

Design (measured in the cases report; see domain/search_terms.py for the tokenising):
- ``case_search`` holds one row per case (tokenised names, pinyin, reversed phone/ID digits,
  case-number tokens, facts and claims); ``case_fts`` is an FTS5 index over it.
- Services index a case in the same transaction that changes it (``index_cases``). SQL triggers
  mark cases changed by anyone else as dirty; ``flush_dirty`` indexes them before each search,
  so the index is never stale when it is read.
- Results come newest-indexed first (``doc_id`` order), capped, so a common word stays fast.
"""
from __future__ import annotations

from typing import Any

from collections.abc import Callable, Iterable

from zhongxin_desktop.domain.names import pinyin_keys
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.domain.search_terms import (
    Query, build_query, case_no_tokens, index_text, name_text, tail_text,
)
from zhongxin_desktop.services import audit
from zhongxin_desktop.services.actor import Actor, unattended
from zhongxin_desktop.store import sealed
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.migrations import m0010_case_search

_DELETE_TRIGGER = next(s for s in m0010_case_search._statements(m0010_case_search.STATEMENTS)
                       if '"case_search_ad"' in s)
SEARCH_CAP = 1000  # most recent matches kept; more means "type another word" (bounds every query's cost)
BATCH = 1000


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _documents(case_ids: list[str]) -> dict[str, tuple[Any, ...]]:
    marks = ",".join("?" * len(case_ids))
    cases = {row[0]: row for row in database.execute_sql(
        f'SELECT id, case_year, case_seq, facts, claims FROM "case" WHERE id IN ({marks})', case_ids)}
    people: dict[str, list[tuple[Any, ...]]] = {cid: [] for cid in cases}
    for row in database.execute_sql(
            "SELECT cp.case_id, p.name, p.name_pinyin, p.name_initials, p.phone, p.id_number, cp.agent_name,"
            " cp.agent_phone, p.legal_rep, p.contact"
            f" FROM case_party cp JOIN party p ON p.id = cp.party_id WHERE cp.case_id IN ({marks})"
            " ORDER BY cp.position", case_ids):
        people[row[0]].append(row[1:])
    docs, key = {}, sealed.tail_key()
    for cid, (_, year, seq, facts, claims) in cases.items():
        names, pinyin, tails = [], [], []
        for name, full, initials, phone, id_number, agent, agent_phone, legal_rep, contact in people[cid]:
            if not full and name:
                full, initials = pinyin_keys(name)
            # a company's 法定代表人 and contact person are found like the parties themselves
            names += [name, agent, legal_rep, contact]
            pinyin += [full, initials]
            tails += [tail_text(sealed.unseal(value, column), key) for value, column in
                      ((phone, "phone"), (id_number, "id_number"), (agent_phone, "agent_phone"))]
            for person in (agent, legal_rep, contact):
                if person:
                    pinyin += list(pinyin_keys(person))
        docs[cid] = (name_text(*names), " ".join(p for p in pinyin if p), " ".join(t for t in tails if t),
                     case_no_tokens(year, seq), index_text(facts, claims))
    return docs


@unattended("a step inside the transaction of the service that changed these cases")
def index_cases(case_ids: Iterable[str]) -> None:
    """(Re)index these cases; a case that no longer exists leaves the index. Runs inside the
    caller's transaction when there is one."""
    ids = list(dict.fromkeys(case_ids))
    with database.atomic():
        for chunk in _chunks(ids, BATCH):
            docs = _documents(chunk)
            gone = [cid for cid in chunk if cid not in docs]
            if gone:
                database.execute_sql(f"DELETE FROM case_search WHERE case_id IN ({','.join('?' * len(gone))})", gone)
            if docs:
                database.execute_sql(
                    "INSERT INTO case_search (case_id, names, pinyin, tails, caseno, body) VALUES "
                    + ",".join(["(?, ?, ?, ?, ?, ?)"] * len(docs))
                    + " ON CONFLICT(case_id) DO UPDATE SET names=excluded.names, pinyin=excluded.pinyin,"
                    " tails=excluded.tails, caseno=excluded.caseno, body=excluded.body",
                    [v for cid, doc in docs.items() for v in (cid, *doc)])
            database.execute_sql(f"DELETE FROM case_search_dirty WHERE case_id IN ({','.join('?' * len(chunk))})",
                                 chunk)


def _pending_count() -> int:
    return int(database.execute_sql("SELECT count(*) FROM case_search_dirty").fetchone()[0])


def _flush_dirty(progress: Callable[[int, int], None] | None = None) -> int:
    """Index every case marked dirty by the triggers. Returns how many were indexed."""
    total = _pending_count()
    done = 0
    while total:
        ids = [r[0] for r in database.execute_sql("SELECT case_id FROM case_search_dirty LIMIT ?", (BATCH * 5,))]
        if not ids:
            break
        index_cases(ids)
        done += len(ids)
        if progress:
            progress(min(done, total), total)
    return done


def rebuild(actor: Actor, progress: Callable[[int, int], None] | None = None) -> int:
    """Drop and rebuild the whole index (oldest case first, so the newest rank first)."""
    actor.require(Perm.SETTINGS, "case_search")
    with database.atomic():
        # Without the delete trigger: the old index may be the broken thing being repaired.
        database.execute_sql('DROP TRIGGER IF EXISTS "case_search_ad"')
        database.execute_sql("DELETE FROM case_search")
        database.execute_sql("INSERT INTO case_fts(case_fts) VALUES ('rebuild')")
        database.execute_sql(_DELETE_TRIGGER)
        ids = [r[0] for r in database.execute_sql(
            'SELECT id FROM "case" ORDER BY registered_on, created_at')]
        for n, chunk in enumerate(_chunks(ids, BATCH * 5)):
            index_cases(chunk)
            if progress:
                progress(min((n + 1) * BATCH * 5, len(ids)), len(ids))
        database.execute_sql("DELETE FROM case_search_dirty")
        audit.record(actor.username, "search_rebuild", "case_search", "", detail={"cases": len(ids)})
    return len(ids)


@unattended("a rule over its arguments: reads no data (builds SQL text)")
def match_sql(query: Query, cap: int | None = None) -> tuple[str, list[Any]]:
    """SQL (a list of case ids, newest first) and its parameters, for use inside other queries."""
    cap = SEARCH_CAP if cap is None else cap
    return ("SELECT s.case_id FROM case_search s WHERE s.doc_id IN (SELECT rowid FROM case_fts"
            " WHERE case_fts MATCH ? ORDER BY rowid DESC LIMIT ?) ORDER BY s.doc_id DESC", [query.expression, cap])


def _search_case_ids(text: str, limit: int | None = None) -> list[str]:
    """Ids of the cases matching ``text`` (newest first). An empty query finds nothing."""
    limit = SEARCH_CAP if limit is None else limit
    query = build_query(text, sealed.tail_key())
    if query.empty:
        return []
    _flush_dirty()
    rows = database.execute_sql(
        "SELECT s.case_id FROM case_fts f JOIN case_search s ON s.doc_id = f.rowid"
        " WHERE case_fts MATCH ? ORDER BY f.rowid DESC LIMIT ?", (query.expression, limit))
    return [r[0] for r in rows]
