"""The pure rules behind the county's published rules and its conflict view: what a rule set may
hold, how it merges into a township's lists, what a person is told changed, and how two versions
of a row read side by side. Expected values are written out by hand."""
from __future__ import annotations

import pytest

from zhongxin_desktop.domain import county_rules as cr
from zhongxin_desktop.domain import row_labels as rl
from zhongxin_desktop.domain.errors import ValidationError


def _refusal(rules) -> str:
    with pytest.raises(ValidationError) as caught:
        cr.check(rules)
    return str(caught.value)


def test_a_good_rule_set_passes_trimmed():
    rules = {"categories": [" 邻里 ", "旅游"], "sources": ["来访"], "forbid_local": ["sources"],
             "deadline_tiers": {"简易": 1, "复杂": 365}, "deadlines": {"邻里": "简易", "旅游": 20},
             "due_days_default": 30, "report_due_day": 28}
    assert cr.check(rules) == {**rules, "categories": ["邻里", "旅游"]}
    assert cr.check({"report_due_day": 1}) == {"report_due_day": 1}
    assert cr.check({"categories": ["一" * 16]}) == {"categories": ["一" * 16]}


@pytest.mark.parametrize("rules, words", [
    ([], "规则：应为一个JSON对象"),
    ({}, "没有任何内容"),
    ({"colour": 1}, "不认识的项 colour"),
    ({"categories": []}, "纠纷类型：应为至少一项的列表"),
    ({"categories": "邻里"}, "纠纷类型：应为至少一项的列表"),
    ({"sources": ["来访", " "]}, "案件来源：第 2 项应为非空文本"),
    ({"sources": ["来访", 3]}, "案件来源：第 2 项应为非空文本"),
    ({"categories": ["邻里", "邻里 "]}, "纠纷类型：有重复的项：邻里"),
    ({"categories": ["一" * 17]}, "纠纷类型"),
    ({"categories": ["邻\x00里"]}, "纠纷类型"),
    ({"categories": [f"类{i}" for i in range(201)]}, "最多 200 项"),
    ({"forbid_local": ["grids"]}, "不得自行增加：应为列表"),
    ({"forbid_local": "categories"}, "不得自行增加：应为列表"),
    ({"deadline_tiers": [1, 7]}, "期限档次：应为“档次: 天数”"),
    ({"deadline_tiers": {"简易": 0}}, "期限档次·简易：应为 1～365 的整数，现为“0”"),
    ({"deadline_tiers": {"简易": 366}}, "期限档次·简易：应为 1～365 的整数"),
    ({"deadline_tiers": {"简易": True}}, "期限档次·简易：应为 1～365 的整数"),
    ({"deadline_tiers": {"简易": "1"}}, "期限档次·简易：应为 1～365 的整数"),
    ({"deadlines": ["邻里"]}, "各类型办结期限：应为“类型: 档次或天数”"),
    ({"categories": ["邻里"], "deadlines": {"合同": 5}}, "各类型办结期限·合同：不在本次发布的纠纷类型中"),
    ({"deadlines": {"邻里": "特急"}, "deadline_tiers": {"简易": 1}}, "档次“特急”未在期限档次中定义（已定义：简易）"),
    ({"deadlines": {"邻里": "特急"}}, "已定义：无"),
    ({"deadlines": {"邻里": 0}}, "各类型办结期限·邻里：应为 1～365 的整数"),
    ({"due_days_default": 366}, "默认办结期限：应为 1～365 的整数"),
    ({"report_due_day": 29}, "月报截止日：应为 1～28 的整数"),
    ({"report_due_day": 0}, "月报截止日：应为 1～28 的整数"),
])
def test_each_wrong_field_is_named_in_chinese(rules, words):
    assert words in _refusal(rules)


def test_deadlines_without_published_categories_need_only_their_tiers():
    assert cr.check({"deadlines": {"邻里": 3}}) == {"deadlines": {"邻里": 3}}


def test_days_by_category_resolves_tiers():
    rules = {"deadline_tiers": {"简易": 1, "一般": 7}, "deadlines": {"邻里": "简易", "合同": "一般", "医疗": 15}}
    assert cr.days_by_category(rules) == {"邻里": 1, "合同": 7, "医疗": 15}
    assert cr.days_by_category({}) == {}


def test_lists_merge_county_items_first_then_the_townships_own():
    current = ["邻里", "物业", "本镇特色", "合同"]
    before = {"categories": ["邻里", "合同"]}
    rules = {"categories": ["婚姻家庭", "邻里"]}
    # 合同 was the county's and is dropped; 物业 and 本镇特色 are the township's own
    assert cr.merged_list("categories", current, before, rules) == ["婚姻家庭", "邻里", "物业", "本镇特色"]
    forbid = {**rules, "forbid_local": ["categories"]}
    assert cr.merged_list("categories", current, before, forbid) == ["婚姻家庭", "邻里"]
    assert cr.merged_list("sources", ["来访"], before, rules) == ["来访"]  # not published: untouched
    assert cr.merged_list("categories", current, {}, {"categories": ["合同"]}) == ["合同", "邻里", "物业", "本镇特色"]


