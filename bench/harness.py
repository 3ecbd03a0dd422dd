"""Measuring: repeated timings (median, p95), peak memory, subprocess groups and SQL replay.

Every scenario runs in a child process of its own (``python -m bench.child``), app side and
baseline side apart, so each reports its own peak resident memory (VmHWM).
"""
from __future__ import annotations

import json
import math
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import REPO, child_env


@dataclass
class Stats:
    samples: list[float]  # seconds

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)  # nearest rank: the value 95 % of samples do not exceed
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


@dataclass
class Result:
    name: str
    group: str
    figure: Stats | None = None
    baseline: Stats | None = None
    baseline_label: str = ""
    target: str = ""
    ok: bool | None = None  # None: no target to check, or not measured
    rss_mb: float | None = None
    baseline_rss_mb: float | None = None
    note: str = ""
    not_measured: str = ""  # why there is no figure
    extra: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.figure and self.baseline and self.baseline.median > 0:
            return self.figure.median / self.baseline.median
        return None


def timeit(fn: Callable[[], object], repeat: int, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return samples


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class ChildFailed(RuntimeError):
    pass


def run_child(target: str, timeout: float = 600, **kwargs) -> dict:
    """Run ``bench.<module>:<function>(**kwargs)`` in a fresh interpreter; return its dict result
    with the child's peak RSS as ``rss_mb``."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(kwargs, f, ensure_ascii=False)
        arg_file = f.name
    proc = subprocess.run([sys.executable, "-m", "bench.child", target, arg_file], cwd=REPO, env=child_env(),
                          capture_output=True, text=True, timeout=timeout)
    Path(arg_file).unlink(missing_ok=True)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("BENCH-RESULT ")]
    if proc.returncode != 0 or not lines:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-12:])
        fatal = [ln for ln in proc.stderr.splitlines() if ln.startswith("Fatal Python error")]
        raise ChildFailed(f"{target} exited {proc.returncode}:\n{tail}" + (f"\n{fatal[0]}" if fatal else ""))
    return json.loads(lines[-1][len("BENCH-RESULT "):])


class SqlTrace:
    """Collect the statements a connection runs (bound values expanded by SQLite), to replay them
    later on a bare sqlite3 connection: the baseline for every store path."""

    def __init__(self):
        self.runs: list[list[str]] = []
        self._current: list[str] | None = None

    def attach(self, con: sqlite3.Connection) -> None:
        con.set_trace_callback(self._seen)

    def attach_all(self, db) -> None:
        """Trace the connection open now and every one peewee opens later (each thread has its own)."""
        if not db.is_closed():
            self.attach(db.connection())
        connect = db._connect

        def traced_connect(*args, **kwargs):
            con = connect(*args, **kwargs)
            self.attach(con)
            return con

        db._connect = traced_connect

    def _seen(self, sql: str) -> None:
        if self._current is None or sql.startswith("--"):  # "--" marks trigger bodies
            return
        # Python 3.11 reports each trigger a write fires as the write itself again (it expands the
        # top-level statement): a write identical to the one just before it is that echo, not a
        # second write (an identical INSERT would fail on its key anyway).
        if self._current and sql == self._current[-1] and sql.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            return
        self._current.append(sql)

    def start(self) -> None:
        self._current = []

    def stop(self) -> None:
        if self._current is not None:
            self.runs.append(self._current)
        self._current = None


def replay(db_path: str, runs: list[list[str]], undo: bool = False) -> list[float]:
    """Time each captured run on a bare connection with the app's pragmas (WAL, foreign keys).
    ``undo``: end each transaction with ROLLBACK instead of COMMIT, leaving the file unchanged."""
    con = sqlite3.connect(db_path, isolation_level=None)
    for pragma in ("journal_mode=wal", "foreign_keys=1", "busy_timeout=10000", "synchronous=normal"):
        con.execute(f"PRAGMA {pragma}")
    samples = []
    try:
        for statements in runs:
            t0 = time.perf_counter()
            for sql in statements:
                if undo and sql.strip().upper() == "COMMIT":
                    sql = "ROLLBACK"
                con.execute(sql).fetchall()
            samples.append(time.perf_counter() - t0)
    finally:
        con.close()
    return samples


def _tables_in_insert_order(con: sqlite3.Connection) -> list[str]:
    """Ordinary tables, parents before children (foreign keys stay on in the baseline too)."""
    names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND sql NOT LIKE "
                                       "'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts_%'")]
    deps = {t: {r[2] for r in con.execute(f'PRAGMA foreign_key_list("{t}")')} - {t} for t in names}
    ordered: list[str] = []
    while deps:
        ready = sorted(t for t, d in deps.items() if not (d & deps.keys()))
        ordered += ready
        for t in ready:
            deps.pop(t)
    return ordered


def new_rows(before: str, after: str) -> list[tuple[str, list[str], list[tuple]]]:
    """The rows a scenario added: in ``after`` but beyond the last rowid of ``before``."""
    con = sqlite3.connect(after)
    con.execute("ATTACH DATABASE ? AS old", (before,))
    out = []
    for table in _tables_in_insert_order(con):
        cols = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
        last = con.execute(f'SELECT coalesce(max(rowid), 0) FROM old."{table}"').fetchone()[0]
        rows = con.execute(f'SELECT * FROM main."{table}" WHERE rowid > ? ORDER BY rowid', (last,)).fetchall()
        if rows:
            out.append((table, cols, rows))
    con.close()
    return out


def insert_rows(db_path: str, tables: list[tuple[str, list[str], list[tuple]]]) -> float:
    """Bare sqlite3: executemany of the same rows in one transaction, app pragmas. Seconds."""
    con = sqlite3.connect(db_path, isolation_level=None)
    for pragma in ("journal_mode=wal", "foreign_keys=1", "synchronous=normal"):
        con.execute(f"PRAGMA {pragma}")
    t0 = time.perf_counter()
    con.execute("BEGIN IMMEDIATE")
    for table, cols, rows in tables:
        quoted = ", ".join(f'"{c}"' for c in cols)
        con.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({", ".join("?" * len(cols))})', rows)
    con.execute("COMMIT")
    seconds = time.perf_counter() - t0
    con.close()
    return seconds


def _bucket(filename: str, name: str) -> str:
    if filename == "~":  # a C function: name it by what it is
        if "sqlite3" in name:
            return "sqlite3 (C)"
        return "builtins"
    path = filename.replace("\\", "/")
    if "/zhongxin_desktop/" in path:
        return "zhongxin_desktop." + path.split("/zhongxin_desktop/", 1)[1].split("/")[0].removesuffix(".py")
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1].split("/")[0].removesuffix(".py")
    return "python stdlib"


def profile_split(fn: Callable[[], object], top: int = 4) -> str:
    """Run ``fn`` once under cProfile; where its own time went, by package, largest first."""
    import cProfile
    import pstats

    prof = cProfile.Profile()
    prof.runcall(fn)
    stats = pstats.Stats(prof).stats  # (file, line, name) → (cc, nc, tottime, cumtime, callers)
    shares: dict[str, float] = {}
    for (filename, _line, name), (_cc, _nc, tottime, _cum, _callers) in stats.items():
        key = _bucket(filename, name)
        shares[key] = shares.get(key, 0.0) + tottime
    total = sum(shares.values()) or 1.0
    ranked = sorted(shares.items(), key=lambda kv: -kv[1])[:top]
    return "profile: " + ", ".join(f"{k} {v / total:.0%}" for k, v in ranked)


def judge(r: Result, *, p95_under: float | None = None, ratio_at_most: float | None = None,
          also: tuple[str, bool] | None = None) -> None:
    """Check a result against its targets; the table names each check that failed."""
    checks = []
    if p95_under is not None:
        checks.append(("p95", r.figure.p95 < p95_under))
    if ratio_at_most is not None:
        checks.append(("ratio", r.ratio is not None and r.ratio <= ratio_at_most))
    if also is not None:
        checks.append(also)
    r.extra["failed"] = [name for name, ok in checks if not ok]
    r.ok = not r.extra["failed"]
