"""Statistics and Excel in child processes: the county's monthly report (app: export_monthly;
baseline: the same SQL replayed plus bare openpyxl writing the same cells) and the import of a
10,000-row ledger (app: ledger_import.import_file; baseline: bare openpyxl reading the same
cells plus raw sqlite3 inserting the same rows)."""
from __future__ import annotations

import io
import shutil
import time

from bench.harness import SqlTrace, insert_rows, new_rows, profile_split, replay, timeit
from bench.scen_store import open_store


def monthly_app(folder: str, month: str, repeat: int, out: str) -> dict:
    from zhongxin_desktop.reports.monthly_xlsx import export_monthly

    actor, db = open_store(folder)
    trace = SqlTrace()
    trace.attach_all(db)

    def once():
        trace.start()
        export_monthly(actor, month, out)
        trace.stop()

    samples = timeit(once, repeat, warmup=1)
    runs = trace.runs
    return {"samples": samples, "runs": runs, "statements": len(runs[-1]),
            "profile": profile_split(lambda: export_monthly(actor, month, out))}


def _cells(xlsx: str) -> list[tuple[str, list[tuple[int, int, object]]]]:
    from openpyxl import load_workbook

    wb = load_workbook(xlsx)
    return [(ws.title, [(c.row, c.column, c.value) for row in ws.iter_rows() for c in row if c.value is not None])
            for ws in wb.worksheets]


def monthly_bare(db: str, runs: list[list[str]], xlsx: str) -> dict:
    from openpyxl import Workbook

    sheets = _cells(xlsx)

    def write():
        wb = Workbook()
        wb.remove(wb.active)
        for title, cells in sheets:
            ws = wb.create_sheet(title)
            for r, c, v in cells:
                ws.cell(r, c, v)
        wb.save(io.BytesIO())

    replay(db, runs[:1], undo=True)  # the report's one write (its audit entry) is rolled back
    sql = replay(db, runs[1:], undo=True)
    excel = timeit(write, len(sql), warmup=1)
    return {"samples": [a + b for a, b in zip(sql, excel)], "cells": sum(len(c) for _, c in sheets)}


def ledger_app(template: str, work: str, ledger: str, repeat: int, warmup: int = 1) -> dict:
    """Each round imports the file into a fresh copy of the township (the copy is not timed)."""
    from zhongxin_desktop.services.figures import ledger_import
    from zhongxin_desktop.store.connection import close_database

    samples, result = [], None
    for i in range(repeat + warmup):
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(template, work)
        actor, _ = open_store(work)
        t0 = time.perf_counter()
        result = ledger_import.import_file(actor, ledger)
        if i >= warmup:  # a first round warms imports and caches
            samples.append(time.perf_counter() - t0)
        close_database()
    return {"samples": samples, "counts": {k: v for k, v in result.to_dict()["counts"].items() if v}}


def ledger_bare(template_db: str, imported_db: str, scratch: str, ledger: str, repeat: int, warmup: int = 1) -> dict:
    from openpyxl import load_workbook

    rows = new_rows(template_db, imported_db)

    def read():
        wb = load_workbook(ledger, read_only=True)
        return sum(1 for ws in wb.worksheets for _ in ws.iter_rows(values_only=True))

    samples = []
    for _ in range(repeat + warmup):
        shutil.copyfile(template_db, scratch)
        t0 = time.perf_counter()
        read()
        reading = time.perf_counter() - t0
        samples.append(reading + insert_rows(scratch, rows))
    return {"samples": samples[warmup:], "rows": {t: len(r) for t, _, r in rows}}