def _current(**over):
    base = {"categories": ["邻里", "物业"], "sources": ["来访", "县级交办"], "due_days_by_category": {"物业": 10},
            "due_days_default": 30, "report_due_day": 20}
    return {**base, **over}


def test_merged_settings_touch_only_what_the_rules_name():
    assert cr.merged_settings(_current(), {}, {"report_due_day": 15}) == {"report_due_day": 15}
    after = cr.merged_settings(_current(), {"deadlines": {"物业": 3}},
                               {"deadline_tiers": {"一般": 7}, "deadlines": {"邻里": "一般"}, "due_days_default": 20})
    # 物业 10 days was the township's own, but an earlier county rule set 物业: that one goes
    assert after == {"due_days_by_category": {"邻里": 7}, "due_days_default": 20}
    kept = cr.merged_settings(_current(), {}, {"deadlines": {"邻里": 2}})
    assert kept == {"due_days_by_category": {"物业": 10, "邻里": 2}}
    sources = cr.merged_settings(_current(), {}, {"sources": ["来访"], "forbid_local": ["sources"]})
    assert sources == {"sources": ["来访", "县级交办"]}
    assert cr.merged_settings(_current(), {}, {"categories": ["合同"]}) == {"categories": ["合同", "邻里", "物业"]}


def test_changes_are_told_in_words():
    current = _current()
    after = {"categories": ["邻里", "旅游"], "sources": ["来访", "人大转办", "县级交办"],
             "due_days_by_category": {"物业": 10, "邻里": 1}, "due_days_default": 25, "report_due_day": 18}
    assert cr.describe_changes(current, after, {"物业": 4}) == [
        "新增纠纷类型：旅游",
        "不再使用的纠纷类型：物业（已有 4 件旧案件使用，照常显示）",
        "新增案件来源：人大转办",
        "办结期限：邻里 30 天 → 1 天",
        "默认办结期限：30 天 → 25 天",
        "月报截止日：每月 20 日 → 每月 18 日",
    ]
    assert cr.describe_changes(current, {"categories": ["邻里"]}) == ["不再使用的纠纷类型：物业"]
    assert cr.describe_changes(_current(categories=["邻里", "物业", "合同", "医疗"]), {"categories": ["邻里"]},
                               {"合同": 2}) == ["不再使用的纠纷类型：物业、医疗",
                                               "不再使用的纠纷类型：合同（已有 2 件旧案件使用，照常显示）"]
    assert cr.describe_changes(current, {"sources": ["来访"]}, {"县级交办": 9}) == ["不再使用的案件来源：县级交办"]
    assert cr.describe_changes(current, {"report_due_day": 20, "due_days_default": 30}) == ["内容与本中心现行设置相同，无变化"]
    # a category losing its own days falls back to the default of the new rules
    assert cr.describe_changes(current, {"due_days_by_category": {}, "due_days_default": 12}) == [
        "办结期限：物业 10 天 → 12 天", "默认办结期限：30 天 → 12 天"]


def test_two_versions_side_by_side_in_words_with_numbers_masked():
    county = {"id": "0b7c0d8e-1111-4222-8333-444455556666", "row_version": 3, "facts": "甲", "is_group": False,
              "phone": "13812345678", "id_number": "11010519491231002X", "status": "accepted",
              "registered_on": "2026-11-02", "village_id": "0b7c0d8e-1111-4222-8333-444455556666",
              "amount": "0.00", "name_pinyin": "zs", "parties": "[{}]", "closed_on": None}
    township = {**county, "facts": "乙", "is_group": True, "phone": "13900001111"}
    rows = rl.side_by_side(county, township)
    assert rows[:3] == [
        {"label": "纠纷简要情况", "county": "甲", "township": "乙", "differs": True},
        {"label": "是否群体性", "county": "否", "township": "是", "differs": True},
        {"label": "联系电话", "county": "138****5678", "township": "139****1111", "differs": True},
    ]
    same = {r["label"]: r["county"] for r in rows[3:]}
    assert same == {"身份证号": "1101**********002X", "状态": "受理",
                    "登记日期": "2026年11月2日", "村（社区）": "（关联记录）", "涉及金额（元）": "0.00",
                    "当事人信息": "（含当事人证件号和电话，有权查看时显示）", "办结日期": "（空）"}
    revealed = {r["label"]: r["township"] for r in rl.side_by_side(county, township, reveal=True)}
    assert revealed["联系电话"] == "13900001111" and revealed["身份证号"] == "11010519491231002X"
    assert revealed["当事人信息"] == "[{}]"
    assert rl.value_text("registered_on", "2026-13-45") == "2026-13-45"
    assert rl.value_text("remark", "") == "（空）" and rl.value_text("unknown", "文字") == "文字"


