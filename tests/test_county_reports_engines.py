"""The county's Excel reports from a PostgreSQL store: the very same township bundle imported
into a county on SQLite and a county on PostgreSQL gives the same workbooks, cell for cell
(the real ``zhongxin report`` commands, the files read back with openpyxl)."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest
from openpyxl import load_workbook

from exchange_support import COUNTY, PASSWORD, World, new_case
from helpers import run_cli
from zhongxin_desktop.services.casework import cases

pytestmark = pytest.mark.slow

TOWN = "520102003"
NAMES = {"张三": "双方因排水沟发生争执", "欧阳娜娜": "楼上装修噪音扰民", "王小明": "借款三万元到期未还"}


@pytest.fixture
def counties(tmp_path, pg_cluster):
    w = World(tmp_path, {"county_pg": pg_cluster.create_database()})
    w.add_center("county", "county", COUNTY)
    w.add_center("county_pg", "county", COUNTY)
    w.add_center("town", "township", TOWN)
    w.trust_each_other("town", "county")
    # one county office, two stores: the same keys, so the township's one bundle opens in both
    shutil.copytree(w.data("county").keys, w.data("county_pg").keys, dirs_exist_ok=True)
    w.trust_each_other("town", "county_pg")
    with w.at("town") as actor:
        ids = [new_case(actor, facts=facts, name=name) for name, facts in NAMES.items()]
        for case_id in ids[:2]:  # two accepted in November, one still only registered
            cases.transition(actor, case_id, "accept", on=dt.date(2026, 11, 5))
    bundles = w.export("town", period="2026-11")
    w.import_("county", bundles)
    w.import_("county_pg", bundles)
    return w


def _cells(path) -> dict[str, list[list]]:
    """Every sheet's values; the line saying when the file was made is the one cell allowed to differ."""
    book = load_workbook(path)
    out = {}
    for sheet in book.worksheets:
        rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
        out[sheet.title] = [[_same(c) for c in row] for row in rows]
    return out


def _same(cell):
    """The two stores' centers differ only in their test names; the made-at line in its time."""
    if not isinstance(cell, str):
        return cell
    if "制表时间" in cell or "生成时间" in cell:
        return "<made>"
    return cell.replace("county_pg县", "county县")


def _report(w: World, name: str, out, *args: str) -> dict:
    engine = ["--database", w.urls[name]] if name in w.urls else []
    done = run_cli(*engine, "report", *args, "--out", str(out), data=w.data(name), user="admin", password=PASSWORD)
    assert done.returncode == 0, done.stderr
    return _cells(out)


def test_monthly_statistics_and_the_ledger_are_the_same_from_postgresql(counties, tmp_path):
    sqlite_month = _report(counties, "county", tmp_path / "m-sqlite.xlsx", "monthly", "--month", "2026-11")
    pg_month = _report(counties, "county_pg", tmp_path / "m-pg.xlsx", "monthly", "--month", "2026-11")
    assert pg_month == sqlite_month
    summary = pg_month["综合统计"]
    town_row = next(row for row in summary if row[0] == "town镇综治中心")
    assert town_row[4] == 2  # 受理数: the two cases accepted in November (header row 4, after 单位 and 排查预防)
    assert next(row for row in summary if row[0] == "合计")[4] == 2

    today = dt.date.today().isoformat()
    sqlite_ledger = _report(counties, "county", tmp_path / "l-sqlite.xlsx", "ledger", "--from", "2026-01-01",
                            "--to", today)
    pg_ledger = _report(counties, "county_pg", tmp_path / "l-pg.xlsx", "ledger", "--from", "2026-01-01", "--to", today)
    assert pg_ledger == sqlite_ledger
    text = "".join(str(c) for rows in pg_ledger.values() for row in rows for c in row if c is not None)
    assert all(name in text for name in NAMES)
