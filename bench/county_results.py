"""The county-scale figures (bench/county_scale.py) as a section of bench/RESULTS.md.

    python -m bench.county_results IMPORTS.json [READS.json ...]
    python -m bench.county_results --append READS.json [...]   (after the tables already there)

Each reads document gets its own table, in the order given (a size, or the same size before and
after a change: a document's optional ``label`` says which).

``bench/run`` rewrites RESULTS.md from its own scenarios; it keeps this section (everything from
``MARKER`` on), so the two benches, which need different machinery (a PostgreSQL cluster, hours
of generated data), each leave their figures in the one file.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "RESULTS.md"
MARKER = "<!-- county_scale: written by python -m bench.county_results; bench/run keeps it -->"
READ_TARGET_MS = 200
SERVE_RSS_TARGET_MB = 500


def kept_tail(path: Path = RESULTS) -> str:
    """The county section of ``path`` (from the marker on), or nothing."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    at = text.find(MARKER)
    return text[at:] if at >= 0 else ""


def _load(load) -> str:
    return ", ".join(f"{x:.1f}" for x in load)


def section(imports: dict | None, reads: dict | list[dict] | None) -> str:
    lines = [MARKER, "", "## The county on PostgreSQL (`python -m bench.county_scale`)", "",
             "A throwaway PostgreSQL 15 cluster on this machine (tests/pg_cluster.py: 127.0.0.1, fsync off), "
             "the app's own services and `zhongxin serve` under waitress. Townships are one township made "
             "through the app and cloned (own code, keys and ids), each exporting its bundle through the app.", ""]
    if imports:
        n, per = imports["bundles"], imports.get("cases_per_bundle", 50)
        serve = imports["serve"]
        copy_s = imports["copy_baseline_s"]
        lines += [f"Imports and uploads: commit {imports['commit']}, {n} township-year bundles of {per} cases "
                  f"({imports['bundle_mb']} MB in all); load average {_load(imports['load_before'])} at the start, "
                  f"{_load(imports['load_after_imports'])} at the end (other work shared the two cores).", "",
                  "| Scenario | Figure | Baseline (same run) | Ratio | Target | Met |", "|---|---|---|---|---|---|",
                  f"| Import {n} bundles into PostgreSQL (`bundle import`) | {imports['import_pg_s']} s "
                  f"| {copy_s} s (`COPY` of the same case, party and case_party rows) "
                  f"| {imports['import_pg_s'] / copy_s:.1f}× | — | — |",
                  f"| Import {n} bundles into SQLite (`bundle import`) | {imports['import_sqlite_s']} s "
                  f"| {copy_s} s (the same `COPY`) | {imports['import_sqlite_s'] / copy_s:.1f}× | — | — |",
                  f"| {n} townships uploading to `serve`, {imports.get('parallel', 20)} at a time: total "
                  f"| {serve['total']:.1f} s | — | — | — | — |",
                  f"| … per upload, median / p95 | {serve['median']:.2f} s / {serve['p95']:.2f} s | — | — | — | — |",
                  f"| … server peak memory (VmHWM) | {serve['peak_mb']} MB | — | — | < {SERVE_RSS_TARGET_MB} MB "
                  f"| {'yes' if serve['peak_mb'] < SERVE_RSS_TARGET_MB else 'no'} |", ""]
    for doc in ([reads] if isinstance(reads, dict) else reads or []):
        lines += _reads_table(doc)
    return "\n".join(lines)


def _reads_table(reads: dict) -> list[str]:
    lines: list[str] = []
    if reads:
        r = reads["reads"]
        label = f" ({reads['label']})" if reads.get("label") else ""
        met = {k: "yes" if r[k] < READ_TARGET_MS else "no" for k in ("list_p95_ms", "search_p95_ms", "stats_p95_ms")}
        lines += [f"Reads{label}: commit {reads['commit']}, {r['cases']:,} cases over {reads.get('townships', 200)} townships "
                  f"made inside PostgreSQL (`generate_series`, {reads['big_generate_s']} s with the indexes built "
                  f"after); each figure p95 over 3 rounds through the services `county cases|stats` use; load "
                  f"average {_load(reads['load_before'])} at the start, {_load(reads['load_after'])} at the end.", "",
                  "| Scenario | median | p95 | Target (p95) | Met |", "|---|---|---|---|---|",
                  f"| `county cases` (newest 200 of all) | — | {r['list_p95_ms']} ms | < {READ_TARGET_MS} ms "
                  f"| {met['list_p95_ms']} |",
                  f"| `county cases --township` | — | {r['township_list_p95_ms']} ms | — | — |",
                  f"| `county cases --search` (9 words: 2- and 3-character names, a surname, facts, pinyin, "
                  f"a phone tail) | {r['search_median_ms']} ms | {r['search_p95_ms']} ms | < {READ_TARGET_MS} ms "
                  f"| {met['search_p95_ms']} |",
                  f"| `county stats` (one month) | {r['stats_median_ms']} ms | {r['stats_p95_ms']} ms "
                  f"| < {READ_TARGET_MS} ms | {met['stats_p95_ms']} |",
                  *_per_township_rows(r.get("stats_per_township")), "",
                  "Search, median by word (ms): " + ", ".join(f"{w} {ms}" for w, ms in
                                                             r["search_median_by_word_ms"].items()) + ".", ""]
        slow = [w for w, ms in r["search_median_by_word_ms"].items() if ms >= READ_TARGET_MS]
        if slow:
            lines += [f"Over the target: {'、'.join(slow)}. Why: docs/scale.md (*Searching millions of cases*).", ""]
    return lines


def _per_township_rows(base: dict | None) -> list[str]:
    """The baseline of ``county stats``: each township's month asked on its own, once per month."""
    if not base:
        return []
    months = sorted(k[:-3] for k in base if k.endswith("_ms"))
    times = " / ".join(f"{base[m + '_ms']:.0f} ms" for m in months)
    same = "yes" if all(base[m + "_same"] for m in months) else "NO"
    return [f"| … baseline: the same months ({', '.join(months)}) township after township "
            f"(`statistics.monthly_statistics` × {base['townships']}) | {times} | — | — | — |",
            f"| … both ways give the same figures for every township (overdue cases in all: "
            f"{' / '.join(str(base[m + '_overdue']) for m in months)}) | {same} | — | — | — |"]


def append(reads: list[dict], path: Path = RESULTS) -> Path:
    """Add reads tables after what the section already holds (earlier runs' JSON is not kept)."""
    text = path.read_text(encoding="utf-8")
    if MARKER not in text:
        return write(None, reads, path)
    tables = [line for doc in reads for line in _reads_table(doc)]
    path.write_text(text.rstrip("\n") + "\n\n" + "\n".join(tables), encoding="utf-8")
    return path


def write(imports: dict | None, reads: dict | list[dict] | None, path: Path = RESULTS) -> Path:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    at = text.find(MARKER)
    head = (text[:at] if at >= 0 else text).rstrip("\n") + "\n\n"
    path.write_text(head + section(imports, reads), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    args = list(argv if argv is not None else sys.argv[1:])
    adding = "--append" in args
    docs = [json.loads(Path(p).read_text(encoding="utf-8")) for p in args if p != "--append"]
    imports = next((d for d in docs if "bundles" in d), None)
    reads = [d for d in docs if "reads" in d]
    print(append(reads) if adding else write(imports, reads))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
