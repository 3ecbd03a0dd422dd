from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from test_grid_import import messy_workbook
from zhongxin_desktop.store.models import Case, Grid, GridEvent
from zhongxin_desktop.ui.pages.grid import GridPage


def _page(qtbot, ctx, tab):
    page = GridPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentWidget(getattr(page, tab))
    page.refresh()  # the main window does this when the page is shown
    qtbot.waitUntil(lambda: page.lookups is not None, timeout=10000)
    return page


def _ok(qtbot, dialog, signal=None, timeout=10000):
    with qtbot.waitSignal(signal or dialog.accepted, timeout=timeout) as blocker:
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Save), Qt.LeftButton)
    return blocker


def test_record_an_event_then_escalate_it_into_a_case(qtbot, demo_db, app_ctx):
    ctx = app_ctx(demo_db)
    page = _page(qtbot, ctx, "events")
    tab = page.events
    qtbot.waitUntil(lambda: len(tab.model.rows) > 0, timeout=10000)
    grid = Grid.select().order_by(Grid.code).first()

    qtbot.mouseClick(tab.add_button, Qt.LeftButton)
    dialog = tab.dialog
    dialog.grid.setCurrentIndex(dialog.grid.findData(grid.id))
    head = next(h for h in page.lookups["heads"][grid.id] if h not in page.lookups["workers"][grid.id])
    dialog.reporter.setCurrentIndex(dialog.reporter.findText(head))
    assert dialog.role.currentData() == "联户长"  # a household head from the list reports as 联户长
    dialog.reporter.setEditText("吴小芳")
    dialog.role.setCurrentIndex(dialog.role.findData("网格员"))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Save), Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10000)  # refused: no description
    assert "事件描述" in dialog.error.text() and dialog.isVisible()

    dialog.risk.setCurrentIndex(dialog.risk.findData("红"))
    dialog.description.setPlainText("两户因宅基地界址争执，一方扬言动手")
    _ok(qtbot, dialog)
    event = GridEvent.get(GridEvent.description == "两户因宅基地界址争执，一方扬言动手")
    assert (event.grid_id, event.reporter_name, event.risk_level, event.status) == (grid.id, "吴小芳", "红", "open")

    qtbot.waitUntil(lambda: tab.select_event(event.id), timeout=10000)
    row = next(i for i, d in enumerate(tab.model.rows) if d["id"] == event.id)
    colour = tab.model.data(tab.model.index(row, 3), Qt.BackgroundRole).color().name()
    assert colour == "#d32f2f"  # 红 from vocab.RISK_COLORS
    assert tab.escalate_button.isEnabled() and tab.handle_button.isEnabled()
    qtbot.mouseClick(tab.escalate_button, Qt.LeftButton)
    dialog = tab.dialog
    dialog.category.setCurrentIndex(dialog.category.findData("房屋宅基地"))
    dialog.parties.item(0, 1).setText("赵甲")
    dialog.parties.item(0, 2).setText("13812345678")
    dialog.parties.item(1, 1).setText("钱乙")
    blocker = _ok(qtbot, dialog, ctx.bus.open_case)
    case = Case.get_by_id(blocker.args[0])
    assert (case.source, case.grid_id, case.reporter_name, case.category) == ("网格员上报", grid.id, "吴小芳",
                                                                              "房屋宅基地")
    assert GridEvent.get_by_id(event.id).case_id == case.id
    qtbot.waitUntil(lambda: tab.select_event(event.id) and tab.selected()["status"] == "escalated", timeout=10000)
    assert not tab.escalate_button.isEnabled() and tab.open_case_button.isEnabled()


