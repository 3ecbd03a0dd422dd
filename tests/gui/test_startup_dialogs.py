import sys

from PySide6.QtWidgets import QDialogButtonBox

from zhongxin_desktop.services import center
from zhongxin_desktop.ui.error_report import ErrorReportDialog, format_report
from zhongxin_desktop.ui.dialogs.first_run import FirstRunDialog
from zhongxin_desktop.ui.dialogs.login import LoginDialog


def test_first_run_creates_the_township_and_keeps_input_on_error(qtbot, db):
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    ui = dialog.ui
    ui.nameEdit.setText("青山镇综治中心")
    ui.codeEdit.setText("12345")  # wrong length
    ui.committeeEdit.setText("青山")
    ui.adminNameEdit.setText("王主任")
    ui.passwordEdit.setText("Qingshan2026")
    ui.password2Edit.setText("Qingshan2026")
    dialog.buttons.button(QDialogButtonBox.Ok).click()
    assert "乡镇代码" in ui.errorLabel.text()
    assert ui.nameEdit.text() == "青山镇综治中心"  # nothing the clerk typed is lost
    assert not center.is_initialised()
    ui.codeEdit.setText("520102001")
    dialog.buttons.button(QDialogButtonBox.Ok).click()
    assert center.is_initialised()
    assert center.local_center().committee_short == "青山"
    assert dialog.username == "admin"


def test_login_dialog_refuses_a_wrong_password_then_signs_in(qtbot, township):
    dialog = LoginDialog("测试镇综治中心", username="admin")
    qtbot.addWidget(dialog)
    dialog.ui.passwordEdit.setText("wrong-password1")
    dialog.buttons.button(QDialogButtonBox.Ok).click()
    assert "不正确" in dialog.ui.errorLabel.text() and dialog.actor is None
    dialog.ui.passwordEdit.setText("Test2026pass")
    dialog.buttons.button(QDialogButtonBox.Ok).click()
    assert dialog.actor is not None and dialog.actor.username == "admin"


def test_error_report_is_copyable(qtbot):
    try:
        raise ValueError("断电")
    except ValueError:
        report = format_report(*sys.exc_info())
    dialog = ErrorReportDialog(report)
    qtbot.addWidget(dialog)
    assert "ValueError: 断电" in dialog.text.toPlainText()
    from PySide6.QtWidgets import QApplication, QPushButton

    [copy] = [b for b in dialog.findChildren(QPushButton) if b.text() == "复制报告"]
    copy.click()
    assert "ValueError: 断电" in QApplication.clipboard().text()


def test_the_unsigned_console_cannot_change_a_password(township):
    import pytest

    from zhongxin_desktop.domain.errors import DomainError
    from zhongxin_desktop.domain.roles import Role
    from zhongxin_desktop.services import users
    from zhongxin_desktop.services.actor import Actor

    console = Actor("console", "本机只读", Role.VIEWER, "520102003")
    with pytest.raises(DomainError, match="先以用户身份登录"):
        users.change_password(console, "x", "Another2026pass")
