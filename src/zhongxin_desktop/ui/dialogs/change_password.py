"""After an administrator reset the password: the user must choose a new one before working."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit

from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.services import users
from zhongxin_desktop.services.actor import Actor

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


class ChangePasswordDialog(QDialog):
    def __init__(self, actor: Actor, old_password: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setWindowTitle(self.tr("请修改密码"))
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("管理员重置了您的密码。请设置只有您自己知道的新密码（至少8位，含字母和数字）。")))
        self.old = QLineEdit(old_password)
        self.new = QLineEdit()
        self.repeat = QLineEdit()
        for edit in (self.old, self.new, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("当前密码"), self.old)
        form.addRow(self.tr("新密码"), self.new)
        form.addRow(self.tr("再输入一次"), self.repeat)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("修改"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        (self.new if old_password else self.old).setFocus()

    def save(self) -> None:
        if self.new.text() != self.repeat.text():
            self.error.setText(self.tr("两次输入的新密码不一致"))
            return
        if self.new.text() == self.old.text():
            self.error.setText(self.tr("新密码不能与当前密码相同"))
            return
        try:
            users.change_password(self.actor, self.old.text(), self.new.text())
        except DomainError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
