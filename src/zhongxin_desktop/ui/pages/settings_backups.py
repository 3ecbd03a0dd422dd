"""设置 › 备份 (Perm.RESTORE): the backups, back up now, verify, restore with confirmation."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout, QInputDialog, QLabel, QLineEdit, QMessageBox, QPushButton, QVBoxLayout, QWidget,
)

from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.services.safety import backups, pii_crypto
from zhongxin_desktop.services.safety.backups import CreateResult, Manifest
from zhongxin_desktop.ui import long_job
from zhongxin_desktop.ui.context import AppContext
from zhongxin_desktop.ui.restart import request_restart
from zhongxin_desktop.ui.pages.settings_parts import (
    MessageLine, enable_on_selection, error_text, fill_table, make_table, selected_key,
)

KIND_LABELS = {"daily": "每日自动", "manual": "手动", "pre-restore": "恢复前", "pre-import": "导入前"}


def kind_label(kind: str) -> str:
    if kind.startswith("pre-migration"):
        return "升级前"
    return KIND_LABELS.get(kind, kind)


class BackupsTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.where = QLabel(self.tr("备份目录：") + str(ctx.data.backups))
        self.where.setWordWrap(True)
        layout.addWidget(self.where)
        self.table = make_table([self.tr("备份"), self.tr("时间"), self.tr("类型"), self.tr("大小"),
                                 self.tr("加密"), self.tr("位置")])
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.create_button = QPushButton(self.tr("立即备份"))
        self.verify_button = QPushButton(self.tr("校验所选备份"))
        self.restore_button = QPushButton(self.tr("从所选备份恢复…"))
        self.passphrase_button = QPushButton(self.tr("备份口令…"))
        self.passphrase_button.setVisible(ctx.actor.can(Perm.SETTINGS))
        self.create_button.setVisible(ctx.actor.can(Perm.EXPORT))
        self.create_button.clicked.connect(self.create_now)
        self.verify_button.clicked.connect(self.verify_selected)
        self.restore_button.clicked.connect(self.restore_selected)
        self.passphrase_button.clicked.connect(self.set_passphrase)
        for b in (self.create_button, self.verify_button, self.restore_button, self.passphrase_button):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = MessageLine()
        layout.addWidget(self.message)
        # Backups made before encryption at rest still hold the numbers in plain text: say so, offer a fix.
        self.plain_warning = QLabel()
        self.plain_warning.setWordWrap(True)
        self.plain_warning.setStyleSheet("color: #b00020;")
        self.seal_plain_button = QPushButton(self.tr("用备份口令加密这些备份"))
        self.delete_plain_button = QPushButton(self.tr("删除这些备份…"))
        self.seal_plain_button.clicked.connect(self.seal_plain)
        self.delete_plain_button.clicked.connect(self.delete_plain)
        plain_row = QHBoxLayout()
        for w in (self.seal_plain_button, self.delete_plain_button):
            plain_row.addWidget(w)
        plain_row.addStretch(1)
        layout.addWidget(self.plain_warning)
        layout.addLayout(plain_row)
        self._show_plain([])
        self.found: list[Manifest] = []
        self._update_buttons = enable_on_selection(self.table, (self.verify_button, self.restore_button))

    def refresh(self) -> None:
        data = self.ctx.data

        def load() -> tuple[list[Manifest], list[Manifest]]:
            plain = pii_crypto.plain_backups(data) if pii_crypto.is_on() else []
            return backups.every_backup(data), plain

        self.ctx.worker.submit(load, self._show, self._failed)

    def _show_plain(self, plain: list[Manifest]) -> None:
        self.plain = plain
        may = self.ctx.actor.can(Perm.SETTINGS)
        self.plain_warning.setVisible(bool(plain))
        self.plain_warning.setText(self.tr(
            "注意：%1 个备份早于个人信息加密存储，仍含明文身份证号和电话。请用备份口令加密它们，或删除它们。"
        ).replace("%1", str(len(plain))) + ("" if may else self.tr("（需管理员处理）")))
        for b in (self.seal_plain_button, self.delete_plain_button):
            b.setVisible(bool(plain) and may)

    def _show(self, result: tuple[list[Manifest], list[Manifest]]) -> None:
        found, plain = result
        self._show_plain(plain)
        self.found = found
        fill_table(self.table, [
            (m.name, m.created_at.replace("T", " "), kind_label(m.kind), f"{m.size / 1048576:.1f} MB",
             self.tr("是") if m.encrypted else self.tr("否"), m.folder) for m in found
        ], keys=[str(m.path()) for m in found])
        self._update_buttons()

    def _failed(self, exc: BaseException, _tb: str = "") -> None:
        self.message.error(error_text(exc))

    def create_now(self) -> None:
        actor, data = self.ctx.actor, self.ctx.data
        self.message.ok(self.tr("正在备份…"))

        def done(result: CreateResult) -> None:
            text = self.tr("已备份：") + result.manifest.name
            if result.warnings:
                self.message.error(text + "；" + "；".join(result.warnings))
            else:
                self.message.ok(text)
            self.refresh()

        long_job.start(self, self.ctx, self.tr("备份"), self.tr("正在备份数据库并校验…"),
                       lambda _p: backups.create_backup(actor, data), done, cancellable=False,
                       on_failed=lambda text: self.message.error(text.splitlines()[0]))

    def _selected(self) -> str | None:
        path = selected_key(self.table)
        if path is None:
            self.message.error(self.tr("请先在列表中选择一个备份"))
        return path

    def verify_selected(self) -> None:
        path = self._selected()
        if path is None:
            return
        actor, data = self.ctx.actor, self.ctx.data

        def done(pair: tuple[Manifest, str]) -> None:
            m, result = pair
            if result == "ok":
                self.message.ok(self.tr("备份“%1”校验通过").replace("%1", m.name))
            else:
                self.message.error(self.tr("备份“%1”校验未通过：").replace("%1", m.name) + result)

        self.ctx.worker.submit(lambda: backups.verify_backup(actor, data, path), done, self._failed)

    def confirm_restore(self, name: str) -> bool:
        answer = QMessageBox.question(
            self, self.tr("从备份恢复"),
            self.tr("将用备份“%1”替换当前的全部数据。\n当前数据会先自动备份，可以再恢复回来。\n"
                    "恢复后需要重新登录。确定恢复吗？").replace("%1", name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def restore_selected(self) -> None:
        path = self._selected()
        if path is None:
            return
        m = next(m for m in self.found if str(m.path()) == path)
        if not self.confirm_restore(m.name):
            return
        actor, data = self.ctx.actor, self.ctx.data
        watch = getattr(self.window(), "integrity_watch", None)
        if watch is not None:  # the background check reads the old file on its own connection:
            watch.stop()  # on Windows a file held open cannot be replaced (not resumed: the next start checks)
        self.ctx.worker.wait()  # nothing else may run on the old file
        backups.release_connection()  # the GUI thread's connection: the file is swapped under it

        def done(safety: Manifest) -> None:
            QMessageBox.information(self, self.tr("已恢复"), self.tr(
                "已从备份“%1”恢复。恢复前的数据已保存为“%2”。请重新登录。").replace("%1", m.name)
                .replace("%2", safety.name))
            request_restart()

        self.ctx.worker.submit(lambda: backups.restore_backup(actor, data, path), done, self._failed)

    def seal_plain(self) -> None:
        actor, data = self.ctx.actor, self.ctx.data

        def done(n: int) -> None:
            self.message.ok(self.tr("已用备份口令加密 %1 个旧备份").replace("%1", str(n)))
            self.refresh()

        self.ctx.worker.submit(lambda: pii_crypto.seal_backups(actor, data), done, self._failed)

    def confirm_delete_plain(self, count: int) -> bool:
        answer = QMessageBox.question(
            self, self.tr("删除旧备份"),
            self.tr("将删除 %1 个含明文号码的旧备份，删除后无法用它们恢复。确定删除吗？").replace("%1", str(count)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def delete_plain(self) -> None:
        if not self.confirm_delete_plain(len(self.plain)):
            return
        actor, data = self.ctx.actor, self.ctx.data

        def done(n: int) -> None:
            self.message.ok(self.tr("已删除 %1 个含明文号码的旧备份").replace("%1", str(n)))
            self.refresh()

        self.ctx.worker.submit(lambda: pii_crypto.delete_plain_backups(actor, data), done, self._failed)

    def set_passphrase(self) -> None:
        text, ok = QInputDialog.getText(self, self.tr("备份口令"), self.tr(
            "设置后，所有新备份都用此口令加密（至少8位）。请另行妥善保管，丢失后加密备份无法恢复。\n留空则不再加密："),
            QLineEdit.EchoMode.Password)
        if not ok:
            return
        actor, data = self.ctx.actor, self.ctx.data
        self.ctx.worker.submit(lambda: backups.set_passphrase(actor, data, text or None),
                               lambda _: self.message.ok(self.tr("备份口令已设置") if text else self.tr("已取消备份加密")),
                               self._failed)
