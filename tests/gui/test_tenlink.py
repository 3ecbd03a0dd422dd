"""十联户 as the township lives it: households listed per unit (and checked against the grid), the
联户长's selection, the 十联 category, and the heads' visits and reports counted at every level —
the county's from the township's bundle."""
import datetime as dt
import json
import sqlite3

import pytest

from conftest import PASSWORD
from exchange_support import open_exchange_page, township_and_county
from helpers import run_cli
from zhongxin_desktop.domain.errors import ValidationError
from zhongxin_desktop.domain.grid_input import EventInput, GridInput, HouseholdInput, MemberInput, UnitInput, VisitInput
from zhongxin_desktop.domain.roles import Role
from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.services.gridwork import grid, grid_events, grid_households, grid_visits
from zhongxin_desktop.services.gridwork.tenlink_figures import tenlink_figures
from zhongxin_desktop.store import migrations
from zhongxin_desktop.store.connection import close_database, open_database
from zhongxin_desktop.store.db import make_database
from zhongxin_desktop.store.models import GridEvent, Household

DAY = dt.date(2026, 11, 10)
FIRST, NXT = dt.date(2026, 11, 1), dt.date(2026, 12, 1)


def _grid(actor, code, households=30):
    g, _ = grid.save_grid(actor, GridInput(code, f"青山村{code}网格", households=households,
                                           members=[MemberInput("王网格")], party_branch="青山村党支部",
                                           party_group="第一党小组"))
    return g


def _unit(actor, g, head, households=10, **kw):
    unit, warnings = grid.save_unit(actor, UnitInput(g.id, head, "13800001111", households, **kw))
    return unit, warnings


def test_a_unit_lists_its_households_and_the_grid_sum_is_checked(township, make_user):
    g = _grid(township, "G1", households=25)
    unit, warnings = _unit(township, g, "陈联户", households=12)
    assert warnings == []
    _, warnings = _unit(township, g, "李联户", households=15)
    assert any("合计27户" in w and "网格户数25户" in w for w in warnings)  # 12 + 15 > 25
    for i in range(3):
        grid_households.save_household(township, HouseholdInput(unit.id, f"户主{i}", f"青山村{i}组", 3 + i,
                                                                 "13912345678", "低保户, 独居老人"))
    rows = grid_households.list_households(township, unit_id=unit.id)
    assert [r["members"] for r in rows] == [3, 4, 5] and rows[0]["tags"] == "低保户、独居老人"
    assert rows[0]["phone"] == "139****5678"
    assert grid_households.list_households(township, unit_id=unit.id, reveal=True)[0]["phone"] == "13912345678"
    tree = grid.registry_tree(township)
    [gd] = [x for v in tree for x in v["grids"] if x["id"] == g.id]
    assert gd["party_branch"] == "青山村党支部" and gd["party_group"] == "第一党小组"
    assert any("合计27户" in w for w in gd["warnings"])
    assert [len(u["homes"]) for u in gd["units"] if u["head_name"] == "陈联户"] == [3]
    with pytest.raises(ValidationError) as exc:
        grid_households.save_household(township, HouseholdInput(unit.id, "", members=0, phone="123"))
    assert {e.field for e in exc.value.errors} == {"户主", "家庭人口", "联系电话"}
    assert Household.select().count() == 3
    viewer = make_user(Role.VIEWER)
    from zhongxin_desktop.domain.errors import PermissionDenied
    with pytest.raises(PermissionDenied):
        grid_households.save_household(viewer, HouseholdInput(unit.id, "户主X"))


def test_the_heads_selection_is_recorded_in_order(township):
    g = _grid(township, "G1")
    unit, _ = _unit(township, g, "陈联户", elected_on=dt.date(2026, 3, 1), police_reviewed_on=dt.date(2026, 3, 5),
                    police_reviewer="张警官", branch_confirmed_on=dt.date(2026, 3, 9), branch_confirmer="刘书记")
    assert grid_households._selection_text(unit) == ("2026年3月1日联户选，2026年3月5日片警审（张警官），"
                                                     "2026年3月9日支部核（刘书记）")
    with pytest.raises(ValidationError) as exc:
        _unit(township, g, "赵联户", elected_on=dt.date(2026, 3, 5), police_reviewed_on=dt.date(2026, 3, 1),
              branch_confirmed_on=dt.date.today() + dt.timedelta(days=2), branch_confirmer="刘书记")
    fields = {e.field for e in exc.value.errors}
    assert {"片警审日期", "片警审人", "支部核日期"} <= fields


