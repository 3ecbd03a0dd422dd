"""The rules of the grid's newer records, one message each, written out by hand: 十联户 selection
(联户选 → 片警审 → 支部核), households and their tags, meeting tasks, the 重点人员/困难家庭 roll and
its visits, the 十联 category of events and visits."""
import datetime as dt

import pytest

from zhongxin_desktop.domain import grid_input as gi
from zhongxin_desktop.domain.errors import Collector

TODAY = dt.date(2026, 11, 27)
D = dt.date
WOMAN_1949 = "11010519491231002X"  # GB 11643 example: born 1949-12-31


def said(errors: Collector) -> list[tuple[str, str]]:
    return [(e.field, e.message) for e in errors.errors]


# --- 十联户: the unit and its selection
def unit(**kw) -> gi.UnitInput:
    return gi.UnitInput(**{"grid_id": "g1", "head_name": "王联户", **kw})


def unit_said(**kw) -> tuple[list[tuple[str, str]], list[str]]:
    errors, warnings = gi.validate_unit(unit(**kw), TODAY)
    return said(errors), warnings


def test_a_unit_selected_step_by_step_passes_and_names_are_trimmed():
    u = unit(elected_on=D(2026, 3, 1), police_reviewed_on=D(2026, 3, 1), police_reviewer=" 李警官 ",
             branch_confirmed_on=D(2026, 3, 5), branch_confirmer="赵书记")
    errors, warnings = gi.validate_unit(u, TODAY)
    assert (said(errors), warnings) == ([], [])
    assert (u.police_reviewer, u.branch_confirmer) == ("李警官", "赵书记")


def test_selection_steps_keep_their_order():
    assert unit_said(elected_on=D(2026, 3, 2), police_reviewed_on=D(2026, 3, 1), police_reviewer="李警官")[0] == [
        ("片警审日期", "不能早于联户选日期2026-03-02")]
    assert unit_said(police_reviewed_on=D(2026, 3, 5), police_reviewer="李警官", branch_confirmed_on=D(2026, 3, 4),
                     branch_confirmer="赵书记")[0] == [("支部核日期", "不能早于片警审日期2026-03-05")]
    # a step left out: the next is compared with the one before it
    assert unit_said(elected_on=D(2026, 3, 6), branch_confirmed_on=D(2026, 3, 5), branch_confirmer="赵书记")[0] == [
        ("支部核日期", "不能早于联户选日期2026-03-06")]


def test_no_selection_step_in_the_future():
    assert unit_said(elected_on=TODAY)[0] == []
    assert unit_said(elected_on=TODAY + dt.timedelta(days=1))[0] == [("联户选日期", "不能晚于今天")]
    assert unit_said(branch_confirmed_on=TODAY + dt.timedelta(days=1), branch_confirmer="赵书记")[0] == [
        ("支部核日期", "不能晚于今天")]


def test_a_review_names_its_reviewer_and_a_reviewer_needs_a_date():
    assert unit_said(police_reviewed_on=D(2026, 3, 1))[0] == [
        ("片警审人", "填写了片警审日期，请写明审核人（如：片区民警姓名）")]
    assert unit_said(branch_confirmed_on=D(2026, 3, 1), branch_confirmer="  ")[0] == [
        ("支部核人", "填写了支部核日期，请写明审核人（如：党支部书记姓名）")]
    assert unit_said(police_reviewer="李警官")[0] == [("片警审日期", "填写了片警审人，请同时填写日期")]
    assert unit_said(branch_confirmer="赵书记")[0] == [("支部核日期", "填写了支部核人，请同时填写日期")]
    assert unit_said(elected_on=D(2026, 3, 1))[0] == []  # 联户选 has no reviewer


def test_unit_fields():
    assert unit_said(grid_id="")[0] == [("所属网格", "请选择网格")]
    assert unit_said(head_name="  ")[0] == [("联户长", "不能为空")]
    assert unit_said(households=0)[0] == [("联系户数", "应为正整数")]
    assert unit_said(households=None)[0] == [("联系户数", "应为正整数")]
    assert unit_said(head_phone="12345")[0][0][0] == "联户长电话"
    assert unit_said(notes="甲\n乙" * 600) == ([], [])
    assert unit_said(notes="字" * 2001)[0] == [("备注", "太长：2001个字，最多2000个，请精简")]
    assert unit_said(name="字" * 101)[0] == [("联户名称", "太长：101个字，最多100个，请精简")]
    assert unit_said(head_name="王\n五")[0][0][0] == "联户长"


# --- households
def household(**kw) -> gi.HouseholdInput:
    return gi.HouseholdInput(**{"unit_id": "u1", "head_name": "张户主", **kw})


