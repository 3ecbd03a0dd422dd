"""Grid forms and grid-platform sheets: every validation message by its rule, the size
guidelines at their edges (a warning, never a refusal), and how a platform's free text is read."""
import datetime as dt

import pytest

from zhongxin_desktop.domain import grid_input as gi
from zhongxin_desktop.domain import grid_sheets as gs
from zhongxin_desktop.domain.errors import Collector

TODAY = dt.date(2026, 11, 27)
TYPES = ["矛盾纠纷", "安全隐患", "其他"]
LEVELS = ["红", "橙", "黄", "蓝"]


def messages(errors: Collector) -> list[str]:
    return [str(e) for e in errors.errors]


# --- villages
def test_village_passes_and_is_trimmed():
    v = gi.VillageInput(" 青山村 ", "社区", "520102003001")
    assert messages(gi.validate_village(v)) == [] and v.name == "青山村"
    assert messages(gi.validate_village(gi.VillageInput("青山村", "村", "520102003"))) == []


def test_village_name_required():
    assert messages(gi.validate_village(gi.VillageInput("  "))) == ["村/社区名称：不能为空"]


def test_village_kind_is_village_or_community():
    assert messages(gi.validate_village(gi.VillageInput("青山", "镇"))) == ["类别：应为“村”或“社区”"]


@pytest.mark.parametrize("code", ["52010200300", "5201020030", "52010200300A", "52010200"])
def test_village_code_is_9_or_12_digits(code):
    assert messages(gi.validate_village(gi.VillageInput("青山", "村", code))) == [
        "区划代码：应为12位统计用区划代码（或9位乡镇代码），纯数字；不知道可留空"]


# --- grids
def grid(**kw) -> gi.GridInput:
    base = dict(code="G01", name="第一网格", kind="rural", households=100)
    return gi.GridInput(**(base | kw))


def test_grid_passes_and_labels_are_read():
    g = grid(code=" G01 ", name=" 第一网格 ", kind="城市", households=250, leader_phone="138 1234 5678",
             members=[gi.MemberInput(" 张三 ", "0851-86812345", "专职网格员")])
    errors, warnings = gi.validate_grid(g)
    assert messages(errors) == [] and warnings == []
    assert (g.code, g.name, g.kind, g.leader_phone) == ("G01", "第一网格", "urban", "13812345678")
    assert (g.members[0].name, g.members[0].phone) == ("张三", "0851-86812345")
    for label, kind in [("农村", "rural"), ("城镇", "urban"), ("社区", "urban"), ("乡村", "rural")]:
        g = grid(kind=label, households=250)
        gi.validate_grid(g)
        assert g.kind == kind


def test_grid_code_and_name_required():
    errors, _ = gi.validate_grid(grid(code=" ", name=""))
    assert messages(errors) == ["网格编码：不能为空，请填写网格平台上的网格编码", "网格名称：不能为空"]


def test_grid_defaults_and_an_empty_phone():
    g = gi.GridInput("G01", "第一网格", leader_phone="  ")
    assert (g.kind, g.households, g.members) == ("rural", 0, None)
    assert messages(gi.validate_grid(g)[0]) == [] and g.leader_phone == ""


def test_grid_kind():
    assert messages(gi.validate_grid(grid(kind="山区"))[0]) == ["网格类型：应为“农村”或“城镇”"]


def test_grid_households_not_negative():
    assert messages(gi.validate_grid(grid(households=-1))[0]) == ["户数：不能为负数"]
    assert messages(gi.validate_grid(grid(households=None))[0]) == ["户数：不能为负数"]
    assert messages(gi.validate_grid(grid(households=0))[0]) == []


def test_grid_leader_phone():
    assert messages(gi.validate_grid(grid(leader_phone="02345"))[0]) == [
        "网格长电话：应为11位手机号，或带区号的固定电话（如 0851-86812345）"]


