"""The registration form applies the same door as `cases add --json`: a control character pasted
into a field is refused at that field, and a doubtful date is put to the clerk before saving."""
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox
from .test_cases_gui import fill_two_parties, open_form, page  # noqa: F401 - the page fixture

from zhongxin_desktop.store.models import Case


def test_a_pasted_control_character_is_refused_at_its_field(qtbot, page):  # noqa: F811
    form = open_form(qtbot, page)
    fill_two_parties(qtbot, form)
    form.party_editors[1].name.setText("李\x1b[31m四")  # pasted from a terminal
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    label = form.party_editors[1].errors.labels["姓名/名称"]
    qtbot.waitUntil(lambda: "控制字符" in label.text(), timeout=10000)
    assert "ESC" in label.text() and Case.select().count() == 0
    form.reject()


def test_a_registration_before_1949_is_questioned(qtbot, page):  # noqa: F811
    form = open_form(qtbot, page)
    fill_two_parties(qtbot, form)
    form.registered_on.setDate(QDate(1948, 5, 1))
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: form.doubt_box is not None, timeout=10000)
    assert "早于1949年10月1日" in form.doubt_box.text()
    qtbot.mouseClick(form.doubt_box.button(QMessageBox.No), Qt.LeftButton)
    assert Case.select().count() == 0 and "未保存" in form.summary.text()
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: form.doubt_box is not None, timeout=10000)
    with qtbot.waitSignal(form.saved, timeout=10000):
        qtbot.mouseClick(form.doubt_box.button(QMessageBox.Yes), Qt.LeftButton)
    assert Case.get().registered_on.year == 1948
