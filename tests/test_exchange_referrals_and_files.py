"""Referrals (交办件) in a closed loop, attachments by hash, and who may trust whom."""
from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest

from exchange_support import craft_bundle, new_case, synced_state, township_and_county
from zhongxin_desktop.domain.errors import DomainError, ValidationError
from zhongxin_desktop.domain.workflow import Action
from zhongxin_desktop.exchange import blobs, keys
from zhongxin_desktop.services.casework import cases
from zhongxin_desktop.services.countywork import exchange, referrals
from zhongxin_desktop.services import settings
from zhongxin_desktop.store.models import Attachment, Case, CaseEvent, Referral

TOWN = "520102003"
REFERRAL = {"category": "山林土地", "facts": "两村林界争议", "instructions": "请于月底前调处并回报",
            "due_on": "2099-12-31", "parties": [{"name": "王五", "role": "申请人", "phone": "13900001111"}]}


@pytest.fixture
def world(tmp_path):
    return township_and_county(tmp_path, TOWN)


def test_referral_goes_down_becomes_a_township_case_and_its_handling_comes_back(world):
    with world.at("county") as actor:
        ref_id = referrals.create_referral(actor, TOWN, REFERRAL).id
    [down] = world.export("county", township=TOWN)
    [s] = world.import_("town", [down])
    assert s.status == "SUCCESS" and len(s.referrals_received) == 1
    with world.at("town") as actor:
        case = Case.get(Case.external_ref == ref_id)
        assert (case.owner_code, case.source, case.instructions) == (TOWN, "县级交办", REFERRAL["instructions"])
        assert str(case.due_on) == "2099-12-31" and case.party_links.count() == 1
        cases.transition(actor, case.id, Action.ACCEPT)  # the township handles it
    world.import_("county", world.export("town"))
    [quiet] = world.import_("town", world.export("county", township=TOWN))
    assert "referral" not in quiet.tables  # the township's bundle acknowledged it: not sent again
    with world.at("county") as actor:
        [r] = referrals.referral_dicts(actor)
        assert r["case_id"] == case.id and r["status"] == "accepted" and r["case_no"]
        # the county sharpens its instructions: a new version of its own record
        ref = Referral.get_by_id(ref_id)
        ref.instructions, ref.due_on = "加急：请于本周内回报", ref.due_on.replace(day=1)
        ref.touch()
        ref.save()
    [down2] = world.export("county", township=TOWN)
    [s2] = world.import_("town", [down2])
    assert s2.referrals_received == [] and s2.count("referral").updated == 1
    with world.at("town"):
        case = Case.get(Case.external_ref == ref_id)
        assert case.instructions == "加急：请于本周内回报"
        assert CaseEvent.select().where(CaseEvent.case == case, CaseEvent.action == "referral_updated").count() == 1
    # the township's own copy of the case never duplicates, whatever is re-imported
    world.import_("town", [down, down2])
    with world.at("town"):
        assert Case.select().where(Case.external_ref == ref_id).count() == 1


def test_a_referrals_deadline_survives_acceptance_and_the_county_sees_it_unchanged(world):
    """The county's 办结期限 governs the township's case: 受理 does not recount it from the
    category's days, and the case goes back up with the county's date."""
    due = dt.date.today() + dt.timedelta(days=7)
    with world.at("county") as actor:
        ref_id = referrals.create_referral(actor, TOWN, {**REFERRAL, "due_on": due.isoformat()}).id
    world.import_("town", world.export("county", township=TOWN))
    with world.at("town") as actor:
        case = Case.get(Case.external_ref == ref_id)
        cases.transition(actor, case.id, Action.ACCEPT)
        assert Case.get_by_id(case.id).due_on == due
        days = settings.due_days_for(REFERRAL["category"])
    assert days != 7  # else the test could not tell the two rules apart
    world.import_("county", world.export("town"))
    with world.at("county"):
        seen = Case.get_by_id(case.id)
        assert seen.due_on == due and seen.case_no


def test_township_cannot_send_referrals_and_county_validates_them(world, tmp_path):
    with world.at("county") as actor:
        with pytest.raises(ValidationError) as err:
            referrals.create_referral(actor, "520102099", {**REFERRAL, "facts": "", "due_on": "2000-01-01"})
        text = str(err.value)
        assert "乡镇" in text and "纠纷简要情况" in text and "办结期限" in text
    fake = {"id": "r1", "owner_code": TOWN, "created_at": "2026-11-01 00:00:00", "updated_at": "2026-11-01 00:00:00",
            "row_version": 1, "township_code": TOWN, "category": "邻里", "facts": "x", "claims": "", "instructions": "",
            "due_on": None, "risk_level": "黄", "parties": "[]", "created_by": ""}
    p = craft_bundle(world, "town", "county", tmp_path / "r.zxb", records_by_table={"referral": [fake]})
    [s] = world.import_("county", [p])
    assert s.problems["not_allowed"] == ["referral:r1"]
    with world.at("county"):
        assert Referral.select().count() == 0


def _add_scan(world, content: bytes) -> str:
    sha = hashlib.sha256(content).hexdigest()
    with world.at("town") as actor:
        cid = new_case(actor)
        path = blobs.blob_path(world.data("town").attachments, sha)
        path.parent.mkdir(parents=True)
        path.write_bytes(content)
        Attachment.create(owner_code=TOWN, case=cid, filename="协议书.jpg", sha256=sha, size=len(content))
    return sha


