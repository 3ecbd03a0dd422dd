"""The million-case township, made from the 100,000-case one in SQL instead of row by row in Python.

Generating a million cases in Python costs minutes the ten-minute budget of ``bench/run`` does
not have; SQLite copies rows in C. The base's cases, parties and their links are written again
``copies - 1`` times with new ids and new case numbers: each copy keeps the base's names, phones,
ID numbers, dates and facts, so every search term matches ``copies`` times as many cases as in
the base (heavier than a real population, where a larger pool of names spreads the matches).
Workflow rows (events, sessions, agreements …) are left out: the list and search read none.
The search index is built by the same SQL the app's triggers run, from the base's documents
(the app's own tokeniser made those), in the order ``search_index.rebuild`` uses.
"""
from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from zhongxin_desktop.domain.numbering import format_case_number
from zhongxin_desktop.domain.search_terms import case_no_tokens

TABLES = ("case", "party", "case_party")
WORKFLOW = ("case_event", "mediation_session", "agreement", "follow_up", "transfer", "judicial_confirmation",
            "attachment", "document", "case_search_dirty")
# A base id is a version-4 UUID: its 15th character is always "4". Copy k writes another hex digit
# there, so the ids of every copy differ from the base's and from each other's.
VERSION_AT = 15
COPY_DIGITS = "012356789abcdef"


def _cols(con: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]


def _with_digit(expr: str, digit: str) -> str:
    """SQL for the id ``expr`` with ``digit`` at the version position."""
    return f"substr({expr}, 1, {VERSION_AT - 1}) || '{digit}' || substr({expr}, {VERSION_AT + 1})"


def _id(expr: str, k: int) -> str:
    return _with_digit(expr, COPY_DIGITS[k - 1])


def replicate(db: Path, copies: int, committee: str, seq_step: int = 100_000) -> dict:
    """Turn the database at ``db`` (a copy of the base) into ``copies`` times its cases."""
    con = sqlite3.connect(db, isolation_level=None)
    con.create_function("case_no", 3, lambda y, s, c: format_case_number(y, s, c) if y and s else None,
                        deterministic=True)
    con.create_function("case_no_tokens", 2, case_no_tokens, deterministic=True)
    t0 = time.perf_counter()
    con.execute("PRAGMA journal_mode=OFF")  # a crash discards the partial cache entry anyway
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-400000")
    con.execute("BEGIN IMMEDIATE")
    if (con.execute('SELECT max(case_seq) FROM "case"').fetchone()[0] or 0) >= seq_step:
        raise ValueError("the base's case numbers would collide across copies")
    existing = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table in WORKFLOW:
        if table in existing:
            con.execute(f'DELETE FROM "{table}"')
    schema = con.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL"
        " AND tbl_name IN ('case', 'party', 'case_party', 'case_search')").fetchall()
    for kind, name, _sql in schema:
        con.execute(f'DROP {kind.upper()} "{name}"')
    remap = {
        "case": {"id": "id", "case_seq": "case_seq + {step}", "case_no": "case_no(case_year, case_seq + {step}, ?)"},
        "party": {"id": "id"},
        "case_party": {"id": "id", "case_id": "case_id", "party_id": "party_id"},
    }
    for table in TABLES:
        cols = _cols(con, table)
        for k in range(1, copies):
            select = []
            for c in cols:
                how = remap[table].get(c)
                if how is None:
                    select.append(f'"{c}"')
                elif how == c:
                    select.append(_id(f'"{c}"', k))
                else:
                    select.append(how.format(step=k * seq_step))
            params = (committee,) if table == "case" else ()
            con.execute(f'INSERT INTO "{table}" ({", ".join(chr(34) + c + chr(34) for c in cols)}) '
                        f'SELECT {", ".join(select)} FROM "{table}" WHERE substr(id, {VERSION_AT}, 1) = \'4\'',
                        params)
    con.execute("UPDATE case_number_sequence SET last_seq = last_seq + ?", ((copies - 1) * seq_step,))
    copied = time.perf_counter() - t0
    # The search documents: the base's, once per copy, oldest case first (search_index.rebuild's order).
    con.execute("CREATE TEMP TABLE base_doc AS SELECT case_id, names, pinyin, tails, body FROM case_search")
    con.execute("DELETE FROM case_search")
    con.execute("INSERT INTO case_fts(case_fts) VALUES ('delete-all')")
    con.execute("INSERT INTO case_search (case_id, names, pinyin, tails, caseno, body) "
                "SELECT c.id, b.names, b.pinyin, b.tails, case_no_tokens(c.case_year, c.case_seq), b.body "
                f'FROM "case" c JOIN base_doc b ON b.case_id = {_with_digit("c.id", "4")} '
                "ORDER BY c.registered_on, c.created_at")
    con.execute("INSERT INTO case_fts(case_fts) VALUES ('rebuild')")
    indexed = time.perf_counter() - t0 - copied
    for _kind, _name, sql in schema:
        con.execute(sql)
    con.execute("COMMIT")
    con.execute("PRAGMA journal_mode=WAL")
    rows = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in (*TABLES, "case_search")}
    con.close()
    return {"cases": rows["case"], "rows": rows, "copy_seconds": round(copied, 1),
            "search_index_seconds": round(indexed, 1),
            "index_seconds": round(time.perf_counter() - t0 - copied - indexed, 1)}
