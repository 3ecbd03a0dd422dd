"""Every code the program records has its Chinese label: the codes are read from the source
itself (each place that writes a case event or an audit entry), not from the label table."""
from __future__ import annotations

import re
from pathlib import Path

import zhongxin_desktop
from zhongxin_desktop.domain import labels
from zhongxin_desktop.domain.workflow import Action

SRC = Path(zhongxin_desktop.__file__).parent
CJK = re.compile(r"[\u4e00-\u9fff]")


def _emitted() -> tuple[set[str], set[str]]:
    actions, objects = set(), set()
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        actions |= set(re.findall(r"_event\([^,()]+, [^,()]+, \"([a-z_]+)\"", text))
        actions |= set(re.findall(r"record_event\([^,()]+, [^,()]+, \"([a-z_]+)\"", text))
        for action, obj in re.findall(r"audit\.record\([^,()]+, f?\"([a-z_{}.]+)\", \"([a-z_]+)\"", text):
            objects.add(obj)
            if "{" in action:  # f"case_{action.value}": one code per workflow step
                actions |= {action.replace("{action.value}", a.value) for a in Action}
            else:
                actions.add(action)
        actions |= set(re.findall(r"CaseEvent\.create\([^)]*action=\"([a-z_]+)\"", text))
    from zhongxin_desktop.services.figures.ledger_import import TRAILS  # the steps an imported old case gets

    actions |= {step for _, trail in TRAILS.values() for step, _, _ in trail}
    return actions, objects


def test_every_recorded_action_and_object_has_a_chinese_label():
    actions, objects = _emitted()
    assert len(actions) > 60 and len(objects) > 20  # the scan found the places that record
    unlabelled = sorted(a for a in actions if not CJK.search(labels.action_label(a))
                        or labels.action_label(a) == "其他操作")
    assert unlabelled == []
    assert sorted(o for o in objects if labels.object_label(o) == "其他") == []


def test_timeline_and_audit_show_labels(township):
    from exchange_support import new_case
    from zhongxin_desktop.services.safety import audit_log
    from zhongxin_desktop.services.casework import case_edit, case_query

    cid = new_case(township)
    case_edit.assign_mediator(township, cid, None)  # nothing to change: no event
    data = case_edit.case_input(township, cid)
    data.facts += "。补充"
    case_edit.edit(township, cid, data, "补充案情")
    d = case_query.detail(township, cid)
    assert [e["action_label"] for e in d["events"]] == ["登记", "更正"]
    rows = [audit_log.entry_dict(e) for e in audit_log.entries(township, limit=50)]
    assert all(CJK.search(r["action_label"]) and CJK.search(r["object_label"]) for r in rows if r["object_type"])
    assert {"更正", "登记案件"} <= {r["action_label"] for r in rows}


def test_attachments_name_the_person_who_added_them(township, make_user, tmp_path):
    from exchange_support import new_case
    from zhongxin_desktop.domain.roles import Role
    from zhongxin_desktop.services.casework import attachments

    clerk = make_user(Role.CLERK, "dengji")
    cid = new_case(township)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    attachments.attach(clerk, cid, str(scan))
    [row] = attachments.case_attachments(township, cid)
    assert row["added_by"] == clerk.display_name != "dengji"


def test_audit_details_read_as_text():
    assert labels.detail_text('{"from": "registered", "to": "accepted"}') == "原为：登记；改为：受理"
    assert labels.detail_text('{"fields": ["纠纷类型", "第1个当事人（姓名/名称）"], "reason": "录入错误"}') == (
        "更正内容：纠纷类型、第1个当事人（姓名/名称）；原因：录入错误")
    assert labels.detail_text('{"case": "41f8d6a9-e19b-438d-be19-fb5be7bb8fea", "dry_run": false}') == "试运行：否"
    assert labels.detail_text("账户已锁定") == "账户已锁定"
