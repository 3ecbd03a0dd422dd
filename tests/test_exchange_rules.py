"""Versions, ownership, conflicts, deletions, losses and resends, and an import killed half-way."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from exchange_support import COUNTY, PASSWORD, craft_bundle, new_case, synced_state, township_and_county
from zhongxin_desktop.domain.workflow import Action
from zhongxin_desktop.exchange import records
from zhongxin_desktop.services.casework import cases
from zhongxin_desktop.store.models import Case, CaseEvent, Party, Tombstone
from zhongxin_desktop.store.tombstones import delete_with_tombstones

TOWN, TOWN2 = "520102003", "520102004"


@pytest.fixture
def world(tmp_path):
    return township_and_county(tmp_path, TOWN)


def test_an_older_version_never_overwrites_a_newer_one(world):
    with world.at("town") as actor:
        cid = new_case(actor)
    [old] = world.export("town")
    with world.at("town") as actor:
        cases.transition(actor, cid, Action.ACCEPT)
    [new] = world.export("town")
    world.import_("county", [new])
    [s] = world.import_("county", [old])
    assert s.count("case").ignored == 1 and s.count("case").updated == 0
    with world.at("county"):
        assert Case.get_by_id(cid).status == "accepted" and Case.get_by_id(cid).row_version == 2


def test_same_version_with_different_content_is_a_conflict_never_merged(world):
    with world.at("town") as actor:
        cid = new_case(actor)
    [b1] = world.export("town")
    world.import_("county", [b1])
    with world.at("town"):  # e.g. restored from an old backup and edited again: same version, other content
        Case.update(facts="另一种说法").where(Case.id == cid).execute()
    [b2] = world.export("town")
    [s] = world.import_("county", [b2])
    assert s.status == "WARNING" and s.count("case").conflicts == 1
    assert s.problems["conflict"] == [f"case:{cid}"]
    with world.at("county"):
        assert Case.get_by_id(cid).facts == "双方因排水沟发生争执"
    # the county's receipt names the conflict at the township too, and does not acknowledge it
    [receipt] = world.export("county", township=TOWN)
    [r] = world.import_("town", [receipt])
    assert r.problems["receipt_conflict"] == [f"case:{cid}"]


def test_only_the_owner_changes_its_rows(world, tmp_path):
    world.add_center("town2", "township", TOWN2)
    world.trust_each_other("town2")
    with world.at("town") as actor:
        cid = new_case(actor)
    world.import_("county", world.export("town"))
    with world.at("county"):
        stolen = records.row_dict("case", records.select_dicts("case", Case.id == cid).get())
        before = synced_state()
    # town2 sends town's case as its own (same id, its owner code) and as town's (owner code kept)
    forged_owner = dict(stolen, owner_code=TOWN2, row_version=9, facts="篡改")
    p = craft_bundle(world, "town2", "county", tmp_path / "a.zxb", records_by_table={"case": [forged_owner]})
    [s] = world.import_("county", [p])
    assert s.problems["owner_mismatch"] == [f"case:{cid}"]
    p = craft_bundle(world, "town2", "county", tmp_path / "b.zxb",
                     records_by_table={"case": [dict(stolen, row_version=9, facts="篡改")]})
    [s] = world.import_("county", [p])
    assert s.problems["not_owner"] == [f"case:{cid}"]
    # and no township speaks for another center (a Center row must be the sender's own)
    impostor = {"id": "c-impostor", "owner_code": TOWN2, "created_at": "2026-11-01 00:00:00",
                "updated_at": "2026-11-01 00:00:00", "row_version": 1, "code": COUNTY, "name": "假县",
                "kind": "county", "committee_short": "", "parent_code": None, "address": "", "phone": ""}
    p = craft_bundle(world, "town2", "county", tmp_path / "c.zxb", records_by_table={"center": [impostor]})
    [s] = world.import_("county", [p])
    assert s.problems["not_owner"] == ["center:c-impostor"]
    with world.at("county"):
        assert synced_state() == before


def test_deletions_travel_as_tombstones_and_old_copies_do_not_come_back(world):
    with world.at("town") as actor:
        cid = new_case(actor)
    [b1] = world.export("town")
    world.import_("county", [b1])
    with world.at("town"):
        n = delete_with_tombstones(Case.get_by_id(cid))
        assert n >= 4 and Tombstone.select().count() == n  # case, its party links and its event
    [b2] = world.export("town")
    [s] = world.import_("county", [b2])
    assert s.count("case").deleted == 1
    world.import_("county", [b1])  # the old bundle again: the case must not come back
    with world.at("county"):
        assert Case.get_or_none(Case.id == cid) is None
        assert CaseEvent.select().where(CaseEvent.case == cid).count() == 0


def test_lost_bundle_is_covered_by_the_next_one(world):
    with world.at("town") as actor:
        c1 = new_case(actor)
    world.import_("county", world.export("town"))
    world.import_("town", world.export("county", township=TOWN))  # acknowledged
    with world.at("town") as actor:
        c2 = new_case(actor, name="王五")
    [lost] = world.export("town")
    with world.at("town") as actor:
        cases.transition(actor, c1, Action.ACCEPT)
    [b3] = world.export("town")  # still holds c2: never acknowledged
    world.import_("county", [b3])
    with world.at("town"):
        final = synced_state(TOWN)
    with world.at("county"):
        assert synced_state(TOWN) == final
        assert Case.get_by_id(c2)
    assert lost.exists()


def test_import_killed_half_way_leaves_the_database_as_before(world, tmp_path):
    with world.at("town") as actor:
        for i in range(5):
            new_case(actor, facts=f"第{i}件")
    [bundle] = world.export("town")
    with world.at("county"):
        before = synced_state()
    flag = tmp_path / "paused"
    env = dict(os.environ, ZHONGXIN_DATA_DIR=str(world.data("county").root), ZHONGXIN_USER="admin",
               ZHONGXIN_PASSWORD=PASSWORD, ZHONGXIN_TEST_IMPORT_PAUSE_FILE=str(flag))
    proc = subprocess.Popen([sys.executable, "-m", "zhongxin_desktop", "bundle", "import", str(bundle)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while not flag.exists():
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.time() < deadline
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)  # inside the open transaction: the first table is written
    proc.wait()
    with world.at("county"):
        assert synced_state() == before
        assert Party.select().count() == 0
    [s] = world.import_("county", [bundle])  # and the bundle still imports afterwards
    assert s.status == "SUCCESS" and s.count("case").imported == 5


def test_a_household_unit_deleted_at_the_township_disappears_at_the_county(world):
    from zhongxin_desktop.domain.grid_input import UnitInput
    from zhongxin_desktop.services.gridwork import grid
    from zhongxin_desktop.store.models import Grid, HouseholdUnit

    with world.at("town") as actor:
        g = Grid.create(owner_code=TOWN, code="G01", name="一网格")
        unit, _ = grid.save_unit(actor, UnitInput(grid_id=g.id, head_name="刘联户", households=12))
    world.import_("county", world.export("town"))
    with world.at("county"):
        assert HouseholdUnit.get_or_none(HouseholdUnit.id == unit.id)
    with world.at("town") as actor:
        grid.delete_unit(actor, unit.id)
    [s] = world.import_("county", world.export("town"))
    assert s.count("household_unit").deleted == 1
    with world.at("county"):
        assert HouseholdUnit.get_or_none(HouseholdUnit.id == unit.id) is None


def test_a_bundle_from_an_older_version_lacking_new_columns_imports_with_defaults(world, tmp_path):
    with world.at("town") as actor:
        cid = new_case(actor)
        row = records.row_dict("case", records.select_dicts("case", Case.id == cid).get())
    old = {k: v for k, v in row.items() if k != "instructions"}  # as a version before that column
    p = craft_bundle(world, "town", "county", tmp_path / "old.zxb", records_by_table={"case": [old]})
    [s] = world.import_("county", [p])
    assert s.status == "SUCCESS" and s.count("case").imported == 1
    [again] = world.import_("county", [p])
    assert again.count("case").ignored == 1 and again.count("case").conflicts == 0
    with world.at("county"):
        assert Case.get_by_id(cid).instructions == ""


def test_a_record_the_database_cannot_take_refuses_the_whole_bundle(world, tmp_path):
    with world.at("town") as actor:
        good, bad = new_case(actor), new_case(actor, name="王五")
        rows = [records.row_dict("case", r) for r in records.select_dicts("case", Case.id.in_([good, bad]))]
    for r in rows:
        if r["id"] == bad:
            r["status"] = None  # NOT NULL in the schema
    with world.at("county"):
        before = synced_state()
    p = craft_bundle(world, "town", "county", tmp_path / "bad.zxb", records_by_table={"case": rows})
    [s] = world.import_("county", [p])
    assert s.status == "ERROR" and "整体撤销" in s.refused_reason
    with world.at("county"):
        assert synced_state() == before
