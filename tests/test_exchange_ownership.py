"""A trusted township (town2, signing with its own real key) tries to write into another
township's (town's) data at the county, and the county tries to hand one township another's
referral: each reaching row is refused and reported, the rest of the bundle applies, and
nothing of the other township changes."""
from __future__ import annotations

import json

import pytest

from exchange_support import COUNTY, craft_bundle, new_case, synced_state, township_and_county
from zhongxin_desktop.domain.workflow import Action
from zhongxin_desktop.exchange import records
from zhongxin_desktop.services.casework import cases
from zhongxin_desktop.services.countywork import referrals
from zhongxin_desktop.store.models import Case, CaseEvent, Center, ExchangeLog, Party, Referral, Tombstone

TOWN, TOWN2 = "520102003", "520102004"
ID_NUMBER = "11010519491231002X"


@pytest.fixture
def world(tmp_path):
    w = township_and_county(tmp_path, TOWN)
    w.add_center("town2", "township", TOWN2)
    w.trust_each_other("town2")
    with w.at("town") as actor:
        w.victim_case = new_case(actor)
    with w.at("town2") as actor:
        w.own_case = new_case(actor, name="赵六")
    w.import_("county", w.export("town") + w.export("town2"))
    return w


def _row(world, table, where):
    with world.at("county"):
        return records.row_dict(table, records.select_dicts(table, where).get())


def _attack(world, tmp_path, name, tables):
    with world.at("county"):
        before = synced_state(TOWN)
    p = craft_bundle(world, "town2", "county", tmp_path / f"{name}.zxb", records_by_table=tables)
    [s] = world.import_("county", [p])
    with world.at("county"):
        assert synced_state(TOWN) == before  # nothing of the other township changed
        logged = json.loads(ExchangeLog.select().order_by(ExchangeLog.id.desc()).first().summary)
    assert {p["kind"] for p in logged["problems"]} == set(s.problems)  # the exchange log records it
    return s


def _stamp(row, **changes):
    return {**row, "created_at": "2026-11-20 08:00:00", "updated_at": "2026-11-20 08:00:00", **changes}


def test_a_party_and_an_event_hung_on_another_townships_case_are_refused(world, tmp_path):
    party = _row(world, "party", Party.owner_code == TOWN2)
    own_party = _stamp(party, id="p-town2-new", name="钱七")
    link = {**_row(world, "case_party", records.BY_TABLE["case_party"].owner_code == TOWN2),
            "id": "cp-forged", "case_id": world.victim_case, "party_id": "p-town2-new", "position": 5}
    event = {**_row(world, "case_event", CaseEvent.owner_code == TOWN2), "id": "ev-forged",
             "case_id": world.victim_case, "action": "succeed", "to_status": "succeeded", "remark": "调解成功"}
    s = _attack(world, tmp_path, "hang", {"party": [own_party], "case_party": [link], "case_event": [event]})
    assert s.status == "WARNING"
    assert sorted(s.problems["foreign_parent"]) == ["case_event:ev-forged", "case_party:cp-forged"]
    assert s.count("party").imported == 1  # the rest of the bundle applies
    assert "其他中心" in s.text()
    with world.at("county"):
        assert Case.get_by_id(world.victim_case).status == "registered"
        assert CaseEvent.get_or_none(CaseEvent.id == "ev-forged") is None


def test_a_tombstone_for_another_townships_case_is_refused_and_hides_nothing(world, tmp_path):
    victim = world.victim_case
    tombs = [{"id": victim, "owner_code": TOWN2, "created_at": "2026-11-20 08:00:00",
              "updated_at": "2026-11-20 08:00:00", "row_version": 99, "table_name": "case",
              "deleted_at": "2026-11-20 08:00:00"}]
    s = _attack(world, tmp_path, "tomb", {"tombstone": tombs})
    assert s.problems["tombstone_foreign"] == [f"tombstone:{victim}"]
    # the same id filed under another table is caught too
    s = _attack(world, tmp_path, "tomb2", {"tombstone": [dict(tombs[0], table_name="party")]})
    assert s.problems["tombstone_foreign"] == [f"tombstone:{victim}"]
    with world.at("county"):
        assert Tombstone.get_or_none(Tombstone.id == victim) is None
    # town's later updates of that case still arrive, and so does its own deletion
    with world.at("town") as actor:
        cases.transition(actor, victim, Action.ACCEPT)
    [s] = world.import_("county", world.export("town"))
    assert s.count("case").updated == 1
    with world.at("county"):
        assert Case.get_by_id(victim).status == "accepted"


def test_a_stored_tombstone_of_one_center_never_shadows_anothers_row(world, tmp_path):
    from zhongxin_desktop.exchange import apply
    from zhongxin_desktop.exchange.summary import ImportSummary

    row = _row(world, "case", Case.id == world.victim_case)
    with world.at("county"):  # however it got there (an older version's import), town2's tombstone
        Tombstone.create(id=world.victim_case, owner_code=TOWN2, row_version=50, table_name="case")
        summary = ImportSummary()
        apply.apply_table("case", [dict(row, row_version=row["row_version"] + 1, facts="更新")], TOWN, {}, summary)
        assert summary.count("case").updated == 1 and Case.get_by_id(world.victim_case).facts == "更新"


