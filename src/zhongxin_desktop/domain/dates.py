"""Dates as Chinese documents print them: 2026年11月27日."""
from __future__ import annotations

import datetime as dt


def cn_date(day: dt.date | None) -> str:
    if day is None:
        return ""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_datetime(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    return f"{cn_date(moment.date())} {moment.hour:02d}:{moment.minute:02d}"
