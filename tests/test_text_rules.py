"""What a text field may hold, character by character: the control characters of Unicode's C0/C1
blocks (written out here by code point), lone surrogates, line breaks in one-line fields, the
bound of each field, and how a bad value is quoted back."""
import pytest

from zhongxin_desktop.domain.errors import Collector
from zhongxin_desktop.domain.text_rules import blank, char_name, check_text, has_bad_character, kind_of, shown

# C0 without tab/LF/CR, DEL, C1: refused everywhere
CONTROLS = [chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]]
LINE_BREAKS = ["\t", "\n", "\r"]
# the edges of the refused ranges, and look-alikes that are ordinary text
ALLOWED = [" ", "\u00a0", "\u00a1", "~", "\u3000", "\u200b", "\ufffd", "\U00020bb7", "，", "A"]
NAMES = {"\x00": "NUL（空字符）", "\x1b": "ESC（转义符）", "\t": "制表符", "\n": "换行", "\r": "回车",
         "\x7f": "DEL（删除符）", "\x07": "U+0007", "\x85": "U+0085", "\x9f": "U+009F", "\x1f": "U+001F"}


def check(value, *, limit=10, multiline=False):
    errors = Collector()
    ok = check_text(errors, "姓名", value, "第1个当事人", limit=limit, multiline=multiline)
    return ok, [(e.field, e.message, e.record) for e in errors.errors]


@pytest.mark.parametrize("ch", CONTROLS)
def test_every_control_character_is_refused_in_any_field(ch):
    assert has_bad_character(f"张{ch}", multiline=True) and has_bad_character(f"张{ch}", multiline=False)
    for multiline in (False, True):
        ok, errors = check(f"张{ch}三", multiline=multiline)
        assert ok is False
        assert errors == [("姓名", f"含有控制字符 {NAMES.get(ch, f'U+{ord(ch):04X}')}（第2个字符），请删除", "第1个当事人")]


@pytest.mark.parametrize("ch", LINE_BREAKS)
def test_tab_and_line_breaks_only_in_long_text(ch):
    assert has_bad_character(f"一{ch}二", multiline=False) and not has_bad_character(f"一{ch}二", multiline=True)
    assert check(f"一二{ch}", multiline=True) == (True, [])
    ok, errors = check(f"一二{ch}")  # one-line is the default
    assert ok is False
    assert errors == [("姓名", f"含有控制字符 {NAMES[ch]}（第3个字符）（这一项不能换行或含制表符），请删除", "第1个当事人")]


@pytest.mark.parametrize("ch", ALLOWED)
def test_ordinary_characters_pass(ch):
    assert not has_bad_character(f"张{ch}三", multiline=False)
    assert check(f"张{ch}三") == (True, [])


@pytest.mark.parametrize("ch, name", NAMES.items())
def test_character_names(ch, name):
    assert char_name(ch) == name


def test_a_control_before_a_line_break_is_the_one_named():
    ok, errors = check("甲\n乙\x1b")
    assert ok is False and errors[0][1] == "含有控制字符 ESC（转义符）（第4个字符），请删除"


def test_lone_surrogates_are_refused():
    for ch in ("\ud800", "\udbff", "\udc00", "\udfff"):
        assert has_bad_character(f"张{ch}", multiline=True)
        ok, errors = check(f"张{ch}", multiline=True)
        assert ok is False
        assert errors == [("姓名", "含有无法保存的残缺字符（不成对的代理码位），请删除后重新输入这一项", "第1个当事人")]


def test_every_problem_of_a_value_is_said():
    ok, errors = check("\ud800\x00" + "字" * 20)
    assert ok is False and [m for _, m, _ in errors] == [
        "含有无法保存的残缺字符（不成对的代理码位），请删除后重新输入这一项",
        "含有控制字符 NUL（空字符）（第2个字符），请删除",
        "太长：22个字，最多10个，请精简"]


def test_the_bound_of_a_field():
    assert check("字" * 10) == (True, [])
    ok, errors = check("字" * 11)
    assert ok is False and errors == [("姓名", "太长：11个字，最多10个，请精简", "第1个当事人")]


def test_none_is_empty_and_passes():
    assert check(None) == (True, [])
    assert check("") == (True, [])


@pytest.mark.parametrize("value, kind", [
    (True, "真假值（true/false）"), (False, "真假值（true/false）"), (12, "数字 12"), (1.5, "数字 1.5"),
    (["张三"], "列表（[...]）"), (("张三",), "列表（[...]）"), ({"a": 1}, "对象（{...}）"), (b"x", "bytes"),
])
def test_a_value_of_the_wrong_type_is_refused_never_turned_into_text(value, kind):
    assert kind_of(value) == kind
    ok, errors = check(value)
    assert ok is False and errors == [("姓名", f"应为文字，现为{kind}（JSON 中请加引号）", "第1个当事人")]


def test_a_quoted_value_shows_controls_and_is_cut_at_forty():
    assert shown("张\x1b[31m三\n李\t四") == "张\\x1b[31m三 李 四"
    assert shown("坏\ud800字") == "坏\ufffd字"
    assert shown("字" * 40) == "字" * 40
    assert shown("字" * 41) == "字" * 40 + "…"
    assert shown("一二三四五", limit=3) == "一二三…"
    assert shown("一二三", limit=3) == "一二三"
    assert shown(12) == "12" and shown(None) == "None"


@pytest.mark.parametrize("value, empty", [
    ("", True), ("  ", True), ("\u3000", True), ("\u200b\u200c\u200d\u2060\ufeff", True), (" \t\n", True),
    (None, True), (12, True), ("张", False), (" 张 ", False), ("\u200e", False),
])
def test_blank(value, empty):
    assert blank(value) is empty


def test_a_field_is_one_line_unless_said_otherwise():
    errors = Collector()
    assert check_text(errors, "来源说明", "工单\n123", limit=200) is False
    assert [e.message for e in errors.errors] == ["含有控制字符 换行（第3个字符）（这一项不能换行或含制表符），请删除"]
