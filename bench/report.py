"""RESULTS.md: the machine, the datasets, and one table of figure, baseline, ratio and target."""
from __future__ import annotations

import datetime as dt
import os
import platform
import sqlite3
from importlib import metadata
from pathlib import Path

from bench.common import BENCH, git_commit
from bench.harness import Result


def machine() -> dict[str, str]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = next(int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines()
                  if ln.startswith("MemTotal"))
    import PySide6
    from PySide6.QtCore import qVersion

    def version(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "absent"

    return {
        "CPU": f"{cpu}, {os.cpu_count()} cores",
        "RAM": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "OS": f"{platform.platform()}",
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
        "Qt / PySide6": f"{qVersion()} / {PySide6.__version__}",
        "peewee / reportlab / openpyxl": " / ".join(version(d) for d in ("peewee", "reportlab", "openpyxl")),
        "git commit": git_commit(),
    }


def fmt(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _row(r: Result) -> str:
    if r.not_measured:
        return f"| {r.name} | {r.not_measured} | — | — | {r.target} | — | — |"
    fig = f"{fmt(r.figure.median)} / {fmt(r.figure.p95)} (n={len(r.figure.samples)})" if r.figure else "—"
    if r.extra.get("lower_bound"):
        fig = f"more than {fmt(r.figure.median)} (stopped)"
    base = f"{fmt(r.baseline.median)} / {fmt(r.baseline.p95)} (n={len(r.baseline.samples)})" if r.baseline else "—"
    ratio = f"{r.ratio:.1f}×" if r.ratio is not None else "—"
    failed = r.extra.get("failed") or []
    met = {True: "yes", False: "**NO**", None: "—"}[r.ok] + (f" ({', '.join(failed)})" if failed else "")
    rss = f"{r.rss_mb or 0:.0f} / {r.baseline_rss_mb or 0:.0f}" if r.baseline_rss_mb else f"{r.rss_mb or 0:.0f}"
    return f"| {r.name} | {fig} | {base} ({r.baseline_label}) | {ratio} | {r.target} | {met} | {rss} |"


def _load_line(load: tuple[str, str]) -> str:
    """Whether other work shared the two cores, judged by the 1-minute load average at both ends."""
    start, end = (float(x.split(",")[0]) for x in load)
    said = f"load average {load[0]} at the start, {load[1]} at the end"
    # the run itself keeps one core busy (two while datasets are made), so only its start is a clean reading
    if start < 0.7 and end < 1.8:
        return f"Nothing else of note ran on the machine ({said}, counting this run's own processes)."
    return (f"**Other work shared the machine during the run** ({said}): timings are noisy, p95 "
            "especially. Re-run `bench/run` on a quiet machine for figures to quote.")


def write(results: list[Result], datasets: dict[str, dict], started: dt.datetime, seconds: float,
          load: tuple[str, str], why: dict[str, str], signals: dict | None = None,
          generation: float | None = None, path: Path = BENCH / "RESULTS.md") -> Path:
    lines = ["# Benchmark results", "",
             f"Produced by `bench/run` (`python -m bench`) on {started:%Y-%m-%d %H:%M} UTC; the whole run took "
             f"{seconds / 60:.1f} min"
             + (f" ({generation / 60:.1f} min of it making or checking the datasets)" if generation is not None else "")
             + ". Every figure below comes from that one run.", "",
             _load_line(load), "", "## Machine", ""]
    lines += [f"- {k}: {v}" for k, v in machine().items()]
    lines += ["", "## Datasets (bench/cache, generated once, then reused)", "",
              "Made from a fixed seed. On a fresh checkout the county is made by a second process "
              "while the first makes the others, so two generation times overlap.", "",
              "| Dataset | Cases | Generation | Search index |", "|---|---|---|---|"]
    for name, info in datasets.items():
        made = info.get("generated_now")
        gen = f"{info.get('seconds', '?')} s{' (this run)' if made else ' (cached)'}"
        lines.append(f"| {name} | {info.get('cases', 0):,} | {gen} | {info.get('search_rebuild') or 'none on main'} |")
    lines += ["", "## Results", "",
              "Figure and baseline are median / p95 over the repeats; ratio is median ÷ baseline median. "
              "Peak RSS is the resident-memory high-water mark (VmHWM) of the process that ran the "
              "scenario, app / baseline. Met names the checks that failed: p95 (the absolute target), "
              "ratio (the ≤ N× baseline target), or a stop at a time cap.", "",
              "| Scenario | Figure (median / p95) | Baseline (median / p95) | Ratio | Target | Met | Peak RSS MB |",
              "|---|---|---|---|---|---|---|"]
    lines += [_row(r) for r in results]
    missed = [r for r in results if r.ok is False]
    lines += ["", "## Targets missed, and why", ""]
    if not missed:
        lines.append("None of the measured scenarios missed its target.")
    for group in dict.fromkeys(r.group for r in missed):
        lines += [f"**{group}** — {why.get(group, '')}".rstrip(), ""]
        lines += [f"- {r.name}: missed {', '.join(r.extra.get('failed') or ['target'])}; {r.note}"
                  for r in missed if r.group == group]
        lines.append("")
    notes = [r for r in results if r.ok is not False and r.note]
    if notes:
        lines += ["", "## Notes", ""] + [f"- {r.name}: {r.note}" for r in notes]
    unmeasured = [r for r in results if r.not_measured]
    if unmeasured:
        lines += ["", f"{len(unmeasured)} scenario(s) have no figure in this run; the table says why "
                  "(a feature not on main, a dataset not generated, or the error it failed with)."]
    lines += ["", "## Found while measuring", "",
              "- **PySide6 6.12.0 (with Python 3.11) drops references it does not own on every Python-side "
              "`Signal.emit()`**: `sys.getrefcount(True)` fell by one per emit, even with a plain function "
              "slot. The app's `DbWorker` emits once per database job, so after some hundreds of jobs the "
              "process aborted with `Fatal Python error: bool_dealloc` (or `none_dealloc`); scrolling the "
              "case list through 100,000 cases did so while this bench was written. Main now pins PySide6 "
              "below 6.12. The bench's GUI children still hold spare references to True, False and None."
              + (f" In this run, PySide6 {signals['version']} lost {signals['lost']} references to True over "
                 f"{signals['emits']} emits{' — the bug is present' if signals['lost'] else ' — free of the bug'}."
                 if signals else ""),
              "", "## How the baselines are made", "",
              "- Store paths (registration, list, search, imports): every SQL statement the app ran is captured "
              "with `sqlite3.Connection.set_trace_callback` (bound values expanded by SQLite) and replayed on a "
              "bare `sqlite3` connection with the app's pragmas, on an identical copy of the data. The ratio is "
              "the cost of the app's Python layers over SQLite's own work.",
              "- Start-up: a separate interpreter that shows a bare PySide6 `QMainWindow`; both are timed from "
              "process launch on the same monotonic clock.",
              "- PDFs: bare reportlab drawing the same text (extracted with pdftotext) with the same TrueType "
              "font file, page by page.",
              "- Excel: bare openpyxl writing (or reading) the same cells.", ""]
    from bench.county_results import kept_tail

    tail = kept_tail(path)  # the county-scale section, measured by its own bench
    path.write_text("\n".join(lines) + ("\n" + tail if tail else ""), encoding="utf-8")
    return path