def test_a_household_passes_trimmed_with_its_tags_split_once_each():
    h = household(head_name=" 张户主 ", address=" 青山村3组 ", tags="低保户、独居老人,  留守儿童；低保户", phone="139 8765 4321")
    assert said(gi.validate_household(h)) == []
    assert (h.head_name, h.address, h.tags, h.phone) == ("张户主", "青山村3组", "低保户、独居老人、留守儿童", "13987654321")


def test_household_rules():
    assert said(gi.validate_household(household(unit_id=""))) == [("所属联户", "请选择联户")]
    assert said(gi.validate_household(household(head_name=""))) == [("户主", "不能为空")]
    assert said(gi.validate_household(household(members=0))) == [("家庭人口", "至少1人")]
    assert said(gi.validate_household(household(members=None))) == [("家庭人口", "至少1人")]
    assert said(gi.validate_household(household(members=1))) == []
    assert said(gi.validate_household(household(phone="12345")))[0][0] == "联系电话"


@pytest.mark.parametrize("text, tags", [
    ("低保户、独居老人，留守儿童,残疾人;空巢；五保户 党员\t退役军人", ["低保户", "独居老人", "留守儿童", "残疾人", "空巢", "五保户",
                                                    "党员", "退役军人"]),
    ("", []), (None, []), ("、、", []), (" 低保户 ", ["低保户"]),
])
def test_split_tags(text, tags):
    assert gi.split_tags(text) == tags


# --- events and visits: the 十联 category
TENLINKS = ["矛盾纠纷联调", "安全隐患联防"]


def event(**kw) -> gi.EventInput:
    return gi.EventInput(**{"grid_id": "g1", "reported_on": D(2026, 11, 20), "reporter_name": "王五",
                            "event_type": "矛盾纠纷", "description": "两户因排水沟争执", **kw})


def event_said(e, categories=TENLINKS):
    return said(gi.validate_event(e, event_types=["矛盾纠纷", "其他"], risk_levels=["红", "黄"], today=TODAY,
                                  tenlink_categories=categories))


def test_an_event_takes_a_tenlink_category_of_the_list():
    assert event_said(event(tenlink="矛盾纠纷联调")) == []
    assert event_said(event(tenlink="")) == []
    assert event_said(event(tenlink="致富项目联建")) == [("十联类别", "“致富项目联建”不在十联类别中，可选：矛盾纠纷联调、安全隐患联防")]
    assert event_said(event(tenlink="随便"), categories=None) == []  # no list given: not checked


def test_event_dates_and_reporters():
    assert event_said(event(reported_on=TODAY)) == []
    assert event_said(event(reported_on=None)) == [("上报日期", "不能为空")]
    assert event_said(event(reporter_role="联户长")) == []


def visit(**kw) -> gi.VisitInput:
    return gi.VisitInput(**{"grid_id": "g1", "worker_name": "王五", "visited_on": D(2026, 11, 20), **kw})


def visit_said(v, categories=TENLINKS):
    return said(gi.validate_visit(v, TODAY, tenlink_categories=categories))


def test_a_visit_takes_a_tenlink_category_of_the_list_and_a_known_visitor():
    assert visit_said(visit(tenlink="安全隐患联防", visitor_role="联户长")) == []
    assert visit_said(visit(tenlink="文明新风联树")) == [("十联类别", "“文明新风联树”不在十联类别中，可选：矛盾纠纷联调、安全隐患联防")]
    assert visit_said(visit(tenlink="随便"), categories=None) == []
    assert visit_said(visit(visitor_role="村干部")) == [("走访人身份", "应为网格员、联户长、网格长之一")]
    assert visit_said(visit(households=None)) == [("走访户数", "至少1户")]
    assert visit_said(visit(visited_on=TODAY)) == []


# --- meetings and their tasks
def test_meeting_tasks_say_what_who_and_by_when():
    m = gi.MeetingInput(D(2026, 11, 20), attendees="王五、李四", decisions="分头化解", tasks=[
        gi.TaskInput(" 上门调解 ", " 王五 ", D(2026, 11, 20)),
        gi.TaskInput("", "", None),
        gi.TaskInput("回访", "李四", D(2026, 11, 19))])
    assert [(e.record, e.field, e.message) for e in gi.validate_meeting(m, TODAY).errors] == [
        ("第2项落实任务", "落实事项", "不能为空，请写明要做什么"),
        ("第2项落实任务", "责任人", "不能为空，请写明由谁落实"),
        ("第2项落实任务", "完成期限", "不能为空"),
        ("第3项落实任务", "完成期限", "不能早于研判日期2026-11-20")]
    assert (m.tasks[0].content, m.tasks[0].owner) == ("上门调解", "王五")


def test_a_task_without_a_meeting_date_only_needs_a_deadline():
    errors = Collector()
    gi.validate_task(gi.TaskInput("回访", "李四", D(2000, 1, 1)), None, errors)
    assert errors.errors == []


