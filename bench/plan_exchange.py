"""Scenarios of the county exchange: a township-year export, the county's import of 20 bundles."""
from __future__ import annotations

import hashlib
import json
import shutil

from bench import datagen
from bench.common import CACHE
from bench.features import missing
from bench.harness import Result, Stats, judge, run_child

TOWNS, CASES, SCAN_MB = 20, 2_000, 200
IMPORT_CAP = 120.0  # seconds: past this the import is stopped and reported as at least this long


def world(log=print) -> tuple[dict, bool]:
    """The cached exchange world (see scen_exchange.prepare_world); (info, generated now)."""
    key = hashlib.sha256(json.dumps([datagen._fingerprint(datagen.Spec("town", "township", 1, CASES, 1)),
                                     TOWNS, CASES, SCAN_MB]).encode()).hexdigest()[:12]
    root = CACHE / f"exchange-{key}"
    ready = root / "READY.json"
    if ready.exists():
        return json.loads(ready.read_text()), False
    for stale in CACHE.glob("exchange-*"):
        shutil.rmtree(stale, ignore_errors=True)
    log(f"generating the exchange world ({TOWNS} township-years × {CASES:,} cases, {SCAN_MB} MB of scans each) …")
    import time

    t0 = time.perf_counter()
    info = run_child("scen_exchange:prepare_world", timeout=3600, root=str(root), towns=TOWNS, cases=CASES,
                     scan_mb=SCAN_MB)
    info.update(root=str(root), seconds=round(time.perf_counter() - t0, 1))
    ready.write_text(json.dumps(info))
    log(f"generated the exchange world in {info['seconds']} s")
    return info, True


def exchange(repeat_export: int = 3) -> list[Result]:
    names = ("Township-year bundle export (2,000 cases, 200 MB of scans)",
             f"County import of {TOWNS} township-year bundles")
    gone = missing("exchange")
    if gone:
        return [Result(names[0], "exchange", not_measured=gone, target="< 10 s"),
                Result(names[1], "exchange", not_measured=gone, target="< 60 s")]
    info, _ = world()
    root = CACHE / "work" / "exchange"
    shutil.rmtree(root, ignore_errors=True)
    town = root / "town01"
    shutil.copytree(f"{info['root']}/town01", town)
    a = run_child("scen_exchange:export_app", folder=str(town), out_dir=str(root / "out"), repeat=repeat_export)
    raw = root / "town01-raw.sqlite"  # a pristine copy: the export also writes (its log, the audit)
    shutil.copyfile(f"{info['root']}/town01/zhongxin.sqlite", raw)
    b = run_child("scen_store:replay_sql", db=str(raw), runs=a["runs"], writes=True)
    export = Result(names[0], "exchange", Stats(a["samples"]), Stats(b["samples"]),
                    "the same SQL on bare sqlite3 (no zip, no crypto)", "< 10 s", rss_mb=a["rss_mb"],
                    baseline_rss_mb=b["rss_mb"])
    judge(export, p95_under=10)
    export.note = (f"bundle {a['bytes'] / 2**20:.0f} MB, {sum(a['counts'].values()):,} records, {a['blobs']:,} scans")
    county = root / "county"
    shutil.copytree(f"{info['root']}/county", county)
    pristine = f"{info['root']}/county/zhongxin.sqlite"
    i = run_child("scen_exchange:import_app", timeout=1800, folder=str(county), bundles=info["bundles"],
                  cap=IMPORT_CAP)
    ib = run_child("scen_exchange:import_bare", before=pristine, after=str(county / "zhongxin.sqlite"),
                   scratch=str(root / "county-raw.sqlite"))
    imp = Result(names[1], "exchange", Stats([i["seconds"]]), Stats([ib["seconds"]]),
                 "raw sqlite3 inserting the same rows (no decryption, no scans)", "< 60 s", rss_mb=i["rss_mb"],
                 baseline_rss_mb=ib["rss_mb"])
    clean = i["statuses"] == ["SUCCESS"] and i["done"] == TOWNS
    judge(imp, p95_under=60, also=("stopped at the cap" if i["done"] < TOWNS else "not every bundle SUCCESS", clean))
    stopped = i["done"] < TOWNS
    if stopped:
        imp.extra["lower_bound"] = True
        imp.name = f"County import of {TOWNS} township-year bundles (stopped after {i['done']})"
    imp.note = ((f"stopped after {i['done']} of {TOWNS} bundles when {IMPORT_CAP:.0f} s had passed, so the "
                 f"figure is a lower bound and the baseline covers only those bundles; " if stopped else "")
                + f"one run (it takes long); statuses {', '.join(i['statuses'])}; {i['imported']:,} records imported, "
                f"{ib['rows']:,} rows written; {info['scan_bytes'] / 2**30:.1f} GiB of scans in the bundles")
    shutil.rmtree(root, ignore_errors=True)
    return [export, imp]
