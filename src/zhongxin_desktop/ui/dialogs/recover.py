"""A corrupt database at start: say so clearly and offer the newest good backup. Nothing is
written unless the user (with the restore permission, checked against the backup's own users)
chooses to restore; the damaged file is kept in backups/corrupt-*/."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout,
)

from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.services.safety import backups
from zhongxin_desktop.services.database import StoreError
from zhongxin_desktop.ui.screen_fit import fit_to_screen

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


class RecoverDialog(QDialog):
    def __init__(self, data: DataDir, problem: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = data
        lost = backups.database_lost(data)  # missing or emptied rather than damaged
        self.setWindowTitle(self.tr("数据库文件丢失或为空") if lost else self.tr("数据库已损坏"))
        layout = QVBoxLayout(self)
        message = QLabel(problem)
        message.setWordWrap(True)
        layout.addWidget(message)
        self.backup = backups.newest_good(data)
        self.buttons = QDialogButtonBox()
        quit_button = self.buttons.addButton(self.tr("退出，不做修改"), QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.clicked.connect(self.reject)
        self.restore_button = None
        if self.backup is None:
            layout.addWidget(QLabel(self.tr("没有找到可用的完好备份。请不要删除数据目录，联系县级技术人员处理。")))
        else:
            m = self.backup
            offer = QLabel(self.tr("最近的完好备份：%1（%2）。\n恢复后，该备份之后录入的数据需要重新录入；"
                                   "损坏的文件会保留，供技术人员检查。").replace("%1", m.name)
                           .replace("%2", m.created_at.replace("T", " ")))
            offer.setWordWrap(True)
            layout.addWidget(offer)
            form = QFormLayout()
            self.username = QLineEdit()
            self.username.setObjectName("recoverUser")
            self.password = QLineEdit()
            self.password.setObjectName("recoverPassword")
            self.password.setEchoMode(QLineEdit.EchoMode.Password)
            self.passphrase = QLineEdit()
            self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
            form.addRow(self.tr("管理员用户名"), self.username)
            form.addRow(self.tr("密码"), self.password)
            if m.encrypted and not backups.configured_passphrase(data):
                form.addRow(self.tr("备份口令"), self.passphrase)
            layout.addLayout(form)
            self.restore_button = self.buttons.addButton(self.tr("从此备份恢复"), QDialogButtonBox.ButtonRole.AcceptRole)
            self.restore_button.clicked.connect(self.restore)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 520, 300)

    def restore(self) -> None:
        assert self.backup is not None  # the restore button is offered only with a good backup
        try:
            m, kept = backups.recover_corrupt(self.data, self.backup.name, self.username.text().strip(),
                                              self.password.text(), self.passphrase.text() or None)
        except (DomainError, StoreError) as exc:
            self.error.setText(str(exc))
            return
        self.recovered = (m, kept)
        self.accept()


def offer_recovery(data: DataDir, problem: str) -> bool:
    """True when the user restored a backup (the database is open again)."""
    return RecoverDialog(data, problem).exec() == QDialog.DialogCode.Accepted
