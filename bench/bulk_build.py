"""Set up the centers, people and villages with the app's services, then write the cases in bulk."""
from __future__ import annotations

import datetime as dt
import random
import time

from zhongxin_desktop.domain.roles import Role
from zhongxin_desktop.services import center as center_service, passwords
from zhongxin_desktop.services.demo import VILLAGES
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import CaseNumberSequence, Center, Grid, User, Village

from bench.bulk import CaseWriter, Township
from bench.common import TODAY
from bench.people import NamePool
from bench.rows import check_shape

PASSWORD = "Bench2026!"
BULK_TABLES = ("case", "party", "case_party", "case_event", "mediation_session", "agreement", "follow_up",
               "transfer", "judicial_confirmation")


def _territory(code: str, name: str, committee: str, rng: random.Random, local_users: bool) -> Township:
    villages, grids = [], []
    for i, (vname, vkind) in enumerate(VILLAGES, start=1):
        v = Village.create(owner_code=code, name=vname, kind=vkind, code=f"{code}{i:03d}")
        villages.append(v.id)
        for g in range(1, rng.randint(2, 4) + 1):
            grid = Grid.create(owner_code=code, code=f"{code}{i:03d}{g:02d}", name=f"{vname}第{g}网格", village=v,
                               kind="urban" if vkind == "社区" else "rural", households=rng.randint(80, 300))
            grids.append((grid.id, v.id))
    mediators: list[tuple[str | None, str, str]] = [(None, "tiaojie1", "李秀英"), (None, "tiaojie2", "杨德明")]
    if local_users:
        pw_hash = passwords.hash_password(PASSWORD)
        mediators = [(User.create(owner_code=code, username=u, display_name=n, role=Role.MEDIATOR.value,
                                  password_hash=pw_hash).id, u, n) for _, u, n in mediators]
        User.create(owner_code=code, username="dengji", display_name="陈晓燕", role=Role.CLERK.value,
                    password_hash=pw_hash)
    return Township(code, name, committee, villages, grids, mediators)


def build(spec, county_code: str, committees: list[str]) -> dict:
    rng = random.Random(spec.seed)
    county = spec.kind == "county"
    first = spec.number - 1  # townships are numbered from 1 within the county
    codes = [f"{county_code}{i:03d}" for i in range(spec.number, spec.number + spec.townships)]
    committees = committees[first:] + committees[:first]
    if county:
        center_service.init_center(kind="county", code=county_code, name="花溪区综治中心", admin_username="admin",
                                   admin_password=PASSWORD)
    else:
        center_service.init_center(kind="township", code=codes[0], name=f"{committees[0]}镇综治中心",
                                   committee_short=committees[0], admin_username="admin", admin_password=PASSWORD)
    towns = []
    with database.atomic():
        for i, code in enumerate(codes):
            if county:
                Center.create(owner_code=code, code=code, name=f"{committees[i]}镇综治中心", kind="township",
                              committee_short=committees[i], parent_code=county_code, is_local=False)
            towns.append(_territory(code, f"{committees[i]}镇", committees[i], rng, local_users=not county))
    con = database.connection()
    names = NamePool(rng, size=min(60_000, max(3_000, spec.cases // 8)))
    writer = CaseWriter(con, rng, names, TODAY, lean=spec.lean)
    first_day = TODAY - dt.timedelta(days=365 * spec.years)
    schema_sql = con.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL"
        " AND tbl_name IN (%s)" % ",".join("?" * len(BULK_TABLES)), BULK_TABLES).fetchall()
    t0 = time.perf_counter()
    # A rollback journal is pointless while a fresh cache entry is written (a crash discards it);
    # the app's own WAL mode is set back before the file is used.
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-400000")
    con.execute("BEGIN IMMEDIATE")
    # Secondary indexes and triggers are dropped and re-created with their own SQL: the same schema,
    # built faster. (The triggers only mark cases for the search index, which is rebuilt after.)
    for kind, name, _sql in schema_sql:
        con.execute(f'DROP {kind.upper()} "{name}"')
    sequences = []
    for tw in towns:
        for year, last in writer.township(tw, spec.cases_per_township, first_day).items():
            sequences.append((tw, year, last))
    writer.flush()
    generated = time.perf_counter() - t0
    for _kind, _name, sql in schema_sql:
        con.execute(sql)
    con.execute("COMMIT")
    con.execute("PRAGMA journal_mode=WAL")
    indexed = time.perf_counter() - t0 - generated
    if not county:  # one township: its own number sequence (a county's store does not hand out numbers)
        with database.atomic():
            for _tw, year, last in sequences:
                CaseNumberSequence.insert(year=year, last_seq=last).on_conflict_replace().execute()
    for model_name, sample in writer.sample_ids.items():
        check_shape(next(t.model for t in writer.t.values() if t.name == model_name), con, sample)
    return {"cases": writer.t["case"].count, "rows": {t.name: t.count for t in writer.t.values()},
            "distinct_names": len(names.names), "insert_seconds": round(generated, 1),
            "index_seconds": round(indexed, 1)}
