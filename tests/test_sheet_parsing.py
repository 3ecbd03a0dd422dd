import datetime as dt

import pytest

from zhongxin_desktop.domain import grid_sheets as gs
from zhongxin_desktop.domain.sheet_parsing import (
    cell_text, find_header, is_blank, is_subtotal, norm_header, parse_date, parse_int,
)


@pytest.mark.parametrize("value, expected", [
    (dt.datetime(2025, 3, 5, 0, 0), dt.date(2025, 3, 5)),
    (dt.date(2025, 3, 5), dt.date(2025, 3, 5)),
    (45721, dt.date(2025, 3, 5)),  # Excel serial
    (45721.0, dt.date(2025, 3, 5)),
    ("45721", dt.date(2025, 3, 5)),
    ("2025.3.5", dt.date(2025, 3, 5)),
    ("2025年3月5日", dt.date(2025, 3, 5)),
    ("２０２５年３月５日", dt.date(2025, 3, 5)),
    ("2025-03-05", dt.date(2025, 3, 5)),
    ("2025/3/5", dt.date(2025, 3, 5)),
    ("2025-03-05 14:30", dt.date(2025, 3, 5)),
    ("20250305", dt.date(2025, 3, 5)),
    ("2025年3月5日 14:30", dt.date(2025, 3, 5)),
    (20250305, dt.date(2025, 3, 5)),
    (" 2025 年 3 月 5 日 ", dt.date(2025, 3, 5)),
])
def test_parse_date_accepts_what_clerks_type(value, expected):
    day, reason = parse_date(value)
    if expected is None:
        assert day is None and reason
    else:
        assert (day, reason) == (expected, None)


@pytest.mark.parametrize("value", ["2025-02-30", "三月五日", "", None, 1.5, True, "2025.13.1"])
def test_parse_date_refuses_with_a_reason(value):
    day, reason = parse_date(value)
    assert day is None and reason


def test_parse_int():
    assert parse_int("150户") == (150, None)
    assert parse_int(120.0) == (120, None)
    assert parse_int("１,２００") == (1200, None)
    assert parse_int(None) == (None, None)
    assert parse_int("约百户")[1]


def test_cells_and_rows():
    assert cell_text(13800001111.0) == "13800001111"
    assert cell_text("\u3000张三 ") == "张三"
    assert cell_text(dt.datetime(2025, 3, 5)) == "2025-03-05"
    assert norm_header(" 联系电话（手机）* ") == "联系电话"
    assert is_blank([None, "", "  "]) and not is_blank([None, 0])
    assert is_subtotal(["", "合 计", 15]) and is_subtotal([None, "小计：", 3])
    assert not is_subtotal(["青山村第1网格", "合计"])  # only the first text cell decides


def test_find_header_below_a_title_and_over_two_merged_rows():
    rows = [
        ["青山镇网格事件台账（2025年3月）", None, None, None, None],
        [None, None, None, None, None],
        ["序号", "网格信息", None, "上报情况", None],
        [None, "网格编码", "网格名称", "上报日期", "事件描述"],
        [1, "G01", "第1网格", "2025.3.5", "吵架"],
    ]
    match = find_header(rows, gs.EVENT_COLUMNS, gs.EVENT_REQUIRED)
    assert match.row_index == 3
    assert match.columns == {"grid_code": 1, "grid_name": 2, "reported_on": 3, "description": 4}


def test_find_header_varied_names_and_longest_alias_wins():
    rows = [["编号", "所属网格", "发现时间", "上报网格员", "事项类型", "情况描述", "风险级别", "办理状态", "办结时间"]]
    match = find_header(rows, gs.EVENT_COLUMNS, gs.EVENT_REQUIRED)
    assert match.columns == {"ref": 0, "grid_name": 1, "reported_on": 2, "reporter_name": 3, "event_type": 4,
                             "description": 5, "risk_level": 6, "status": 7, "handled_on": 8}
    assert find_header([["姓名", "年龄"]], gs.EVENT_COLUMNS, gs.EVENT_REQUIRED) is None


def test_value_maps():
    levels = ["红", "橙", "黄", "蓝"]
    assert [gs.risk_level(t, levels) for t in ["红色", "较大", "一般", "低", "紫"]] == ["红", "橙", "黄", "蓝", None]
    assert [gs.event_status(t) for t in ["已办结", "未办结", "已上报", "处理中", ""]] == [
        "closed", "open", "escalated", "open", "open"]
    assert gs.event_type("矛盾纠纷类", ["矛盾纠纷", "其他"]) == "矛盾纠纷"
    assert gs.event_type("火星事件", ["矛盾纠纷", "其他"]) is None
    assert gs.split_names("张三、李四，王五 / 赵六") == ["张三", "李四", "王五", "赵六"]
    a = gs.event_key("", "G01", "2025-03-05", "张三", "矛盾纠纷", "两户 吵架")
    assert a == gs.event_key("", "G01", "2025-03-05", "张三 ", "矛盾纠纷", "两户吵架")
    assert a != gs.event_key("", "G01", "2025-03-06", "张三", "矛盾纠纷", "两户吵架")
    assert gs.event_key("E-1", "G01", "x", "y", "z", "w") == gs.event_key("E-1", "G01", "q", "r", "s", "t")