def _work(actor, g, unit, other_grid):
    """Two heads' month: the expected counts are written out by hand in the test below."""
    for day, kind, cat in ((DAY, "routine", "安全隐患联防"), (DAY, "routine", "困难家庭联帮"),
                           (DAY + dt.timedelta(days=1), "routine", "")):
        grid_visits.record_visit(actor, VisitInput(g.id, "陈联户", day, kind, 2, visitor_role="联户长", tenlink=cat),
                                 today=DAY + dt.timedelta(days=5))
    grid_visits.record_visit(actor, VisitInput(g.id, "王网格", DAY), today=DAY)  # a worker's: not a head's
    grid_visits.record_visit(actor, VisitInput(g.id, "陈联户", dt.date(2026, 10, 30), visitor_role="联户长"),
                             today=DAY)  # last month
    found = [grid_events.record_event(actor, EventInput(g.id, DAY, "陈联户", etype, f"发现{i}", reporter_role="联户长"),
                                      today=DAY) for i, etype in enumerate(["矛盾纠纷", "矛盾纠纷", "安全隐患"])]
    grid_events.handle_event(actor, found[0].id, "现场调处", on=DAY)
    grid_events.escalate_event(actor, found[1].id, today=DAY)
    grid_events.record_event(actor, EventInput(other_grid.id, DAY, "周联户", "社情民意", "反映路灯", reporter_role="联户长",
                                               tenlink="社情民意联排"), today=DAY)
    grid_events.record_event(actor, EventInput(g.id, DAY, "王网格", "矛盾纠纷", "网格员发现"), today=DAY)


def test_heads_work_is_counted_per_head_unit_grid_township_and_county(tmp_path):
    world = township_and_county(tmp_path, "520102003")
    with world.at("town") as actor:
        g, g2 = _grid(actor, "G1"), _grid(actor, "G2")
        unit, _ = _unit(actor, g, "陈联户")
        _unit(actor, g2, "周联户")
        _work(actor, g, unit, g2)
        assert GridEvent.get(GridEvent.reporter_name == "陈联户").unit_id == unit.id  # found by the head's name
        heads = {r.name: r for r in tenlink_figures(actor, FIRST, NXT, level="head").rows}
        chen = heads["陈联户"]
        assert (chen.visits, chen.households_visited, chen.reports, chen.disputes, chen.hazards) == (3, 6, 3, 2, 1)
        assert (chen.handled_in_grid, chen.escalated) == (1, 1)
        assert chen.visits_by_category == {"安全隐患联防": 1, "困难家庭联帮": 1, "未分类": 1}
        assert chen.reports_by_category == {"矛盾纠纷联调": 2, "安全隐患联防": 1}  # from the event types
        assert set(heads) == {"陈联户", "周联户"}  # 王网格 is a grid worker, not a head
        units = tenlink_figures(actor, FIRST, NXT, level="unit")
        assert {r.name: r.reports for r in units.rows} == {"陈联户联户": 3, "周联户联户": 1}
        grids = {r.name: (r.visits, r.reports) for r in tenlink_figures(actor, FIRST, NXT, level="grid").rows}
        assert grids == {"青山村G1网格": (3, 3), "青山村G2网格": (0, 1)}
        town = tenlink_figures(actor, FIRST, NXT, level="township")
        [row] = town.rows
        assert (row.visits, row.reports, row.disputes) == (3, 4, 2) and town.total.reports == 4
    r = run_cli("grid", "tenlink", "--month", "2026-11", "--level", "head", "--json", data=world.data("town"))
    assert r.returncode == 0, r.stderr
    got = {d["name"]: d["reports"] for d in json.loads(r.stdout)["rows"]}
    assert got == {"陈联户": 3, "周联户": 1}

    world.import_("county", world.export("town", period="2026-11"))
    with world.at("county") as actor:
        county = tenlink_figures(actor, FIRST, NXT, level="township")
        [row] = county.rows
        assert row.name == "town镇综治中心"
        assert (row.visits, row.reports, row.disputes, row.hazards) == (3, 4, 2, 1)
        assert county.total.reports_by_category["社情民意联排"] == 1


def test_the_cli_records_a_heads_visit_household_and_selection(township, data_dir):
    g = _grid(township, "G1", households=20)
    _unit(township, g, "陈联户", households=15)
    login = dict(data=data_dir, user="admin", password=PASSWORD)
    r = run_cli("grid", "unit", "select", "陈联户", "--elected", "2026-03-01", "--police-reviewed", "2026-03-02",
                "--police-reviewer", "张警官", **login)
    assert r.returncode == 0, r.stderr
    r = run_cli("grid", "unit", "add", "--grid", "G1", "--head", "李联户", "--households", "10", **login)
    assert r.returncode == 0 and "合计25户" in r.stderr  # warned, not refused
    r = run_cli("grid", "household", "add", "--unit", "陈联户", "--head", "赵户主", "--address", "青山村3组",
                "--members", "4", "--phone", "13912345678", "--tags", "独居老人", **login)
    assert r.returncode == 0, r.stderr
    r = run_cli("grid", "household", "list", "--unit", "陈联户", "--json", data=data_dir)
    [h] = json.loads(r.stdout)
    assert (h["head_name"], h["members"], h["phone"]) == ("赵户主", 4, "139****5678")
    r = run_cli("grid", "visit", "add", "--grid", "G1", "--worker", "陈联户", "--role", "联户长",
                "--tenlink", "邻里互助联动", **login)
    assert r.returncode == 0, r.stderr
    r = run_cli("grid", "visit", "add", "--grid", "G1", "--worker", "陈联户", "--role", "联户长",
                "--tenlink", "不存在的类别", **login)
    assert r.returncode == 1 and "十联类别" in r.stderr
    r = run_cli("grid", "list", data=data_dir)
    assert "片警审（张警官）" in r.stdout and "赵户主" in r.stdout and "青山村党支部" in r.stdout


