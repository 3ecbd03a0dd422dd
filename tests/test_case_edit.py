"""Correcting a case and its parties, assigning the mediator: services, the county's copy, and
the whole workflow driven from the command line."""
from __future__ import annotations

import dataclasses
import json

import pytest

from conftest import PASSWORD
from exchange_support import new_case, township_and_county
from helpers import run_cli
from zhongxin_desktop.services import _case_rows
from zhongxin_desktop.domain.errors import DomainError, PermissionDenied, ValidationError
from zhongxin_desktop.domain.roles import Role
from zhongxin_desktop.domain.workflow import Action
from zhongxin_desktop.services.casework import case_edit, case_list, cases
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.store.models import AuditEvent, Case, CaseEvent, Party, Tombstone


def _corrected(actor, cid, **party0):
    data = case_edit.case_input(actor, cid)
    data.parties[0] = dataclasses.replace(data.parties[0], **party0)
    return data


def test_a_typo_in_a_name_and_phone_is_corrected_with_a_reason(township):
    cid = new_case(township, name="张山")
    case_v = Case.get_by_id(cid).row_version
    party = _case_rows._parties_of(Case.get_by_id(cid))[0][1]
    changed = case_edit.edit(township, cid, _corrected(township, cid, name="张三", phone="13900001111"),
                             "当事人姓名录入错误")
    assert changed == ["第1个当事人（姓名/名称、联系电话）"]
    assert Case.get_by_id(cid).row_version == case_v + 1
    fixed = Party.get_by_id(party.id)
    assert (fixed.name, fixed.phone, fixed.phone_tail, fixed.row_version) == (
        "张三", "13900001111", "1111", party.row_version + 1)
    assert fixed.name_initials.startswith("zs")
    event = CaseEvent.select().where(CaseEvent.case == cid, CaseEvent.action == "case_edit").get()
    assert event.remark == "当事人姓名录入错误"
    entry = AuditEvent.select().where(AuditEvent.action == "case_edit").get()
    assert "13900001111" not in entry.detail and "张三" not in entry.detail  # field names, never values
    # found by the corrected name, no longer by the typo
    assert [r["id"] for r in case_list.list_page(township, {"search": "张三"}).rows] == [cid]
    assert case_list.list_page(township, {"search": "张山"}).rows == []


def test_a_correction_is_refused_without_reason_with_bad_data_and_after_archiving(township, make_user):
    cid = new_case(township)
    with pytest.raises(ValidationError) as err:
        case_edit.edit(township, cid, _corrected(township, cid, phone="12345"), "")
    assert {e.field for e in err.value.errors} == {"更正原因", "联系电话"}
    assert _case_rows._parties_of(Case.get_by_id(cid))[0][1].phone == "13812345678"  # nothing written
    console = Actor("console", "本机只读", Role.VIEWER, township.center_code)
    with pytest.raises(PermissionDenied):
        case_edit.edit(console, cid, _corrected(township, cid, name="王五"), "更正")
    for action, details in ((Action.REJECT, {"reason": "不属调解范围", "guided_to": "已引导至人民法院起诉"}),
                            (Action.ARCHIVE, {})):
        cases.transition(township, cid, action, **details)
    with pytest.raises(DomainError, match="已归档"):
        case_edit.edit(township, cid, _corrected(township, cid, name="王五"), "更正")


def test_parties_added_and_removed_and_the_county_gets_the_correction(tmp_path):
    world = township_and_county(tmp_path)
    with world.at("town") as actor:
        cid = new_case(actor, name="张山")
    [first] = world.export("town")
    world.import_("county", [first])
    with world.at("town") as actor:
        data = _corrected(actor, cid, name="张三")
        removed = _case_rows._parties_of(Case.get_by_id(cid))[1][1].id
        data.parties = [data.parties[0], dataclasses.replace(data.parties[1], name="李思", role="被申请人",
                                                             phone="", id_number="")]
        data.parties.append(dataclasses.replace(data.parties[1], name="王五"))
        case_edit.edit(actor, cid, data, "当事人录入有误")
        data = case_edit.case_input(actor, cid)
        data.parties = data.parties[:2]
        changed = case_edit.edit(actor, cid, data, "王五不是当事人")
        assert changed == ["删除当事人王五"]
        assert removed not in {p.id for p in Tombstone.select()}
    [second] = world.export("town")
    [summary] = world.import_("county", [second])
    assert summary.status == "SUCCESS", summary.text()
    with world.at("county"):
        names = [p.name for _, p in _case_rows._parties_of(Case.get_by_id(cid))]
        assert names == ["张三", "李思"]
        assert CaseEvent.select().where(CaseEvent.case == cid, CaseEvent.action == "case_edit").count() == 2


def test_the_mediator_is_assigned_and_changed_at_any_open_stage(township, make_user):
    one = make_user(Role.MEDIATOR, "tiaojie1")
    make_user(Role.MEDIATOR, "tiaojie2")
    clerk = make_user(Role.CLERK, "dengji")
    cid = new_case(township)
    case_edit.assign_mediator(township, cid, "tiaojie1")
    case = case_edit.accept(township, cid, "tiaojie2")
    assert case.case_no and Case.get_by_id(cid).mediator.username == "tiaojie2"
    cases.transition(one, cid, Action.START_MEDIATION)
    case_edit.assign_mediator(clerk, cid, one.display_name)  # by display name too
    assert Case.get_by_id(cid).mediator.username == "tiaojie1"
    remarks = [e.remark for e in CaseEvent.select().where(CaseEvent.case == cid,
                                                          CaseEvent.action == "assign_mediator")
               .order_by(CaseEvent.at, CaseEvent.id)]
    assert len(remarks) == 3 and remarks[0].startswith("未指定 →")
    with pytest.raises(ValidationError, match="不是在岗的调解员"):
        case_edit.assign_mediator(township, cid, "dengji")
    cases.transition(one, cid, Action.TERMINATE, reason="双方分歧过大")
    with pytest.raises(DomainError, match="办理已结束"):
        case_edit.assign_mediator(township, cid, "tiaojie2")


