"""Store paths measured in child processes: saving a registration, and search (app side);
the baseline replays the very statements the app issued through a bare sqlite3 connection."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from bench.harness import SqlTrace, profile_split, replay, timeit


def open_store(folder: str):
    """Open a data folder the way the app does and act as its administrator."""
    from zhongxin_desktop.paths import DataDir
    from zhongxin_desktop.services import users
    from zhongxin_desktop.store.connection import open_database
    from zhongxin_desktop.store.db import database
    from zhongxin_desktop.store.models import User

    open_database(DataDir(Path(folder)))
    actor = users._actor_for(User.get(User.username == "admin"))
    return actor, database.obj


def _registration(n: int):
    from zhongxin_desktop.domain.case_input import CaseInput, PartyInput
    from zhongxin_desktop.domain.idnumber import check_char

    def idn(seq: int) -> str:
        first17 = f"520102198{n % 10}0{1 + seq % 9}1{seq % 10}{n % 1000:03d}"
        return first17 + check_char(first17)

    return CaseInput(category="邻里", source="来访", registered_on=dt.date(2026, 11, 20),
                     facts=f"双方系邻居，因排水沟修建问题发生纠纷（第{n}件）。", claims="请求调解。",
                     parties=[PartyInput(name="张三", role="申请人", phone=f"139{n:08d}", id_number=idn(1),
                                         address="青山村3组12号"),
                              PartyInput(name="欧阳秀英", role="被申请人", phone=f"138{n:08d}", id_number=idn(2))])


def register_app(folder: str, repeat: int) -> dict:
    from zhongxin_desktop.services.casework import cases

    actor, db = open_store(folder)
    trace = SqlTrace()
    trace.attach_all(db)
    counter = iter(range(10**6))

    def once():
        data = _registration(next(counter))
        trace.start()
        cases.register(actor, data, today=dt.date(2026, 11, 27))
        trace.stop()

    samples = timeit(once, repeat, warmup=1)
    runs = list(trace.runs)  # before the profiled round below adds one
    return {"samples": samples, "runs": runs, "profile": profile_split(once)}


def replay_sql(db: str, runs: list[list[str]], writes: bool = False) -> dict:
    """Writes: ``runs[0]`` is the app's own warm-up round, replayed first and not counted.
    Reads: every run is replayed once untimed first, as the app side was warmed."""
    if writes:
        replay(db, runs[:1])
        return {"samples": replay(db, runs[1:])}
    replay(db, runs)
    return {"samples": replay(db, runs)}


FACT_WORDS = ["漏水", "噪音", "宅基地", "拖欠工资", "彩礼", "排水沟", "借款", "挖土取沙", "抚养费", "摩托车"]


def search_queries(con, per_kind: int, seed: int = 11) -> dict[str, list[str]]:
    """Real terms drawn from the data, the same for every run with the same seed."""
    import random

    rng = random.Random(seed)

    def sample(sql: str) -> list[str]:
        values = [r[0] for r in con.execute(sql)]
        return rng.sample(values, min(per_kind, len(values)))

    return {
        "2-character names": sample("SELECT DISTINCT name FROM party WHERE length(name) = 2 ORDER BY name"),
        "3-character names": sample("SELECT DISTINCT name FROM party WHERE length(name) = 3 ORDER BY name"),
        "pinyin initials": sample("SELECT DISTINCT name_initials FROM party WHERE length(name) = 3 ORDER BY 1"),
        "phone tails": sample("SELECT DISTINCT phone_tail FROM party ORDER BY 1"),
        "words from the facts": (FACT_WORDS * (per_kind // len(FACT_WORDS) + 1))[:per_kind],
    }


def search_app(folder: str, per_kind: int) -> dict:
    """What the search box runs: the first page of the case list filtered by the typed text."""
    import time

    from zhongxin_desktop.services.casework import case_list

    actor, db = open_store(folder)
    queries = search_queries(db.connection(), per_kind)
    trace = SqlTrace()
    trace.attach_all(db)
    for terms in queries.values():  # warm-up: every term once, so both sides are timed on a warm cache
        for term in terms:
            case_list.list_page(actor, {"search": term}, limit=200)
    kinds = {}
    for kind, terms in queries.items():
        samples, hits = [], []
        for term in terms:
            trace.start()
            t0 = time.perf_counter()
            page = case_list.list_page(actor, {"search": term}, limit=200)
            samples.append(time.perf_counter() - t0)
            trace.stop()
            hits.append(len(page.rows))
        runs = trace.runs[-len(terms):]
        split = profile_split(lambda: case_list.list_page(actor, {"search": terms[0]}, limit=200))
        kinds[kind] = {"samples": samples, "runs": runs,
                       "note": f"{len(terms)} terms, e.g. {', '.join(terms[:3])}; first page held "
                               f"{min(hits)}–{max(hits)} cases; {split}"}
    return {"kinds": kinds}
