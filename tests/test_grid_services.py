import datetime as dt

import pytest

from zhongxin_desktop.services import _case_rows
from zhongxin_desktop.domain.case_input import PartyInput
from zhongxin_desktop.domain.errors import DomainError, NotFound, PermissionDenied, ValidationError
from zhongxin_desktop.domain.grid_input import (
    EventInput, GridInput, MeetingInput, MemberInput, UnitInput, VillageInput, VisitInput,
)
from zhongxin_desktop.domain.roles import Role
from zhongxin_desktop.services.casework import cases, grid_loop
from zhongxin_desktop.services.gridwork import grid, grid_events, grid_visits
from zhongxin_desktop.store.models import AuditEvent, Case, GridEvent, GridMember

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def setup(township):
    village = grid.save_village(township, VillageInput("石桥村", "村", "520102003001"))
    g, warnings = grid.save_grid(township, GridInput(
        code="G01", name="石桥村第1网格", village_id=village.id, kind="rural", households=120,
        leader_name="罗大明", leader_phone="13985001234",
        members=[MemberInput("罗大明", "13985001234", "网格长"), MemberInput("吴小芳", "0851-86812345")]))
    assert warnings == []
    return township, village, g


def _event(g, **kw) -> EventInput:
    values = dict(grid_id=g.id, reported_on=TODAY - dt.timedelta(days=2), reporter_name="吴小芳",
                  event_type="矛盾纠纷", description="两户因排水沟改道发生争吵", risk_level="橙")
    values.update(kw)
    return EventInput(**values)


def test_registry_validation_messages_name_the_field(setup):
    admin, village, _ = setup
    with pytest.raises(ValidationError) as err:
        grid.save_grid(admin, GridInput(code="G01", name="", kind="rural", households=10, leader_phone="12345"))
    text = str(err.value)
    assert "网格编码" in text and "已被其他网格使用" in text
    assert "网格名称" in text and "网格长电话" in text
    with pytest.raises(ValidationError, match="联户长"):
        grid.save_unit(admin, UnitInput(grid_id=grid._get_grid("G01").id, head_name=" "))
    with pytest.raises(ValidationError, match="已存在"):
        grid.save_village(admin, VillageInput("石桥村"))


def test_household_guidelines_warn_but_do_not_refuse(setup):
    admin, village, g = setup
    big, warnings = grid.save_grid(admin, GridInput(code="G02", name="石桥村第2网格", village_id=village.id,
                                                    kind="rural", households=180))
    assert big.households == 180 and "150" in warnings[0]
    urban, warnings = grid.save_grid(admin, GridInput(code="G03", name="龙井社区第1网格", kind="城镇",
                                                      households=120))
    assert urban.kind == "urban" and "200-300" in warnings[0]
    unit, warnings = grid.save_unit(admin, UnitInput(g.id, "张老汉", "13800001111", households=35))
    assert unit.households == 35 and "10-20" in warnings[0]
    _, warnings = grid.save_unit(admin, UnitInput(g.id, "李大姐", households=15))
    assert warnings == []


def test_member_list_edits_keep_history(setup):
    admin, village, g = setup
    grid.save_grid(admin, GridInput(code="G01", name="石桥村第1网格", households=120, village_id=village.id,
                                    members=[MemberInput("吴小芳", "13700002222"), MemberInput("新来的")]),
                   g.id)
    rows = {m.name: m for m in GridMember.select().where(GridMember.grid == g.id)}
    assert rows["罗大明"].active is False  # retired, not deleted
    assert rows["吴小芳"].phone == "13700002222" and rows["吴小芳"].row_version > 1
    tree = grid.registry_tree(admin)
    members = tree[0]["grids"][0]["members"]
    assert {m["name"] for m in members} == {"吴小芳", "新来的"}
    phones = {m["name"]: m["phone"] for m in members}
    assert phones == {"吴小芳": "137****2222", "新来的": ""}  # masked in lists


