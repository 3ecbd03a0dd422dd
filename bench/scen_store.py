"""Store paths measured in child processes: saving a registration, and search (app side);
the baseline replays the very statements the app issued through a bare sqlite3 connection."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from bench.harness import SqlTrace, replay, timeit


def open_store(folder: str):
    """Open a data folder the way the app does and act as its administrator."""
    from zhongxin_desktop.paths import DataDir
    from zhongxin_desktop.services import users
    from zhongxin_desktop.store.connection import open_database
    from zhongxin_desktop.store.db import database
    from zhongxin_desktop.store.models import User

    open_database(DataDir(Path(folder)))
    actor = users.actor_for(User.get(User.username == "admin"))
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
    from zhongxin_desktop.services import cases

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
    return {"samples": samples, "runs": trace.runs}


def replay_sql(db: str, runs: list[list[str]], writes: bool = False) -> dict:
    """Writes: ``runs[0]`` is the app's own warm-up round, replayed first and not counted.
    Reads: the first run is replayed once to warm the cache the way the app side was warmed."""
    if writes:
        replay(db, runs[:1])
        return {"samples": replay(db, runs[1:])}
    replay(db, runs[:1])
    return {"samples": replay(db, runs)}
