"""Conflicts settled by the county: a township row sent again with the version the county holds
but other content is held with both versions, decided at the county, applied at the township as
a new version in the next reply, and both stores end with the same row."""
from __future__ import annotations

import json

import pytest

from exchange_support import PASSWORD, new_case, synced_state, township_and_county
from helpers import run_cli
from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.exchange import records
from zhongxin_desktop.services.countywork import county_conflicts
from zhongxin_desktop.store.models import AuditEvent, Case, ExchangeConflict, Party

TOWN = "520102003"
FIRST, SECOND = "双方因排水沟发生争执", "乡镇恢复备份后重新录入的案情"


@pytest.fixture
def world(tmp_path):
    return township_and_county(tmp_path, TOWN)


def _conflict(world) -> str:
    """A real conflict: the case goes up, then the township (restored from an old backup, say)
    edits it without a new version and sends it again."""
    with world.at("town") as actor:
        cid = new_case(actor, facts=FIRST)
    world.import_("county", world.export("town"))
    with world.at("town"):
        Case.update(facts=SECOND, amount=800).where(Case.id == cid).execute()
    [s] = world.import_("county", world.export("town"))
    assert s.count("case").conflicts == 1
    return cid


def _round_trip(world) -> None:
    """County reply down, township bundle up, another reply down."""
    world.import_("town", world.export("county", township=TOWN))
    world.import_("county", world.export("town"))
    [last] = world.import_("town", world.export("county", township=TOWN))
    assert "receipt_conflict" not in last.problems


def _converged(world, cid: str) -> dict:
    with world.at("town"):
        town = synced_state(TOWN)
    with world.at("county"):
        county = synced_state(TOWN)
    assert town == county
    return town["case"][cid]


@pytest.mark.parametrize("keep, facts", [("county", FIRST), ("township", SECOND)])
def test_a_decision_travels_down_and_both_sides_converge_on_the_kept_content(world, keep, facts):
    cid = _conflict(world)
    with world.at("county") as actor:
        [c] = county_conflicts.list_conflicts(actor)
        assert (c["status"], c["table_label"], c["township_code"], c["row_version"]) == ("open", "案件", TOWN, 1)
        differing = {f["label"]: (f["county"], f["township"]) for f in c["fields"] if f["differs"]}
        assert differing == {"纠纷简要情况": (FIRST, SECOND), "涉及金额（元）": ("0.00", "800.00")}
        assert Case.get_by_id(cid).facts == FIRST  # held, never merged
        county_conflicts.resolve(actor, c["id"], keep, "已与乡镇电话核实")
        [c] = county_conflicts.list_conflicts(actor)
        assert c["status"] == "resolved" and c["reason"] == "已与乡镇电话核实"
    [down] = world.import_("town", world.export("county", township=TOWN))
    assert down.decisions_applied == [f"case:{cid}"] and "县级裁定" in down.text()
    assert down.status == "SUCCESS" and not down.problems  # the receipt's differing copy is what was settled
    with world.at("town"):
        case = Case.get_by_id(cid)
        assert (case.facts, case.row_version) == (facts, 2)  # the kept content, as a new version
        entry = AuditEvent.select().where(AuditEvent.action == "conflict_apply").get()
        assert entry.object_id == cid
    _round_trip(world)
    row = _converged(world, cid)
    assert (row["facts"], row["row_version"]) == (facts, 2)
    with world.at("county") as actor:
        [c] = county_conflicts.list_conflicts(actor)
        assert c["status"] == "settled"
        held = ExchangeConflict.get()  # the losing version is kept with the winning one
        assert {json.loads(held.held)["facts"], json.loads(held.incoming)["facts"]} == {FIRST, SECOND}
        assert AuditEvent.select().where(AuditEvent.action == "conflict_resolve").count() == 1


def test_a_replayed_reply_does_not_apply_a_decision_twice(world):
    cid = _conflict(world)
    with world.at("county") as actor:
        [c] = county_conflicts.list_conflicts(actor)
        county_conflicts.resolve(actor, c["id"], "county", "以县级为准")
    [reply] = world.export("county", township=TOWN)
    world.import_("town", [reply])
    [again] = world.import_("town", [reply])
    assert again.decisions_applied == []
    with world.at("town"):
        assert Case.get_by_id(cid).row_version == 2