def test_record_and_handle_in_grid(setup):
    admin, _, g = setup
    event = grid_events.record_event(admin, _event(g), today=TODAY)
    assert event.status == "open"
    with pytest.raises(ValidationError, match="处理结果"):
        grid_events.handle_event(admin, event.id, "  ", on=TODAY)
    grid_events.handle_event(admin, event.id, "网格员现场调处，双方和解", on=TODAY)
    event = GridEvent.get_by_id(event.id)
    assert (event.status, event.handled_on, event.case_id) == ("closed", TODAY, None)
    with pytest.raises(DomainError, match="不能再上报中心"):
        grid_events.escalate_event(admin, event.id, today=TODAY)
    actions = [a.action for a in AuditEvent.select().where(AuditEvent.object_id == event.id)]
    assert actions == ["grid_event_add", "grid_event_handle"]


def test_event_validation(setup):
    admin, _, g = setup
    with pytest.raises(ValidationError) as err:
        grid_events.record_event(admin, _event(g, event_type="外星人", reporter_name="", description="",
                                               reported_on=TODAY + dt.timedelta(days=1), risk_level="紫"),
                                 today=TODAY)
    fields = {e.field for e in err.value.errors}
    assert fields == {"事件类型", "上报人", "事件描述", "上报日期", "风险等级"}
    assert GridEvent.select().count() == 0


def test_escalate_creates_a_linked_case_and_the_outcome_flows_back(setup, make_user):
    admin, village, g = setup
    clerk, mediator = make_user(Role.CLERK), make_user(Role.MEDIATOR)
    event = grid_events.record_event(clerk, _event(g, reporter_name="陈联户", reporter_role="联户长"), today=TODAY)
    case = grid_events.escalate_event(clerk, event.id, category="邻里", today=TODAY, parties=[
        PartyInput("赵甲", "申请人", phone="13812345678"), PartyInput("钱乙", "被申请人")])
    case = Case.get_by_id(case.id)
    assert case.source == "联户长报告"  # a household head reported it
    assert (case.grid_id, case.village_id, case.reporter_name) == (g.id, village.id, "陈联户")
    assert case.facts == "两户因排水沟改道发生争吵" and case.risk_level == "橙" and case.category == "邻里"
    assert [p.name for _, p in _case_rows._parties_of(case)] == ["赵甲", "钱乙"]
    event = GridEvent.get_by_id(event.id)
    assert (event.status, event.case_id) == ("escalated", case.id)

    cases.transition(clerk, case.id, "accept", on=TODAY)
    cases.transition(mediator, case.id, "start_mediation", on=TODAY)
    assert GridEvent.get_by_id(event.id).status == "escalated"  # still running
    cases.transition(mediator, case.id, "succeed", remark="双方达成书面协议，排水沟恢复原状", on=TODAY)
    event = GridEvent.get_by_id(event.id)
    assert event.status == "closed" and event.handled_on == TODAY
    assert event.case_outcome == "调解成功：双方达成书面协议，排水沟恢复原状"
    assert grid_events._event_dict(event)["status_label"] == "已闭环"

    cases.transition(mediator, case.id, "remediate", reason="一方反悔", on=TODAY)
    event = GridEvent.get_by_id(event.id)
    assert (event.status, event.case_outcome, event.handled_on) == ("escalated", "", None)


def test_escalation_by_grid_worker_and_placeholder_party_and_rejection(setup):
    admin, _, g = setup
    event = grid_events.record_event(admin, _event(g), today=TODAY)
    case = grid_events.escalate_event(admin, event.id, today=TODAY)
    assert case.source == "网格员上报" and case.category == "其他"
    assert [p.name for _, p in _case_rows._parties_of(case.id)] == [grid_events.PLACEHOLDER_PARTY]
    with pytest.raises(DomainError):
        grid_events.escalate_event(admin, event.id, today=TODAY)  # one case per event
    cases.transition(admin, case.id, "reject", reason="不属于调解范围", guided_to="派出所", on=TODAY)
    event = GridEvent.get_by_id(event.id)
    assert event.status == "closed" and event.case_outcome == "不予受理：不属于调解范围（派出所）"


