"""Property: whatever order bundles arrive in, duplicated or lost, the county ends in the same
state — for each row the newest version it was sent — and with the last bundle, exactly the
township's state."""
from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from exchange_support import COUNTY, World, new_case, synced_state
from zhongxin_desktop.domain.workflow import Action
from zhongxin_desktop.services.casework import cases
from zhongxin_desktop.store.models import Case
from zhongxin_desktop.store.tombstones import delete_with_tombstones

TOWN = "520102003"


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """A township's month in four bundles (none acknowledged, so each holds all changes so far),
    the township's state after each, and a clean county to copy."""
    w = World(tmp_path_factory.mktemp("prop"))
    w.add_center("county", "county", COUNTY)
    w.add_center("town", "township", TOWN)
    w.trust_each_other("town")
    bundles, states = [], []

    def snap():
        bundles.extend(w.export("town"))
        with w.at("town"):
            states.append(synced_state(TOWN))

    with w.at("town") as actor:
        a, b = new_case(actor, name="甲"), new_case(actor, name="乙")
    snap()
    with w.at("town") as actor:
        cases.transition(actor, a, Action.ACCEPT)
        c = new_case(actor, name="丙")
    snap()
    with w.at("town") as actor:
        delete_with_tombstones(Case.get_by_id(b))
        cases.transition(actor, a, Action.START_MEDIATION)
    snap()
    with w.at("town") as actor:
        cases.transition(actor, c, Action.ACCEPT)
    snap()
    template = w.root / "county-template"
    shutil.copytree(w.data("county").root, template)
    return w, bundles, states, template


def _expected(states, delivered):
    """Per row, the newest version among the bundles delivered (a tombstone beats the row)."""
    best: dict[tuple[str, str], dict] = {}
    for i in delivered:
        for table, rows in states[i].items():
            for rid, row in rows.items():
                key = (table, rid)
                if key not in best or best[key]["row_version"] < row["row_version"]:
                    best[key] = row
    dead = {rid for (table, rid) in best if table == "tombstone"}
    out = {}
    for (table, rid), row in best.items():
        if table != "tombstone" and rid in dead:
            continue
        out.setdefault(table, {})[rid] = row
    return out


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.lists(st.integers(min_value=0, max_value=3), min_size=1, max_size=7))
def test_any_order_with_duplicates_and_losses_converges(history, order):
    w, bundles, states, template = history
    shutil.rmtree(w.data("county").root)
    shutil.copytree(template, w.data("county").root)
    summaries = w.import_("county", [bundles[i] for i in order])
    assert all(s.status == "SUCCESS" for s in summaries), [s.text() for s in summaries]
    with w.at("county"):
        got = synced_state(TOWN)
    got = {t: rows for t, rows in got.items() if rows}
    assert got == _expected(states, set(order))
    if 3 in order:  # the last bundle carries everything not acknowledged: exactly the township
        assert got == {t: rows for t, rows in states[3].items() if rows}
