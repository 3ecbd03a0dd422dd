"""``python -m bench`` (or ``bench/run``): generate or reuse the datasets, run every scenario,
write bench/RESULTS.md.

    --only GROUP ...   run only these groups (start-up, case list, registration, search, documents,
                       reports, ledger, exchange)
    --no-million       leave out search at 1,000,000 cases (and the dataset behind it)
    --quick            fewer repeats (a smoke test; figures are not for quoting)
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import datetime as dt
import os
import sys
import time
import traceback

from bench import datagen
from bench.common import CACHE, REPO, child_env, ensure_src_path, git_commit

ensure_src_path()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--no-million", action="store_true")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    from bench import plan
    from bench.harness import Result
    from bench.report import write

    started, t0 = dt.datetime.now(dt.timezone.utc), time.perf_counter()
    load_start = "%.1f, %.1f, %.1f" % os.getloadavg()
    names = ["township-year", "township-100k", "county-decade"] + ([] if args.no_million else ["township-1m"])
    fresh = {name: not datagen.is_cached(name) for name in names}
    # Two cores: the county (the longest to generate) is made by a second process while this one
    # makes the rest, so a fresh checkout pays roughly the longer of the two, not their sum.
    county = None
    if fresh["county-decade"] and sum(fresh.values()) > 1:
        county = subprocess.Popen([sys.executable, "-m", "bench.datagen", "county-decade"], cwd=REPO,
                                  env=child_env())
    datasets = {}
    for name in names:
        if name != "county-decade" or county is None:
            datagen.dataset(name)
    if not args.only or "exchange" in args.only:
        from bench import plan_exchange

        info, made = plan_exchange.world()
        datasets["exchange world (20 township-years)"] = {
            "cases": plan_exchange.TOWNS * plan_exchange.CASES, "seconds": info["seconds"], "generated_now": made,
            "search_rebuild": f"per township; {info['scan_bytes'] / 2**30:.1f} GiB of scans, {len(info['bundles'])} bundles"}
    if county is not None and county.wait() != 0:
        raise SystemExit("generating county-decade failed (see above)")
    for name in names:
        datasets[name] = {**datagen.info(name), "generated_now": fresh[name]}
    generation = time.perf_counter() - t0
    results: list[Result] = []
    print(f"datasets ready after {generation:.0f} s", flush=True)
    for group, run in plan.scenarios(quick=args.quick, million="township-1m" in names):
        if args.only and group not in args.only:
            continue
        print(f"== {group}", flush=True)
        try:
            got = run()
        except Exception as exc:  # a failing scenario is reported, never hidden or faked
            traceback.print_exc()
            got = [Result(f"{group}", group, not_measured=f"failed at {git_commit()}: "
                          f"{str(exc).strip().splitlines()[-1][:160]}")]
        for r in got:
            print(f"   {r.name}: " + (r.not_measured or f"{r.figure.median * 1000:.1f} ms median, "
                                       f"{r.figure.p95 * 1000:.1f} ms p95, ratio "
                                       f"{'%.1f' % r.ratio if r.ratio else '—'}, target met: {r.ok}"), flush=True)
        results.extend(got)
    load_end = "%.1f, %.1f, %.1f" % os.getloadavg()
    shutil.rmtree(CACHE / "work", ignore_errors=True)  # scratch copies (GBs): the datasets stay
    from bench.harness import run_child

    signals = run_child("scen_gui:signal_refcount")
    path = write(results, datasets, started, time.perf_counter() - t0, (load_start, load_end), plan.WHY,
                 signals=signals, generation=generation)
    print(f"wrote {path} in {(time.perf_counter() - t0) / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