def test_a_row_is_named_by_what_a_person_knows_it_by():
    assert rl.row_title("case", {"case_no": "（2026）某调字第 3 号", "category": "邻里"}) == "（2026）某调字第 3 号"
    assert rl.row_title("case", {"case_no": None, "category": "邻里", "registered_on": "2026-11-02"}) == \
        "未受理案件（邻里，登记于 2026年11月2日）"
    assert rl.row_title("party", {"name": "张三"}) == "张三"
    assert rl.row_title("grid_visit", {"notes": ""}) == "走访记录"
    assert rl.table_label("no_such_table") == "其他记录" and rl.table_label("case_party") == "案件当事人"


def test_the_rules_in_force_read_as_lines():
    current = _current(categories=["邻里", "旅游", "物业"], due_days_by_category={"旅游": 7})
    versions = [{"version": 2, "county_name": "某县", "published_at": "2026-11-27 00:30:00",
                 "recorded_at": "2026-11-27 01:00:00", "recorded_by": "admin", "changes": ["新增纠纷类型：旅游"]}]
    rules = {"categories": ["邻里", "旅游"], "forbid_local": ["sources"], "sources": ["来访"]}
    town = cr.in_force_lines({"kind": "township", "rules": rules, "current": current, "versions": versions})
    assert town == ["纠纷类型：邻里（县级规定）、旅游（县级规定）、物业（本中心增加）",
                    "案件来源：来访（县级规定）、县级交办（县级规定）（乡镇不得自行增加）",
                    "各类型办结期限：旅游 7 天", "默认办结期限：30 天；月报截止日：每月 20 日", "",
                    "第 2 版（某县发布于 2026年11月27日 08:30；2026年11月27日 09:00 由 admin 导入后应用）：",
                    "  新增纠纷类型：旅游"]
    county = cr.in_force_lines({"kind": "county", "rules": {"report_due_day": 20}, "current": current,
                                "versions": versions})
    assert county[:2] == ["纠纷类型：（未发布，各乡镇自定）", "案件来源：（未发布，各乡镇自定）"]
    assert county[-2] == "第 2 版（2026年11月27日 09:00 由 admin 发布）："


def test_the_tiers_a_county_starts_from():
    # the tiers of the county's own practice (docs/county-conflicts-and-rules.md)
    assert cr.DEFAULT_TIERS == {"简易": 1, "一般": 7, "复杂": 20}


def test_a_list_holds_at_most_200_items_and_tier_names_are_checked_like_categories():
    many = [f"类{i}" for i in range(200)]
    assert cr.check({"categories": many}) == {"categories": many}
    assert "期限档次：太长：17个字，最多16个" in _refusal({"deadline_tiers": {"一" * 17: 3}})
    assert "期限档次：含有控制字符" in _refusal({"deadline_tiers": {"简\x00易": 3}})
    assert cr.check({"deadline_tiers": {"一" * 16: 3}}) == {"deadline_tiers": {"一" * 16: 3}}


def test_new_tiers_alone_recompute_the_days_by_category():
    # an earlier county rule gave 物业 its days; a version that names only tiers drops them
    after = cr.merged_settings(_current(due_days_by_category={"物业": 10, "邻里": 4}), {"deadlines": {"物业": 3}},
                               {"deadline_tiers": {"简易": 2}})
    assert after == {"due_days_by_category": {"邻里": 4}}


def test_a_category_no_case_uses_is_dropped_without_a_count():
    current = _current(categories=["邻里", "物业", "合同"])
    assert cr.describe_changes(current, {"categories": ["邻里"]}, {"合同": 2, "婚姻家庭": 5}) == [
        "不再使用的纠纷类型：物业", "不再使用的纠纷类型：合同（已有 2 件旧案件使用，照常显示）"]


def test_only_a_township_marks_whose_items_they_are_and_only_for_published_lists():
    current = _current(categories=["邻里", "物业"], sources=["来访", "县级交办"], due_days_by_category={})
    rules = {"categories": ["邻里"]}
    town = cr.in_force_lines({"kind": "township", "rules": rules, "current": current, "versions": []})
    assert town == ["纠纷类型：邻里（县级规定）、物业（本中心增加）", "案件来源：来访、县级交办",
                    "默认办结期限：30 天；月报截止日：每月 20 日"]
    county = cr.in_force_lines({"kind": "county", "rules": rules, "current": current, "versions": []})
    assert county == ["纠纷类型：邻里、物业", "案件来源：（未发布，各乡镇自定）",
                      "默认办结期限：30 天；月报截止日：每月 20 日"]