def test_grid_members():
    g = grid(members=[gi.MemberInput("张三"), gi.MemberInput(" ", "1381234567", "组长")])
    assert messages(gi.validate_grid(g)[0]) == [
        "第2名网格成员·姓名：不能为空", "第2名网格成员·职务：应为网格长、网格员、专职网格员、兼职网格员、网格指导员之一",
        "第2名网格成员·电话：手机号应为11位（现为10位）"]
    assert g.members[1].phone == "1381234567"  # a wrong phone is kept as typed, for correcting


@pytest.mark.parametrize("duty", ["网格长", "网格员", "专职网格员", "兼职网格员", "网格指导员"])
def test_member_duties(duty):
    assert messages(gi.validate_grid(grid(members=[gi.MemberInput("张三", duty=duty)]))[0]) == []


@pytest.mark.parametrize("kind,households,warned", [
    ("rural", 150, False), ("rural", 151, True), ("urban", 200, False), ("urban", 199, True),
    ("urban", 300, False), ("urban", 301, True), ("urban", 0, False), ("rural", 0, False)])
def test_grid_size_guidelines_warn(kind, households, warned):
    errors, warnings = gi.validate_grid(grid(kind=kind, households=households))
    assert messages(errors) == []
    assert bool(warnings) == warned


def test_grid_size_warning_texts():
    assert gi.grid_size_warnings("rural", 151) == ["农村网格一般不超过150户（现为151户），可考虑拆分网格"]
    assert gi.grid_size_warnings("urban", 199) == ["城镇网格一般为200-300户（现为199户），请确认"]


def test_no_size_warning_beside_an_error():
    assert gi.validate_grid(grid(kind="rural", households=151, name=""))[1] == []


# --- household units
def unit(**kw) -> gi.UnitInput:
    return gi.UnitInput(**(dict(grid_id="g1", head_name="李四", households=15) | kw))


def test_unit_passes():
    u = unit(head_name=" 李四 ", head_phone="１３８１２３４５６７８")
    errors, warnings = gi.validate_unit(u)
    assert messages(errors) == [] and warnings == [] and u.head_name == "李四" and u.head_phone == "13812345678"
    assert gi.UnitInput("g1", "李四").households == 10


def test_unit_rules():
    assert messages(gi.validate_unit(unit(grid_id=""))[0]) == ["所属网格：请选择网格"]
    assert messages(gi.validate_unit(unit(head_name=" "))[0]) == ["联户长：不能为空"]
    assert messages(gi.validate_unit(unit(head_phone="0123"))[0]) == [
        "联户长电话：应为11位手机号，或带区号的固定电话（如 0851-86812345）"]
    for households in (0, -3, None):
        assert messages(gi.validate_unit(unit(households=households))[0]) == ["联系户数：应为正整数"]


@pytest.mark.parametrize("households,warned", [(9, True), (10, False), (20, False), (21, True), (1, True)])
def test_unit_size_guideline(households, warned):
    errors, warnings = gi.validate_unit(unit(households=households))
    assert messages(errors) == []
    assert warnings == ([f"十联户一般联系10-20户（现为{households}户），请确认"] if warned else [])


# --- grid events
def event(**kw) -> gi.EventInput:
    base = dict(grid_id="g1", reported_on=TODAY, reporter_name="王五", event_type="矛盾纠纷", description="两户争吵")
    return gi.EventInput(**(base | kw))


def check_event(e, where=None):
    return messages(gi.validate_event(e, event_types=TYPES, risk_levels=LEVELS, today=TODAY, where=where))


def test_event_passes_and_is_trimmed():
    e = event(reporter_name=" 王五 ", description=" 两户争吵 ", reporter_role="联户长", risk_level="红")
    assert check_event(e) == [] and (e.reporter_name, e.description) == ("王五", "两户争吵")
    assert (gi.EventInput("g", TODAY, "a", "b", "c").risk_level, gi.EventInput("g", TODAY, "a", "b", "c")
            .reporter_role) == ("黄", "网格员")


