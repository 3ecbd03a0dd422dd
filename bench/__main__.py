"""``python -m bench`` (or ``bench/run``): generate or reuse the datasets, run every scenario,
write bench/RESULTS.md.

    --only GROUP ...   run only these groups (start-up, case list, registration, search, documents,
                       reports, ledger, exchange)
    --million          generate the 1,000,000-case dataset if it is not cached yet (takes minutes);
                       without it, search at 1M runs only when the dataset is already cached
    --quick            fewer repeats (a smoke test; figures are not for quoting)
"""
from __future__ import annotations

import argparse
import shutil
import datetime as dt
import os
import sys
import time
import traceback

from bench import datagen
from bench.common import CACHE, ensure_src_path, git_commit

ensure_src_path()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--million", action="store_true")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    from bench import plan
    from bench.harness import Result
    from bench.report import write

    started, t0 = dt.datetime.now(dt.timezone.utc), time.perf_counter()
    load_start = "%.1f, %.1f, %.1f" % os.getloadavg()
    names = ["township-year", "township-100k", "county-decade"]
    if args.million or datagen.is_cached("township-1m"):
        names.append("township-1m")
    datasets = {}
    for name in names:
        fresh = not datagen.is_cached(name)
        datagen.dataset(name)
        datasets[name] = {**datagen.info(name), "generated_now": fresh}
    if not args.only or "exchange" in args.only:
        from bench import plan_exchange

        info, fresh = plan_exchange.world()
        datasets["exchange world (20 township-years)"] = {
            "cases": plan_exchange.TOWNS * plan_exchange.CASES, "seconds": info["seconds"], "generated_now": fresh,
            "search_rebuild": f"per township; {info['scan_bytes'] / 2**30:.1f} GiB of scans, {len(info['bundles'])} bundles"}
    results: list[Result] = []
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
                 signals=signals)
    print(f"wrote {path} in {(time.perf_counter() - t0) / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
