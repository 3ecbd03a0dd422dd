"""Phone numbers: mainland mobiles and landlines with an area code."""
from __future__ import annotations

import re

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９－", "0123456789-")


def normalize(raw: str) -> str:
    return raw.translate(_FULLWIDTH).replace(" ", "").strip()


def validate(raw: str) -> str | None:
    """None when valid, else a Chinese reason with the fix."""
    number = normalize(raw)
    if _MOBILE.match(number) or _LANDLINE.match(number):
        return None
    if number.isdigit() and number.startswith("1"):
        if len(number) != 11:
            return f"手机号应为11位（现为{len(number)}位）"
        return "手机号第2位应为3-9，请核对号码"  # 11 digits, but no network starts 10, 11 or 12
    return "应为11位手机号，或带区号的固定电话（如 0851-86812345）"
