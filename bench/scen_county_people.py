"""The county's list of people in the cases of several townships, at 400,000 cases (child side).

A county store holding 20 townships × 20,000 cases is written with the exchange's own bulk
inserts; each township's parties are indexed as the import does (exchange/person_index), about
2 % of applicants being people who also dispute in one or two other townships. Then the listing
(services/casework/repeat_parties.across_townships) is timed. The search index's triggers are dropped
first: the listing does not read that index, and keeping it would triple the time to write."""
from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from pathlib import Path

from bench.harness import timeit

COUNTY = "520102"


def _id_number(n: int) -> str:
    """A valid ID number, a different one for each ``n`` (below 10 million): the birth date is
    1950-01-01 plus n // 1000 days and the sequence n % 1000. Numbers made from n modulo a few
    periods would repeat every 21,000 and make most parties one person in every township."""
    from zhongxin_desktop.domain.idnumber import check_char

    born = dt.date(1950, 1, 1) + dt.timedelta(days=n // 1000)
    first17 = f"520102{born:%Y%m%d}{n % 1000:03d}"
    return first17 + check_char(first17)


def county_people(folder: str, towns: int, cases: int, shared: int, repeat: int) -> dict:
    from zhongxin_desktop.exchange import person_index, records
    from zhongxin_desktop.paths import DataDir
    from zhongxin_desktop.services import center, users
    from zhongxin_desktop.services.casework import repeat_parties
    from zhongxin_desktop.store.connection import open_database
    from zhongxin_desktop.store.db import database
    from zhongxin_desktop.store.models import User

    from bench.bulk_build import PASSWORD

    data = DataDir(Path(folder)).ensure()
    open_database(data)
    center.init_center(kind="county", code=COUNTY, name="花溪区综治中心", admin_username="admin",
                       admin_password=PASSWORD)
    actor = users.actor_for(User.get(User.username == "admin"))
    # The search index's triggers would triple the time to write the store; the listing never reads it.
    for (trigger,) in database.execute_sql("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                           "AND name LIKE '%dirty%'").fetchall():
        database.execute_sql(f'DROP TRIGGER "{trigger}"')
    rng = random.Random(7)
    people = [(f"重复{n:04d}", _id_number(n), f"139{n:08d}") for n in range(shared)]
    now = "2026-11-27 08:00:00"
    index_seconds, t_write = 0.0, time.perf_counter()
    for t in range(1, towns + 1):
        owner = f"{COUNTY}{t:03d}"
        base = {"owner_code": owner, "created_at": now, "updated_at": now, "row_version": 1}
        case_rows, party_rows, links = [], [], []
        for n in range(cases):
            cid = str(uuid.uuid4())
            case_rows.append({**base, "id": cid, "status": "mediating", "registered_on": "2026-11-02",
                              "source": "来访", "category": "邻里", "facts": "排水沟纠纷", "case_no": f"（2026）{t}调字第 {n + 1} 号"})
            if rng.random() < 0.02:
                name, idn, tel = people[rng.randrange(shared)]
            else:
                k = shared + (t - 1) * cases + n
                name, idn, tel = f"当事人{k}", _id_number(k), f"13{k:09d}"
            for pos, (nm, i, ph) in enumerate(((name, idn, tel), (f"对方{t}-{n}", "", f"15{(t * cases + n):09d}"))):
                pid = str(uuid.uuid4())
                party_rows.append({**base, "id": pid, "kind": "natural", "name": nm, "phone": ph, "id_number": i})
                links.append({**base, "id": str(uuid.uuid4()), "case_id": cid, "party_id": pid,
                              "role": "申请人" if pos == 0 else "被申请人", "position": pos})
        with database.atomic():
            records.bulk_insert("case", case_rows)
            records.bulk_insert("party", party_rows)
            records.bulk_insert("case_party", links)
            t0 = time.perf_counter()
            person_index.index_parties(party_rows, owner)  # as the import does, once per bundle
            index_seconds += time.perf_counter() - t0
    write_seconds = time.perf_counter() - t_write
    from zhongxin_desktop.store.models import Setting

    Setting.create(key=person_index.BUILT_SETTING, value="true", updated_at=dt.datetime(2026, 11, 27))
    found: list = []

    def listing():
        found[:] = repeat_parties.across_townships(actor)

    samples = timeit(listing, repeat=repeat)
    return {"samples": samples, "people": len(found), "cases": towns * cases,
            "index_seconds": round(index_seconds, 2), "write_seconds": round(write_seconds, 1),
            "multi_town_cases": sum(len(p["cases"]) for p in found)}
