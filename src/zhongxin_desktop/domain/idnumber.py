"""Resident identity numbers (GB 11643-1999)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
FULLWIDTH = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789xX")


def normalize(raw: str) -> str:
    """Strip spaces, fold full-width digits, upper-case the check letter."""
    return raw.translate(FULLWIDTH).replace(" ", "").strip().upper()


def check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, WEIGHTS))
    return CHECK_CHARS[total % 11]


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: dt.date
    sex: str  # "男" / "女"


def validate(raw: str, today: dt.date | None = None) -> tuple[IdInfo | None, str | None]:
    """Return (info, None) when valid, else (None, a Chinese reason with the fix).

    Unknown place prefixes are accepted on purpose: division codes are retired every year.
    """
    number = normalize(raw)
    if len(number) != 18:
        return None, f"应为18位（现为{len(number)}位），请核对后重新输入"
    if not number[:17].isdigit():
        return None, "前17位应全部为数字"
    if number[17] not in "0123456789X":
        return None, "最后一位应为数字或X"
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None, f"第7-14位出生日期{number[6:14]}不是有效日期"
    today = today or dt.date.today()
    if birth > today or birth.year < 1890:
        return None, f"出生日期{birth.isoformat()}不合理"
    expected = check_char(number[:17])
    if number[17] != expected:
        return None, "校验位不符，请逐位核对号码"
    sex = "男" if int(number[16]) % 2 == 1 else "女"
    return IdInfo(number, birth, sex), None


def is_valid(raw: str) -> bool:
    return validate(raw)[0] is not None


def age_on(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