def _cli(data_dir, *args):
    return run_cli(*args, data=data_dir, user="admin", password=PASSWORD)


def test_one_case_from_registration_to_archive_on_the_command_line(township, make_user, data_dir, tmp_path):
    make_user(Role.MEDIATOR, "tiaojie1")
    make_user(Role.MEDIATOR, "tiaojie2")
    from zhongxin_desktop.store.connection import close_database

    close_database()
    source = tmp_path / "case.json"
    source.write_text(json.dumps({"category": "邻里", "source": "来访", "facts": "因排水沟改道发生争执",
                                  "parties": [{"name": "张山", "phone": "13812345678"},
                                              {"name": "李四", "role": "被申请人"}]}, ensure_ascii=False))
    added = _cli(data_dir, "cases", "add", "--json", str(source))
    assert added.returncode == 0, added.stderr
    cid = json.loads(added.stdout)[0]["id"]
    fix = tmp_path / "fix.json"
    fix.write_text(json.dumps({"parties": [{"name": "张三", "phone": "13812345678"},
                                           {"name": "李四", "role": "被申请人"}], "amount": 1500},
                              ensure_ascii=False))
    steps = [
        (["accept", cid, "--mediator", "tiaojie1"], "accepted"),
        (["edit", cid, "--json", str(fix), "--reason", "姓名录入错误"], "accepted"),
        (["assign", cid, "--mediator", "tiaojie2"], "accepted"),
        (["transfer", cid, "--department", "自然资源所", "--feedback-due", "2099-01-31"], "transferred"),
        (["reply", cid, "--reply", "已现场勘界"], "mediating"),
        (["extend", cid, "--to", "2099-12-31", "--reason", "经双方当事人同意"], "mediating"),
        (["close", cid, "--result", "success", "--remark", "达成口头协议"], "succeeded"),
        (["perform", cid], "performing"),
        (["perform", cid, "--done"], "performed"),
        (["reopen", cid, "--reason", "一方反悔"], "mediating"),
        (["close", cid, "--result", "failure", "--reason", "已告知诉讼途径"], "terminated"),
        (["follow-up", cid, "--remark", "电话回访"], "followed_up"),
        (["archive", cid], "archived"),
    ]
    for args, status in steps:
        result = _cli(data_dir, "cases", *args, "--json") if args[0] != "edit" else _cli(data_dir, "cases", *args)
        assert result.returncode == 0, (args, result.stderr)
        shown = json.loads(_cli(data_dir, "cases", "show", cid, "--json").stdout)
        assert shown["status"] == status, args
    assert shown["amount"] in ("1500", "1500.00", 1500, 1500.0)
    assert [p["name"] for p in shown["parties"]] == ["张三", "李四"]
    refused = _cli(data_dir, "cases", "edit", cid, "--json", str(fix), "--reason", "再改")
    assert refused.returncode == 1 and "已归档" in refused.stderr and "Traceback" not in refused.stderr
    wrong = _cli(data_dir, "cases", "transfer", cid)
    assert wrong.returncode == 2  # missing --department: usage
    step_refused = _cli(data_dir, "cases", "accept", cid)
    assert step_refused.returncode == 1 and "不能“受理”" in step_refused.stderr
    for name in ("accept", "assign", "edit", "transfer", "reply", "close", "reopen", "extend", "reject", "mediate",
                 "perform", "follow-up", "archive"):
        helped = run_cli("cases", name, "--help", data=data_dir)
        assert helped.returncode == 0 and "/" in helped.stdout, name


def test_a_rejected_case_on_the_command_line(township, data_dir):
    cid = new_case(township)
    from zhongxin_desktop.store.connection import close_database

    close_database()
    result = _cli(data_dir, "cases", "reject", cid, "--reason", "不属于调解范围", "--guided-to", "已引导至人民法院起诉")
    assert result.returncode == 0, result.stderr
    assert _cli(data_dir, "cases", "archive", cid).returncode == 0
    shown = json.loads(_cli(data_dir, "cases", "show", cid, "--json").stdout)
    assert shown["status"] == "archived"


def test_correcting_a_flagged_id_number_clears_the_flag(township):
    cid = new_case(township)
    party = _case_rows._parties_of(Case.get_by_id(cid))[0][1]
    Party.update(id_number="52010219900101100", id_flag="位数不对（台账原样保留）").where(Party.id == party.id).execute()
    data = _corrected(township, cid, id_number="11010519491231002X", sex="", birth_date=None)
    changed = case_edit.edit(township, cid, data, "身份证号补全")
    assert len(changed) == 1 and "身份证号" in changed[0]
    fixed = Party.get_by_id(party.id)
    assert (fixed.id_number, fixed.id_flag, fixed.id_tail) == ("11010519491231002X", "", "002X")