def test_handle_in_grid_from_the_page(qtbot, demo_db, app_ctx):
    ctx = app_ctx(demo_db)
    page = _page(qtbot, ctx, "events")
    tab = page.events
    tab.status_filter.setCurrentIndex(tab.status_filter.findData("open"))
    qtbot.waitUntil(lambda: len(tab.model.rows) > 0 and all(d["status"] == "open" for d in tab.model.rows),
                    timeout=10000)
    event_id = tab.model.rows[0]["id"]
    tab.select_event(event_id)
    qtbot.mouseClick(tab.handle_button, Qt.LeftButton)
    tab.dialog.result_text.setPlainText("网格员上门调处，已和解")
    _ok(qtbot, tab.dialog)
    event = GridEvent.get_by_id(event_id)
    assert event.status == "closed" and event.result == "网格员上门调处，已和解"
    qtbot.waitUntil(lambda: event_id not in {d["id"] for d in tab.model.rows}, timeout=10000)


def test_registry_tree_and_grid_edit_with_guideline_warning(qtbot, demo_db, app_ctx):
    ctx = app_ctx(demo_db)
    page = _page(qtbot, ctx, "registry")
    tab = page.registry
    qtbot.waitUntil(lambda: tab.tree.topLevelItemCount() > 0, timeout=10000)
    assert tab.tree.topLevelItemCount() == 6  # the demo's villages
    grid_item = tab.tree.topLevelItem(0).child(0)
    tab.tree.setCurrentItem(grid_item)
    qtbot.mouseClick(tab.edit_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: tab.dialog is not None and tab.dialog.isVisible(), timeout=10000)
    dialog = tab.dialog
    assert dialog.members.rowCount() >= 2 and "*" not in dialog.leader_phone.text()  # editors see full phones
    dialog.households.setValue(400)
    _ok(qtbot, dialog)
    assert "150" in dialog.warnings[0]
    grid_id = grid_item.data(0, Qt.UserRole)["id"]
    assert Grid.get_by_id(grid_id).households == 400
    qtbot.waitUntil(lambda: tab.notice.isVisible(), timeout=10000)


def test_import_preview_then_confirm(qtbot, demo_db, app_ctx, tmp_path):
    ctx = app_ctx(demo_db)
    page = _page(qtbot, ctx, "registry")
    before = GridEvent.select().count()
    page.import_excel(str(messy_workbook(tmp_path / "导出.xlsx")))
    dialog = page.import_dialog
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=15000)
    assert dialog.report.dry_run and dialog.confirm.isEnabled()
    assert dialog.model.rowCount() == len(dialog.report.rows) and GridEvent.select().count() == before
    with qtbot.waitSignal(dialog.imported, timeout=15000):
        qtbot.mouseClick(dialog.confirm, Qt.LeftButton)
    assert GridEvent.select().count() == before + 4 and "已导入" in dialog.info.text()


def test_figures_tab_draws_a_chart(qtbot, demo_db, app_ctx):
    ctx = app_ctx(demo_db)
    page = _page(qtbot, ctx, "figures")
    tab = page.figures
    qtbot.waitUntil(lambda: tab.figures is not None, timeout=10000)
    grids = Grid.select().count()
    assert tab.table.rowCount() == grids + 1 and tab.table.item(grids, 0).text() == "全镇合计"
    series = tab.events_chart.series()
    assert len(series) == 1 and [s.count() for s in series[0].barSets()] == [grids] * 3
    tab.table.selectRow(0)
    assert tab.figures.grids[0].name in tab.weekly_chart.title()


def test_weekly_meeting_records_the_ticked_risks(qtbot, demo_db, app_ctx):
    from zhongxin_desktop.store.models import GridMeeting

    ctx = app_ctx(demo_db)
    page = _page(qtbot, ctx, "meetings")
    tab = page.meetings
    qtbot.mouseClick(tab.add_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: tab.dialog is not None and tab.dialog.isVisible(), timeout=10000)
    dialog = tab.dialog
    grid_id = dialog.risk_list.item(0).data(Qt.UserRole + 1)
    dialog.grid.setCurrentIndex(dialog.grid.findData(grid_id))
    visible = [dialog.risk_list.item(i) for i in range(dialog.risk_list.count())
               if not dialog.risk_list.item(i).isHidden()]
    assert visible and all(item.data(Qt.UserRole + 1) == grid_id for item in visible)
    for item in visible:
        item.setCheckState(Qt.Checked)
    dialog.attendees.setText("网格长、网格员、联户长代表")
    dialog.decisions.setPlainText("红橙风险当日上报中心")
    before = GridMeeting.select().count()
    _ok(qtbot, dialog)
    meeting = GridMeeting.select().order_by(GridMeeting.created_at.desc()).first()
    assert GridMeeting.select().count() == before + 1 and meeting.grid_id == grid_id
    assert meeting.risks.count("\n") == len(visible) - 1 and meeting.decisions == "红橙风险当日上报中心"