@pytest.mark.parametrize("raw,header", [
    ("联系电话（手机）", "联系电话"), ("联系电话(手机)", "联系电话"), (" 姓 名 ", "姓名"), ("*姓名：", "姓名"),
    ("姓名:", "姓名"), ("·姓名.", "姓名"), ("、姓名", "姓名"), ("姓\u3000名", "姓名"), ("上报日期／时间", "上报日期/时间"),
    ("户数１", "户数1"), (None, ""), (12, "12")])
def test_norm_header(raw, header):
    assert norm_header(raw) == header


@pytest.mark.parametrize("value,text", [
    (None, ""), (150.0, "150"), (1.5, "1.5"), (dt.datetime(2025, 3, 5, 14, 30), "2025-03-05 14:30:00"),
    (" 张三\u3000", "张三"), (7, "7")])
def test_cell_text(value, text):
    assert cell_text(value) == text


@pytest.mark.parametrize("word", ["合计", "合 计", "小计", "总计", "共计", "累计", "总 计："])
def test_subtotal_words(word):
    assert is_subtotal([None, "", word, 3])


def test_not_subtotals():
    assert not is_subtotal(["计划", "合计"]) and not is_subtotal([None, ""]) and not is_subtotal([])
    assert not is_blank(["x"]) and is_blank([])


def test_parse_int_forms():
    assert parse_int("30人") == (30, None) and parse_int("4个") == (4, None) and parse_int("12.00") == (12, None)
    assert parse_int("") == (None, None) and parse_int("１２０ 户") == (120, None)
    assert parse_int("12.5") == (None, "“12.5”不是整数")
    assert parse_int("-3") == (None, "“-3”不是整数")


def test_parse_date_reasons():
    assert parse_date(None)[1] == "日期为空" and parse_date("")[1] == "日期为空"
    assert parse_date("三月五日")[1] not in (None, "日期为空")


def test_header_row_is_the_one_naming_most_fields():
    rows = [["上报日期", "事件描述"], ["上报日期", "事件描述", "网格名称", "风险等级"]]
    match = find_header(rows, gs.EVENT_COLUMNS, gs.EVENT_REQUIRED)
    assert match.row_index == 1 and match.labels["grid_name"] == "网格名称"
    same = [["上报日期", "事件描述"], ["上报日期", "事件描述"]]
    assert find_header(same, gs.EVENT_COLUMNS, gs.EVENT_REQUIRED).row_index == 0  # the first of equals


def test_header_search_stops_after_the_scan_limit():
    rows = [["标题"]] * 15 + [["上报日期", "事件描述"]]
    assert find_header(rows, gs.EVENT_COLUMNS, gs.EVENT_REQUIRED) is None
    assert find_header(rows, gs.EVENT_COLUMNS, gs.EVENT_REQUIRED, scan=16).row_index == 15
    assert find_header(rows[1:], gs.EVENT_COLUMNS, gs.EVENT_REQUIRED).row_index == 14


def test_a_merged_upper_row_fills_rightwards_and_a_lower_row_may_be_longer():
    rows = [["上报日期", "事件描述"], [None, None, "网格名称"]]
    match = find_header(rows, gs.EVENT_COLUMNS, gs.EVENT_REQUIRED)
    assert match.row_index == 1 and match.columns == {"reported_on": 0, "description": 1, "grid_name": 2}
    rows = [["上报日期", "事件描述", "网格名称"], ["x"]]
    match = find_header(rows, gs.EVENT_COLUMNS, gs.EVENT_REQUIRED)
    assert match.row_index == 0


def test_a_field_takes_its_first_column_and_one_letter_aliases_never_match_inside():
    match = find_header([["上报日期", "事件描述", "描述"]], gs.EVENT_COLUMNS, gs.EVENT_REQUIRED)
    assert match.columns["description"] == 1
    assert find_header([["上报日期", "事件描述", "村"]], gs.GRID_COLUMNS, ("village",)).columns == {"village": 2}
    assert "village" not in find_header([["网格编码", "网格名称", "户数", "村民小组长"]], gs.GRID_COLUMNS,
                                        gs.GRID_REQUIRED).columns
    # contained: the longest alias found inside the header decides
    match = find_header([["上报日期", "事件描述", "网格长联系电话号码"]], gs.GRID_COLUMNS | gs.EVENT_COLUMNS,
                        gs.EVENT_REQUIRED)
    assert match.columns["leader_phone"] == 2


def test_a_two_letter_alias_inside_a_longer_header():
    match = find_header([["事件发生时间", "事件描述"]], gs.EVENT_COLUMNS, gs.EVENT_REQUIRED)
    assert match.columns["reported_on"] == 0


def test_equally_long_aliases_inside_a_header_the_first_field_wins():
    # 状态时间 holds 状态 (status) and 时间 (reported_on): reported_on comes first in the table
    match = find_header([["状态时间", "事件描述"]], gs.EVENT_COLUMNS, gs.EVENT_REQUIRED)
    assert match.columns["reported_on"] == 0 and "status" not in match.columns


def test_a_short_lower_row_under_a_merged_upper_row():
    rows = [["网格名称", "事件描述"], ["上报日期"]]
    match = find_header(rows, gs.EVENT_COLUMNS, gs.EVENT_REQUIRED)
    assert match.row_index == 1 and match.columns == {"reported_on": 0, "description": 1}


def test_subtotal_answers_are_booleans():
    assert is_subtotal(["计划"]) is False and is_subtotal([None]) is False and is_subtotal(["合计"]) is True
