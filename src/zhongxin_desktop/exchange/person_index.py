"""The county's match keys of parties, kept as bundles are applied.

A person is matched across townships by the same ID number, or by the same name with the same
phone. Each party gets up to two keys (a hash of each: the table holds no number in clear) and
``person_spread`` holds the keys seen in two or more townships, so listing the people who dispute
in several townships reads only those keys, not every party of a 400,000-case county.

A spread is recounted whenever a party with that key is written. A deletion (tombstone) removes
the party's keys with it (the database cascades) without recounting: the spread may then be
one too high, which costs one candidate that the listing checks against the cases and drops.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

import peewee as pw

from zhongxin_desktop.domain import idnumber, phone
from zhongxin_desktop.exchange import records
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import Party, PersonKey, PersonSpread, Setting, utcnow

BUILT_SETTING = "person_index_built"
ID_PREFIX, NAME_PHONE_PREFIX = "id:", "np:"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def party_keys(name: str | None, phone_number: str | None, id_number: str | None) -> list[str]:
    """The match keys of one party: its ID number; its name with its phone (both needed)."""
    keys = []
    number = idnumber.normalize(id_number or "")
    if number:
        keys.append(ID_PREFIX + _digest(number))
    who, tel = (name or "").strip(), phone.normalize(phone_number or "")
    if who and tel:
        keys.append(NAME_PHONE_PREFIX + _digest(f"{who}\x1f{tel}"))
    return keys


def _in_list(n: int, param: str) -> str:
    return ", ".join([param] * n)


def _keys_of(party_ids: list[str]) -> set[str]:
    db = database.obj
    found: set[str] = set()
    for chunk in records.chunks(party_ids):
        sql = f'SELECT "key" FROM "person_key" WHERE "party_id" IN ({_in_list(len(chunk), db.param)})'
        found.update(k for (k,) in db.execute_sql(sql, chunk).fetchall())
    return found


def _insert_keys(rows: list[tuple[str, str, str]]) -> None:
    """(key, party id, owner) rows with one prepared INSERT and ``executemany`` (peewee's
    ``insert_many`` builds SQL per row: most of the time of a township-year's keys)."""
    db = database.obj
    sql = f'INSERT INTO "person_key" ("key", "party_id", "owner_code") VALUES ({_in_list(3, db.param)})'
    for chunk in records.chunks(rows, 1000):
        with records.DRIVER_ERRORS:
            db.cursor().executemany(sql, chunk)


def recount(keys: set[str]) -> None:
    """Store, for each of ``keys``, in how many townships it is seen; keep only those at 2 or more."""
    db = database.obj
    for chunk in records.chunks(sorted(keys)):
        marks = _in_list(len(chunk), db.param)
        spread = db.execute_sql(f'SELECT "key", COUNT(DISTINCT "owner_code") FROM "person_key" WHERE "key" IN ({marks}) '
                                'GROUP BY "key"', chunk).fetchall()
        db.execute_sql(f'DELETE FROM "person_spread" WHERE "key" IN ({marks})', chunk)
        rows = [(k, n) for k, n in spread if n >= 2]
        if rows:
            with records.DRIVER_ERRORS:
                db.cursor().executemany(f'INSERT INTO "person_spread" ("key", "townships") VALUES '
                                        f'({_in_list(2, db.param)})', rows)


def index_parties(rows: list[records.ExchangeRow], owner_code: str) -> None:
    """``write_keys`` and ``recount`` at once (a store with one writer)."""
    recount(write_keys(rows, owner_code))


def write_keys(rows: list[records.ExchangeRow], owner_code: str) -> set[str]:
    """Replace the keys of the parties just written (exchange dicts, numbers in clear); return the
    keys they had and have, to ``recount`` once the import holds the store's write lock (the
    spread counts other townships' rows, which their own imports write side by side on a server
    store). Runs inside the import's transaction."""
    if not rows:
        return set()
    db = database.obj
    ids = [r["id"] for r in rows]
    touched = _keys_of(ids)
    if touched:
        for chunk in records.chunks(ids):
            db.execute_sql(f'DELETE FROM "person_key" WHERE "party_id" IN ({_in_list(len(chunk), db.param)})', chunk)
    new = [(k, r["id"], owner_code) for r in rows
           for k in party_keys(r.get("name"), r.get("phone"), r.get("id_number"))]
    _insert_keys(new)
    return touched | {k for k, _, _ in new}


def is_built() -> bool:
    return Setting.select().where(Setting.key == BUILT_SETTING).exists()


def rebuild(batch: int = 5000) -> int:
    """Make every key from the parties held (a store that held parties before the keys were
    kept). Reads through the model, so numbers sealed at rest are compared in clear."""
    with database.atomic():
        PersonKey.delete().execute()
        PersonSpread.delete().execute()
        pending: list[tuple[str, str, str]] = []
        count, last = 0, ""
        while True:
            page = list(Party.select(Party.id, Party.owner_code, Party.name, Party.phone, Party.id_number)
                        .where(Party.id > last).order_by(Party.id).limit(batch))
            if not page:
                break
            last = page[-1].id
            for p in page:
                pending.extend((k, p.id, p.owner_code) for k in party_keys(p.name, p.phone, p.id_number))
            _insert_keys(pending)
            count += len(pending)
            pending = []
        spread = (PersonKey.select(PersonKey.key, pw.fn.COUNT(PersonKey.owner_code.distinct()).alias("n"))
                  .group_by(PersonKey.key).having(pw.fn.COUNT(PersonKey.owner_code.distinct()) >= 2))
        pairs: Any = spread.tuples()  # the stubs type tuples() as models
        rows = [{"key": k, "townships": n} for k, n in pairs]
        for chunk in records.chunks(rows, 500):
            PersonSpread.insert_many(chunk).execute()
        Setting.delete().where(Setting.key == BUILT_SETTING).execute()
        Setting.create(key=BUILT_SETTING, value=json.dumps(True), updated_at=utcnow())
    return count


def ensure_built() -> None:
    if not is_built():
        rebuild()
