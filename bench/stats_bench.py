"""Measure the statistics area's speed targets: a 10,000-row ledger imports in < 10 s;
the monthly report of a county with 20 townships in < 5 s. Prints the numbers; asserts nothing.

    PYTHONPATH=src:tests python bench/stats_bench.py [ROWS] [TOWNSHIPS] [CASES_PER_TOWNSHIP]
"""
from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from ledger_fixtures import build_big_ledger

from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.store.connection import close_database, open_database


def bench_import(rows: int) -> None:
    from zhongxin_desktop.services import center, users
    from zhongxin_desktop.services.figures import ledger_import

    with tempfile.TemporaryDirectory() as tmp:
        path = build_big_ledger(Path(tmp) / "big.xlsx", rows)
        open_database(DataDir(Path(tmp) / "data"))
        center.init_center(kind="township", code="520102001", name="某镇综治中心", committee_short="某",
                           admin_username="admin", admin_password="Bench2026x")
        actor = users.sign_in("admin", "Bench2026x")
        t, cpu = time.perf_counter(), time.process_time()
        analysis = ledger_import.analyse(path)
        t_read = time.perf_counter()
        result = ledger_import.plan(actor, analysis)
        t_plan = time.perf_counter()
        ledger_import.apply(actor, result)
        t_end = time.perf_counter()
        print(f"ledger import: {rows} rows, {result.count('imported')} imported in {t_end - t:.1f} s "
              f"(read {t_read - t:.1f} s, check {t_plan - t_read:.1f} s, write {t_end - t_plan:.1f} s; "
              f"CPU {time.process_time() - cpu:.1f} s — the machine is shared, CPU time shows the cost)")
        t = time.perf_counter()
        again = ledger_import.import_file(actor, path, dry_run=True)
        print(f"re-import check: {again.count('duplicate')} duplicates found in {time.perf_counter() - t:.1f} s")
        close_database()


def bench_county(townships: int, per_township: int) -> None:
    from test_statistics import make_county

    from zhongxin_desktop.reports.monthly_xlsx import export_monthly
    from zhongxin_desktop.services import users
    from zhongxin_desktop.store.models import Case

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(DataDir(Path(tmp) / "data"))
        make_county(db, townships, per_township, dt.date(2026, 9, 1))
        actor = users.sign_in("county", "County2026x")
        t, cpu = time.perf_counter(), time.process_time()
        export_monthly(actor, "2026-09", Path(tmp) / "county.xlsx")
        took = time.perf_counter() - t
        print(f"county monthly report: {townships} townships, {Case.select().count()} cases, {took:.2f} s "
              f"(CPU {time.process_time() - cpu:.2f} s)")
        close_database()


if __name__ == "__main__":
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    townships = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    per = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    bench_import(rows)
    bench_county(townships, per)
