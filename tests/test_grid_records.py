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
