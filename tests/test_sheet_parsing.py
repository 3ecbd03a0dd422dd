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