# --- 重点人员 / 困难家庭
def watch(**kw) -> gi.WatchInput:
    return gi.WatchInput(**{"kind": "重点人员", "grid_id": "g1", "name": "赵六", "reason": "多次扬言报复邻居", **kw})


def watch_said(**kw):
    return said(gi.validate_watch(watch(**kw), TODAY))


def test_a_watched_person_passes_trimmed_and_normalised():
    w = watch(name=" 赵六 ", reason=" 扬言报复 ", worker_name=" 王五 ", id_number=WOMAN_1949.lower(),
              phone="139 8765 4321", since=TODAY)
    assert said(gi.validate_watch(w, TODAY)) == []
    assert (w.name, w.reason, w.worker_name, w.id_number, w.phone) == ("赵六", "扬言报复", "王五", WOMAN_1949,
                                                                        "13987654321")


def test_watch_rules_name_the_roll():
    assert watch_said(kind="其他") == [("名册", "应为重点人员或困难家庭")]
    assert watch_said(grid_id="") == [("网格", "请选择网格")]
    assert watch_said(name=" ") == [("姓名", "不能为空")]
    assert watch_said(kind="困难家庭", name="") == [("户主", "不能为空")]
    assert watch_said(reason="") == [("关注原因", "不能为空，请写明列为重点人员的原因")]
    assert watch_said(kind="困难家庭", reason="") == [("困难情况", "不能为空，请写明家庭的困难（如：因病致贫）")]
    assert watch_said(since=TODAY + dt.timedelta(days=1)) == [("列入日期", "不能晚于今天")]
    assert watch_said(id_number="110105194912310021") == [("身份证号", "校验位不符，请逐位核对号码")]
    assert watch_said(phone="12345")[0][0] == "联系电话"


@pytest.mark.parametrize("days, ok", [(1, True), (7, True), (366, True), (0, False), (367, False), (None, False)])
def test_visit_every_days(days, ok):
    assert watch_said(visit_every_days=days) == ([] if ok else [("走访周期", "应为1到366天（如每周走访一次填7）")])


def test_a_new_watch_entry_is_visited_weekly_by_default():
    assert watch().visit_every_days == 7


def test_watch_visits():
    since = D(2026, 11, 1)

    def visit_errors(**kw):
        v = gi.WatchVisitInput(**{"visited_on": D(2026, 11, 2), "visitor": " 王五 ", **kw})
        return said(gi.validate_watch_visit(v, since, TODAY)), v

    assert visit_errors() == ([], gi.WatchVisitInput(D(2026, 11, 2), "王五"))
    assert visit_errors(visited_on=since)[0] == [] and visit_errors(visited_on=TODAY)[0] == []
    assert visit_errors(visitor="")[0] == [("走访人", "不能为空")]
    assert visit_errors(visited_on=None)[0] == [("走访日期", "不能为空，也不能晚于今天")]
    assert visit_errors(visited_on=TODAY + dt.timedelta(days=1))[0] == [("走访日期", "不能为空，也不能晚于今天")]
    assert visit_errors(visited_on=D(2026, 10, 31))[0] == [("走访日期", "不能早于列入名册的日期2026-11-01")]


# --- what each text field may hold: its bound in characters and whether it may break lines. Written
# out from the forms (a name or phone is one line; notes, descriptions and meeting records are long
# text); a field over its bound or with a line break where none belongs is the only message, because
# nothing else is checked before the text can be carried.
def _grid_said(g):
    errors, warnings = gi.validate_grid(g)
    return [(e.field, e.message, e.record) for e in errors.errors] + [("提示", w, None) for w in warnings]


def _unit_said(u):
    errors, warnings = gi.validate_unit(u, TODAY)
    return [(e.field, e.message, e.record) for e in errors.errors] + [("提示", w, None) for w in warnings]


def _said_with_record(errors):
    return [(e.field, e.message, e.record) for e in errors.errors]


def _member(field, value, index):
    members = [gi.MemberInput("赵甲"), gi.MemberInput("钱乙")]
    setattr(members[index - 1], field, value)
    return gi.GridInput("G01", "一网格", households=999, members=members)  # 999 households: warned when checked


