"""Rules and vocabularies down: the county publishes categories, sources, deadlines and the
report day; its next reply carries them signed; the township applies them (audited, with what
changed), keeps its own additions unless forbidden, never rolls a newer version back, and can
register a case with a published category. A bad or tampered rule refuses the whole reply."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from exchange_support import PASSWORD, craft_bundle, township_and_county
from helpers import run_cli
from zhongxin_desktop.domain.case_input import CaseInput, PartyInput
from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.domain.workflow import Action
from zhongxin_desktop.exchange import keys, rules_doc
from zhongxin_desktop.services.casework import case_edit, cases, lookups
from zhongxin_desktop.services.countywork import county_rules
from zhongxin_desktop.services import settings
from zhongxin_desktop.store.models import AuditEvent, Case, CountyRule, Referral

TOWN = "520102003"


@pytest.fixture
def world(tmp_path):
    return township_and_county(tmp_path, TOWN)


def _publish(world, given: dict) -> dict:
    with world.at("county") as actor:
        return county_rules.publish(actor, world.data("county"), given)


def _down(world):
    [s] = world.import_("town", world.export("county", township=TOWN))
    return s


def _register(actor, category: str) -> Case:
    return cases.register(actor, CaseInput(source="来访", category=category, facts="游客与民宿经营者因退费发生争执",
                                           registered_on=dt.date(2026, 11, 2),
                                           parties=[PartyInput(name="赵六", role="申请人")]))


def test_a_published_category_reaches_the_township_which_registers_with_it(world):
    with world.at("town") as actor:
        settings.change(actor, "categories", [*settings.get("categories"), "本镇特色"])  # a local addition
        old = _register(actor, "物业")
    _publish(world, {"categories": ["婚姻家庭", "邻里", "旅游", "其他"], "deadline_tiers": {"简易": 1, "一般": 7, "复杂": 20},
                     "deadlines": {"邻里": "简易", "旅游": "一般"}, "report_due_day": 15})
    s = _down(world)
    assert s.status == "SUCCESS" and s.rules["status"] == "applied" and s.rules["version"] == 1
    assert "新增纠纷类型：旅游" in s.text() and "月报截止日：每月 20 日 → 每月 15 日" in s.text()
    with world.at("town") as actor:
        cats = settings.get("categories")
        assert cats[:4] == ["婚姻家庭", "邻里", "旅游", "其他"] and "本镇特色" in cats and "物业" in cats
        assert settings.due_days_for("旅游") == 7 and settings.due_days_for("邻里") == 1
        assert settings.get("report_due_day") == 15
        entry = AuditEvent.select().where(AuditEvent.action == "rules_apply").get()
        assert "旅游" in entry.detail
        case = _register(actor, "旅游")
        cases.transition(actor, case.id, Action.ACCEPT, on=dt.date(2026, 11, 3))
        assert Case.get_by_id(case.id).due_on == dt.date(2026, 11, 10)  # the 一般 tier: 7 days
        assert Case.get_by_id(old.id).category == "物业"


def test_forbidden_local_additions_go_and_old_cases_keep_their_category(world):
    with world.at("town") as actor:
        settings.change(actor, "categories", [*settings.get("categories"), "本镇特色"])
        old = _register(actor, "本镇特色")
    _publish(world, {"categories": ["婚姻家庭", "邻里", "其他"], "forbid_local": ["categories"]})
    s = _down(world)
    assert "不再使用的纠纷类型：本镇特色（已有 1 件旧案件使用，照常显示）" in s.rules["changes"]
    with world.at("town") as actor:
        assert settings.get("categories") == ["婚姻家庭", "邻里", "其他"]
        assert cases._get_case(old.id).category == "本镇特色"  # still readable, and still correctable
        data = case_edit.case_input(actor, old.id)
        assert case_edit.edit(actor, old.id, dataclasses.replace(data, claims="退还押金"), "补录申请事项")
        assert Case.get_by_id(old.id).category == "本镇特色"
        with pytest.raises(DomainError, match="纠纷类型"):  # but no new case takes the dropped category
            _register(actor, "本镇特色")
        choices = lookups.case_choices(actor)  # the form no longer offers it; the list's filter still finds it
        assert "本镇特色" not in choices.categories and choices.retired_categories == ["本镇特色"]
        with pytest.raises(DomainError, match="县级"):  # the county forbids local additions
            settings.change(actor, "categories", ["婚姻家庭", "邻里", "其他", "再加一个"])
        with pytest.raises(DomainError, match="县级"):  # nor may the township drop a required one
            settings.change(actor, "categories", ["婚姻家庭", "其他"])


def test_the_county_is_told_what_a_township_on_the_defaults_will_see(world):
    first = _publish(world, {"categories": ["婚姻家庭", "邻里", "旅游", "其他"]})
    assert first["changes"] == ["新增纠纷类型：旅游"]  # the defaults it leaves out stay the townships' own
    assert _down(world).rules["changes"] == first["changes"]
    second = _publish(world, {"forbid_local": ["categories"], "deadlines": {"旅游": 15}})
    assert second["changes"] == ["不再使用的纠纷类型：房屋宅基地、合同、生产经营、损害赔偿、山林土地、征地拆迁、环境污染、"
                                 "劳动争议、消费、医疗、道路交通事故、物业", "办结期限：旅游 30 天 → 15 天"]
    assert _down(world).rules["changes"] == second["changes"]


def test_an_old_reply_never_rolls_a_newer_rule_back(world):
    _publish(world, {"categories": ["婚姻家庭", "邻里", "其他"], "report_due_day": 10})
    [first] = world.export("county", township=TOWN)
    _publish(world, {"categories": ["婚姻家庭", "邻里", "旅游", "其他"], "report_due_day": 25})
    [second] = world.export("county", township=TOWN)
    world.import_("town", [second])
    [replayed] = world.import_("town", [first])
    assert replayed.rules == {"version": 1, "status": "older", "changes": [], "in_force": 2}
    assert "未回退" in replayed.text()
    with world.at("town"):
        assert "旅游" in settings.get("categories") and settings.get("report_due_day") == 25
        assert [r.version for r in CountyRule.select()] == [2]
    again = _down(world)  # the same version again: nothing to do
    assert again.rules["status"] == "same" and "县级规则" not in again.text()


def _reply_with(world, tmp_path, doc: dict) -> object:
    """A county reply, properly signed as a bundle, carrying ``doc`` as its rules and a referral."""
    from zhongxin_desktop.exchange import records
    from zhongxin_desktop.services.countywork import referrals

    with world.at("county") as actor:
        ref = referrals.create_referral(actor, TOWN, {"category": "邻里", "facts": "交办的纠纷", "instructions": "请调处", "due_on": "2099-12-31",
                                                      "parties": [{"name": "王五", "role": "申请人"}]})
        row = records.row_dict("referral", records.select_dicts("referral", Referral.id == ref.id).get())
    receipt = json.dumps({"held": {}, "rules": doc}, ensure_ascii=False).encode()
    return craft_bundle(world, "county", "town", tmp_path / "reply.zxb", records_by_table={"referral": [row]},
                        extra_entries={"receipt.json": receipt})


def _signed(world, rules: dict, version: int = 1) -> dict:
    pair = keys.load_or_create(world.data("county").keys)
    return rules_doc.sign(county="520102", county_name="某县", version=version, published_at="2026-11-27 08:00:00",
                          rules=rules, keys=pair)


@pytest.mark.parametrize("spoil, reason", [
    (lambda d: {**d, "rules": {**d["rules"], "categories": ["只有这一个"]}}, "签名无效"),
    (lambda d: {**d, "signature": "00" * 64}, "签名无效"),
    (lambda d: {k: v for k, v in d.items() if k != "format"}, "格式不对"),
])
def test_a_tampered_rule_refuses_the_whole_reply(world, tmp_path, spoil, reason):
    doc = spoil(_signed(world, {"categories": ["婚姻家庭", "旅游"]}))
    path = _reply_with(world, tmp_path, doc)
    with world.at("town"):
        before = settings.get("categories")
    [s] = world.import_("town", [path])
    assert s.status == "ERROR" and reason in s.refused_reason
    with world.at("town"):
        assert settings.get("categories") == before and CountyRule.select().count() == 0
        assert Case.select().count() == 0 and Referral.select().count() == 0  # nothing half-applied


def test_a_signed_but_malformed_rule_is_refused_naming_the_field(world, tmp_path):
    doc = _signed(world, {"categories": ["婚姻家庭", "旅游"], "deadline_tiers": {"简易": 0},
                          "deadlines": {"旅游": "特急"}})
    [s] = world.import_("town", [_reply_with(world, tmp_path, doc)])
    assert s.status == "ERROR"
    assert "期限档次·简易：应为 1～365 的整数" in s.refused_reason and "特急" in s.refused_reason
    with world.at("town"):
        assert "旅游" not in settings.get("categories") and Referral.select().count() == 0


def test_publish_from_the_command_line_and_refusals(world, tmp_path):
    county, town = world.data("county"), world.data("town")
    as_county = dict(data=county, user="admin", password=PASSWORD)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"categories": ["邻里", "邻里"], "report_due_day": 31, "colour": "red"},
                              ensure_ascii=False), encoding="utf-8")
    res = run_cli("county", "publish", "--file", str(bad), **as_county)
    assert res.returncode == 1
    assert "纠纷类型：有重复的项：邻里" in res.stderr and "月报截止日：应为 1～28" in res.stderr
    assert "colour" in res.stderr and "Traceback" not in res.stderr
    broken = tmp_path / "broken.json"
    broken.write_text("{\"categories\": [", encoding="utf-8")
    res = run_cli("county", "publish", "--file", str(broken), **as_county)
    assert res.returncode == 1 and "不是有效的 JSON" in res.stderr
    assert run_cli("county", "publish", **as_county).returncode == 2
    listed = run_cli("county", "rules", "--json", data=county)
    assert json.loads(listed.stdout)["versions"] == []  # nothing half-written
    res = run_cli("county", "publish", "--categories", "婚姻家庭,邻里,旅游,其他", "--tiers", "简易=1,一般=7,复杂=20",
                  "--deadlines", "旅游=复杂", "--report-day", "18", "--json", **as_county)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["version"] == 1 and "新增纠纷类型：旅游" in res.stderr
    reply = run_cli("bundle", "receipt", "--township", TOWN, "--out", str(tmp_path / "down"), **as_county)
    imported = run_cli("bundle", "import", reply.stdout.strip(), data=town, user="admin", password=PASSWORD)
    assert imported.returncode == 0, imported.stderr
    assert "已应用县级发布的规则（第 1 版）" in imported.stderr and "办结期限：旅游 30 天 → 20 天" in imported.stderr
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"category": "旅游", "source": "来访", "facts": "游客退费纠纷",
                                "parties": [{"name": "赵六"}]}, ensure_ascii=False), encoding="utf-8")
    added = run_cli("cases", "add", "--json", str(case), data=town, user="admin", password=PASSWORD)
    assert added.returncode == 0, added.stderr
    shown = json.loads(run_cli("county", "rules", "--json", data=town).stdout)
    assert shown["version"] == 1 and shown["current"]["report_due_day"] == 18


def test_on_either_county_engine_published_rules_reach_the_township(tmp_path, county_url):
    world = township_and_county(tmp_path, TOWN, county_url=county_url)
    _publish(world, {"categories": ["婚姻家庭", "旅游"], "sources": ["来访", "人大转办"], "forbid_local": ["sources"]})
    _publish(world, {"report_due_day": 12})  # a later version keeps what the one before published
    s = _down(world)
    assert s.rules["version"] == 2
    with world.at("town"):
        assert settings.get("sources") == ["来访", "人大转办", "县级交办"]  # referrals still arrive as 县级交办
        assert settings.get("categories")[:2] == ["婚姻家庭", "旅游"] and settings.get("report_due_day") == 12


def test_rules_published_before_a_county_key_rotation_still_reach_the_township(world, tmp_path):
    from zhongxin_desktop.services.countywork import exchange

    _publish(world, {"categories": ["婚姻家庭", "旅游"]})
    with world.at("county") as actor:
        doc = exchange.rotate_key(actor, world.data("county"))
    new_file = tmp_path / "county-new.json"
    new_file.write_text(json.dumps(doc), encoding="utf-8")
    with world.at("town") as actor:
        exchange.replace_key(actor, new_file, world.data("town"), fingerprint=doc["fingerprint"])
    s = _down(world)
    assert s.status == "SUCCESS" and s.rules["status"] == "applied", s.text()


def test_one_publish_reaches_both_townships_each_keeping_its_own_additions(world):
    other = "520102004"
    world.add_center("town2", "township", other)
    world.trust_each_other("town2")
    with world.at("town2") as actor:
        settings.change(actor, "categories", [*settings.get("categories"), "矿区"])
    _publish(world, {"categories": ["婚姻家庭", "邻里", "旅游", "其他"], "deadlines": {"旅游": 10}})
    for name, code in (("town", TOWN), ("town2", other)):
        [s] = world.import_(name, world.export("county", township=code))
        assert s.rules["status"] == "applied"
        with world.at(name) as actor:
            case = _register(actor, "旅游")
            cases.transition(actor, case.id, Action.ACCEPT, on=dt.date(2026, 11, 3))
            assert Case.get_by_id(case.id).due_on == dt.date(2026, 11, 13)
            assert ("矿区" in settings.get("categories")) == (name == "town2")
