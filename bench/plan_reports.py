"""Scenarios of statistics and Excel: the county's monthly report, ledger imports of 10,000 and
50,000 rows."""
from __future__ import annotations

from bench import datagen
from bench.common import CACHE
from bench.features import missing
from bench.harness import Result, Stats, judge, run_child
from bench.ledger_file import make as make_ledger

MONTH = "2026-10"  # the last full month of the generated decade


def monthly(repeat: int = 3) -> list[Result]:
    name = "Monthly report (xlsx), county of 20 townships, 400,000 cases"
    gone = missing("monthly report")
    if gone:
        return [Result(name, "reports", not_measured=gone, target="< 5 s")]
    pristine = datagen.dataset("county-decade").root
    folder = datagen.work_copy("county-decade", "monthly")  # the export is audited: it writes
    out = CACHE / "work" / "monthly.xlsx"
    a = run_child("scen_reports:monthly_app", folder=str(folder), month=MONTH, repeat=repeat, out=str(out))
    b = run_child("scen_reports:monthly_bare", db=str(pristine / "zhongxin.sqlite"), runs=a["runs"], xlsx=str(out))
    r = Result(name, "reports", Stats(a["samples"]), Stats(b["samples"]),
               "same SQL on bare sqlite3 + bare openpyxl writing the same cells", "< 5 s", rss_mb=a["rss_mb"],
               baseline_rss_mb=b["rss_mb"])
    judge(r, p95_under=5.0)
    r.note = f"month {MONTH}; {a['statements']} SQL statements; {b['cells']:,} cells written; {a['profile']}"
    return [r]


def ledger(repeat: int = 2, rows: int = 10_000) -> list[Result]:
    """The import against its floor: bare openpyxl (read-only) reading the same file plus raw
    sqlite3 inserting the rows the import wrote. 10,000 rows: < 10 s. 50,000 rows: at most twice
    the floor and under 300 MB, which only a streamed sheet and batched writes can meet."""
    name = f"Ledger import (cases import-ledger), {rows:,} rows into the township-year"
    big = rows >= 50_000
    target = "≤ 2× baseline, < 300 MB" if big else "< 10 s"
    gone = missing("ledger import")
    if gone:
        return [Result(name, "ledger", not_measured=gone, target=target)]
    path = CACHE / f"ledger-{rows}.xlsx"
    if not path.exists():
        make_ledger(path, rows=rows)
    template = datagen.dataset("township-year").root
    work = CACHE / "work" / "ledger"
    # 50,000 rows are their own warm-up: one round each side, with time for a loaded machine
    warmup, timeout = (0, 3600) if big else (1, 600)
    a = run_child("scen_reports:ledger_app", timeout=timeout, template=str(template), work=str(work),
                  ledger=str(path), repeat=repeat, warmup=warmup)
    b = run_child("scen_reports:ledger_bare", timeout=timeout, template_db=str(template / "zhongxin.sqlite"),
                  imported_db=str(work / "zhongxin.sqlite"), scratch=str(CACHE / "work" / "ledger-raw.sqlite"),
                  ledger=str(path), repeat=repeat, warmup=warmup)
    r = Result(name, "ledger", Stats(a["samples"]), Stats(b["samples"]),
               "bare openpyxl reading the file + raw sqlite3 inserting the same rows", target,
               rss_mb=a["rss_mb"], baseline_rss_mb=b["rss_mb"])
    if big:
        judge(r, ratio_at_most=2.0, also=("memory", a["rss_mb"] is not None and a["rss_mb"] < 300))
    else:
        judge(r, p95_under=10.0)
    counts = ", ".join(f"{k} {v}" for k, v in a["counts"].items())
    r.note = f"import result: {counts}; rows written: {sum(b['rows'].values()):,}"
    return [r]