def test_record_a_visit_from_the_page(qtbot, demo_db, app_ctx):
    import datetime as dt

    from zhongxin_desktop.store.models import GridVisit

    ctx = app_ctx(demo_db)
    page = _page(qtbot, ctx, "visits")
    tab = page.visits
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0, timeout=10000)
    grid = Grid.select().order_by(Grid.code).first()
    tab.grid_filter.setCurrentIndex(tab.grid_filter.findData(grid.id))
    shown = min(500, GridVisit.select().where(GridVisit.grid == grid).count())  # a page at a time
    qtbot.waitUntil(lambda: tab.model.rowCount() == shown, timeout=10000)
    qtbot.mouseClick(tab.add_button, Qt.LeftButton)
    dialog = tab.dialog
    assert dialog.grid.currentData() == grid.id and dialog.worker.count() >= 2  # the grid's workers offered
    dialog.kind.setCurrentIndex(dialog.kind.findData("focused"))
    dialog.notes.setText("走访独居老人")
    _ok(qtbot, dialog)
    visit = GridVisit.get(GridVisit.notes == "走访独居老人")
    assert (visit.grid_id, visit.kind, visit.visited_on) == (grid.id, "focused", dt.date.today())
    qtbot.waitUntil(lambda: any("走访独居老人" in r["cells"] for r in tab.model.rows), timeout=10000)


def test_a_read_only_user_is_offered_no_changes(qtbot, demo_db, app_ctx):
    from zhongxin_desktop.domain.roles import Role
    from zhongxin_desktop.services.actor import Actor

    viewer = Actor("console", "本机只读", Role.VIEWER, demo_db.center_code)
    page = _page(qtbot, app_ctx(viewer), "events")
    qtbot.waitUntil(lambda: len(page.events.model.rows) > 0, timeout=10000)
    page.events.view.selectRow(0)
    assert not any(b.isEnabled() for b in (page.events.add_button, page.events.handle_button,
                                           page.events.escalate_button, page.import_button,
                                           page.registry.add_grid, page.registry.edit_button,
                                           page.visits.add_button, page.meetings.add_button))


def test_an_escalated_event_says_where_its_case_stands(qtbot, demo_db, app_ctx):
    import datetime as dt

    from zhongxin_desktop.domain.dates import cn_date
    from zhongxin_desktop.domain.grid_input import EventInput
    from zhongxin_desktop.domain.workflow import Action
    from zhongxin_desktop.services.casework import cases
    from zhongxin_desktop.services.gridwork import grid_events
    from zhongxin_desktop.ui.pages.grid_events_tab import COLUMNS

    grid = Grid.select().order_by(Grid.code).first()
    event = grid_events.record_event(demo_db, EventInput(grid.id, dt.date.today(), "吴小芳", "矛盾纠纷",
                                                         "两户因排水沟争执"))
    case = grid_events.escalate_event(demo_db, event.id)
    ctx = app_ctx(demo_db)
    page = _page(qtbot, ctx, "events")
    tab = page.events
    outcome = COLUMNS.index("处理结果 / 案件结果")

    def shown() -> str:
        row = next(i for i, d in enumerate(tab.model.rows) if d["id"] == event.id)
        return tab.model.data(tab.model.index(row, outcome), Qt.DisplayRole)

    qtbot.waitUntil(lambda: any(d["id"] == event.id for d in tab.model.rows), timeout=10000)
    assert "未受理" not in shown() and shown() == f"已转为案件（待受理，{cn_date(case.registered_on)}登记）"
    cases.transition(demo_db, case.id, Action.ACCEPT)
    tab.refresh()
    qtbot.waitUntil(lambda: "受理" in shown() and "待受理" not in shown(), timeout=10000)
    assert shown() == f"案件{cases._get_case(case.id).case_no}：受理"


