"""更正 and 指派调解员 from the case page, and the registration form that asks before throwing
typed work away (Esc, 取消, ×)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from exchange_support import new_case
from helpers import open_case_form, window_key, window_type
from zhongxin_desktop.services import _case_rows
from zhongxin_desktop.domain.roles import Role
from zhongxin_desktop.services.casework import cases
from zhongxin_desktop.store.models import Case, CaseEvent
from zhongxin_desktop.ui.case_detail import CaseDetailView


def _view(qtbot, ctx, cid):
    view = CaseDetailView(ctx)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    view.load(cid)
    qtbot.waitUntil(lambda: view.data is not None, timeout=10000)
    return view


def test_a_case_is_corrected_from_its_page(qtbot, township, app_ctx):
    ctx = app_ctx(township)
    cid = new_case(township, name="Zhang Shan")
    view = _view(qtbot, ctx, cid)
    button = view.action_buttons["edit_case"]
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.LeftButton)
    form = view.correction_dialog
    qtbot.waitUntil(lambda: form.save_button.isEnabled(), timeout=10000)
    assert "更正案件" in form.windowTitle()
    first = form.party_editors[0]
    assert first.name.text() == "Zhang Shan" and first.phone.text() == "13812345678"  # unmasked to correct
    assert [e.name.text() for e in form.party_editors] == ["Zhang Shan", "李四"]
    form.activateWindow()
    first.name.setFocus()
    qtbot.waitUntil(first.name.hasFocus, timeout=5000)
    first.name.selectAll()
    window_type(form, "Zhang San")
    window_key(form, Qt.Key_S, Qt.ControlModifier)  # no reason yet: refused at the reason field
    qtbot.waitUntil(lambda: form.errors.labels["更正原因"].isVisible(), timeout=10000)
    assert QApplication.focusWidget() is form.reason
    window_type(form, "name typo")
    with qtbot.waitSignal(form.saved, timeout=10000):
        window_key(form, Qt.Key_S, Qt.ControlModifier)
    ctx.worker.wait()
    assert [p.name for _, p in _case_rows._parties_of(Case.get_by_id(cid))] == ["Zhang San", "李四"]
    qtbot.waitUntil(lambda: any(r == "更正" for r in _timeline_actions(view)), timeout=10000)


def _timeline_actions(view) -> list[str]:
    return [view.timeline.item(r, 2).text() for r in range(view.timeline.rowCount())]


def test_a_mediator_is_assigned_and_changed_from_the_case_page(qtbot, township, make_user, app_ctx):
    make_user(Role.MEDIATOR, "tiaojie1")
    ctx = app_ctx(township)
    cid = new_case(township)
    view = _view(qtbot, ctx, cid)
    button = view.action_buttons["assign_mediator"]
    assert button.isVisible() and button.text() == "指派调解员"
    mediator = make_user(Role.MEDIATOR, "tiaojie2")
    view.perform("assign_mediator", {"mediator": mediator.user_id})
    ctx.worker.wait()
    qtbot.waitUntil(lambda: view.data["mediator_name"] == mediator.display_name, timeout=10000)
    assert button.text() == "更换调解员"
    assert CaseEvent.select().where(CaseEvent.case == cid, CaseEvent.action == "assign_mediator").count() == 1


def _answer_discard_box(qtbot, form, button_text: str) -> None:
    qtbot.waitUntil(lambda: form.discard_box is not None and form.discard_box.isVisible(), timeout=5000)
    box = form.discard_box
    [button] = [b for b in box.buttons() if b.text() == button_text]
    qtbot.mouseClick(button, Qt.LeftButton)


def test_typed_registration_is_not_thrown_away_unasked(qtbot, township, app_ctx):
    ctx = app_ctx(township)
    form = open_case_form(qtbot, ctx)
    window_key(form, Qt.Key_Escape)  # nothing typed: Esc simply closes
    assert not form.isVisible()
    form = open_case_form(qtbot, ctx)
    form.party_editors[0].name.setFocus()
    qtbot.waitUntil(form.party_editors[0].name.hasFocus, timeout=5000)
    window_type(form, "Zhang")
    for close in (lambda: window_key(form, Qt.Key_Escape), form.cancel_button.click, form.close):
        close()
        _answer_discard_box(qtbot, form, "继续填写")
        assert form.isVisible() and form.party_editors[0].name.text() == "Zhang"
    form.close()
    _answer_discard_box(qtbot, form, "放弃并关闭")
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=5000)
    assert form.result() == QMessageBox.Rejected or form.result() == 0


def test_a_legal_persons_representative_shows_on_the_case(qtbot, township, app_ctx):
    from zhongxin_desktop.domain.case_input import CaseInput, PartyInput

    data = CaseInput(source="来访", category="合同", facts="货款纠纷",
                     parties=[PartyInput(name="青山建材有限公司", kind="legal", legal_rep="王经理", contact="李会计"),
                              PartyInput(name="张三", role="被申请人")])
    cid = cases.register(township, data).id
    view = _view(qtbot, app_ctx(township), cid)
    headers = [view.parties.horizontalHeaderItem(c).text() for c in range(view.parties.columnCount())]
    column = headers.index("法定代表人/联系人")
    assert view.parties.item(0, column).text() == "王经理　李会计"
