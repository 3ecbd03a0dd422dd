"""网格内化解率 has one definition: for the same month the grid figures, the command line, the
dashboard, the monthly Excel, the grid Excel and the county (from the township's bundle) agree,
and agree with a count made by hand here."""
import datetime as dt
import json

import pytest
from openpyxl import load_workbook

from exchange_support import township_and_county
from helpers import run_cli
from zhongxin_desktop.domain.grid_input import EventInput, GridInput, MemberInput, VisitInput
from zhongxin_desktop.reports import grid_xlsx, monthly_xlsx
from zhongxin_desktop.services.countywork import county
from zhongxin_desktop.services.gridwork import grid, grid_events, grid_visits
from zhongxin_desktop.services.figures import dashboard
from zhongxin_desktop.services.gridwork.grid_figures import grid_figures
from zhongxin_desktop.services.figures.statistics import previous_month

TOWN = "520102003"
HANDLED, ESCALATED, OPEN = 5, 2, 1
RATE = "71.4%"  # 5 / (5 + 2): the open event is not yet decided either way


@pytest.fixture
def world(tmp_path):
    return township_and_county(tmp_path, TOWN)


def _cell_under(ws, header: str):
    """The first figure below a header cell (the monthly report has two header rows)."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == header:
                for r in range(cell.row + 1, ws.max_row + 1):
                    value = ws.cell(r, cell.column).value
                    if isinstance(value, (int, float)):
                        return value
    raise AssertionError(f"no {header} in {ws.title}")


def test_the_same_month_gives_one_grid_rate_everywhere(world, tmp_path):
    today = dt.date.today()
    first = previous_month(today.replace(day=1))
    nxt = today.replace(day=1)
    month = f"{first:%Y-%m}"
    day = first + dt.timedelta(days=9)
    with world.at("town") as actor:
        g, _ = grid.save_grid(actor, GridInput("G01", "青山村第1网格", households=120,
                                               members=[MemberInput("王网格")]))
        events = [grid_events.record_event(actor, EventInput(g.id, day, "王网格", "矛盾纠纷", f"纠纷{i}"))
                  for i in range(HANDLED + ESCALATED + OPEN)]
        for e in events[:HANDLED]:
            grid_events.handle_event(actor, e.id, "现场调处，双方和解", on=day)
        for e in events[HANDLED:HANDLED + ESCALATED]:
            grid_events.escalate_event(actor, e.id, today=day)
        grid_visits.record_visit(actor, VisitInput(g.id, "王网格", day))

        figures = grid_figures(actor, first, nxt)
        assert (figures.township.handled_in_grid, figures.township.escalated) == (HANDLED, ESCALATED)
        assert f"{figures.township.handled_share:.1%}" == RATE
        board = dashboard.build(actor, today=today)
        assert f"{board.stats_last.grid_handled_share:.1%}" == RATE
        monthly_xlsx.export_monthly(actor, month, tmp_path / "月报.xlsx")
        grid_xlsx.export_grid_figures(actor, first, nxt, tmp_path / "网格.xlsx")
    ws = load_workbook(tmp_path / "月报.xlsx")["综合统计"]
    assert f"{_cell_under(ws, '网格内化解率'):.1%}" == RATE
    ws = load_workbook(tmp_path / "网格.xlsx")["网格"]
    assert f"{_cell_under(ws, '网格内化解率'):.1%}" == RATE

    town_dir = world.data("town")
    r = run_cli("grid", "figures", "--month", month, "--json", data=town_dir)
    assert r.returncode == 0, r.stderr
    assert f"{json.loads(r.stdout)['township']['handled_share']:.1%}" == RATE
    r = run_cli("grid", "figures", "--month", month, data=town_dir)
    [town_line] = [line for line in r.stdout.splitlines() if line.startswith("全镇合计")]
    assert RATE in town_line.split("\t")

    world.import_("county", world.export("town", period=month))
    with world.at("county") as actor:
        stats = county.monthly_stats(actor, month)
        [t] = stats["townships"]
        for figure in (t["held"], t["reported"], stats["county"]):
            assert f"{figure['grid_handled_share']:.1%}" == RATE


def test_a_running_month_expects_visits_to_date_and_per_worker(world):
    """On the 7th of a month two workers are expected a week's visits each, not a month's; the
    one who made fewer is behind."""
    first = dt.date(2026, 12, 1)
    today = first + dt.timedelta(days=6)  # seven days counted: exactly one week
    with world.at("town") as actor:
        g, _ = grid.save_grid(actor, GridInput("G02", "青山村第2网格", households=100,
                                               members=[MemberInput("李勤"), MemberInput("赵缓")]))
        for i in range(5):
            grid_visits.record_visit(actor, VisitInput(g.id, "李勤", first + dt.timedelta(days=i)), today=today)
        grid_visits.record_visit(actor, VisitInput(g.id, "李勤", first, kind="focused"), today=today)
        grid_visits.record_visit(actor, VisitInput(g.id, "赵缓", first), today=today)
        grid_visits.record_visit(actor, VisitInput(g.id, "张退休", first), today=today)
        figures = grid_figures(actor, first, dt.date(2027, 1, 1), today=today)
    assert figures.rhythm.weeks == 1
    [row] = figures.grids
    assert (row.expected_routine, row.expected_focused, row.expected_meetings) == (10, 2, 1)
    workers = {w.name: w for w in figures.workers}
    assert (workers["李勤"].routine_visits, workers["李勤"].focused_visits) == (5, 1)
    assert (workers["李勤"].expected_routine, workers["李勤"].expected_focused) == (5, 1)
    assert not workers["李勤"].behind and workers["赵缓"].behind
    assert workers["张退休"].duty == "" and workers["张退休"].expected_routine == 0  # not a member: no target
    assert [w["week"] for w in row.weekly] == ["2026-11-30", "2026-12-07"]  # no week after today
