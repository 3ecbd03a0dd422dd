"""The common path — a registered case accepted, mediated, its agreement drawn up, printed,
signed, scanned in and locked — done from the case's own page in the main window, every input
delivered to a window as a mouse or keyboard does, and counted.

A step is one click, or one group of keys typed into a field (clicking into the field and
typing there counts once), or one key such as Esc. The goal a clerk can feel: at most 20."""
from __future__ import annotations

import datetime as dt

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QPageSize
from PySide6.QtWidgets import QApplication, QDialog

from helpers import window_click, window_key, window_type
from zhongxin_desktop.services import _case_rows
from zhongxin_desktop.domain.case_input import CaseInput, PartyInput
from zhongxin_desktop.services.casework import cases
from zhongxin_desktop.store.models import Agreement, MediationSession
from zhongxin_desktop.ui import agreement_steps
from zhongxin_desktop.ui.dialogs import print_preview
from zhongxin_desktop.ui.main_window import MainWindow

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154"
                    "08d763f8ffff3f0005fe02fea7d6a4e00000000049454e44ae426082")


class Steps:
    def __init__(self, qtbot):
        self.qtbot, self.count, self.log = qtbot, 0, []

    def click(self, widget, what: str) -> None:
        self.qtbot.waitUntil(lambda: widget.isVisible() and widget.isEnabled(), timeout=10000)
        window_click(widget)
        self._counted(what)

    def fill(self, widget, text: str, what: str) -> None:
        """Click into a field and type there: one step."""
        self.qtbot.waitUntil(widget.isVisible, timeout=10000)
        window_click(widget)
        self.qtbot.waitUntil(widget.hasFocus, timeout=5000)
        window_type(widget, text)
        self._counted(what)

    def key(self, widget, key, what: str) -> None:
        window_key(widget, key)
        self._counted(what)

    def _counted(self, what: str) -> None:
        self.count += 1
        self.log.append(what)


def _registered_case(actor) -> str:
    data = CaseInput(category="邻里", source="来访", facts="Drain water runs into the neighbour's yard.",
                     claims="Move the drain", amount="800",
                     parties=[PartyInput(name="Zhang San", role="申请人", phone="13812345678"),
                              PartyInput(name="Li Si", role="被申请人")])
    return cases.register(actor, data).id


def _confirm(steps: Steps, qtbot, owner, button_text: str) -> None:
    qtbot.waitUntil(lambda: getattr(owner, "confirm_box", None) is not None, timeout=10000)
    [button] = [b for b in owner.confirm_box.buttons() if b.text() == button_text]
    steps.click(button, f"question: {button_text}")