def test_a_township_cannot_make_itself_a_county_or_move_or_delete_its_center(world, tmp_path):
    mine = _row(world, "center", Center.code == TOWN2)
    s = _attack(world, tmp_path, "kind", {"center": [dict(mine, row_version=mine["row_version"] + 1,
                                                          kind="county", name="某县综治中心")]})
    assert s.problems["center_change"] == [f"center:{mine['id']}"]
    s = _attack(world, tmp_path, "parent", {"center": [dict(mine, row_version=mine["row_version"] + 1,
                                                            parent_code="520103")]})
    assert s.problems["center_change"] == [f"center:{mine['id']}"]
    tomb = {"id": mine["id"], "owner_code": TOWN2, "created_at": "2026-11-20 08:00:00",
            "updated_at": "2026-11-20 08:00:00", "row_version": 99, "table_name": "center",
            "deleted_at": "2026-11-20 08:00:00"}
    s = _attack(world, tmp_path, "drop", {"tombstone": [tomb]})
    assert s.problems["tombstone_refused"] == [f"tombstone:{mine['id']}"]
    with world.at("county"):
        c = Center.get(Center.code == TOWN2)
        assert (c.kind, c.parent_code, c.row_version) == ("township", COUNTY, mine["row_version"])
        assert Case.select().where(Case.owner_code == TOWN2).count() == 1
    # an ordinary change of its own Center row (a new phone number) still applies
    [s] = world.import_("county", [craft_bundle(world, "town2", "county", tmp_path / "ok.zxb", records_by_table={
        "center": [dict(mine, row_version=mine["row_version"] + 1, phone="0851-1234567")]})])
    assert s.status == "SUCCESS" and s.count("center").updated == 1


def test_a_case_number_used_by_another_township_squats_nothing(world, tmp_path):
    with world.at("town") as actor:
        cases.transition(actor, world.victim_case, Action.ACCEPT)
        number = Case.get_by_id(world.victim_case).case_no
    squat = _stamp(_row(world, "case", Case.id == world.own_case), id="case-squat", case_no=number)
    s = _attack(world, tmp_path, "squat", {"case": [squat]})
    assert s.status == "SUCCESS"  # town2's own case, with a number town2 chose
    [s] = world.import_("county", world.export("town"))  # town's real case with that number still comes in
    assert s.count("case").updated == 1 and "unique" not in s.problems
    with world.at("county"):
        assert Case.get_by_id(world.victim_case).case_no == number


def test_a_case_cannot_claim_another_townships_referral(world, tmp_path):
    with world.at("county") as actor:
        ref = referrals.create_referral(actor, TOWN, {"category": "邻里", "facts": "林界", "instructions": "调处",
                                                      "due_on": "2099-12-31",
                                                      "parties": [{"name": "王五", "role": "申请人"}]})
    claim = _stamp(_row(world, "case", Case.id == world.own_case), id="case-claim", external_ref=ref.id)
    s = _attack(world, tmp_path, "claim", {"case": [claim]})
    assert s.problems["referral_not_yours"] == ["case:case-claim"]
    with world.at("county") as actor:
        [shown] = referrals.referral_dicts(actor)
        assert shown["case_id"] is None and shown["status_label"] == "未回报"


def test_a_township_refuses_a_referral_addressed_to_another_and_keeps_none_of_its_parties(world, tmp_path):
    with world.at("county") as actor:
        ref = referrals.create_referral(actor, TOWN2, {
            "category": "邻里", "facts": "宅基地", "instructions": "调处", "due_on": "2099-12-31",
            "parties": [{"name": "孙八", "role": "申请人", "id_number": ID_NUMBER, "phone": "13900001111"}]})
        row = records.row_dict("referral", records.select_dicts("referral", Referral.id == ref.id).get())
    mine = dict(row, id="ref-for-town", township_code=TOWN, parties=json.dumps([{"name": "周九", "role": "申请人"}]))
    p = craft_bundle(world, "county", "town", tmp_path / "down.zxb", records_by_table={"referral": [row, mine]})
    [s] = world.import_("town", [p])
    assert s.problems["referral_elsewhere"] == [f"referral:{ref.id}"]
    assert len(s.referrals_received) == 1  # the one for this township is taken
    with world.at("town"):
        assert Referral.get_or_none(Referral.id == ref.id) is None
        assert not Party.select().where(Party.name == "孙八").exists()
    data = world.data("town")
    for f in (data.database, data.database.with_name(data.database.name + "-wal")):
        if f.exists():
            raw = f.read_bytes()
            assert ID_NUMBER.encode() not in raw and "孙八".encode() not in raw


def test_rows_with_control_characters_are_refused_and_the_county_ledger_still_writes(world, tmp_path):
    from openpyxl import load_workbook

    from zhongxin_desktop.reports import ledger_xlsx

    party = _row(world, "party", Party.owner_code == TOWN2)
    nul = _stamp(party, id="p-nul", name="赵\x00六")
    esc = _stamp(party, id="p-esc", name="\x1b[2J钱七")
    fine = _stamp(party, id="p-fine", name="李四\t")  # a tab in text is carried
    s = _attack(world, tmp_path, "text", {"party": [nul, esc, fine]})
    assert sorted(s.problems["bad_text"]) == ["party:p-esc", "party:p-nul"]
    assert s.count("party").imported == 1 and s.count("party").ignored == 2
    with world.at("county") as actor:
        assert not Party.select().where(Party.id.in_(["p-nul", "p-esc"])).exists()
        out = tmp_path / "county-ledger.xlsx"
        ledger_xlsx.export_ledger(actor, out)
    assert load_workbook(out).active.max_row > 4
