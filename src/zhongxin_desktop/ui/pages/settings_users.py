"""设置 › 用户 (Perm.MANAGE_USERS) and 设置 › 修改密码 (everyone signed in)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QInputDialog, QLabel, QLineEdit,
    QPushButton, QVBoxLayout, QWidget,
)

from zhongxin_desktop.domain.dates import cn_stamp
from zhongxin_desktop.domain.roles import Role
from zhongxin_desktop.services import users
from zhongxin_desktop.services.results import UserRecord
from zhongxin_desktop.ui.context import AppContext
from zhongxin_desktop.ui.pages.settings_parts import (
    Submit,
    MessageLine, enable_on_selection, error_text, fill_table, make_table, selected_key,
)

ASSIGNABLE = [Role.CLERK, Role.MEDIATOR, Role.DIRECTOR, Role.ADMIN]


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class UserDialog(QDialog):
    """Adding a user: sign-in name, name, role, password twice. With ``submit(values, done,
    failed)`` the dialog saves through it and stays open, with what was typed and the reason,
    when the service refuses (a taken name, a weak password)."""

    def __init__(self, parent: QWidget | None = None, roles: Sequence[Role] = ASSIGNABLE,
                 submit: Submit | None = None) -> None:
        super().__init__(parent)
        self.submit = submit
        self.setWindowTitle(self.tr("添加用户"))
        form = QFormLayout(self)
        self.username = QLineEdit()
        self.display_name = QLineEdit()
        self.role = QComboBox()
        for role in roles:
            self.role.addItem(role.label, role.value)
        self.phone = QLineEdit()
        self.password = _password_edit()
        self.repeat = _password_edit()
        form.addRow(self.tr("登录名"), self.username)
        form.addRow(self.tr("姓名"), self.display_name)
        form.addRow(self.tr("角色"), self.role)
        form.addRow(self.tr("电话"), self.phone)
        form.addRow(self.tr("初始密码"), self.password)
        form.addRow(self.tr("再输入一次"), self.repeat)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #c62828;")
        form.addRow(self.error)
        self.buttons = buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _check(self) -> None:
        if self.password.text() != self.repeat.text():
            self.error.setText(self.tr("两次输入的密码不一致"))
            self.repeat.setFocus()
            return
        if self.submit is None:
            self.accept()
            return
        self.buttons.setEnabled(False)
        self.error.setText("")
        self.submit(self.values(), self._saved, self._refused)

    def _saved(self, _result: object = None) -> None:
        self.buttons.setEnabled(True)
        self.accept()

    def _refused(self, exc: BaseException, _tb: str = "") -> None:
        self.buttons.setEnabled(True)
        self.error.setText(error_text(exc))

    def values(self) -> dict[str, Any]:
        return {"username": self.username.text().strip(), "display_name": self.display_name.text().strip(),
                "role": self.role.currentData(), "password": self.password.text(), "phone": self.phone.text().strip()}


class UsersTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.table = make_table([self.tr("登录名"), self.tr("姓名"), self.tr("角色"), self.tr("状态"),
                                 self.tr("最近登录")])
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("添加用户…"))
        self.reset_button = QPushButton(self.tr("重置密码…"))
        self.toggle_button = QPushButton(self.tr("停用/启用"))
        self.role_button = QPushButton(self.tr("更改角色…"))
        self.add_button.clicked.connect(self.add_user)
        self.reset_button.clicked.connect(self.reset_password)
        self.toggle_button.clicked.connect(self.toggle_active)
        self.role_button.clicked.connect(self.change_role)
        for b in (self.add_button, self.reset_button, self.toggle_button, self.role_button):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = MessageLine()
        layout.addWidget(self.message)
        self.rows: list[UserRecord] = []
        self._update_buttons = enable_on_selection(self.table, (self.reset_button, self.toggle_button,
                                                                self.role_button))

    def refresh(self) -> None:
        actor = self.ctx.actor
        self.ctx.worker.submit(lambda: users.users_for(actor), self._show, self._failed)

    def _show(self, rows: list[UserRecord]) -> None:
        self.rows = rows
        fill_table(self.table, [
            (u.username, u.display_name, Role(u.role).label, self.tr("正常") if u.active else self.tr("已停用"),
             cn_stamp(u.last_login_at, seconds=True) if u.last_login_at else self.tr("从未登录")) for u in rows
        ], keys=[u.username for u in rows])
        self._update_buttons()

    def _failed(self, exc: BaseException, _tb: str = "") -> None:
        self.message.error(error_text(exc))

    def _run(self, fn: Callable[[], object], done_text: str) -> None:
        def done(_: object) -> None:
            self.message.ok(done_text)
            self.refresh()

        self.ctx.worker.submit(fn, done, self._failed)

    def submit_add(self, v: dict[str, Any]) -> None:
        actor = self.ctx.actor
        self._run(lambda: users.create_user(actor, v["username"], v["display_name"], v["role"], v["password"],
                                            phone=v["phone"]),
                  self.tr("已添加用户 ") + v["username"])

    def add_user(self) -> None:
        actor = self.ctx.actor

        def submit(v: dict[str, Any], done: Callable[[], None], failed: Callable[[BaseException, str], None]) -> None:
            def created(_user: object) -> None:
                done()
                self.message.ok(self.tr("已添加用户 ") + v["username"])
                self.refresh()

            self.ctx.worker.submit(lambda: users.create_user(actor, v["username"], v["display_name"], v["role"],
                                                             v["password"], phone=v["phone"]), created, failed)

        self.user_dialog = UserDialog(self, submit=submit)
        self.user_dialog.open()

    def _selected(self) -> str | None:
        username = selected_key(self.table)
        if username is None:
            self.message.error(self.tr("请先在列表中选择一个用户"))
        return username

    def reset_password(self) -> None:
        username = self._selected()
        if username is None:
            return
        password, ok = QInputDialog.getText(self, self.tr("重置密码"), self.tr("%1 的新密码（下次登录须修改）：")
                                            .replace("%1", username), QLineEdit.EchoMode.Password)
        if ok:
            self.submit_reset(username, password)

    def submit_reset(self, username: str, password: str) -> None:
        actor = self.ctx.actor
        self._run(lambda: users.reset_password(actor, username, password), self.tr("已重置密码：") + username)

    def toggle_active(self) -> None:
        username = self._selected()
        if username is None:
            return
        user = next(u for u in self.rows if u.username == username)
        actor = self.ctx.actor
        active = not user.active
        self._run(lambda: users.set_active(actor, username, active),
                  (self.tr("已启用：") if active else self.tr("已停用：")) + username)

    def change_role(self) -> None:
        username = self._selected()
        if username is None:
            return
        labels = [r.label for r in ASSIGNABLE]
        label, ok = QInputDialog.getItem(self, self.tr("更改角色"), username, labels, 0, False)
        if ok:
            role = ASSIGNABLE[labels.index(label)]
            actor = self.ctx.actor
            self._run(lambda: users.set_role(actor, username, role), self.tr("已更改角色：") + username)


class PasswordTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.old = _password_edit()
        self.new = _password_edit()
        self.repeat = _password_edit()
        form.addRow(self.tr("原密码"), self.old)
        form.addRow(self.tr("新密码（至少8位，含字母和数字）"), self.new)
        form.addRow(self.tr("再输入一次"), self.repeat)
        layout.addLayout(form)
        self.save_button = QPushButton(self.tr("修改密码"))
        self.save_button.clicked.connect(self.save)
        layout.addWidget(self.save_button)
        self.message = MessageLine()
        layout.addWidget(self.message)
        layout.addStretch(1)

    def refresh(self) -> None:
        pass

    def save(self) -> None:
        if self.new.text() != self.repeat.text():
            self.message.error(self.tr("两次输入的新密码不一致"))
            return
        actor, old, new = self.ctx.actor, self.old.text(), self.new.text()

        def done(_: object) -> None:
            for edit in (self.old, self.new, self.repeat):
                edit.clear()
            self.message.ok(self.tr("密码已修改"))

        self.ctx.worker.submit(lambda: users.change_password(actor, old, new), done,
                               lambda exc, _tb: self.message.error(error_text(exc)))