def test_correct_a_typo_in_an_open_event(qtbot, demo_db, app_ctx):
    import datetime as dt

    from zhongxin_desktop.domain.grid_input import EventInput
    from zhongxin_desktop.services.gridwork import grid_events

    grid = Grid.select().order_by(Grid.code).first()
    event = grid_events.record_event(demo_db, EventInput(grid.id, dt.date.today(), "吴小芳", "矛盾纠纷",
                                                         "两户因排水沟改到发生争吵", "黄"))
    events_before = GridEvent.select().count()
    ctx = app_ctx(demo_db)
    page = _page(qtbot, ctx, "events")
    tab = page.events
    assert not tab.edit_button.isEnabled()  # nothing selected yet
    qtbot.waitUntil(lambda: tab.select_event(event.id), timeout=10000)
    assert tab.edit_button.isEnabled()
    qtbot.mouseClick(tab.edit_button, Qt.LeftButton)
    dialog = tab.dialog
    assert dialog.windowTitle() == "修改网格事件"
    assert (dialog.grid.currentData(), dialog.reporter.currentText(), dialog.risk.currentData(),
            dialog.description.toPlainText()) == (grid.id, "吴小芳", "黄", "两户因排水沟改到发生争吵")
    dialog.description.setPlainText("两户因排水沟改道发生争吵")
    dialog.risk.setCurrentIndex(dialog.risk.findData("橙"))
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: tab.select_event(event.id) and tab.selected()["description"] == "两户因排水沟改道发生争吵",
                    timeout=10000)
    assert tab.selected()["risk_level"] == "橙"
    assert GridEvent.select().count() == events_before  # corrected in place, not recorded again
    assert GridEvent.get_by_id(event.id).description == "两户因排水沟改道发生争吵"

    grid_events.escalate_event(demo_db, event.id)
    tab.refresh()
    qtbot.waitUntil(lambda: tab.select_event(event.id) and tab.selected()["status"] == "escalated", timeout=10000)
    assert not tab.edit_button.isEnabled()


def test_correcting_an_event_keeps_a_grid_and_type_no_longer_offered(qtbot, demo_db, app_ctx):
    """The form offers active grids and today's event types; an open event recorded before its
    grid was retired or its type dropped from the settings must keep them when only its
    description is corrected, not silently take the first grid and type of the lists."""
    import datetime as dt

    from zhongxin_desktop.domain.grid_input import EventInput
    from zhongxin_desktop.services.gridwork import grid, grid_events
    from zhongxin_desktop.services import settings

    grids = list(Grid.select().where(Grid.active == True).order_by(Grid.code))  # noqa: E712
    retired = grids[-1]
    types = settings.get("grid_event_types")
    dropped = types[-1]
    event = grid_events.record_event(demo_db, EventInput(retired.id, dt.date.today(), "吴小芳", dropped,
                                                         "两户因排水沟改到发生争吵", "蓝"))
    settings.change(demo_db, "grid_event_types", types[:-1])
    grid.retire_grid(demo_db, retired.id)
    ctx = app_ctx(demo_db)
    page = _page(qtbot, ctx, "events")
    tab = page.events
    qtbot.waitUntil(lambda: tab.select_event(event.id), timeout=10000)
    qtbot.mouseClick(tab.edit_button, Qt.LeftButton)
    dialog = tab.dialog
    assert (dialog.grid.currentData(), dialog.event_type.currentData()) == (retired.id, dropped)
    dialog.description.setPlainText("两户因排水沟改道发生争吵")
    _ok(qtbot, dialog)
    row = GridEvent.get_by_id(event.id)
    assert (row.grid_id, row.event_type, row.risk_level, row.description) == (
        retired.id, dropped, "蓝", "两户因排水沟改道发生争吵")