def test_sync_case_outcomes_repairs_events_changed_outside_transition(setup):
    admin, _, g = setup
    event = grid_events.record_event(admin, _event(g), today=TODAY)
    case = grid_events.escalate_event(admin, event.id, today=TODAY)
    Case.update(status="terminated", closed_on=TODAY, outcome="调解不成").where(Case.id == case.id).execute()
    assert grid_loop.sync_case_outcomes() == 1
    event = GridEvent.get_by_id(event.id)
    assert event.status == "closed" and event.case_outcome == "调解终止：调解不成"
    assert grid_loop.sync_case_outcomes() == 0


def test_permissions(setup, make_user):
    admin, _, g = setup
    viewer = make_user(Role.VIEWER)
    with pytest.raises(PermissionDenied):
        grid_events.record_event(viewer, _event(g), today=TODAY)
    with pytest.raises(PermissionDenied):
        grid.save_grid(viewer, GridInput(code="G9", name="x", households=1))
    assert grid_events.list_events(viewer) == []
    assert AuditEvent.select().where(AuditEvent.outcome == "denied").count() == 2


def test_visits_and_weekly_meeting(setup):
    admin, _, g = setup
    grid_visits.record_visit(admin, VisitInput(g.id, "吴小芳", TODAY, "focused", 4, "走访重点户"), today=TODAY)
    with pytest.raises(ValidationError, match="走访类型"):
        grid_visits.record_visit(admin, VisitInput(g.id, "吴小芳", TODAY, "daily"), today=TODAY)
    red = grid_events.record_event(admin, _event(g, risk_level="红", description="有人扬言报复"), today=TODAY)
    grid_events.record_event(admin, _event(g, risk_level="蓝", description="路灯损坏"), today=TODAY)
    risks = grid_visits.open_risks(admin, g.id)
    assert [r["risk_level"] for r in risks] == ["红", "蓝"]
    with pytest.raises(ValidationError, match="研判结论"):
        grid_visits.record_meeting(admin, MeetingInput(TODAY, g.id, "全体网格员"), today=TODAY)
    grid_visits.record_meeting(admin, MeetingInput(TODAY, g.id, "罗大明、吴小芳", "", "红色风险当日上报中心",
                                                   [red.id]), today=TODAY)
    meetings = grid_visits.list_meetings(admin)
    assert "有人扬言报复" in meetings[0]["risks"] and "【红】" in meetings[0]["risks"]
    visits = grid_visits.list_visits(admin, grid_id=g.id)
    assert visits[0]["kind_label"] == "重点走访" and visits[0]["households"] == 4


def test_grid_size_guidelines_are_pure_rules():
    from zhongxin_desktop.domain.grid_input import grid_size_warnings, validate_unit

    assert grid_size_warnings("rural", 150) == [] and grid_size_warnings("rural", 151)
    assert grid_size_warnings("urban", 200) == grid_size_warnings("urban", 300) == []
    assert grid_size_warnings("urban", 199) and grid_size_warnings("urban", 301)
    errors, warnings = validate_unit(UnitInput("g", "张三", "１３８００００１１１１", households=0))
    assert [e.field for e in errors.errors] == ["联系户数"] and warnings == []
    errors, _ = validate_unit(UnitInput("g", "张三", "１３８００００１１１１", households=12))
    assert errors.errors == []