RECORDS = {
    "village": (lambda f, v: gi.VillageInput(**{"name": "青山村", f: v}),
                lambda r: _said_with_record(gi.validate_village(r))),
    "grid": (lambda f, v: gi.GridInput(**{"code": "G01", "name": "一网格", "households": 999, f: v}), _grid_said),
    "member 1": (lambda f, v: _member(f, v, 1), _grid_said),
    "member 2": (lambda f, v: _member(f, v, 2), _grid_said),
    "unit": (lambda f, v: gi.UnitInput(**{"grid_id": "g1", "head_name": "王联户", "households": 99, f: v}),
             _unit_said),
    "event": (lambda f, v: event(**{f: v}),
              lambda r: _said_with_record(gi.validate_event(r, event_types=["矛盾纠纷"], risk_levels=["黄"],
                                                              today=TODAY, where="第3行"))),
    "visit": (lambda f, v: visit(**{f: v}), lambda r: _said_with_record(gi.validate_visit(r, TODAY))),
    "meeting": (lambda f, v: gi.MeetingInput(**{"held_on": D(2026, 11, 20), "attendees": "王五",
                                                "decisions": "分头化解", f: v}),
                lambda r: _said_with_record(gi.validate_meeting(r, TODAY))),
}

TEXT_FIELDS = [  # record, field, label, bound, long text, record named in the message
    ("village", "name", "村/社区名称", 100, False, None),
    ("village", "kind", "类别", 10, False, None),
    ("village", "code", "区划代码", 12, False, None),
    ("grid", "code", "网格编码", 50, False, None),
    ("grid", "name", "网格名称", 100, False, None),
    ("grid", "leader_name", "网格长", 100, False, None),
    ("grid", "leader_phone", "网格长电话", 30, False, None),
    ("member 1", "name", "姓名", 100, False, "第1名网格成员"),
    ("member 2", "phone", "电话", 30, False, "第2名网格成员"),
    ("member 1", "phone", "电话", 30, False, "第1名网格成员"),
    ("unit", "head_name", "联户长", 100, False, None),
    ("unit", "head_phone", "联户长电话", 30, False, None),
    ("unit", "name", "联户名称", 100, False, None),
    ("unit", "notes", "备注", 2000, True, None),
    ("event", "reporter_name", "上报人", 100, False, "第3行"),
    ("event", "event_type", "事件类型", 50, False, "第3行"),
    ("event", "description", "事件描述", 20_000, True, "第3行"),
    ("visit", "worker_name", "走访人", 100, False, None),
    ("visit", "notes", "走访情况", 5000, True, None),
    ("meeting", "attendees", "参会人员", 2000, True, None),
    ("meeting", "risks", "研判的风险", 20_000, True, None),
    ("meeting", "decisions", "研判结论", 20_000, True, None),
]
FIELD_IDS = [f"{r}.{f}" for r, f, *_ in TEXT_FIELDS]


@pytest.mark.parametrize("record, field, label, bound, long_text, where", TEXT_FIELDS, ids=FIELD_IDS)
def test_a_text_over_its_bound_is_the_only_message(record, field, label, bound, long_text, where):
    make, check = RECORDS[record]
    assert check(make(field, "字" * (bound + 1))) == [(label, f"太长：{bound + 1}个字，最多{bound}个，请精简", where)]
    assert check(make(field, 7)) == [(label, "应为文字，现为数字 7（JSON 中请加引号）", where)]


@pytest.mark.parametrize("record, field, label, bound, long_text, where", TEXT_FIELDS, ids=FIELD_IDS)
def test_a_text_of_its_bound_is_not_too_long(record, field, label, bound, long_text, where):
    make, check = RECORDS[record]
    assert not [m for m in check(make(field, "1" * bound)) if m[1].startswith("太长")]


@pytest.mark.parametrize("record, field, label, bound, long_text, where", TEXT_FIELDS, ids=FIELD_IDS)
def test_only_long_text_may_break_lines(record, field, label, bound, long_text, where):
    make, check = RECORDS[record]
    said_about_break = check(make(field, "1\n2"))
    if long_text:
        assert not [m for m in said_about_break if "控制字符" in m[1]]
    else:
        assert said_about_break == [(label, "含有控制字符 换行（第2个字符）（这一项不能换行或含制表符），请删除", where)]


def test_the_records_used_above_pass_as_they_are():
    # the bounds above are only seen because these records are otherwise in order
    assert RECORDS["village"][1](RECORDS["village"][0]("code", "")) == []
    assert _grid_said(gi.GridInput("G01", "一网格", households=100, members=[gi.MemberInput("赵甲")])) == []
    assert _grid_said(gi.GridInput("G01", "一网格", households=999)) == [
        ("提示", "农村网格一般不超过150户（现为999户），可考虑拆分网格", None)]
    assert _unit_said(gi.UnitInput("g1", "王联户", households=99)) == [
        ("提示", "十联户一般联系10-20户（现为99户），请确认", None)]


def test_a_new_household_counts_one_person():
    assert gi.HouseholdInput("u1", "张户主").members == 1


def test_an_event_is_unresolved_while_waiting_or_escalated():
    assert sorted(s.value for s in gi.UNRESOLVED) == ["escalated", "open"]