def test_event_rules():
    assert check_event(event(grid_id="")) == ["网格：请选择事件所属网格"]
    assert check_event(event(reported_on=None)) == ["上报日期：不能为空"]
    assert check_event(event(reported_on=TODAY + dt.timedelta(days=1))) == ["上报日期：不能晚于今天"]
    assert check_event(event(reporter_name=" ")) == ["上报人：不能为空，请填写网格员或联户长姓名"]
    assert check_event(event(reporter_role="村民")) == ["上报人身份：应为网格员、联户长、网格长之一"]
    assert check_event(event(event_type="火灾")) == ["事件类型：“火灾”不在类型列表中，可选：矛盾纠纷、安全隐患、其他"]
    assert check_event(event(risk_level="紫")) == ["风险等级：应为红、橙、黄、蓝之一"]
    assert check_event(event(description=" ")) == ["事件描述：不能为空，请简述发现的情况"]
    assert check_event(event(grid_id=""), where="第5行") == ["第5行·网格：请选择事件所属网格"]


@pytest.mark.parametrize("role", ["网格员", "联户长", "网格长"])
def test_event_reporter_roles(role):
    assert check_event(event(reporter_role=role)) == []


def test_event_today_defaults_to_the_clock():
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert gi.validate_event(event(reported_on=tomorrow), event_types=TYPES, risk_levels=LEVELS).errors
    assert not gi.validate_event(event(reported_on=dt.date.today()), event_types=TYPES, risk_levels=LEVELS).errors


# --- visits and analysis meetings
def visit(**kw):
    return gi.VisitInput(**(dict(grid_id="g1", worker_name="赵六", visited_on=TODAY) | kw))


def test_visit_rules():
    v = visit(worker_name=" 赵六 ")
    assert messages(gi.validate_visit(v, TODAY)) == [] and v.worker_name == "赵六"
    assert (v.kind, v.households) == ("routine", 1)
    assert messages(gi.validate_visit(visit(kind="focused"), TODAY)) == []
    assert messages(gi.validate_visit(visit(grid_id=""), TODAY)) == ["网格：请选择网格"]
    assert messages(gi.validate_visit(visit(worker_name=""), TODAY)) == ["走访人：不能为空"]
    for day in (None, TODAY + dt.timedelta(days=1)):
        assert messages(gi.validate_visit(visit(visited_on=day), TODAY)) == ["走访日期：不能为空，也不能晚于今天"]
    assert messages(gi.validate_visit(visit(kind="weekly"), TODAY)) == [
        "走访类型：应为日常走访（routine）或重点走访（focused）"]
    for households in (0, None):
        assert messages(gi.validate_visit(visit(households=households), TODAY)) == ["走访户数：至少1户"]
    assert not gi.validate_visit(visit(visited_on=dt.date.today())).errors
    assert gi.validate_visit(visit(visited_on=dt.date.today() + dt.timedelta(days=1))).errors


def test_meeting_rules():
    m = gi.MeetingInput(TODAY, attendees="张三、李四", decisions="分工化解")
    assert messages(gi.validate_meeting(m, TODAY)) == [] and m.event_ids == [] and m.grid_id is None
    for day in (None, TODAY + dt.timedelta(days=1)):
        assert messages(gi.validate_meeting(gi.MeetingInput(day, attendees="张三", decisions="x"), TODAY)) == [
            "研判日期：不能为空，也不能晚于今天"]
    assert messages(gi.validate_meeting(gi.MeetingInput(TODAY, attendees=" ", decisions="x"), TODAY)) == [
        "参会人员：不能为空"]
    assert messages(gi.validate_meeting(gi.MeetingInput(TODAY, attendees="张三", decisions=" "), TODAY)) == [
        "研判结论：不能为空，请写明调度安排或处置决定"]
    assert not gi.validate_meeting(gi.MeetingInput(dt.date.today(), attendees="a", decisions="b")).errors
    assert gi.validate_meeting(gi.MeetingInput(dt.date.today() + dt.timedelta(days=1), attendees="a",
                                               decisions="b")).errors


