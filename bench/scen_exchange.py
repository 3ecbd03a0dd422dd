"""The county exchange in child processes: a township-year exported as one bundle, and the
county importing the bundles of 20 township-years.

The world (20 township-years, each 2,000 cases with 200 MB of agreement scans, keys trusted
both ways, and one bundle per township) is made once and cached in bench/cache/exchange-*.
"""
from __future__ import annotations

import hashlib
import json
import random
import time
from pathlib import Path

from bench.harness import SqlTrace, insert_rows, new_rows, timeit
from bench.scen_store import open_store

COUNTY = "520102"


def _add_scans(folder: Path, scan_mb: int, seed: int) -> int:
    """One signed-agreement scan per agreement, stored by hash as services.casework.attachments does."""
    from zhongxin_desktop.store.db import database
    from zhongxin_desktop.store.models import Agreement, Attachment

    rng = random.Random(seed)
    agreements = list(Agreement.select(Agreement.id, Agreement.case, Agreement.owner_code).order_by(Agreement.id))
    size = max(1024, scan_mb * 2**20 // max(1, len(agreements)))
    rows = []
    for n, a in enumerate(agreements):
        data = b"\xff\xd8\xff\xe0" + rng.randbytes(size - 4)  # a JPEG's magic, then incompressible bytes
        sha = hashlib.sha256(data).hexdigest()
        target = folder / "attachments" / sha[:2] / sha
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        rows.append(dict(owner_code=a.owner_code, case=a.case_id, agreement=a.id, kind="scan", title="协议书签字扫描件",
                         filename=f"scan-{n:05d}.jpg", sha256=sha, size=size, mime="image/jpeg", added_by="dengji"))
    with database.atomic():
        for i in range(0, len(rows), 500):
            Attachment.insert_many(rows[i:i + 500]).execute()
    return len(rows) * size


def prepare_world(root: str, towns: int, cases: int, scan_mb: int) -> dict:
    from zhongxin_desktop.paths import DataDir
    from zhongxin_desktop.services import center, users
    from zhongxin_desktop.services.countywork import exchange
    from zhongxin_desktop.store.connection import close_database, open_database
    from zhongxin_desktop.store.models import User

    from bench import datagen
    from bench.bulk_build import PASSWORD

    base = Path(root)

    def admin():
        return users._actor_for(User.get(User.username == "admin"))

    county = DataDir(base / "county").ensure()
    open_database(county)
    center.init_center(kind="county", code=COUNTY, name="花溪区综治中心", admin_username="admin", admin_password=PASSWORD)
    exchange.export_public_key(admin(), county, base / "county.pub.json")
    close_database()
    scan_bytes = 0
    for i in range(1, towns + 1):
        town = DataDir(base / f"town{i:02d}").ensure()
        spec = datagen.Spec(f"town{i:02d}", "township", 1, cases, 1, seed=1000 + i, number=i)
        datagen.generate_into(spec, town)
        open_database(town)
        scan_bytes += _add_scans(town.root, scan_mb, seed=i)
        exchange.export_public_key(admin(), town, base / f"town{i:02d}.pub.json")
        exchange.trust_key(admin(), base / "county.pub.json")
        close_database()
        open_database(county)
        exchange.trust_key(admin(), base / f"town{i:02d}.pub.json")
        close_database()
    bundles = []
    for i in range(1, towns + 1):
        town = DataDir(base / f"town{i:02d}")
        open_database(town)
        bundles += [str(r.path) for r in exchange.export_bundles(admin(), town, base / "bundles")]
        close_database()
    return {"bundles": bundles, "scan_bytes": scan_bytes}


def export_app(folder: str, out_dir: str, repeat: int) -> dict:
    """zhongxin bundle export: everything the county has not acknowledged, scans included."""
    from zhongxin_desktop.paths import DataDir
    from zhongxin_desktop.services.countywork import exchange

    actor, db = open_store(folder)
    trace = SqlTrace()
    trace.attach_all(db)
    data = DataDir(Path(folder))
    made = []

    def once():
        trace.start()
        made.extend(exchange.export_bundles(actor, data, Path(out_dir)))
        trace.stop()

    samples = timeit(once, repeat, warmup=1)
    last = made[-1]
    size = last.path.stat().st_size
    for r in made:
        Path(r.path).unlink(missing_ok=True)
    return {"samples": samples, "runs": trace.runs, "bytes": size, "counts": last.counts, "blobs": last.blobs}


def import_app(folder: str, bundles: list[str], cap: float) -> dict:
    """zhongxin bundle import FILE... at the county: what import_bundles does — one verified
    backup of the database, then the bundles one after the other — stopping once ``cap``
    seconds have passed (a run must end). Calling import_bundles once per bundle instead would
    time 20 import runs, each with its own backup of the growing database (~35 s of the run)."""
    from zhongxin_desktop.paths import DataDir
    from zhongxin_desktop.services.countywork import exchange

    actor, _ = open_store(folder)
    data = DataDir(Path(folder))
    summaries = []
    t0 = time.perf_counter()
    exchange.backup_before_import(data, actor.username)
    for b in bundles:
        summaries.append(exchange.import_bundle(actor, data, Path(b)))
        if time.perf_counter() - t0 > cap:
            break
    seconds = time.perf_counter() - t0
    statuses = sorted({s.to_dict().get("status", "?") for s in summaries})
    imported = sum(s.to_dict().get("import_count", {}).get("imported", 0) for s in summaries)
    return {"seconds": seconds, "statuses": statuses, "imported": imported, "done": len(summaries)}


def import_bare(before: str, after: str, scratch: str) -> dict:
    """Raw sqlite3 inserting the same rows the import wrote, into the same starting county."""
    import shutil

    rows = new_rows(before, after)
    shutil.copyfile(before, scratch)
    return {"seconds": insert_rows(scratch, rows), "rows": sum(len(r) for _, _, r in rows),
            "tables": json.dumps({t: len(r) for t, _, r in rows})}
