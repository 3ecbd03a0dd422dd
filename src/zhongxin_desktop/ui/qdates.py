"""Dates between Qt and Python. PySide6 converts them itself (``QDate(date)``, ``toPython()``),
but its type stubs know neither conversion: these say what goes in and what comes out."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def day_of(date: QDate) -> dt.date:
    return dt.date(date.year(), date.month(), date.day())


def moment_of(moment: QDateTime) -> dt.datetime:
    """The local wall-clock time a QDateTimeEdit shows (naive, as ``toPython()`` gives it)."""
    d, t = moment.date(), moment.time()
    return dt.datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), t.second(), t.msec() * 1000)