def test_label_tables():
    assert gi.GRID_KINDS == {"rural": "农村", "urban": "城镇"}
    assert gi.EVENT_STATUSES == {"open": "待处理", "handled": "已办结", "escalated": "已上报中心", "closed": "已办结"}
    assert gi.VISIT_KINDS == {"routine": "日常走访", "focused": "重点走访"}


# --- grid-platform sheets: free text → our values
@pytest.mark.parametrize("text,level", [
    ("红", "红"), ("红色", "红"), ("高", "红"), ("重大", "红"), ("一级", "红"), ("Ⅰ级", "红"),
    ("橙色", "橙"), ("较大", "橙"), ("较高", "橙"), ("较高风险", "橙"), ("高风险", "红"), ("二级", "橙"), ("Ⅱ", "橙"),
    ("黄色", "黄"), ("一般", "黄"), ("中", "黄"), ("三级", "黄"), ("Ⅲ", "黄"),
    ("蓝色", "蓝"), ("低", "蓝"), ("轻微", "蓝"), ("四级", "蓝"), ("Ⅳ", "蓝"),
    (" 黄 ", "黄"), ("紫", None), ("", None)])
def test_risk_words(text, level):
    assert gs.risk_level(text, LEVELS) == level


def test_risk_words_only_map_to_configured_levels():
    assert gs.risk_level("红色", ["高", "中", "低"]) is None
    assert gs.risk_level("高", ["高", "中", "低"]) == "高"


@pytest.mark.parametrize("text,status", [
    ("未办结", "open"), ("未处理", "open"), ("未化解", "open"), ("待处理", "open"), ("处理中", "open"),
    ("办理中", "open"), ("已办结", "closed"), ("已处理", "closed"), ("已化解", "closed"), ("完成", "closed"),
    ("已关闭", "closed"), ("已解决", "closed"), ("已处置", "closed"), ("已上报", "escalated"),
    ("已移交", "escalated"), ("转办", "escalated"), ("流转中", "escalated"), ("已交办", "escalated"),
    ("", "open"), ("不明", "open"),
    # a word of unfinished work wins over a word of a finished or passed-on one
    ("待办结", "open"), ("未处理完成", "open"), ("已上报，处理中", "open"), ("已转办，办理中", "open")])
def test_event_status_words(text, status):
    assert gs.event_status(text) == status


@pytest.mark.parametrize("text,role", [("联户长", "联户长"), ("十联户联户长", "联户长"), ("网格长", "网格长"),
                                       ("专职网格员", "网格员"), ("联络员", "网格员"), ("", "网格员")])
def test_reporter_role_words(text, role):
    assert gs.reporter_role(text) == role


def test_event_type_prefers_the_longest_configured_type():
    assert gs.event_type(" 矛盾纠纷 ", ["矛盾纠纷", "其他"]) == "矛盾纠纷"
    assert gs.event_type("婚姻矛盾纠纷类", ["纠纷", "矛盾纠纷"]) == "矛盾纠纷"
    assert gs.event_type("婚姻矛盾纠纷类", ["矛盾纠纷", "纠纷"]) == "矛盾纠纷"


def test_split_names():
    assert gs.split_names(" 张三,李四;王五；赵六 钱七\t孙八 ") == ["张三", "李四", "王五", "赵六", "钱七", "孙八"]
    assert gs.split_names("") == []


def test_event_key_is_a_stable_hash():
    import hashlib
    key = gs.event_key(" E-1 ", "G01", "x", "y", "z", "w")
    assert key == "gridx:" + hashlib.sha256("ref|G01|E-1".encode()).hexdigest()[:32]
    row = gs.event_key("", "G01", "2025-03-05", " 张三 ", " 矛盾纠纷 ", "两户 吵架")
    assert row == "gridx:" + hashlib.sha256("row|G01|2025-03-05|张三|矛盾纠纷|两户吵架".encode()).hexdigest()[:32]


