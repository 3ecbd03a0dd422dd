"""The demo township looks like a township: units add up to their grids, visits run near the
rhythm with variance, descriptions fit their event types, orders carry work-order numbers, heads
report and visit, and no red or orange matter waits a month unnoticed."""
import datetime as dt
import re
import statistics as pystats

from zhongxin_desktop.services.gridwork.grid_demo import ORDER_FORMS
from zhongxin_desktop.services.gridwork.grid_demo_work import EVENTS
from zhongxin_desktop.services.gridwork.grid_figures import grid_figures
from zhongxin_desktop.services.figures.statistics import previous_month
from zhongxin_desktop.services.gridwork.tenlink_figures import tenlink_figures
from zhongxin_desktop.store.db import database


def _sql(query, *params):
    return database.execute_sql(query, params).fetchall()


def test_units_add_up_to_their_grids_and_list_their_households(demo_db):
    rows = _sql("SELECT g.households, SUM(u.households) FROM grid g JOIN household_unit u ON u.grid_id = g.id "
                "GROUP BY g.id")
    assert rows and all(grid_total == units_total for grid_total, units_total in rows)
    listed = _sql("SELECT u.households, COUNT(h.id), u.elected_on, u.police_reviewer FROM household_unit u "
                  "LEFT JOIN household h ON h.unit_id = u.id GROUP BY u.id")
    assert all(n == count and elected and reviewer for n, count, elected, reviewer in listed)
    assert all(10 <= n <= 20 for n, *_ in listed)


def test_visits_run_near_the_rhythm_with_variance(demo_db):
    first = previous_month(dt.date.today().replace(day=1))
    nxt = dt.date.today().replace(day=1)
    figures = grid_figures(demo_db, first, nxt)
    town = figures.township
    assert 0.85 <= town.routine_visits / town.expected_routine <= 1.1
    assert 0.7 <= town.focused_visits / town.expected_focused <= 1.1
    per_worker = [w.routine_visits for w in figures.workers]
    assert pystats.pstdev(per_worker) > 0.5  # people differ
    heads = tenlink_figures(demo_db, first, nxt, level="head")
    assert heads.total.visits > 0 and len(heads.rows) > 50


def test_descriptions_fit_their_types_and_stale_grave_risks_are_rare(demo_db):
    for event_type, description in _sql("SELECT event_type, description FROM grid_event WHERE case_id IS NULL"):
        templates = EVENTS[event_type][0]
        patterns = [re.escape(t).replace(r"\{a\}", ".+").replace(r"\{b\}", ".+").replace(r"\{n\}", r"\d+")
                    .replace(r"\{k\}", r"\d+").replace(r"\{place\}", ".+") for t in templates]
        assert any(re.fullmatch(p, description) for p in patterns), (event_type, description)
    stale = _sql("SELECT COUNT(*) FROM grid_event WHERE status = 'open' AND risk_level IN ('红', '橙') "
                 "AND reported_on < ?", dt.date.today() - dt.timedelta(days=30))[0][0]
    assert stale == 0


def test_orders_carry_work_order_numbers_and_heads_report_as_heads(demo_db):
    orders = _sql('SELECT c.source, c.external_ref, t.reference, t.direction FROM "case" c '
                  "LEFT JOIN transfer t ON t.case_id = c.id AND t.direction = 'in' WHERE c.source IN (?, ?, ?, ?)",
                  *ORDER_FORMS)
    assert orders and all(ref and ref == tref and d == "in" for _, ref, tref, d in orders)
    assert any(ref.startswith("GD") for s, ref, *_ in orders if s == "12345热线")
    heads = _sql('SELECT c.reporter_name, (SELECT COUNT(*) FROM household_unit u WHERE u.grid_id = c.grid_id '
                 "AND u.head_name = c.reporter_name) FROM \"case\" c WHERE c.source = '联户长报告'")
    assert heads and all(n >= 1 for _, n in heads)
