"""Scenario of the county's own work: people in the cases of several townships at 400,000 cases."""
from __future__ import annotations

import shutil

from bench.common import CACHE
from bench.harness import Result, Stats, judge, run_child

TOWNS, CASES, SHARED = 20, 20_000, 3_000


def duplicates(repeat: int = 5) -> list[Result]:
    name = f"County: people in cases of two or more townships ({TOWNS * CASES:,} cases)"
    root = CACHE / "work" / "county-people"
    shutil.rmtree(root, ignore_errors=True)
    r = run_child("scen_county_people:county_people", timeout=3600, folder=str(root), towns=TOWNS, cases=CASES,
                  shared=SHARED, repeat=repeat)
    result = Result(name, "county", Stats(r["samples"]), target="< 1 s", rss_mb=r["rss_mb"])
    judge(result, p95_under=1.0)
    result.note = (f"{r['people']:,} people listed with {r['multi_town_cases']:,} cases; the match keys were kept "
                   f"as each township's parties were written ({r['index_seconds']} s over {TOWNS} bundles of "
                   f"{CASES:,} cases, inside the import's transaction); writing the store took {r['write_seconds']} s")
    shutil.rmtree(root, ignore_errors=True)
    return [result]
