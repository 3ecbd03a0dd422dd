"""The grid figures of the demo township, checked against plain SQL written independently."""
import datetime as dt
import json
from collections import Counter, defaultdict

from zhongxin_desktop.domain.grid_input import EventInput, MeetingInput
from zhongxin_desktop.domain.workflow import STATUS_LABELS, Status
from zhongxin_desktop.services.casework import cases, grid_loop
from zhongxin_desktop.services.gridwork import grid_events, grid_visits
from zhongxin_desktop.services import settings
from zhongxin_desktop.services.gridwork.grid_figures import grid_figures, month_bounds
from zhongxin_desktop.store.db import database


def _sql(query, *params):
    return database.execute_sql(query, params).fetchall()


def test_demo_township_figures_match_the_database(demo_db):
    today = dt.date.today()
    first, nxt = month_bounds(today.strftime("%Y-%m"))
    if (today - first).days < 3:  # early in a month the demo has few events: use last month
        first, nxt = month_bounds((first - dt.timedelta(days=1)).strftime("%Y-%m"))
    # Some life beyond the demo: two events escalated, one of the cases closed, one meeting held.
    grid_id = _sql("SELECT id FROM grid ORDER BY code LIMIT 1")[0][0]
    opened = [grid_events.record_event(demo_db, EventInput(grid_id, first, "网格员甲", "矛盾纠纷", f"纠纷{i}",
                                                           "红")) for i in range(2)]
    escalated = [grid_events.escalate_event(demo_db, e.id) for e in opened]
    cases.transition(demo_db, escalated[0].id, "reject", reason="不属于调解范围", guided_to="法院")
    grid_visits.record_meeting(demo_db, MeetingInput(first, grid_id, "网格员全体", "", "加强巡查"))

    figures = grid_figures(demo_db, first, nxt)
    json.dumps(figures.to_dict(), ensure_ascii=False)  # plain JSON for the bundle and the monthly report
    rows = {r.grid_id: r for r in figures.grids}
    assert len(rows) == _sql("SELECT COUNT(*) FROM grid")[0][0] > 0

    found = dict(_sql("SELECT grid_id, COUNT(*) FROM grid_event WHERE reported_on >= ? AND reported_on < ? "
                      "GROUP BY grid_id", first, nxt))
    handled = dict(_sql("SELECT grid_id, COUNT(*) FROM grid_event WHERE reported_on >= ? AND reported_on < ? "
                        "AND case_id IS NULL AND status IN ('closed', 'handled') GROUP BY grid_id", first, nxt))
    outcomes = defaultdict(Counter)
    for gid, status in _sql('SELECT e.grid_id, c.status FROM grid_event e JOIN "case" c ON c.id = e.case_id '
                            "WHERE e.reported_on >= ? AND e.reported_on < ?", first, nxt):
        outcomes[gid][STATUS_LABELS[Status(status)]] += 1
    risks = defaultdict(Counter)
    for gid, level, n in _sql("SELECT grid_id, risk_level, COUNT(*) FROM grid_event WHERE reported_on < ? "
                              "AND status IN ('open', 'escalated') GROUP BY grid_id, risk_level", nxt):
        risks[gid][level] = n
    visits = defaultdict(Counter)
    for gid, kind, n in _sql("SELECT grid_id, kind, COUNT(*) FROM grid_visit WHERE visited_on >= ? "
                             "AND visited_on < ? AND visitor_role <> '联户长' GROUP BY grid_id, kind", first, nxt):
        visits[gid][kind] = n
    workers = dict(_sql("SELECT grid_id, COUNT(*) FROM grid_member WHERE active = 1 GROUP BY grid_id"))
    meetings = dict(_sql("SELECT grid_id, COUNT(*) FROM grid_meeting WHERE held_on >= ? AND held_on < ? "
                         "GROUP BY grid_id", first, nxt))
    weeks = (min(nxt, today + dt.timedelta(days=1)) - first).days / 7  # a running month: to date

    for gid, row in rows.items():
        assert row.events_found == found.get(gid, 0)
        assert row.handled_in_grid == handled.get(gid, 0)
        assert row.escalated == sum(outcomes[gid].values())
        assert row.escalation_outcomes == dict(outcomes[gid])
        assert row.open_risks == dict(risks[gid])
        assert (row.routine_visits, row.focused_visits) == (visits[gid]["routine"], visits[gid]["focused"])
        assert row.workers == workers.get(gid, 0)
        assert abs(row.expected_routine - 5 * row.workers * weeks) < 0.01
        assert abs(row.expected_focused - 1 * row.workers * weeks) < 0.01
        assert row.meetings == meetings.get(gid, 0)
        assert sum(w["routine"] for w in row.weekly) == row.routine_visits

    town = figures.township
    assert town.events_found == sum(found.values()) > 0
    assert town.handled_in_grid == sum(handled.values())
    escalated_count = _sql("SELECT COUNT(*) FROM grid_event WHERE reported_on >= ? AND reported_on < ? "
                           "AND (case_id IS NOT NULL OR status = 'escalated')", first, nxt)[0][0]
    assert town.handled_share == round(sum(handled.values()) / (sum(handled.values()) + escalated_count), 4)
    all_outcomes = sum(outcomes.values(), Counter())
    assert town.escalated == sum(all_outcomes.values()) >= 2
    assert town.escalation_outcomes == dict(all_outcomes)
    assert all_outcomes["不予受理"] >= 1 and all_outcomes["登记"] >= 1  # the two escalated here
    assert town.open_risk_total == _sql("SELECT COUNT(*) FROM grid_event WHERE reported_on < ? "
                                        "AND status IN ('open', 'escalated')", nxt)[0][0]
    assert town.meetings == _sql("SELECT COUNT(*) FROM grid_meeting WHERE held_on >= ? AND held_on < ?",
                                 first, nxt)[0][0] >= 1
    assert town.routine_visits + town.focused_visits == _sql(
        "SELECT COUNT(*) FROM grid_visit WHERE visited_on >= ? AND visited_on < ? AND visitor_role <> '联户长'",
        first, nxt)[0][0]