def test_registration_to_a_locked_agreement_without_leaving_the_case(qtbot, township, app_ctx, monkeypatch,
                                                                       tmp_path):
    printed = tmp_path / "printer.pdf"
    opened_with = []

    class PdfPrinterDialog:  # the system's print dialog: its 打印 button is one click
        def __init__(self, printer, parent=None):
            self.printer = printer
            opened_with.append((printer.copyCount(), printer.pageLayout().pageSize().id(), printer.fullPage()))

        def setMinMax(self, *_):
            pass

        def exec(self):
            self.printer.setOutputFormat(self.printer.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(printed))
            return QDialog.Accepted

    monkeypatch.setattr(print_preview, "QPrintDialog", PdfPrinterDialog)
    scan = tmp_path / "signed.png"
    scan.write_bytes(PNG)
    monkeypatch.setattr(agreement_steps.QFileDialog, "getOpenFileName", lambda *a, **k: (str(scan), ""))

    ctx = app_ctx(township)
    case_id = _registered_case(township)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    ctx.bus.open_case.emit(case_id)  # what saving the registration form does
    detail = window.pages["cases"].detail
    qtbot.waitUntil(lambda: detail.data is not None and detail.data["id"] == case_id, timeout=10000)
    steps = Steps(qtbot)

    steps.click(detail.action_buttons["accept"], "受理")
    _confirm(steps, qtbot, detail, "受理")
    qtbot.waitUntil(lambda: detail.data["status"] == "accepted", timeout=10000)

    steps.click(detail.action_buttons["record_session"], "记录调解…")
    sessions_tab = detail._tab("sessions")
    qtbot.waitUntil(lambda: sessions_tab.editor is not None and sessions_tab.editor.isVisible(), timeout=10000)
    session = sessions_tab.editor
    assert detail.data["case_no"] in session.windowTitle()
    steps.fill(session.matter, "Drain", "事由")
    steps.fill(session.statements, "Both agree to move the drain.", "当事人陈述")
    window_key(session, Qt.Key_Tab)  # on to 查明事实, then 调解结果: one group of keys
    window_key(session, Qt.Key_Tab)
    steps._counted("Tab Tab → 调解结果")
    assert session.result_choice.hasFocus()
    steps.key(session, Qt.Key_Up, "调解结果：达成协议")  # the arrow keys choose in a dropdown
    assert session.result_choice.currentData() == "agreed"
    steps.click(session.buttons.button(session.buttons.StandardButton.Save), "保存调解记录")

    # reaching agreement leads on to the agreement, started from what the case already knows
    agreements_tab = detail._tab("agreements")
    qtbot.waitUntil(lambda: agreements_tab.editor is not None and agreements_tab.editor.isVisible(), timeout=10000)
    assert detail.tabs.currentWidget() is agreements_tab
    editor = agreements_tab.editor
    assert "Drain water runs into the neighbour's yard." in editor.facts.toPlainText()
    assert editor.amount.value() == 800 and editor.mediator.currentText() == township.display_name
    steps.fill(editor.clauses, "Li Si moves the drain within ten days.", "协议内容")
    steps.fill(editor.performance, "Within ten days", "履行方式")
    steps.click(editor.buttons.button(editor.buttons.StandardButton.Save), "保存协议")
    qtbot.waitUntil(lambda: [r["status"] for r in agreements_tab.rows] == ["draft"], timeout=10000)

    steps.click(agreements_tab.buttons["print_signing_copy"], "打印签署本")  # the new agreement is already chosen
    qtbot.waitUntil(lambda: getattr(agreements_tab, "preview_dialog", None) is not None, timeout=20000)
    preview = agreements_tab.preview_dialog
    qtbot.waitExposed(preview)
    steps.click(preview.print_button, "打印…")
    steps._counted("打印对话框：打印")
    assert printed.read_bytes().startswith(b"%PDF")
    # the dialog came up with one copy per party and one for the file, on A4, the page at full size
    parties = len(_case_rows._parties_of(cases._get_case(case_id)))
    assert opened_with == [(parties + 1, QPageSize.A4, True)]
    steps.key(preview, Qt.Key_Escape, "关闭预览")
    qtbot.waitUntil(lambda: [r["status"] for r in agreements_tab.rows] == ["printed"], timeout=10000)

    steps.click(agreements_tab.buttons["sign_selected"], "登记签署")
    _confirm(steps, qtbot, agreements_tab, "登记签署")
    qtbot.waitUntil(lambda: [r["status"] for r in agreements_tab.rows] == ["signed"], timeout=10000)
    steps.click(agreements_tab.buttons["choose_scan"], "附加扫描件…")
    steps._counted("选择扫描件文件")
    _confirm(steps, qtbot, agreements_tab, "锁定")  # offered as soon as the scan is in
    qtbot.waitUntil(lambda: [r["status"] for r in agreements_tab.rows] == ["frozen"], timeout=10000)

    # the database says the same, and the clerk never left the case's page
    ctx.worker.wait()
    [a] = Agreement.select().where(Agreement.case == case_id)
    assert a.status == "frozen" and a.signed_on == dt.date.today() and a.copies == 3
    assert [s.result for s in MediationSession.select().where(MediationSession.case == case_id)] == ["agreed"]
    assert cases._get_case(case_id).status == "succeeded"
    assert window.current_page() is window.pages["cases"]
    assert window.pages["cases"].stack.currentWidget() is detail and detail.case_id == case_id
    assert steps.count <= 20, steps.log
    QApplication.processEvents()