def test_migration_60_adds_the_columns_to_an_older_store(tmp_path):
    data = DataDir(tmp_path / "old").ensure()
    db = make_database(data.database)
    db.connect()
    migrations.migrate(db, upto=59)
    db.close()
    con = sqlite3.connect(data.database)
    now = "2026-01-05 08:00:00"
    con.execute("INSERT INTO grid (id, owner_code, created_at, updated_at, row_version, code, name, kind, households,"
                " leader_name, leader_phone, active) VALUES ('g1','520102001',?,?,1,'G1','一网格','rural',90,'','',1)",
                (now, now))
    con.execute("INSERT INTO grid_visit (id, owner_code, created_at, updated_at, row_version, grid_id, worker_name,"
                " visited_on, kind, households, notes) VALUES ('v1','520102001',?,?,1,'g1','王','2026-01-05',"
                "'routine',1,'')", (now, now))
    con.commit()
    con.close()
    open_database(data)
    try:
        from zhongxin_desktop.store.models import Grid, GridVisit

        assert 60 in migrations.applied_numbers(Grid._meta.database)
        assert Grid.get_by_id("g1").party_branch == ""
        visit = GridVisit.get_by_id("v1")
        assert (visit.visitor_role, visit.unit_id, visit.tenlink) == ("网格员", None, "")
    finally:
        close_database()


def test_a_small_matter_is_recorded_and_settled_in_one_step_and_a_head_reports_as_such(township, data_dir):
    g = _grid(township, "G1")
    _unit(township, g, "陈联户")
    login = dict(data=data_dir, user="admin", password=PASSWORD)
    r = run_cli("grid", "event", "add", "--grid", "G1", "--reporter", "陈联户", "--type", "矛盾纠纷",
                "--description", "两户因排水沟争执", "--handled", "联户长现场调处，双方和解", "--json", **login)
    assert r.returncode == 0, r.stderr
    event = json.loads(r.stdout)
    assert (event["reporter_role"], event["status"], event["result"]) == ("联户长", "closed", "联户长现场调处，双方和解")
    r = run_cli("grid", "event", "add", "--grid", "G1", "--reporter", "王网格", "--type", "矛盾纠纷",
                "--description", "x", "--handled", " ", **login)
    assert r.returncode == 1 and "处理结果" in r.stderr
    assert GridEvent.select().count() == 1  # the refused one left no open event behind
    r = run_cli("grid", "event", "list", "--since", "2000-01-01", "--until", "2000-12-31", "--json", data=data_dir)
    assert json.loads(r.stdout) == []
    r = run_cli("grid", "event", "list", "--since", dt.date.today().isoformat(), "--json", data=data_dir)
    assert [e["id"] for e in json.loads(r.stdout)] == [event["id"]]


def test_the_county_reads_the_heads_work_per_township_on_its_exchange_page(qtbot, tmp_path):
    today = dt.date.today()
    world = township_and_county(tmp_path, "520102003")
    with world.at("town") as actor:
        g = _grid(actor, "G1")
        unit, _ = _unit(actor, g, "陈联户")
        for cat in ("安全隐患联防", "困难家庭联帮"):
            grid_visits.record_visit(actor, VisitInput(g.id, "陈联户", today, "routine", 2, visitor_role="联户长",
                                                       tenlink=cat), today=today)
        grid_events.record_event(actor, EventInput(g.id, today, "陈联户", "矛盾纠纷", "两户争水", reporter_role="联户长"),
                                 today=today)
    world.import_("county", world.export("town", period=today.strftime("%Y-%m")))
    with world.at("county") as actor:
        page = open_exchange_page(qtbot, world, "county", actor)
        panel = page.county_tenlink
        page.tabs.setCurrentWidget(panel)
        assert page.tabs.isTabVisible(page.tabs.indexOf(panel))
        qtbot.waitUntil(lambda: panel.table.rowCount() == 2, timeout=10000)  # the township and the county total
        assert [panel.table.item(r, 0).text() for r in range(2)] == ["town镇综治中心", "合计"]
        assert [panel.table.item(0, c).text() for c in (2, 3, 4, 5)] == ["2", "4", "1", "1"]
        cats = {panel.categories.item(r, 0).text(): panel.categories.item(r, 1).text()
                for r in range(panel.categories.rowCount())}
        assert cats["安全隐患联防"] == "1" and cats["困难家庭联帮"] == "1"
        panel.township.setCurrentIndex(panel.township.findData("520102003"))  # one township, down to its grids
        qtbot.waitUntil(lambda: panel.figures is not None and panel.figures.level == "grid", timeout=10000)
        assert panel.table.item(0, 0).text() == "青山村G1网格"
        page.ctx.worker.wait(30000)
