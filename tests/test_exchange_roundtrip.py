"""Township → county → township: bundles, receipts, idempotence, round trip."""
from __future__ import annotations

import pytest

from exchange_support import new_case, synced_state, township_and_county
from zhongxin_desktop.domain.workflow import Action
from zhongxin_desktop.services.casework import cases
from zhongxin_desktop.store.models import Case, ExchangeAck

TOWN = "520102003"


@pytest.fixture
def world(tmp_path):
    return township_and_county(tmp_path, TOWN)


def test_bundle_reaches_the_county_with_every_record(world):
    with world.at("town") as actor:
        cid = new_case(actor)
        cases.transition(actor, cid, Action.ACCEPT)
        expected = synced_state(TOWN)
    [bundle] = world.export("town", period="2026-11")
    [summary] = world.import_("county", [bundle])
    assert summary.status == "SUCCESS", summary.text()
    assert summary.totals.imported == sum(len(v) for v in expected.values())
    with world.at("county"):
        assert synced_state(TOWN) == expected
        assert Case.get_by_id(cid).status == "accepted"
    # a verified backup was taken before the bundle was applied (safety's backup service)
    assert any("pre-import" in p.name for p in world.data("county").backups.iterdir())


def test_same_bundle_twice_changes_nothing(world):
    with world.at("town") as actor:
        new_case(actor)
    [bundle] = world.export("town")
    world.import_("county", [bundle])
    with world.at("county"):
        before = synced_state()
    [again] = world.import_("county", [bundle])
    assert again.status == "SUCCESS"
    assert again.totals.imported == again.totals.updated == 0 and again.totals.ignored > 0
    with world.at("county"):
        assert synced_state() == before


def test_receipt_acknowledges_so_the_next_export_is_empty_and_changes_are_resent_until_then(world):
    with world.at("town") as actor:
        cid = new_case(actor)
    [b1] = world.export("town")
    [b2] = world.export("town")  # no receipt yet: everything again
    world.import_("county", [b1])
    [receipt] = world.export("county", township=TOWN)
    [r] = world.import_("town", [receipt])
    assert r.status == "SUCCESS", r.text()
    with world.at("town") as actor:
        assert ExchangeAck.select().count() == r.acknowledged > 0
        cases.transition(actor, cid, Action.ACCEPT)
    [b3] = world.export("town")
    [s3] = world.import_("county", [b3])
    # only the changed case and its new event travel
    assert s3.count("case").updated == 1 and s3.count("case_event").imported == 1
    assert s3.totals.imported + s3.totals.updated == 2
    world.import_("county", [b2])  # a late, older bundle: ignored
    with world.at("county"):
        assert Case.get_by_id(cid).status == "accepted"


def test_round_trip_export_import_export_gives_the_same_records(world):
    with world.at("town") as actor:
        for i in range(3):
            new_case(actor, facts=f"第{i}件")
        original = synced_state(TOWN)
    [bundle] = world.export("town")
    world.import_("county", [bundle])
    with world.at("county"):
        assert synced_state(TOWN) == original
        from zhongxin_desktop.exchange.receipts import held_state
        held = held_state(TOWN)
    with world.at("town"):
        from zhongxin_desktop.exchange.receipts import held_state as town_held
        assert {t: sorted(v) for t, v in held.items()} == {t: sorted(v) for t, v in town_held(TOWN).items()}
