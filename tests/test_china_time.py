"""Stamps are shown in China time even on a PC whose clock zone is UTC or elsewhere."""
from __future__ import annotations

import datetime as dt
import time

import pytest

from zhongxin_desktop.domain.dates import cn_stamp, iso_stamp, local_date, utc_start_of


@pytest.fixture(params=["UTC", "America/New_York", "Asia/Shanghai"])
def pc_zone(request, monkeypatch):
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def test_a_stamp_reads_the_same_in_china_whatever_the_pc_zone(pc_zone):
    stamp = dt.datetime(2026, 11, 26, 18, 30)  # UTC; 02:30 on 27 November in Beijing
    assert cn_stamp(stamp) == "2026年11月27日 02:30"
    assert iso_stamp(stamp) == "2026-11-27 02:30:00"
    assert local_date(stamp) == dt.date(2026, 11, 27)
    assert utc_start_of(dt.date(2026, 11, 27)) == dt.datetime(2026, 11, 26, 16, 0)