def test_an_open_event_can_be_corrected_and_the_change_is_audited(setup, make_user):
    import json

    admin, village, g = setup
    other, _w = grid.save_grid(admin, GridInput(code="G02", name="石桥村第2网格", village_id=village.id,
                                                kind="rural", households=90))
    event = grid_events.record_event(admin, _event(g, description="两户因排水沟改到发生争吵"), today=TODAY)
    version = GridEvent.get_by_id(event.id).row_version
    fixed = _event(other, description="两户因排水沟改道发生争吵", risk_level="黄", reporter_role="联户长")
    grid_events.update_event(admin, event.id, fixed, today=TODAY)
    row = GridEvent.get_by_id(event.id)
    assert (row.grid_id, row.description, row.risk_level, row.reporter_role, row.status) == (
        other.id, "两户因排水沟改道发生争吵", "黄", "联户长", "open")
    assert row.row_version == version + 1  # the exchange sends the corrected version
    entry = AuditEvent.select().where(AuditEvent.action == "grid_event_edit").get()
    assert entry.object_id == event.id and entry.username == admin.username
    assert set(json.loads(entry.detail)["changed"]) == {"网格", "事件描述", "风险等级", "上报人身份"}
    # nothing changed: nothing saved, nothing audited
    grid_events.update_event(admin, event.id, fixed, today=TODAY)
    assert GridEvent.get_by_id(event.id).row_version == version + 1
    assert AuditEvent.select().where(AuditEvent.action == "grid_event_edit").count() == 1

    with pytest.raises(ValidationError) as err:
        grid_events.update_event(admin, event.id, _event(g, description=" "), today=TODAY)
    assert {e.field for e in err.value.errors} == {"事件描述"}
    with pytest.raises(PermissionDenied):
        grid_events.update_event(make_user(Role.VIEWER), event.id, _event(g), today=TODAY)
    assert GridEvent.get_by_id(event.id).description == "两户因排水沟改道发生争吵"


def test_an_escalated_or_closed_event_is_not_edited(setup):
    admin, _, g = setup
    escalated = grid_events.record_event(admin, _event(g), today=TODAY)
    grid_events.escalate_event(admin, escalated.id, today=TODAY)
    closed = grid_events.record_event(admin, _event(g), today=TODAY)
    grid_events.handle_event(admin, closed.id, "现场调处", on=TODAY)
    for event in (escalated, closed):
        with pytest.raises(DomainError, match="不能再修改"):
            grid_events.update_event(admin, event.id, _event(g, description="改过"), today=TODAY)
        assert GridEvent.get_by_id(event.id).description == "两户因排水沟改道发生争吵"


def test_a_correction_keeps_a_type_the_settings_dropped_but_cannot_choose_one(setup):
    from zhongxin_desktop.services import settings

    admin, _, g = setup
    event = grid_events.record_event(admin, _event(g, event_type="矛盾纠纷"), today=TODAY)
    types = settings.get("grid_event_types")
    settings.change(admin, "grid_event_types", [t for t in types if t != "矛盾纠纷"])
    grid_events.update_event(admin, event.id, _event(g, event_type="矛盾纠纷", description="改过"), today=TODAY)
    assert GridEvent.get_by_id(event.id).description == "改过"
    other = grid_events.record_event(admin, _event(g, event_type=types[-1] if types[-1] != "矛盾纠纷" else types[0]),
                                     today=TODAY)
    with pytest.raises(ValidationError) as err:
        grid_events.update_event(admin, other.id, _event(g, event_type="矛盾纠纷"), today=TODAY)
    assert {e.field for e in err.value.errors} == {"事件类型"}


def test_opening_a_grid_or_unit_for_edit_shows_full_phones_and_is_audited(setup, make_user):
    admin, _, g = setup
    unit, _ = grid.save_unit(admin, UnitInput(g.id, "张老汉", "13800001111", households=12))
    d = grid.grid_for_edit(admin, g.id)
    assert d["leader_phone"] == "13985001234" and "13985001234" in [m["phone"] for m in d["members"]]
    assert grid.unit_for_edit(admin, unit.id)["head_phone"] == "13800001111"
    opened = [(a.action, a.object_type, a.object_id) for a in
              AuditEvent.select().where(AuditEvent.action.endswith("_open_for_edit")).order_by(AuditEvent.seq)]
    assert opened == [("grid_open_for_edit", "grid", g.id), ("unit_open_for_edit", "household_unit", unit.id)]
    with pytest.raises(NotFound, match="找不到该网格，可能已被删除，请刷新"):
        grid.grid_for_edit(admin, "no-such-grid")
    with pytest.raises(NotFound, match="找不到该联户，可能已被删除，请刷新"):
        grid.unit_for_edit(admin, "no-such-unit")
    viewer = make_user(Role.VIEWER)
    with pytest.raises(PermissionDenied):
        grid.grid_for_edit(viewer, g.id)
    with pytest.raises(PermissionDenied):
        grid.unit_for_edit(viewer, unit.id)
