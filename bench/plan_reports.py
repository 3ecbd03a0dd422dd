"""Scenarios of statistics and Excel: the county's monthly report, a 10,000-row ledger import."""
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


def ledger(repeat: int = 2) -> list[Result]:
    name = "Ledger import (cases import-ledger), 10,000 rows into the township-year"
    gone = missing("ledger import")
    if gone:
        return [Result(name, "ledger", not_measured=gone, target="< 10 s")]
    path = CACHE / "ledger-10000.xlsx"
    if not path.exists():
        make_ledger(path)
    template = datagen.dataset("township-year").root
    work = CACHE / "work" / "ledger"
    a = run_child("scen_reports:ledger_app", template=str(template), work=str(work), ledger=str(path),
                  repeat=repeat)
    b = run_child("scen_reports:ledger_bare", template_db=str(template / "zhongxin.sqlite"),
                  imported_db=str(work / "zhongxin.sqlite"), scratch=str(CACHE / "work" / "ledger-raw.sqlite"),
                  ledger=str(path), repeat=repeat)
    r = Result(name, "ledger", Stats(a["samples"]), Stats(b["samples"]),
               "bare openpyxl reading the file + raw sqlite3 inserting the same rows", "< 10 s",
               rss_mb=a["rss_mb"], baseline_rss_mb=b["rss_mb"])
    judge(r, p95_under=10.0)
    counts = ", ".join(f"{k} {v}" for k, v in a["counts"].items())
    r.note = f"import result: {counts}; rows written: {sum(b['rows'].values()):,}"
    return [r]