def test_the_township_edits_after_the_conflict_and_its_newer_version_stands(world):
    cid = _conflict(world)
    with world.at("town"):
        Case.update(facts="乡镇又改了", row_version=2).where(Case.id == cid).execute()
    world.import_("county", world.export("town"))
    with world.at("county") as actor:
        [c] = county_conflicts.list_conflicts(actor)
        assert c["status"] == "superseded"
        with pytest.raises(DomainError, match="不能再裁定"):
            county_conflicts.resolve(actor, c["id"], "county", "晚了")


def test_the_same_conflict_sent_again_is_held_once_and_a_decision_needs_a_reason(world):
    _conflict(world)
    world.import_("county", world.export("town"))  # not acknowledged, so sent again
    with world.at("county") as actor:
        assert ExchangeConflict.select().count() == 1
        [c] = county_conflicts.list_conflicts(actor)
        with pytest.raises(DomainError, match="裁定理由"):
            county_conflicts.resolve(actor, c["id"], "county", "  ")
        with pytest.raises(DomainError, match="冲突编号"):
            county_conflicts.resolve(actor, "ab", "county", "理由")


def test_party_conflicts_show_masked_numbers_unless_revealed(world):
    with world.at("town") as actor:
        new_case(actor)
    world.import_("county", world.export("town"))
    with world.at("town"):
        Party.update(phone="13900001111").where(Party.name == "张三").execute()
    world.import_("county", world.export("town"))
    with world.at("county") as actor:
        [c] = county_conflicts.list_conflicts(actor)
        [phone] = [f for f in c["fields"] if f["label"] == "联系电话"]
        assert phone == {"label": "联系电话", "county": "138****5678", "township": "139****1111", "differs": True}
        assert "13900001111" not in json.dumps(c, ensure_ascii=False, default=str)
        [c] = county_conflicts.list_conflicts(actor, reveal=True)
        assert "13900001111" in json.dumps(c, ensure_ascii=False, default=str)


def test_conflicts_listed_and_settled_from_the_command_line(world):
    cid = _conflict(world)
    county = world.data("county")
    listed = run_cli("county", "conflicts", "--json", data=county)
    assert listed.returncode == 0, listed.stderr
    [c] = json.loads(listed.stdout)
    assert c["status_label"] == "待裁定" and c["record"] == "未受理案件（邻里，登记于 2026年11月2日）"
    plain = run_cli("county", "conflicts", data=county)
    assert "纠纷简要情况" in plain.stdout and FIRST in plain.stdout and SECOND in plain.stdout
    bad = run_cli("county", "resolve", c["id"], "--keep", "township", "--reason", "", data=county, user="admin",
                  password=PASSWORD)
    assert bad.returncode == 1 and "裁定理由" in bad.stderr
    usage = run_cli("county", "resolve", c["id"], "--keep", "both", "--reason", "x", data=county, user="admin",
                    password=PASSWORD)
    assert usage.returncode == 2
    done = run_cli("county", "resolve", c["id"], "--keep", "township", "--reason", "乡镇版本为准", data=county,
                   user="admin", password=PASSWORD)
    assert done.returncode == 0, done.stderr
    receipt = run_cli("bundle", "receipt", "--township", TOWN, "--out", str(world.root / "down"), data=county,
                      user="admin", password=PASSWORD)
    assert receipt.returncode == 0, receipt.stderr
    applied = run_cli("bundle", "import", receipt.stdout.strip(), "--json", data=world.data("town"), user="admin",
                      password=PASSWORD)
    assert applied.returncode == 0, applied.stderr
    assert json.loads(applied.stdout)["decisions_applied"] == [f"case:{cid}"]
    _round_trip(world)
    assert _converged(world, cid)["facts"] == SECOND


def test_every_exchanged_column_and_table_has_a_chinese_label():
    from zhongxin_desktop.domain.row_labels import COLUMN_LABELS, HIDDEN, TABLE_LABELS

    columns = {f.column_name for fields in records.FIELDS.values() for f in fields}
    assert columns - HIDDEN - set(COLUMN_LABELS) == set()
    assert set(records.BY_TABLE) <= set(TABLE_LABELS)


def test_on_either_county_engine_a_conflict_is_held_settled_and_converges(tmp_path, county_url):
    world = township_and_county(tmp_path, TOWN, county_url=county_url)
    cid = _conflict(world)
    with world.at("county") as actor:
        [c] = county_conflicts.list_conflicts(actor)
        county_conflicts.resolve(actor, c["id"][:5], "township", "乡镇版本为准")
        assert Case.get_by_id(cid).facts == SECOND  # the county's copy takes the kept content at once
    _round_trip(world)
    assert _converged(world, cid)["row_version"] == 2


