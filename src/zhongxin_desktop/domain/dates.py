"""Dates as Chinese documents print them: 2026年11月27日.

Two kinds of time live in the store. Calendar dates (registered_on, signed_on…) and wall-clock
times a clerk typed (a session's held_at) are shown as they are. Instants the program stamped
(created_at, CaseEvent.at, AuditEvent.at…) are naive UTC (store.models.utcnow) and are shown in
China time (UTC+8, no daylight saving) whatever zone the PC's clock is set to — a PC left on UTC
by its installer must not show the clerk's 10:00 as 02:00, and an 02:00 UTC stamp before 08:00 is
even a different day in China. Every such conversion goes through this module.
"""
from __future__ import annotations

import datetime as dt

CHINA = dt.timezone(dt.timedelta(hours=8), "北京时间")


def cn_date(day: dt.date | None) -> str:
    if day is None:
        return ""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_datetime(moment: dt.datetime | None) -> str:
    """A wall-clock time as typed (no zone conversion): 2026年11月27日 10:00."""
    if moment is None:
        return ""
    return f"{cn_date(moment.date())} {moment.hour:02d}:{moment.minute:02d}"


def local_time(stamp: dt.datetime | str | None) -> dt.datetime | None:
    """A stored UTC instant as China's wall-clock time (naive). Text (from a raw SQL
    aggregate such as MAX(at)) is parsed; text that is not a time gives None."""
    if stamp is None or stamp == "":
        return None
    if isinstance(stamp, str):
        try:
            stamp = dt.datetime.fromisoformat(stamp)
        except ValueError:
            return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.timezone.utc)
    return stamp.astimezone(CHINA).replace(tzinfo=None)


def local_date(stamp: dt.datetime | str | None) -> dt.date | None:
    """The local calendar day of a stored UTC instant."""
    local = local_time(stamp)
    return local.date() if local else None


def cn_stamp(stamp: dt.datetime | str | None, *, seconds: bool = False) -> str:
    """A stored UTC instant in local time, as people read it: 2026年11月27日 10:00."""
    local = local_time(stamp)
    if local is None:
        return "" if stamp is None else str(stamp)
    return cn_datetime(local) + (f":{local.second:02d}" if seconds else "")


def utc_start_of(day: dt.date) -> dt.datetime:
    """China's midnight at the start of ``day`` as the naive UTC instant the store compares with,
    so "entries of 27 November" means the clerk's 27 November, not Greenwich's."""
    local = dt.datetime.combine(day, dt.time(), tzinfo=CHINA)
    return local.astimezone(dt.timezone.utc).replace(tzinfo=None)


def iso_stamp(stamp: dt.datetime | str | None) -> str:
    """A stored UTC instant in local time for terminal output: 2026-11-27 10:00:05."""
    local = local_time(stamp)
    return f"{local:%Y-%m-%d %H:%M:%S}" if local else ""