def _case_view(qtbot, ctx, case_id):
    from zhongxin_desktop.ui.case_detail import CaseDetailView

    view = CaseDetailView(ctx)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    qtbot.waitExposed(view)
    view.load(case_id)
    qtbot.waitUntil(lambda: view.data is not None, timeout=10000)
    return view


def test_a_follow_up_is_recorded_from_the_case_and_the_page_stays_on_it(qtbot, township, app_ctx):
    from docs_flow import add_session, agreement_input, two_party_case
    from zhongxin_desktop.documents import printing
    from zhongxin_desktop.services.settlement import agreements

    neighbours = [two_party_case(township, name_a=n) for n in ("Wang", "Zhao")]
    for no in neighbours:
        add_session(township, no)
        a = agreements.create(township, no, agreement_input())
        printing.print_document(township, "agreement", no, signing=True)
        agreements.sign(township, a.id)
    ctx = app_ctx(township)
    case_id = cases._get_case(neighbours[0]).id
    view = _case_view(qtbot, ctx, case_id)
    tab = view._tab("followups")
    view.tabs.setCurrentWidget(tab)
    window_click(tab.buttons["record_followup"])
    qtbot.waitUntil(lambda: tab.editor is not None and tab.editor.isVisible(), timeout=10000)
    assert neighbours[0] in tab.editor.windowTitle()
    window_click(tab.editor.buttons.button(tab.editor.buttons.StandardButton.Save))
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=10000)
    assert view.case_id == case_id and view.data["case_no"] == neighbours[0]
    assert [len(cases._get_case(no).followups) for no in neighbours] == [1, 0]


@pytest.mark.qt_log_ignore("does not support grabbing the keyboard")  # the offscreen platform's popups
def test_pickers_filter_by_any_part_of_a_name(qtbot, township, app_ctx):
    """The mediator is found by typing part of the name; text naming nobody is not kept."""
    from zhongxin_desktop.domain.roles import Role
    from zhongxin_desktop.services import users
    from zhongxin_desktop.ui.dialogs.session_dialog import SessionDialog

    people = []
    for login, name in (("m1", "Wang Xiaoming"), ("m2", "Zhao Lihua"), ("m3", "Zhang Wei")):
        people.append((users.create_user(township, login, name, Role.MEDIATOR, "Test2026pass").id, name))
    dialog = SessionDialog("(1)", people, lambda data: None, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    window_click(dialog.host)
    qtbot.waitUntil(dialog.host.hasFocus, timeout=5000)
    dialog.host.lineEdit().selectAll()
    window_type(dialog, "lih")
    completer = dialog.host.completer()
    qtbot.waitUntil(lambda: completer.popup().isVisible(), timeout=5000)
    assert completer.completionCount() == 1 and completer.currentCompletion() == "Zhao Lihua"
    for key in (Qt.Key_Down, Qt.Key_Return):  # the arrow key chooses in the list, Enter takes it
        window_key(completer.popup(), key)
    qtbot.waitUntil(lambda: dialog.host.currentText() == "Zhao Lihua", timeout=5000)
    assert dialog.host.currentData() == people[1][0]
    # typed text that names no mediator goes back to the chosen one when the field is left
    dialog.host.lineEdit().selectAll()
    window_type(dialog, "nobody")
    window_click(dialog.place)
    qtbot.waitUntil(lambda: dialog.host.currentText() == "Zhao Lihua", timeout=5000)
    assert dialog.get_input().host_id == people[1][0]
    dialog.reject()