def test_rhythm_is_a_setting_and_owner_code_filters(demo_db):
    first, nxt = dt.date(2026, 1, 5), dt.date(2026, 1, 19)  # two weeks
    settings.put("grid_routine_visits_per_week", 7)
    figures = grid_figures(demo_db, first, nxt)
    assert figures.rhythm.routine_per_week == 7 and figures.rhythm.weeks == 2
    row = figures.grids[0]
    assert row.expected_routine == 7 * row.workers * 2
    assert [w["week"] for w in row.weekly] == ["2026-01-05", "2026-01-12"]
    empty = grid_figures(demo_db, first, nxt, owner_code="999999999")
    assert empty.grids == [] and empty.township.events_found == 0 and empty.township.handled_share == 0.0


def test_demo_grid_cases_come_from_escalated_events(demo_db):
    """The demo tells the closed loop: each grid-reported case has its event, outcome fed back."""
    rows = _sql('SELECT c.status, c.source, e.status, e.reporter_role, e.case_outcome, e.grid_id, c.grid_id '
                'FROM "case" c LEFT JOIN grid_event e ON e.case_id = c.id '
                "WHERE c.source IN ('网格员上报', '联户长报告')")
    assert rows and all(r[2] is not None for r in rows)
    open_values = {s.value for s in (Status.REGISTERED, Status.ACCEPTED, Status.MEDIATING, Status.TRANSFERRED)}
    for case_status, source, event_status, role, outcome, event_grid, case_grid in rows:
        assert event_grid == case_grid
        assert role == ("联户长" if source == "联户长报告" else "网格员")
        if case_status in open_values:
            assert (event_status, outcome) == ("escalated", "")
        else:
            assert event_status == "closed" and outcome.startswith(STATUS_LABELS[Status(case_status)])
    assert grid_loop.sync_case_outcomes() == 0  # already consistent
