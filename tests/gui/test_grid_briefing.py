"""The weekly 研判 briefing: its contents (read back with pdftotext), its page (A4, numbered, nothing
past the right margin in the rendered PNG), and meeting decisions carried into the next week
until they are closed — through the command line and the 周研判 tab."""
import datetime as dt
import json
import subprocess

import pytest
from PIL import Image
from PySide6.QtCore import Qt

from case_factory import ID_A, accept, party, register
from conftest import PASSWORD
from helpers import run_cli
from pdfcheck import assert_all_fonts_embedded, page_count, squash, text_of
from zhongxin_desktop.domain.errors import ValidationError
from zhongxin_desktop.domain.grid_input import EventInput, GridInput, MeetingInput, MemberInput, TaskInput, VisitInput
from zhongxin_desktop.services.casework import cases
from zhongxin_desktop.services.gridwork import grid, grid_briefing, grid_events, grid_tasks, grid_visits
from zhongxin_desktop.store.models import GridTask

WEEK = "2026-W48"  # Monday 23 to Sunday 29 November 2026
MONDAY = dt.date(2026, 11, 23)


def _week_of_work(actor):
    g, _ = grid.save_grid(actor, GridInput("G1", "青山村第1网格", households=100, members=[MemberInput("王网格")]))
    old = grid_events.record_event(actor, EventInput(g.id, MONDAY - dt.timedelta(days=40), "王网格", "矛盾纠纷",
                                                     "两户宅基地纠纷多次调处未果", "红"), today=MONDAY)
    grid_events.record_event(actor, EventInput(g.id, MONDAY + dt.timedelta(days=1), "王网格", "安全隐患",
                                               "河堤护栏损坏", "橙"), today=MONDAY + dt.timedelta(days=1))
    for i in range(2):
        grid_events.record_event(actor, EventInput(g.id, MONDAY + dt.timedelta(days=2), "王网格", "矛盾纠纷",
                                                   f"邻里噪音{i}", "黄"), today=MONDAY + dt.timedelta(days=2))
    grid_visits.record_visit(actor, VisitInput(g.id, "王网格", MONDAY), today=MONDAY)
    repeat = [register(actor, party("欧阳娜娜", id_number=ID_A), party("李四", "被申请人"),
                       registered_on=MONDAY - dt.timedelta(days=d)) for d in (100, 3)]
    accept(actor, repeat[0], on=MONDAY - dt.timedelta(days=99))
    cases.transition(actor, repeat[0].id, "transfer", on=MONDAY - dt.timedelta(days=20), department="人社所",
                     feedback_due=MONDAY - dt.timedelta(days=13))
    grid_visits.record_meeting(actor, MeetingInput(MONDAY - dt.timedelta(days=3), g.id, "王网格、联户长", "",
                                                   "红色风险包案化解",
                                                   tasks=[TaskInput("包案化解宅基地纠纷", "刘书记", MONDAY + dt.timedelta(days=4)),
                                                          TaskInput("修复河堤护栏", "水利站", MONDAY + dt.timedelta(days=2))]),
                               today=MONDAY)
    done = GridTask.get(GridTask.content == "修复河堤护栏")
    grid_tasks.close_task(actor, done.id, "已更换护栏", on=MONDAY + dt.timedelta(days=2))
    return g, old


def test_the_briefing_has_what_the_meeting_goes_through(township):
    _week_of_work(township)
    b = grid_briefing.build(township, WEEK, today=dt.date(2026, 12, 7))
    assert (b.monday, b.sunday, b.events_total) == (MONDAY, dt.date(2026, 11, 29), 3)
    assert b.events_by_grid[0]["by_type"] == {"安全隐患": 1, "矛盾纠纷": 2}
    risks = {r["description"]: r for r in b.open_risks}
    assert set(risks) == {"两户宅基地纠纷多次调处未果", "河堤护栏损坏"}  # 黄 is not on the table
    assert risks["两户宅基地纠纷多次调处未果"]["age_days"] == 46 and risks["两户宅基地纠纷多次调处未果"]["stale"]
    assert [(r["other_side"], r["days_overdue"]) for r in b.overdue_replies] == [("人社所", 19)]
    assert [(p["name"], p["case_count"]) for p in b.repeat_parties] == [("欧阳娜娜", 2)]
    assert b.repeat_parties[0]["id_number"] == "1101**********002X"
    assert {t["content"]: t["status"] for t in b.carried_tasks} == {"包案化解宅基地纠纷": "open", "修复河堤护栏": "done"}
    assert [w.name for w in b.workers] == ["王网格"] and b.workers[0].routine_visits == 1
    # next week: the closed decision is not carried again; the open one is
    later = grid_briefing.build(township, "2026-W49", today=dt.date(2026, 12, 7))
    assert [t["content"] for t in later.carried_tasks] == ["包案化解宅基地纠纷"]
    with pytest.raises(ValidationError, match="周次"):
        grid_briefing.build(township, "2026-W60")


