"""What a text field may hold so that every later step can carry it (pure).

A NUL in a name breaks the Excel ledger of the township and, once it arrives in a bundle, of the
county; an ESC sequence reaches a terminal raw; a lone UTF-16 surrogate cannot be encoded at all;
a 2,000,000-character field makes every later bundle of the township look like a compression
bomb. So every form, JSON record and import row goes through ``check_text`` with the field's
bound, and a wrong type is refused, never turned into text.
"""
from __future__ import annotations

from typing import Any

import re

from zhongxin_desktop.domain.errors import Collector

# C0 controls except tab/LF/CR, DEL and the C1 controls. Tab and line breaks only in long text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE = re.compile(r"[\t\n\r]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_INVISIBLE = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]+")
_NAMES = {"\x00": "NUL（空字符）", "\x1b": "ESC（转义符）", "\t": "制表符", "\n": "换行", "\r": "回车",
          "\x7f": "DEL（删除符）"}


def has_bad_character(text: str, *, multiline: bool) -> bool:
    """Whether ``check_text`` would find a control or broken character in ``text``."""
    return bool(_SURROGATE.search(text) or _CONTROL.search(text) or (not multiline and _LINE.search(text)))


def kind_of(value: Any) -> str:
    """How a wrong value is named to the clerk (JSON words in brackets)."""
    if isinstance(value, bool):
        return "真假值（true/false）"
    if isinstance(value, (int, float)):
        return f"数字 {value}"
    if isinstance(value, (list, tuple)):
        return "列表（[...]）"
    if isinstance(value, dict):
        return "对象（{...}）"
    return type(value).__name__


def char_name(ch: str) -> str:
    return _NAMES.get(ch, f"U+{ord(ch):04X}")


def check_text(errors: Collector, label: str, value: Any, where: str | None = None, *, limit: int,
               multiline: bool = False) -> bool:
    """True when ``value`` is text the program can carry; otherwise each problem is added to
    ``errors`` naming the field (and the record) and False is returned. None counts as empty."""
    if value is None:
        return True
    if not isinstance(value, str):
        errors.add(label, f"应为文字，现为{kind_of(value)}（JSON 中请加引号）", where)
        return False
    ok = True
    if _SURROGATE.search(value):
        errors.add(label, "含有无法保存的残缺字符（不成对的代理码位），请删除后重新输入这一项", where)
        ok = False
    bad = _CONTROL.search(value) or (None if multiline else _LINE.search(value))
    if bad:
        hint = "" if multiline or _CONTROL.match(bad.group()) else "（这一项不能换行或含制表符）"
        errors.add(label, f"含有控制字符 {char_name(bad.group())}（第{bad.start() + 1}个字符）{hint}，请删除", where)
        ok = False
    if len(value) > limit:
        errors.add(label, f"太长：{len(value)}个字，最多{limit}个，请精简", where)
        ok = False
    return ok


def shown(value: Any, limit: int = 40) -> str:
    """A value quoted back in a message: controls and broken characters made visible, long text
    cut, so that echoing bad input can neither drive the terminal nor fail to print."""
    text = value if isinstance(value, str) else repr(value)
    text = _SURROGATE.sub("\ufffd", text)
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", _LINE.sub(" ", text))
    return text if len(text) <= limit else text[:limit] + "…"


def blank(value: Any) -> bool:
    """Empty once spaces (also full-width) and invisible zero-width characters are taken away."""
    return not isinstance(value, str) or not _INVISIBLE.sub("", value)