def test_visits_page_beyond_five_hundred_rows(qtbot, demo_db, app_ctx):
    from zhongxin_desktop.store.models import GridVisit

    total = GridVisit.select().count()
    assert total > 500  # the demo's year of visits: more than one page
    page = _page(qtbot, app_ctx(demo_db), "visits")
    tab = page.visits
    qtbot.waitUntil(lambda: tab.model.rowCount() == 500, timeout=10000)
    assert tab.pager.next_button.isEnabled() and not tab.pager.prev_button.isEnabled()
    first_page = [r["cells"] for r in tab.model.rows]
    qtbot.mouseClick(tab.pager.next_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: tab.pager.prev_button.isEnabled() and tab.model.rows
                    and [r["cells"] for r in tab.model.rows] != first_page, timeout=10000)
    assert tab.model.rowCount() == min(500, total - 500)
    assert tab.pager.label.text().startswith("第 501–")
    qtbot.mouseClick(tab.pager.prev_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: [r["cells"] for r in tab.model.rows] == first_page, timeout=10000)


def test_figures_tab_shows_the_reports_rate_each_worker_and_exports(qtbot, demo_db, app_ctx, tmp_path):
    import datetime as dt

    from openpyxl import load_workbook

    from zhongxin_desktop.services.figures.statistics import monthly_statistics
    from zhongxin_desktop.store.models import GridMember

    page = _page(qtbot, app_ctx(demo_db), "figures")
    tab = page.figures
    qtbot.waitUntil(lambda: tab.figures is not None, timeout=10000)
    town_row = tab.table.rowCount() - 1
    report = monthly_statistics(dt.date.today())
    assert tab.table.item(town_row, 3).text() == f"{report.grid_handled_share:.1%}"  # as the monthly report
    assert tab.workers.rowCount() >= GridMember.select().where(GridMember.active == True).count()  # noqa: E712
    out = tmp_path / "网格.xlsx"
    tab.export(out)
    qtbot.waitUntil(lambda: getattr(tab, "last_export", None) == out, timeout=10000)
    wb = load_workbook(out)
    assert wb.sheetnames == ["网格", "网格员"]
    names = {wb["网格员"].cell(r, 2).value for r in range(5, wb["网格员"].max_row + 1)}
    assert {m.name for m in GridMember.select().where(GridMember.active == True)} <= names  # noqa: E712


def test_a_units_households_and_its_heads_selection_from_the_registry(qtbot, demo_db, app_ctx):
    import datetime as dt

    from PySide6.QtCore import QDate

    from zhongxin_desktop.store.models import Household, HouseholdUnit

    page = _page(qtbot, app_ctx(demo_db), "registry")
    tab = page.registry
    qtbot.waitUntil(lambda: tab.tree.topLevelItemCount() > 0, timeout=10000)
    grid_item = tab.tree.topLevelItem(0).child(0)
    unit_item = next(grid_item.child(i) for i in range(grid_item.childCount())
                     if grid_item.child(i).data(0, Qt.UserRole + 1) == "unit")
    unit_id = unit_item.data(0, Qt.UserRole)["id"]
    tab.tree.setCurrentItem(unit_item)
    assert tab.add_household.isEnabled()
    qtbot.mouseClick(tab.add_household, Qt.LeftButton)
    dialog = tab.dialog
    dialog.head.setText("孙户主")
    dialog.address.setText("青山村5组12号")
    dialog.members.setValue(4)
    qtbot.keyClicks(dialog.phone, "13912345678")
    dialog.tags.setText("低保户 独居老人")
    _ok(qtbot, dialog)
    home = Household.get(Household.head_name == "孙户主")
    assert (home.unit_id, home.members, home.tags) == (unit_id, 4, "低保户、独居老人")

    def shown():
        for i in range(tab.tree.topLevelItem(0).child(0).childCount()):
            u = tab.tree.topLevelItem(0).child(0).child(i)
            for j in range(u.childCount()):
                if u.child(j).text(3) == "孙户主":
                    return u.child(j)
        return None
    qtbot.waitUntil(lambda: shown() is not None, timeout=10000)
    assert shown().text(4) == "139****5678"  # masked in the tree

    tab.tree.setCurrentItem(shown().parent())
    qtbot.mouseClick(tab.edit_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: tab.dialog is not dialog and tab.dialog.isVisible(), timeout=10000)
    dialog = tab.dialog
    dialog.elected_on.setDate(QDate(2026, 3, 1))
    dialog.police_reviewed_on.setDate(QDate(2026, 3, 3))
    dialog.police_reviewer.setText("")
    dialog.branch_confirmed_on.setDate(dialog.branch_confirmed_on.minimumDate())  # 未记录
    dialog.branch_confirmer.setText("")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Save), Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10000)  # the reviewing officer is missing
    assert "片警审人" in dialog.error.text()
    dialog.police_reviewer.setText("张警官")
    _ok(qtbot, dialog)
    unit = HouseholdUnit.get_by_id(unit_id)
    assert (unit.elected_on, unit.police_reviewed_on, unit.police_reviewer, unit.branch_confirmed_on) == (
        dt.date(2026, 3, 1), dt.date(2026, 3, 3), "张警官", None)