# Column headers seen in grid-platform exports, by the field each must be read into.
EVENT_HEADERS = {
    "ref": ["事件编号", "编号", "事件ID", "流水号", "事件单号", "工单号"],
    "grid_code": ["网格编码", "网格编号", "网格代码"],
    "grid_name": ["网格名称", "所属网格", "网格", "网格名"],
    "reported_on": ["上报日期", "上报时间", "发现日期", "发现时间", "报告日期", "登记日期", "日期", "时间"],
    "reporter_name": ["上报人", "上报人姓名", "报告人", "发现人", "报送人", "采集人", "网格员", "上报网格员"],
    "reporter_role": ["上报人身份", "身份", "上报人类型", "上报人角色"],
    "event_type": ["事件类型", "事项类型", "类型", "类别", "事件类别"],
    "description": ["事件描述", "事件内容", "情况描述", "事件概述", "简要情况", "基本情况", "内容", "描述", "事件简述"],
    "risk_level": ["风险等级", "风险级别", "等级", "风险"],
    "status": ["处理状态", "办理状态", "状态", "办理情况", "处置状态"],
    "result": ["处理结果", "办理结果", "化解情况", "处置结果", "处置情况"],
    "handled_on": ["办结日期", "办结时间", "处理日期", "处置日期"],
}
GRID_HEADERS = {
    "village": ["所属村", "村社区", "所属村社区", "村/社区", "村", "社区", "村居"],
    "grid_code": ["网格编码", "网格编号", "网格代码"],
    "grid_name": ["网格名称", "网格名", "网格"],
    "kind": ["网格类型", "城乡类型", "类型", "城乡"],
    "households": ["户数", "住户数", "网格户数", "总户数", "户籍户数"],
    "leader_name": ["网格长", "网格长姓名"],
    "leader_phone": ["网格长电话", "网格长联系电话", "网格长手机"],
    "member_names": ["网格员", "网格员姓名", "专职网格员", "网格员名单"],
    "member_phones": ["网格员电话", "网格员联系电话", "网格员手机"],
}
UNIT_HEADERS = {
    "grid_code": ["网格编码", "网格编号"],
    "grid_name": ["所属网格", "网格名称", "网格"],
    "unit_name": ["联户名称", "十联户名称", "联户", "联户编号", "名称"],
    "head_name": ["联户长", "联户长姓名"],
    "head_phone": ["联户长电话", "联户长联系电话", "联系电话", "电话", "手机"],
    "households": ["联系户数", "联户户数", "包联户数", "户数"],
    "notes": ["备注", "说明"],
}
KINDS = {"events": (EVENT_HEADERS, ("reported_on", "description"), "网格事件"),
         "grids": (GRID_HEADERS, ("grid_code", "grid_name", "households"), "网格名册"),
         "units": (UNIT_HEADERS, ("head_name",), "十联户名册")}


def _cases():
    for kind, (headers, _, _) in KINDS.items():
        for field, names in headers.items():
            for name in names:
                yield kind, field, name


@pytest.mark.parametrize("kind,field,header", list(_cases()))
def test_every_known_header_is_read_into_its_field(kind, field, header):
    from zhongxin_desktop.domain.sheet_parsing import find_header

    columns, required, _ = gs.SHEET_KINDS[kind]
    headers, needed, _ = KINDS[kind]
    assert required == needed
    # The header alone in its column, the other required columns under a neutral spelling of ours.
    others = [headers[f][0] + "（必填）" for f in needed if f != field]
    match = find_header([[header, *others]], columns, required)
    assert match is not None and match.columns.get(field) == 0, (header, match)


def test_sheet_kinds_are_tried_units_first_with_their_labels():
    assert list(gs.SHEET_KINDS) == ["units", "grids", "events"]
    assert {k: v[2] for k, v in gs.SHEET_KINDS.items()} == {k: v[2] for k, v in KINDS.items()}
