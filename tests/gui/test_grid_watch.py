"""The watch registers (重点人员, 困难家庭): role-gated, masked, visits counted against each entry's
rhythm, overdue ones listed first — as a service, on the command line and on the 网格 page."""
import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from case_factory import ID_A
from conftest import PASSWORD
from helpers import run_cli
from zhongxin_desktop.domain.errors import PermissionDenied, ValidationError
from zhongxin_desktop.domain.grid_input import GridInput, MemberInput, WatchInput, WatchVisitInput
from zhongxin_desktop.domain.roles import Role
from zhongxin_desktop.services.gridwork import grid, grid_watch
from zhongxin_desktop.store.models import WatchPerson, WatchVisit

TODAY = dt.date(2026, 12, 7)


@pytest.fixture
def g(township):
    made, _ = grid.save_grid(township, GridInput("G1", "青山村第1网格", households=100, members=[MemberInput("王网格")]))
    return made


def test_visits_are_counted_against_the_rhythm_and_overdue_ones_come_first(township, g):
    watched = grid_watch.save_person(township, WatchInput("重点人员", g.id, "赵某", "刑满释放，需帮教", "王网格", 7,
                                                          dt.date(2026, 11, 1), ID_A, "13812345678"), today=TODAY)
    kept = grid_watch.save_person(township, WatchInput("重点人员", g.id, "钱某", "长期上访", "王网格", 7,
                                                       dt.date(2026, 11, 1)), today=TODAY)
    for day in (dt.date(2026, 11, 3), dt.date(2026, 11, 20)):
        grid_watch.record_visit(township, watched.id, WatchVisitInput(day, "王网格"), today=TODAY)
    for day in (dt.date(2026, 11, 7), dt.date(2026, 11, 14), dt.date(2026, 11, 21), dt.date(2026, 11, 28),
                dt.date(2026, 12, 5)):
        grid_watch.record_visit(township, kept.id, WatchVisitInput(day, "王网格"), today=TODAY)
    rows = grid_watch.list_people(township, "重点人员", today=TODAY, first=dt.date(2026, 11, 1),
                                  nxt=dt.date(2026, 12, 1))
    assert [r["name"] for r in rows] == ["赵某", "钱某"]  # overdue first
    zhao, qian = rows
    # 赵某: last seen 20 November, due again 27 November: ten days overdue on 7 December
    assert (zhao["overdue"], zhao["days_overdue"], zhao["next_due"]) == (True, 10, dt.date(2026, 11, 27))
    assert (zhao["visits"], zhao["expected_visits"]) == (2, 4)  # 30 days of November: four whole weeks
    assert (qian["overdue"], qian["visits"]) == (False, 4)
    assert zhao["id_number"] == "1101**********002X" and zhao["phone"] == "138****5678"
    assert [r["name"] for r in grid_watch.list_people(township, "重点人员", overdue_only=True, today=TODAY)] == ["赵某"]
    assert grid_watch.list_people(township, "困难家庭", today=TODAY) == []


def test_help_given_to_a_family_is_kept_and_bad_input_is_named(township, g):
    family = grid_watch.save_person(township, WatchInput("困难家庭", g.id, "孙某", "因病致贫", "王网格", 30,
                                                         dt.date(2026, 10, 1), help_given="申请临时救助"), today=TODAY)
    grid_watch.record_visit(township, family.id, WatchVisitInput(dt.date(2026, 11, 2), "王网格", "病情稳定",
                                                                "送米面油一份"), today=TODAY)
    assert WatchPerson.get_by_id(family.id).help_given == "申请临时救助\n2026-11-02 送米面油一份"
    with pytest.raises(ValidationError) as exc:
        grid_watch.save_person(township, WatchInput("重点人员", g.id, "", "", visit_every_days=0,
                                                    id_number="110105194912310021"), today=TODAY)
    assert {e.field for e in exc.value.errors} == {"姓名", "关注原因", "走访周期", "身份证号"}
    with pytest.raises(ValidationError) as exc:
        grid_watch.record_visit(township, family.id, WatchVisitInput(dt.date(2026, 9, 1), "王网格"), today=TODAY)
    assert "列入名册" in str(exc.value) and WatchVisit.select().count() == 1


def test_a_read_only_account_sees_no_register(township, g, make_user):
    grid_watch.save_person(township, WatchInput("重点人员", g.id, "赵某", "帮教"), today=TODAY)
    with pytest.raises(PermissionDenied):
        grid_watch.list_people(make_user(Role.VIEWER), "重点人员")


def test_people_on_the_command_line(township, g, data_dir):
    login = dict(data=data_dir, user="admin", password=PASSWORD)
    r = run_cli("grid", "people", "add", "--kind", "重点人员", "--grid", "G1", "--name", "赵某", "--reason", "社区矫正",
                "--worker", "王网格", "--every", "7", "--since", "2026-11-01", "--phone", "13812345678", **login)
    assert r.returncode == 0, r.stderr
    r = run_cli("grid", "people", "visit", "赵某", "--kind", "重点人员", "--visitor", "王网格", "--date", "2026-11-02",
                **login)
    assert r.returncode == 0, r.stderr
    r = run_cli("grid", "people", "list", "--kind", "重点人员", "--month", "2026-11", "--json", **login)
    assert r.returncode == 0, r.stderr
    [row] = json.loads(r.stdout)
    assert (row["name"], row["phone"], row["visits"], str(row["last_visit"])) == ("赵某", "138****5678", 1,
                                                                                  "2026-11-02")
    r = run_cli("grid", "people", "list", "--kind", "重点人员", "--overdue", **login)
    assert "赵某" in r.stdout and "逾期" in r.stdout  # last seen 2 November
    r = run_cli("grid", "people", "list", "--kind", "重点人员", data=data_dir)  # the read-only console
    assert r.returncode != 0 and "赵某" not in r.stdout
    r = run_cli("grid", "people", "visit", "李某", "--kind", "重点人员", "--visitor", "王网格", **login)
    assert r.returncode != 0 and "找不到" in r.stderr


def test_the_watch_tab_lists_overdue_first_and_records_a_visit(qtbot, demo_db, app_ctx):
    from .test_grid_page import _page

    from zhongxin_desktop.store.models import Grid

    gid = Grid.select().order_by(Grid.code).first().id
    late = grid_watch.save_person(demo_db, WatchInput("重点人员", gid, "周某", "刑满释放", "网格员", 7,
                                                      dt.date.today() - dt.timedelta(days=30)))
    grid_watch.save_person(demo_db, WatchInput("重点人员", gid, "吴某", "精神障碍", "网格员", 7, dt.date.today()))
    page = _page(qtbot, app_ctx(demo_db), "watch")
    tab = page.watch
    qtbot.waitUntil(lambda: len(tab.rows) >= 2, timeout=10000)
    names = [r["name"] for r in tab.rows]
    assert names.index("周某") < names.index("吴某")
    assert tab.model.data(tab.model.index(names.index("周某"), 0), Qt.ForegroundRole).color().name() == "#c62828"
    tab.table.selectRow(names.index("周某"))
    qtbot.mouseClick(tab.visit_button, Qt.LeftButton)
    dialog = tab.dialog
    dialog.notes.setText("情绪稳定")
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Save), Qt.LeftButton)
    assert WatchVisit.get(WatchVisit.person == late.id).notes == "情绪稳定"
    qtbot.waitUntil(lambda: any(r["name"] == "周某" and not r["overdue"] for r in tab.rows), timeout=10000)