def test_the_briefing_prints_on_numbered_a4_pages_with_nothing_past_the_margin(township, data_dir, tmp_path):
    _week_of_work(township)
    out = tmp_path / "简报.pdf"
    r = run_cli("grid", "briefing", "--week", WEEK, "--out", str(out), data=data_dir, user="admin", password=PASSWORD)
    assert r.returncode == 0, r.stderr
    text = text_of(out)
    flat = squash(text)
    for expected in ("网格周研判简报", "2026年第48周（2026年11月23日至2026年11月29日）", "共3件", "★红",
                     "两户宅基地纠纷多次调处未果", "人社所", "19天", "欧阳娜娜", "1101**********002X",
                     "包案化解宅基地纠纷", "刘书记", "已完成：已更换护栏", "王网格"):
        assert squash(expected) in flat, expected
    assert "李四" not in flat  # one case only: not a repeat disputant
    assert_all_fonts_embedded(out)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    pages = page_count(out)
    # every page's footer says “第 n 页 共 m 页” (continuation pages repeat it in their running head)
    assert pages >= 2 and flat.count(f"共{pages}页") == 2 * pages - 1
    assert all(f"第{n}页" in flat for n in range(1, pages + 1))
    # rendered as a person would see it: every page's ink stays inside the printable area
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(out), str(tmp_path / "page")], check=True)
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == pages
    for png in pngs:
        img = Image.open(png).convert("L")
        w, h = img.size
        assert abs(w / h - 595.28 / 841.89) < 0.01
        right = int(w * (595.28 - 60) / 595.28)  # the body ends 26 mm (74 pt) from the edge
        strip = img.crop((right, 0, w, h))
        assert strip.getextrema()[0] > 200, f"ink past the right margin on {png.name}"
        body = img.crop((0, 0, right, h))
        assert body.getextrema()[0] < 100  # and the page is not blank


def test_tasks_are_closed_on_the_command_line_and_a_bad_task_is_refused(township, data_dir):
    login = dict(data=data_dir, user="admin", password=PASSWORD)
    grid.save_grid(township, GridInput("G1", "青山村第1网格", households=100, members=[MemberInput("王网格")]))
    r = run_cli("grid", "meeting", "add", "--grid", "G1", "--attendees", "全体", "--decisions", "分工落实",
                "--task", "走访张家|王网格|2099-01-01", **login)
    assert r.returncode == 0, r.stderr
    r = run_cli("grid", "task", "list", "--open", "--json", data=data_dir)
    [task] = json.loads(r.stdout)
    assert (task["content"], task["owner"]) == ("走访张家", "王网格")
    r = run_cli("grid", "task", "done", task["id"][:8], "--result", "已走访，矛盾化解", **login)
    assert r.returncode == 0, r.stderr
    assert GridTask.get_by_id(task["id"]).status == "done"
    r = run_cli("grid", "meeting", "add", "--attendees", "全体", "--decisions", "x", "--task", "只有事项", **login)
    assert r.returncode == 2 and "事项|责任人" in r.stderr
    r = run_cli("grid", "meeting", "add", "--attendees", "全体", "--decisions", "x", "--task", "事项||2000-01-01",
                **login)
    assert r.returncode == 1 and "责任人" in r.stderr and "完成期限" in r.stderr


def test_the_meeting_tab_records_tasks_closes_them_and_prints_the_briefing(qtbot, demo_db, app_ctx, tmp_path):
    from PySide6.QtWidgets import QTableWidgetItem

    from .test_grid_page import _ok, _page

    page = _page(qtbot, app_ctx(demo_db), "meetings")
    tab = page.meetings
    qtbot.mouseClick(tab.add_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: tab.dialog is not None and tab.dialog.isVisible(), timeout=10000)
    dialog = tab.dialog
    dialog.attendees.setText("网格长、网格员")
    dialog.decisions.setPlainText("红色风险包案")
    for col, text in enumerate(["包案化解山林纠纷", "刘书记", "2099-01-01"]):
        dialog.tasks.setItem(0, col, QTableWidgetItem(text))
    _ok(qtbot, dialog)
    task = GridTask.get(GridTask.content == "包案化解山林纠纷")
    qtbot.waitUntil(lambda: any(t["id"] == task.id for t in tab.open_tasks), timeout=10000)
    tab.tasks.selectRow(next(i for i, t in enumerate(tab.open_tasks) if t["id"] == task.id))
    tab.close_selected_task("已签订协议")
    qtbot.waitUntil(lambda: GridTask.get_by_id(task.id).status == "done", timeout=10000)
    out = tmp_path / "brief.pdf"
    tab.print_briefing(out)
    qtbot.waitUntil(lambda: getattr(tab, "last_briefing", None) == out, timeout=20000)
    assert "网格周研判简报" in text_of(out)
