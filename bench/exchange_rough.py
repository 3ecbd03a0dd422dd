"""Rough timing of the county exchange, for the bench engineer to formalise.

    PYTHONPATH=src python bench/exchange_rough.py --townships 20 --cases 2000 --scan-mb 200 --root /tmp/xbench

Builds N demo township-years (cases with sessions, agreements, follow-ups; plus scans of random
bytes ≈ --scan-mb per township, stored by hash), a county that trusts them all, then times each
township's export and the county's import of all N bundles in one run.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import time
from pathlib import Path

from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.services import center, demo, users
from zhongxin_desktop.services.countywork import exchange
from zhongxin_desktop.store.connection import close_database, open_database
from zhongxin_desktop.store.models import Attachment, Case

PW = "Bench2026pass"


def at(data: DataDir, username="admin", password=PW):
    close_database()
    open_database(data)
    return users.sign_in(username, password)


def build_township(root: Path, i: int, cases: int, scan_mb: int) -> DataDir:
    data = DataDir(root / f"town{i:02d}").ensure()
    close_database()
    open_database(data)
    demo.DEMO_CODE, demo.DEMO_COMMITTEE = f"520102{i + 1:03d}", f"镇{i:02d}"
    demo.create_demo(cases=cases, seed=i)
    owner = demo.DEMO_CODE
    scan = 100 * 1024
    n_scans = scan_mb * 1024 * 1024 // scan
    case_ids = [c.id for c in Case.select(Case.id).limit(n_scans)]
    rows = []
    for k in range(n_scans):
        blob = os.urandom(scan)  # incompressible, like JPEG scans
        sha = hashlib.sha256(blob).hexdigest()
        path = data.attachments / sha[:2] / sha
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(blob)
        rows.append(dict(owner_code=owner, case=case_ids[k % len(case_ids)], kind="scan", title="协议书扫描件",
                         filename=f"scan{k}.jpg", sha256=sha, size=scan, mime="image/jpeg"))
    from zhongxin_desktop.store.db import database
    with database.atomic():
        for start in range(0, len(rows), 500):
            Attachment.insert_many(rows[start:start + 500]).execute()
    close_database()
    return data


def reuse(root: Path, i: int, scan_mb: int) -> DataDir | None:
    """A township-year built by an earlier run, if it is complete (keys reset: trust is redone)."""
    data = DataDir(root / f"town{i:02d}")
    if not data.database.exists():
        return None
    open_database(data)
    complete = Attachment.select().count() >= scan_mb * 1024 * 1024 // (100 * 1024)
    close_database()
    if not complete:
        shutil.rmtree(data.root)
        return None
    shutil.rmtree(data.keys, ignore_errors=True)
    return data


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--townships", type=int, default=2)
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--scan-mb", type=int, default=200)
    ap.add_argument("--root", default="/tmp/xbench")
    ap.add_argument("--reuse", action="store_true", help="keep township-years already built under --root")
    a = ap.parse_args()
    root = Path(a.root)
    if not a.reuse:
        shutil.rmtree(root, ignore_errors=True)
    for stale in [root / "county", root / "usb", *root.glob("*.pub")]:
        shutil.rmtree(stale, ignore_errors=True) if stale.is_dir() else stale.unlink(missing_ok=True)
    county = DataDir(root / "county").ensure()
    open_database(county)
    center.init_center(kind="county", code="520102", name="县综治中心", admin_username="admin", admin_password=PW)
    close_database()
    t0 = time.time()
    towns = [reuse(root, i, a.scan_mb) or build_township(root, i, a.cases, a.scan_mb) for i in range(a.townships)]
    print(f"built/reused {a.townships} township-years in {time.time() - t0:.1f} s", flush=True)
    actor = at(county)
    exchange.export_public_key(actor, county, root / "county.pub")
    for town in towns:
        actor = at(town, password=demo.DEMO_PASSWORD)
        exchange.export_public_key(actor, town, root / f"{town.root.name}.pub")
        exchange.trust_key(actor, root / "county.pub")
    actor = at(county)
    for town in towns:
        exchange.trust_key(actor, root / f"{town.root.name}.pub")
    bundles, times = [], []
    for town in towns:
        actor = at(town, password=demo.DEMO_PASSWORD)
        t = time.time()
        [r] = exchange.export_bundles(actor, town, root / "usb", period="2026-11")
        times.append(time.time() - t)
        bundles.append(r.path)
        print(f"export {town.root.name}: {times[-1]:.2f} s, {r.path.stat().st_size / 1e6:.0f} MB, "
              f"{sum(r.counts.values())} records, {r.blobs} files", flush=True)
    actor = at(county)
    t = time.time()
    summaries = exchange.import_bundles(actor, county, bundles)
    took = time.time() - t
    close_database()
    n = sum(s.totals.imported for s in summaries)
    print(f"county import of {len(bundles)} bundles: {took:.1f} s, {n} records, statuses "
          f"{sorted({s.status for s in summaries})}")
    print(json.dumps({"export_s_mean": sum(times) / len(times), "export_s_max": max(times), "import_s": took,
                      "records": n}))
    for s in summaries:
        if s.status != "SUCCESS":
            print(s.text())


if __name__ == "__main__":
    main()
