"""The county on PostgreSQL beside the county on SQLite, and bundles over the network.

    python -m bench.county_server [--townships 20] [--cases 300] [--parallel 5]

Needs PostgreSQL 15 (Debian ``postgresql``): a throwaway cluster is started on 127.0.0.1
(tests/pg_cluster.py). Measures, in one run, each beside its baseline:
- importing every township's bundle into a SQLite county and into a PostgreSQL county; baseline:
  the same case rows written with psycopg ``COPY`` (the floor for the server);
- the townships uploading to ``zhongxin serve`` N at a time: total, p95 per upload, the server's
  peak memory;
- ``county cases --search`` on PostgreSQL: p95 over 2- and 3-character names and words of facts.
Prints a Markdown table (pasted into docs/scale.md).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from bench.common import REPO, ensure_src_path

ensure_src_path()
sys.path.insert(0, str(REPO / "tests"))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗欧阳"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
FACTS = ["相邻排水沟堵塞引发争执", "楼上装修噪音扰民", "借款三万元到期未还", "宅基地界址不清", "土地承包合同纠纷"]
PASSWORD = "Bench2026pass"


def _open(data, url):
    from zhongxin_desktop.store.connection import close_database, open_database, open_server_database

    close_database()
    return open_server_database(url, data) if url else open_database(data)


def _admin():
    from zhongxin_desktop.services import users

    return users.sign_in("admin", PASSWORD)


def make_world(root: Path, townships: int, cases: int, county_urls: dict[str, str | None]):
    from zhongxin_desktop.domain.case_input import CaseInput, PartyInput
    from zhongxin_desktop.paths import DataDir
    from zhongxin_desktop.services.casework import cases as case_service
    from zhongxin_desktop.services import center
    from zhongxin_desktop.services.countywork import exchange
    from zhongxin_desktop.store.connection import close_database

    rng = random.Random(7)
    counties = {}
    first_keys = None
    for name, url in county_urls.items():
        data = DataDir(root / name).ensure()
        if first_keys is not None:  # every county store under the same keys: one bundle fits all
            shutil.copytree(first_keys, data.keys, dirs_exist_ok=True)
        _open(data, url)
        center.init_center(kind="county", code="520102", name="基准县综治中心", admin_username="admin",
                           admin_password=PASSWORD)
        exchange.export_public_key(_admin(), data, root / "county.pub.json")
        first_keys = first_keys or data.keys
        counties[name] = (data, url)
    bundles = []
    for t in range(townships):
        code = f"520102{t + 1:03d}"
        data = DataDir(root / f"town{t}").ensure()
        _open(data, None)
        center.init_center(kind="township", code=code, name=f"基准{t}镇综治中心", committee_short=f"基{t}",
                           admin_username="admin", admin_password=PASSWORD)
        actor = _admin()
        exchange.trust_key(actor, root / "county.pub.json", data)
        for _ in range(cases):
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
            case_service.register(actor, CaseInput(
                source="来访", category="邻里", facts=rng.choice(FACTS), claims="调解",
                registered_on=dt.date(2026, 11, rng.randint(1, 28)),
                parties=[PartyInput(name=name, role="申请人", phone=f"138{rng.randint(0, 99999999):08d}"),
                         PartyInput(name="李四", role="被申请人")]))
        exchange.export_public_key(actor, data, root / f"town{t}.pub.json")
        [result] = exchange.export_bundles(actor, data, root / "bundles" / code)
        bundles.append(result.path)
        for cdata, curl in counties.values():
            _open(cdata, curl)
            exchange.trust_key(_admin(), root / f"town{t}.pub.json", cdata)
    close_database()
    return counties, bundles


def time_imports(data, url, bundles) -> float:
    from zhongxin_desktop.services.countywork import exchange
    from zhongxin_desktop.store.connection import close_database

    _open(data, url)
    actor = _admin()
    start = time.perf_counter()
    summaries = exchange.import_bundles(actor, data, bundles)
    took = time.perf_counter() - start
    assert all(s.status != "ERROR" for s in summaries), [s.refused_reason for s in summaries]
    close_database()
    return took


def copy_baseline(source_url: str, target_url: str) -> float:
    """The same case, party and case_party rows written with COPY into empty copies of the tables."""
    import psycopg

    with psycopg.connect(source_url) as src, psycopg.connect(target_url) as dst:
        tables = {t: src.execute(f'SELECT * FROM "{t}"').fetchall() for t in ("case", "party", "case_party")}
        start = time.perf_counter()
        with dst.transaction():
            dst.execute("SET LOCAL session_replication_role = replica")  # rows only: no FK checks
            for table, rows in tables.items():
                with dst.cursor().copy(f'COPY "{table}" FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
        return time.perf_counter() - start


def serve_uploads(data, url, bundles, parallel: int) -> dict:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    args = [sys.executable, "-m", "zhongxin_desktop", "--data-dir", str(data.root), "--database", url,
            "serve", "--listen", f"127.0.0.1:{port}", "--threads", str(parallel)]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/health", timeout=5).read()
            break
        except OSError:
            time.sleep(0.2)
    times, lock, todo = [], threading.Lock(), list(bundles)

    def worker():
        while True:
            with lock:
                if not todo:
                    return
                path = todo.pop()
            t0 = time.perf_counter()
            req = urllib.request.Request(base + "/bundles", data=path.read_bytes(), method="POST")
            with urllib.request.urlopen(req, timeout=600) as r:
                assert r.status == 200
                r.read()
            with lock:
                times.append(time.perf_counter() - t0)

    start = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(parallel)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total = time.perf_counter() - start
    peak = next(int(line.split()[1]) // 1024 for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines()
                if line.startswith("VmHWM"))
    proc.terminate()
    proc.wait(timeout=30)
    return {"total": total, "p95": sorted(times)[max(0, int(len(times) * 0.95) - 1)], "median": statistics.median(times),
            "peak_mb": peak}


def search_p95(data, url) -> tuple[float, int]:
    from zhongxin_desktop.services.countywork import county
    from zhongxin_desktop.store.connection import close_database

    _open(data, url)
    actor = _admin()
    words = ["王伟", "欧阳娜", "李四", "噪音", "排水沟", "张", "宅基地界址"]
    times = []
    for _ in range(5):
        for w in words:
            t0 = time.perf_counter()
            county.case_rows(actor, search=w)
            times.append(time.perf_counter() - t0)
    from zhongxin_desktop.store.models import Case

    n = Case.select().count()
    close_database()
    times.sort()
    return times[int(len(times) * 0.95) - 1], n


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.county_server", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--townships", type=int, default=20)
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--parallel", type=int, default=5)
    a = parser.parse_args(argv)
    from pg_cluster import Cluster

    cluster = Cluster().start()
    root = Path(tempfile.mkdtemp(prefix="bench-county-"))
    try:
        pg, pg_serve, pg_copy = cluster.create_database(), cluster.create_database(), cluster.create_database()
        t0 = time.perf_counter()
        counties, bundles = make_world(root, a.townships, a.cases,
                                       {"county_sqlite": None, "county_pg": pg, "county_serve": pg_serve,
                                        "county_copy": pg_copy})
        made = time.perf_counter() - t0
        sqlite_s = time_imports(*counties["county_sqlite"], bundles)
        pg_s = time_imports(*counties["county_pg"], bundles)
        copy_s = round(copy_baseline(pg, pg_copy), 2)
        up = serve_uploads(*counties["county_serve"], bundles, a.parallel)
        p95, n = search_p95(*counties["county_pg"])
        rows = a.townships * a.cases
        print(json.dumps({"townships": a.townships, "cases_each": a.cases, "made_s": round(made, 1),
                          "import_sqlite_s": round(sqlite_s, 2), "import_pg_s": round(pg_s, 2),
                          "copy_baseline_s": copy_s, "serve": up, "search_p95_ms": round(p95 * 1000, 1),
                          "cases_in_pg": n, "rows": rows, "load": os.getloadavg()}, ensure_ascii=False, indent=1))
    finally:
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
