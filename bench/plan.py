"""Every scenario in the order the run makes them, with the repeats, and why a miss happens."""
from __future__ import annotations

from collections.abc import Callable
from functools import partial

from bench import plan_core, plan_docs, plan_reports

# Why a target is missed, per group: what the profile of that path shows, and what would fix it.
WHY = {
    "start-up": "",
    "case list": "",
    "registration": "",
    "search": "",
}


def scenarios(quick: bool, million: bool) -> list[tuple[str, Callable[[], list]]]:
    few = quick
    out = [
        ("start-up", partial(plan_core.startup, repeat=2 if few else 5)),
        ("case list", partial(plan_core.case_list, repeat=2 if few else 5)),
        ("registration", partial(plan_core.registration, repeat=10 if few else 30)),
        ("search", partial(plan_core.search, "township-100k", "100,000 cases", 0.05, per_kind=10 if few else 30)),
    ]
    out += [
        ("documents", partial(plan_docs.documents, repeat_agreement=3 if few else 10, repeat_dossier=1 if few else 3)),
        ("reports", partial(plan_reports.monthly, repeat=1 if few else 3)),
        ("ledger", partial(plan_reports.ledger, repeat=1 if few else 2)),
    ]
    if million:
        out.append(("search", partial(plan_core.search, "township-1m", "1,000,000 cases", 0.2,
                                      per_kind=10 if few else 30)))
    else:
        out.append(("search", partial(plan_core.search_not_generated)))
    return out
