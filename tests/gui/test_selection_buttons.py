"""A button that acts on "the selected row" is disabled while no row is selected, and again when
the selection is cleared or the list reloaded without it."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from docs_flow import add_session, two_party_case
from zhongxin_desktop.services.casework import attachments
from zhongxin_desktop.services.settlement import followups
from zhongxin_desktop.ui.pages.table_util import selected_id


def _settle(qtbot, ctx):
    qtbot.waitUntil(lambda: not ctx.worker.pending(), timeout=30000)


def _enabled(*buttons) -> list[bool]:
    return [b.isEnabled() for b in buttons]


def test_mediation_buttons_wait_for_a_case(qtbot, township, app_ctx):
    from zhongxin_desktop.ui.pages.mediation import MediationPage

    with_session = two_party_case(township)
    add_session(township, with_session, result="continue")
    two_party_case(township, "王五", "赵六")  # accepted, not yet mediated: listed too
    ctx = app_ctx(township)
    page = MediationPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    _settle(qtbot, ctx)
    case_buttons = (page.add_button, page.print_registration, page.print_notice, page.open_button)
    assert page.cases.rowCount() >= 1
    assert not any(_enabled(*case_buttons, page.print_record))
    row = next(r for r in range(page.cases.rowCount()) if page.cases.item(r, 0).text() == with_session)
    page.cases.selectRow(row)
    _settle(qtbot, ctx)
    assert all(_enabled(*case_buttons, page.print_record))
    page.cases.clearSelection()
    assert not any(_enabled(*case_buttons, page.print_record))


def test_mediation_record_print_needs_a_session(qtbot, township, app_ctx):
    from zhongxin_desktop.ui.pages.mediation import MediationPage

    no = two_party_case(township)
    add_session(township, no, result="continue")
    from zhongxin_desktop.store.models import MediationSession
    MediationSession.delete().execute()  # a mediating case whose only record was removed
    ctx = app_ctx(township)
    page = MediationPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    _settle(qtbot, ctx)
    page.cases.selectRow(0)
    _settle(qtbot, ctx)
    assert page.add_button.isEnabled() and not page.print_record.isEnabled()


def test_registry_edit_and_delete_follow_the_tree_selection(qtbot, demo_db, app_ctx):
    from zhongxin_desktop.ui.pages.grid import GridPage
    from zhongxin_desktop.ui.pages.grid_registry_tab import KIND_ROLE

    ctx = app_ctx(demo_db)
    page = GridPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentWidget(page.registry)
    page.refresh()
    tab = page.registry
    qtbot.waitUntil(lambda: tab.tree.topLevelItemCount() > 0, timeout=10000)
    assert not any(_enabled(tab.edit_button, tab.delete_unit))
    grid_item = tab.tree.topLevelItem(0).child(0)
    unit_item = next(grid_item.child(i) for i in range(grid_item.childCount())
                     if grid_item.child(i).data(0, KIND_ROLE) == "unit")
    tab.tree.setCurrentItem(unit_item)
    assert _enabled(tab.edit_button, tab.delete_unit) == [True, True]
    tab.tree.setCurrentItem(grid_item)
    assert _enabled(tab.edit_button, tab.delete_unit) == [True, False]
    tab.tree.setCurrentItem(unit_item)
    tab.refresh()  # the tree is rebuilt: nothing is selected any more
    _settle(qtbot, ctx)
    assert not any(_enabled(tab.edit_button, tab.delete_unit))
    tab.tree.setCurrentItem(tab.tree.topLevelItem(0).child(0))
    tab.tree.selectionModel().clearSelection()
    tab.tree.setCurrentItem(None)
    assert not any(_enabled(tab.edit_button, tab.delete_unit))


def test_case_attachment_and_agreement_tabs_act_on_a_selected_row(qtbot, township, app_ctx, tmp_path):
    from docs_flow import agreement_input
    from zhongxin_desktop.services.settlement import agreements
    from zhongxin_desktop.services.casework import cases
    from zhongxin_desktop.ui.case_detail import CaseDetailView

    no = two_party_case(township)
    add_session(township, no)
    agreements.create(township, no, agreement_input())
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4\n%%EOF\n")
    attachments.attach(township, no, scan, title="现场照片")
    ctx = app_ctx(township)
    view = CaseDetailView(ctx)
    qtbot.addWidget(view)
    view.show()
    view.load(cases._get_case(no).id)
    qtbot.waitUntil(lambda: view.data is not None, timeout=10000)
    _settle(qtbot, ctx)
    tabs = {view.tabs.tabText(i): view.tabs.widget(i) for i in range(view.tabs.count())}
    tab = tabs["附件"]
    button = tab.buttons["open_selected"]
    assert tab.table.rowCount() == 1 and not button.isEnabled()
    tab.table.selectRow(0)
    assert button.isEnabled()
    tab.reload()
    _settle(qtbot, ctx)
    assert tab.table.rowCount() == 1 and not button.isEnabled()
    # the 协议书 tab chooses the version in force (the next step is one click); nothing chosen, nothing to print
    tab = tabs["协议书"]
    button = tab.buttons["print_selected"]
    assert tab.table.rowCount() == 1 and tab.selected()["status"] == "draft" and button.isEnabled()
    assert tab.buttons["edit_selected"].isEnabled() and not tab.buttons["sign_selected"].isEnabled()
    tab.table.clearSelection()
    assert not button.isEnabled() and not tab.buttons["edit_selected"].isEnabled()


def test_case_print_buttons_wait_for_something_to_print(qtbot, township, app_ctx):
    from zhongxin_desktop.services.casework import cases
    from zhongxin_desktop.ui.case_detail import CaseDetailView

    no = two_party_case(township)
    ctx = app_ctx(township)
    view = CaseDetailView(ctx)
    qtbot.addWidget(view)
    view.show()
    view.load(cases._get_case(no).id)
    qtbot.waitUntil(lambda: view.data is not None, timeout=10000)
    _settle(qtbot, ctx)
    tabs = {view.tabs.tabText(i): view.tabs.widget(i) for i in range(view.tabs.count())}
    assert not tabs["调解记录"].buttons["print_record"].isEnabled()
    assert tabs["调解记录"].buttons["print_registration"].isEnabled()
    assert not tabs["回访"].buttons["print_followup"].isEnabled()
    add_session(township, no)
    tabs["调解记录"].reload()
    _settle(qtbot, ctx)
    assert tabs["调解记录"].buttons["print_record"].isEnabled()


def test_followup_buttons_follow_their_own_list(qtbot, demo_db, app_ctx):
    from zhongxin_desktop.ui.pages.followups import FollowUpsPage

    ctx = app_ctx(demo_db)
    page = FollowUpsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    _settle(qtbot, ctx)
    assert page.due.rowCount() > 0 and page.done.rowCount() > 0
    assert not any(_enabled(page.record_button, page.print_button))
    page.due.selectRow(0)
    assert _enabled(page.record_button, page.print_button) == [True, False]
    page.done.selectRow(0)
    assert page.print_button.isEnabled()
    # once its visit is recorded the case leaves 待回访: the reloaded list has nothing selected
    page.due.selectRow(0)
    case_id = selected_id(page.due)
    followups.record(demo_db, case_id, followups.FollowUpInput(visited_on=dt.date.today(), method="电话",
                                                                 visitor="管理员"))
    page.refresh()
    _settle(qtbot, ctx)
    assert case_id not in [page.due.item(r, 0).data(Qt.UserRole) for r in range(page.due.rowCount())]
    assert not page.due.selectionModel().selectedRows() and not page.record_button.isEnabled()
    page.done.clearSelection()
    assert not page.print_button.isEnabled()


def test_user_and_backup_buttons_wait_for_a_row(qtbot, township, app_ctx):
    from zhongxin_desktop.services.safety import backups
    from zhongxin_desktop.ui.pages.settings import SettingsPage

    ctx = app_ctx(township)
    backups.create_backup(township, ctx.data)
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    for key, names in (("users", ("reset_button", "toggle_button", "role_button")),
                       ("backups", ("verify_button", "restore_button"))):
        page.show_tab(key)
        page.refresh()
        _settle(qtbot, ctx)
        tab = page.tab_by_key[key]
        buttons = [getattr(tab, n) for n in names]
        assert tab.table.rowCount() >= 1 and not any(_enabled(*buttons)), key
        tab.table.selectRow(0)
        assert all(_enabled(*buttons)), key
        tab.refresh()
        _settle(qtbot, ctx)
        tab.table.clearSelection()
        assert not any(_enabled(*buttons)), key
