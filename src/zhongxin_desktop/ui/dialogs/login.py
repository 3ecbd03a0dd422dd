"""Sign-in at start, and unlocking the idle screen lock."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout

from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.services import users
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.ui.forms import LoginForm, load_form
from zhongxin_desktop.ui.icons import app_icon
from zhongxin_desktop.ui.screen_fit import fit_to_screen

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent
    from PySide6.QtWidgets import QWidget


class LoginDialog(QDialog):
    def __init__(self, center_name: str, hint: str = "", username: str = "", locked_user: str | None = None,
                 parent: QWidget | None = None, while_waiting: Callable[[], object] | None = None) -> None:
        """``while_waiting``: work for a side thread, started once the dialog is on screen (not
        while it is being built, which it would slow down), or when the password is submitted."""
        super().__init__(parent)
        self._while_waiting = while_waiting
        self.setWindowTitle(self.tr("登录 — 综治中心桌面端") if not locked_user else self.tr("已锁定 — 请输入密码解锁"))
        self.setWindowIcon(app_icon())
        self.ui = load_form("login", LoginForm, self)
        self.ui.centerLabel.setText(center_name)
        self.ui.hintLabel.setText(hint)
        self.ui.hintLabel.setVisible(bool(hint))
        self.ui.usernameEdit.setText(locked_user or username)
        self.ui.usernameEdit.setReadOnly(locked_user is not None)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登录") if not locked_user else self.tr("解锁"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出") if not locked_user else self.tr("取消"))
        self.buttons.accepted.connect(self.try_sign_in)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.ui)
        layout.addWidget(self.buttons)
        (self.ui.passwordEdit if (locked_user or username) else self.ui.usernameEdit).setFocus()
        self.actor: Actor | None = None
        fit_to_screen(self, 380, 220)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._start_waiting_work()

    def _start_waiting_work(self) -> None:
        work, self._while_waiting = self._while_waiting, None
        if work is not None:
            work()

    def try_sign_in(self) -> None:
        self._start_waiting_work()
        username = self.ui.usernameEdit.text().strip()
        password = self.ui.passwordEdit.text()
        if not username:
            self.ui.errorLabel.setText(self.tr("请输入用户名"))
            return
        try:
            self.actor = users.sign_in(username, password)
        except DomainError as exc:
            self.ui.errorLabel.setText(str(exc))
            self.ui.passwordEdit.selectAll()
            self.ui.passwordEdit.setFocus()
            return
        self.accept()
