"""The benchmark datasets, deterministic from a seed and cached in bench/cache/.

    township-year   the demo township (services.demo.create_demo), 2,000 cases over one year
    township-100k   one large township: 100,000 cases over ten years
    county-decade   a county of 20 townships × 10 years × 2,000 cases = 400,000 cases
    township-1m     1,000,000 cases with their parties (search at a million), no workflow rows:
                    township-100k's cases written ten times over in SQL (bench/replicate.py)

A cache entry is keyed by a hash of the generator, the models and the migrations, so a schema
change on main makes fresh data. ``python -m bench.datagen NAME...`` builds entries ahead of time.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import shutil
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from bench.common import CACHE, SRC, TODAY, ensure_src_path

ensure_src_path()

from zhongxin_desktop.paths import DataDir  # noqa: E402


@dataclass(frozen=True)
class Spec:
    name: str
    kind: str  # "demo" | "township" | "county" | "replica" (copies of ``base``'s cases)
    townships: int
    cases_per_township: int
    years: int
    seed: int = 2026
    lean: bool = False  # only cases, parties and their links (see bulk.CaseWriter)
    number: int = 1  # the first township's number in the county (its code ends in it)
    base: str = ""  # a replica's source dataset

    @property
    def cases(self) -> int:
        return self.townships * self.cases_per_township


SPECS = {s.name: s for s in (
    Spec("township-year", "demo", 1, 2_000, 1),
    Spec("township-100k", "township", 1, 100_000, 10),
    Spec("county-decade", "county", 20, 20_000, 10),
    Spec("township-1m", "replica", 1, 1_000_000, 10, lean=True, base="township-100k"),
)}
# Bump when a change to the generator (people, rows, bulk, bulk_build, this file) alters the data.
DATA_VERSION = "3"
COUNTY_CODE = "520102"
COMMITTEES = ["青山", "石桥", "新寨", "龙井", "田坝", "河口", "白云", "花溪", "乌当", "清镇", "开阳", "息烽", "修文",
              "麦架", "沙文", "金华", "朱昌", "百花", "久安", "高坡"]


def _fingerprint(spec: Spec) -> str:
    h = hashlib.sha256(json.dumps([DATA_VERSION, TODAY.isoformat(), spec.__dict__], sort_keys=True).encode())
    files = [SRC / "zhongxin_desktop/store/models.py"]
    files += sorted((SRC / "zhongxin_desktop/store/migrations").glob("*.py"))
    if spec.kind == "demo":
        files.append(SRC / "zhongxin_desktop/services/demo.py")
    elif spec.kind == "replica":
        h.update(_fingerprint(SPECS[spec.base]).encode())
        files.append(Path(__file__).with_name("replicate.py"))
    else:  # the bulk generator borrows only the demo's weights and village names
        from zhongxin_desktop.services import demo

        h.update(json.dumps([demo.CATEGORY_WEIGHTS, demo.SOURCE_WEIGHTS, demo.RISK_WEIGHTS, demo.VILLAGES],
                            ensure_ascii=False).encode())
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:12]


@contextlib.contextmanager
def seeded_uuids(seed: int):
    """Make uuid4 (the app's ids) repeatable while a dataset is generated."""
    rng = random.Random(seed ^ 0x5EED)
    real = uuid.uuid4
    uuid.uuid4 = lambda: uuid.UUID(int=rng.getrandbits(128), version=4)
    try:
        yield
    finally:
        uuid.uuid4 = real


def search_rebuild():
    """The search-index rebuild the cases area provides (services.casework.search_index.rebuild), as a
    function of no arguments acting as the administrator; None when main has none."""
    try:
        from zhongxin_desktop.services.casework import search_index
        from zhongxin_desktop.services import users
        from zhongxin_desktop.store.models import User
    except ImportError:
        return None
    rebuild = getattr(search_index, "rebuild", None)
    if rebuild is None:
        return None

    def run():
        return rebuild(users._actor_for(User.get(User.username == "admin")))

    run.__qualname__ = f"{rebuild.__module__}.{rebuild.__name__}"
    return run


def _root(name: str) -> Path:
    return CACHE / f"{name}-{_fingerprint(SPECS[name])}"


def is_cached(name: str) -> bool:
    return (_root(name) / "READY.json").exists()


def dataset(name: str, *, log=print) -> DataDir:
    """The cached data folder of ``name``, generated first when missing or stale."""
    spec = SPECS[name]
    root = _root(name)
    if (root / "READY.json").exists():
        return DataDir(root)
    for stale in CACHE.glob(f"{name}-*"):
        shutil.rmtree(stale, ignore_errors=True)
    tmp = root.with_name(root.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    log(f"generating {name} ({spec.cases:,} cases) …")
    started = time.perf_counter()
    if spec.kind == "replica":
        info = _replicate(spec, tmp, dataset(spec.base, log=log).root)
    else:
        info = _generate(spec, DataDir(tmp).ensure())
    info["seconds"] = round(time.perf_counter() - started, 1)
    (tmp / "READY.json").write_text(json.dumps(info, ensure_ascii=False, indent=1))
    tmp.rename(root)
    log(f"generated {name} in {info['seconds']} s")
    return DataDir(root)


def info(name: str) -> dict:
    return json.loads((dataset(name, log=lambda *_: None).root / "READY.json").read_text())


def generate_into(spec: Spec, data: DataDir) -> dict:
    """Generate ``spec`` into an empty data folder (no caching): for callers that cache it."""
    return _generate(spec, data)


def _generate(spec: Spec, data: DataDir) -> dict:
    from zhongxin_desktop.store.connection import close_database, open_database

    open_database(data)
    try:
        with seeded_uuids(spec.seed):
            if spec.kind == "demo":
                from zhongxin_desktop.services import demo

                summary = demo.create_demo(cases=spec.cases, seed=spec.seed, today=TODAY)
                result = {"cases": summary["cases"]}
            else:
                from bench.bulk_build import build

                result = build(spec, COUNTY_CODE, COMMITTEES)
        rebuild = search_rebuild()
        if rebuild is not None:
            t0 = time.perf_counter()
            rebuild()
            result["search_rebuild"] = rebuild.__qualname__
            result["search_rebuild_seconds"] = round(time.perf_counter() - t0, 1)
        else:
            result["search_rebuild"] = None
    finally:
        close_database()
    return result


def _replicate(spec: Spec, tmp: Path, base: Path) -> dict:
    from bench.replicate import replicate

    shutil.copytree(base, tmp, ignore=shutil.ignore_patterns("READY.json", "backups", "*-wal", "*-shm"))
    (tmp / "backups").mkdir()
    base_cases = json.loads((base / "READY.json").read_text())["cases"]
    result = replicate(tmp / "zhongxin.sqlite", spec.cases // base_cases, COMMITTEES[0])
    result["search_rebuild"] = (f"the base's documents (services.casework.search_index) copied per case in SQL; "
                                f"{spec.cases // base_cases} copies of {spec.base}")
    return result


def work_copy(name: str, tag: str, link_backups: bool = False) -> Path:
    """A scratch copy of a dataset's folder for a scenario that writes (bench/cache/work/TAG).
    ``link_backups``: the dataset's backups come along as hard links (backups are never written
    in place), so the app finds today's automatic backup made as in the dataset's own folder."""
    src = dataset(name).root
    dst = CACHE / "work" / tag
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("READY.json", "backups"))
    if link_backups and (src / "backups").is_dir():
        shutil.copytree(src / "backups", dst / "backups", copy_function=os.link, dirs_exist_ok=True)
    return dst


def main(argv: list[str]) -> int:
    names = argv or ["township-year", "township-100k", "county-decade"]
    for name in names:
        if name not in SPECS:
            print(f"unknown dataset {name}; known: {', '.join(SPECS)}", file=sys.stderr)
            return 2
        d = dataset(name)
        print(name, d.root, info(name))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