def test_a_clerk_at_the_county_may_look_but_neither_decide_nor_publish(world):
    from zhongxin_desktop.domain.roles import Role
    from zhongxin_desktop.services.countywork import county_rules
    from zhongxin_desktop.services import users

    _conflict(world)
    with world.at("county") as admin:
        users.create_user(admin, "dengji", "登记员甲", Role.CLERK, PASSWORD)
        clerk = users.sign_in("dengji", PASSWORD)
        [c] = county_conflicts.list_conflicts(clerk)
        with pytest.raises(DomainError):
            county_conflicts.resolve(clerk, c["id"], "county", "越权")
        with pytest.raises(DomainError):
            county_rules.publish(clerk, world.data("county"), {"categories": ["邻里"]})
        with pytest.raises(DomainError):
            county_conflicts.list_conflicts(clerk, reveal=True)
        assert ExchangeConflict.get().status == "open"
        denied = AuditEvent.select().where(AuditEvent.action.startswith("denied:"), AuditEvent.username == "dengji")
        assert denied.count() == 3


def test_with_two_townships_each_reply_carries_only_that_townships_decision(world):
    other = "520102004"
    world.add_center("town2", "township", other)
    world.trust_each_other("town2")
    cid = _conflict(world)
    with world.at("town2") as actor:
        cid2 = new_case(actor, facts="装修款结算纠纷", name="陈小明")
    world.import_("county", world.export("town2"))
    with world.at("town2"):
        Case.update(facts="装修款结算纠纷，业主称质量不合格").where(Case.id == cid2).execute()
    world.import_("county", world.export("town2"))
    with world.at("county") as actor:
        held = {c["township_code"]: c for c in county_conflicts.list_conflicts(actor)}
        assert set(held) == {TOWN, other} and {c["status"] for c in held.values()} == {"open"}
        county_conflicts.resolve(actor, held[other]["id"], "county", "以县级为准")
    [untouched] = world.import_("town", world.export("county", township=TOWN))
    assert untouched.decisions_applied == []  # the other township's decision is not sent here
    [down] = world.import_("town2", world.export("county", township=other))
    assert down.decisions_applied == [f"case:{cid2}"]
    world.import_("county", world.export("town2"))
    with world.at("town2"):
        town2 = synced_state(other)
    with world.at("county") as actor:
        assert synced_state(other) == town2 and town2["case"][cid2]["facts"] == "装修款结算纠纷"
        states = {c["township_code"]: c["status"] for c in county_conflicts.list_conflicts(actor)}
        assert states == {TOWN: "open", other: "settled"}
    with world.at("town"):
        assert Case.get_by_id(cid).row_version == 1  # undecided: the township's copy is left alone


def test_at_a_township_a_conflict_on_a_county_row_is_only_reported(world, tmp_path):
    """Only the county settles conflicts: a township told of one on a county row (a referral the
    county changed without a new version) keeps its copy and is told to check with the county."""
    from exchange_support import craft_bundle
    from zhongxin_desktop.services.countywork import referrals
    from zhongxin_desktop.store.models import Referral

    with world.at("county") as actor:
        ref = referrals.create_referral(actor, TOWN, {"category": "邻里", "facts": "交办的纠纷", "instructions": "请调处",
                                                      "due_on": "2099-12-31", "parties": [{"name": "王五", "role": "申请人"}]})
        row = records.row_dict("referral", records.select_dicts("referral", Referral.id == ref.id).get())
    world.import_("town", [craft_bundle(world, "county", "town", tmp_path / "a.zxb", records_by_table={"referral": [row]})])
    changed = {**row, "instructions": "请三日内调处"}
    [s] = world.import_("town", [craft_bundle(world, "county", "town", tmp_path / "b.zxb",
                                              manifest={"sequence": 100}, records_by_table={"referral": [changed]})])
    assert s.problems == {"conflict_kept_local": [f"referral:{ref.id}"]}
    assert "请与发送方核对" in s.text() and "数据冲突”中裁定" not in s.text()
    with world.at("town"):
        assert Referral.get_by_id(ref.id).instructions == "请调处"