def test_a_heads_visit_is_counted_on_the_heads_tab(qtbot, demo_db, app_ctx):
    from zhongxin_desktop.store.models import GridVisit, HouseholdUnit

    page = _page(qtbot, app_ctx(demo_db), "visits")
    tab = page.visits
    grid = Grid.select().order_by(Grid.code).first()
    head = next(h for h in page.lookups["heads"][grid.id] if h not in page.lookups["workers"][grid.id])
    tab.grid_filter.setCurrentIndex(tab.grid_filter.findData(grid.id))
    qtbot.mouseClick(tab.add_button, Qt.LeftButton)
    dialog = tab.dialog
    dialog.worker.setCurrentIndex(dialog.worker.findText(head))
    assert dialog.role.currentData() == "联户长"  # a head picked from the registry visits as 联户长
    dialog.tenlink.setCurrentIndex(dialog.tenlink.findData("困难家庭联帮"))
    dialog.notes.setText("看望困难户")
    _ok(qtbot, dialog)
    visit = GridVisit.get(GridVisit.notes == "看望困难户")
    unit = HouseholdUnit.get(HouseholdUnit.grid == grid, HouseholdUnit.head_name == head)
    assert (visit.visitor_role, visit.unit_id, visit.tenlink) == ("联户长", unit.id, "困难家庭联帮")

    page.tabs.setCurrentWidget(page.tenlink)
    heads = page.tenlink
    qtbot.waitUntil(lambda: heads.figures is not None, timeout=10000)
    names = [heads.table.item(r, 0).text() for r in range(heads.table.rowCount())]
    assert head in names
    row = names.index(head)
    assert int(heads.table.item(row, 2).text()) >= 1
    cats = {heads.categories.item(r, 0).text(): int(heads.categories.item(r, 1).text())
            for r in range(heads.categories.rowCount())}
    assert cats["困难家庭联帮"] >= 1


def test_a_small_matter_is_settled_as_it_is_recorded(qtbot, demo_db, app_ctx):
    page = _page(qtbot, app_ctx(demo_db), "events")
    tab = page.events
    qtbot.mouseClick(tab.add_button, Qt.LeftButton)
    dialog = tab.dialog
    dialog.reporter.setEditText("吴小芳")
    dialog.description.setPlainText("两户因晾衣杆占道争执")
    dialog.settled.setChecked(True)
    dialog.result_text.setText("网格员现场调处，双方和解")
    _ok(qtbot, dialog)
    event = GridEvent.get(GridEvent.description == "两户因晾衣杆占道争执")
    assert (event.status, event.result, event.handled_on) == ("closed", "网格员现场调处，双方和解", event.reported_on)