def test_attachments_travel_by_hash(world):
    content = b"\xff\xd8scan" * 50_000
    sha = _add_scan(world, content)
    [bundle] = world.export("town")
    [s] = world.import_("county", [bundle])
    assert s.attachments_written == 1 and s.count("attachment").imported == 1
    assert blobs.blob_path(world.data("county").attachments, sha).read_bytes() == content
    [again] = world.import_("county", [bundle])
    assert again.attachments_written == 0


def test_an_attachment_that_does_not_match_its_hash_refuses_the_bundle(world, tmp_path):
    sha = hashlib.sha256(b"the real scan").hexdigest()
    p = craft_bundle(world, "town", "county", tmp_path / "b.zxb", extra_entries={f"blobs/{sha}": b"something else"})
    with world.at("county"):
        before = synced_state()
    [s] = world.import_("county", [p])
    assert s.status == "ERROR" and "哈希不符" in s.refused_reason
    assert not blobs.blob_path(world.data("county").attachments, sha).exists()
    with world.at("county"):
        assert synced_state() == before


def test_who_may_trust_whom(world, tmp_path):
    stranger = keys.load_or_create(tmp_path / "s")
    for code, kind, who in [("530102003", "township", "county"), ("520103", "county", "town"),
                            ("520102004", "township", "town")]:
        f = tmp_path / f"{code}.json"
        f.write_text(json.dumps(keys.public_document(stranger, code, "外地", kind)), encoding="utf-8")
        with world.at(who) as actor:
            with pytest.raises(DomainError):
                exchange.trust_key(actor, f)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "zhongxin-public-key", "sign_public": "zz"}', encoding="utf-8")
    with world.at("county") as actor:
        with pytest.raises(DomainError, match="公钥文件格式不对"):
            exchange.trust_key(actor, bad)
        listed = exchange.trusted_keys(actor)
    assert [k["code"] for k in listed] == [TOWN]
    assert len(listed[0]["fingerprint"].split()) == 10


def test_private_keys_are_private(world):
    import stat

    from zhongxin_desktop.exchange.keys import ENC_FILE, SIGN_FILE

    for name in ("town", "county"):
        files = {f.name: f for f in world.data(name).keys.iterdir()}
        assert {SIGN_FILE, ENC_FILE} <= set(files), (name, sorted(files))  # the loop below is not empty
        for f in files.values():
            assert stat.S_IMODE(f.stat().st_mode) == 0o600, f


def test_county_views_list_cases_stats_and_reporting(world):
    from zhongxin_desktop.services.countywork import county

    with world.at("town") as actor:
        cid = new_case(actor, name="欧阳娜娜")
        cases.transition(actor, cid, Action.ACCEPT)
    world.import_("county", world.export("town", period="2026-11"))
    with world.at("county") as actor:
        rows = county.case_rows(actor, township=TOWN, search="欧阳")
        assert [r["id"] for r in rows] == [cid] and rows[0]["township"] == "town镇综治中心"
        assert county.case_rows(actor, township="520102099") == []
        assert county.case_rows(actor, status="registered") == []
        stats = county.monthly_stats(actor, "2026-11")
        [t] = stats["townships"]
        assert t["held"]["registered"] == 1 and t["reported"]["registered"] == 1
        assert stats["county"]["registered"] == 1
        assert county.reporting_status(actor, "2026-11")[0]["reported"] is True
        assert county.reporting_status(actor, "2026-10")[0]["reported"] is False
    with world.at("town") as actor:
        with pytest.raises(DomainError, match="县级"):
            county.case_rows(actor)


def test_every_synced_table_travels_except_users():
    """A synced model added later must be listed in the exchange, or its rows would never reach
    the county (and a model must say so explicitly if it should stay local)."""
    from zhongxin_desktop.exchange import records
    from zhongxin_desktop.store import models

    synced = {m for m in models.ALL_MODELS if issubclass(m, models.SyncedModel)}
    assert synced - set(records.SYNC_MODELS) == {models.User}


def test_personal_data_sealed_at_rest_travels_readable_and_is_sealed_by_the_receiver(world):
    """With encryption at rest on (store/sealed.py) at the township, the bundle (itself encrypted)
    carries the plain numbers; the county stores them under its own setting; nothing conflicts."""
    from zhongxin_desktop.services.safety import pii_crypto
    from zhongxin_desktop.store.models import Party

    with world.at("town") as actor:
        new_case(actor)
        pii_crypto.set_encryption(actor, world.data("town"), True)
        raw = Party._meta.database.execute_sql("SELECT phone FROM party WHERE name = '张三'").fetchone()[0]
        assert raw.startswith("enc1:")
    [bundle] = world.export("town")
    world.import_("county", [bundle])
    [again] = world.import_("county", [bundle])
    assert again.totals.conflicts == 0
    with world.at("county"):
        assert Party.get(Party.name == "张三").phone == "13812345678"
        raw = Party._meta.database.execute_sql("SELECT phone FROM party WHERE name = '张三'").fetchone()[0]
        assert raw == "13812345678"  # the county has not turned sealing on
    [receipt] = world.export("county", township=TOWN)
    [r] = world.import_("town", [receipt])
    assert "receipt_conflict" not in r.problems and r.acknowledged > 0
