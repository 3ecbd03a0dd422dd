"""The full database check a start skipped (the clean-close marker vouched for the file), run
after the window shows on a side thread. Damage found there is told plainly: saving stops at
once (the connections turn read-only) and the recovery from a backup is offered."""
from __future__ import annotations

import logging

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QAbstractButton, QLabel, QMainWindow, QMessageBox, QPushButton

from zhongxin_desktop.services.safety import integrity
from zhongxin_desktop.services.database import CheckCancelled
from zhongxin_desktop.ui.context import AppContext
from zhongxin_desktop.ui.failures import report_failure
from zhongxin_desktop.ui.restart import request_restart
from zhongxin_desktop.ui.worker import SideWorker

log = logging.getLogger(__name__)


class IntegrityWatch(QObject):
    def __init__(self, window: QMainWindow, ctx: AppContext):
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self.side = SideWorker(self)
        self.running = False
        self.problem: str | None = None
        self.box: QMessageBox | None = None
        self.recover_button: QPushButton | None = None

    def start(self) -> bool:
        """Check now unless the file was already checked in full in this session."""
        if self.running or not integrity.needs_check():
            return False
        data, cancel = self.ctx.data, self.side.cancel
        self.running = True
        self.side.submit(lambda: integrity.check_open_database(data, cancel), self._finished, self._failed)
        return True

    def stop(self) -> None:
        """Quitting: a check still reading is cancelled (the next start checks in full)."""
        self.side.stop()

    def _finished(self, problem: str | None) -> None:
        self.running = False
        if problem:
            self.damaged(problem)

    def _failed(self, exc: BaseException, tb: str) -> None:
        self.running = False
        if not isinstance(exc, CheckCancelled):
            report_failure(exc, tb)

    def damaged(self, problem: str) -> None:
        log.error("background database check found damage: %s", problem)
        self.problem = problem
        integrity.refuse_writes()  # this thread's connection and every later one
        self.ctx.worker.submit(integrity.refuse_writes)  # the worker's, should it hold one now
        badge = QLabel(self.tr("数据库已损坏：只读"))
        badge.setStyleSheet("color: #c62828; font-weight: bold;")
        self.window.statusBar().addPermanentWidget(badge)
        box = QMessageBox(QMessageBox.Icon.Critical, self.tr("数据库已损坏"), integrity.damage_message(problem),
                          QMessageBox.StandardButton.NoButton, self.window)
        self.recover_button = box.addButton(self.tr("从备份恢复…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("暂不处理（只读）"), QMessageBox.ButtonRole.RejectRole)
        box.buttonClicked.connect(self._answered)
        self.box = box
        box.open()  # not exec(): the window stays usable for reading and copying what was typed

    def _answered(self, button: QAbstractButton) -> None:
        if button is self.recover_button:
            self.recover()

    def recover(self) -> bool:
        """Close the database on every thread, then the recovery dialog of a corrupt start. A
        restore signs in again on the restored file (as a restore from the settings does)."""
        from zhongxin_desktop.services.safety import backups
        from zhongxin_desktop.ui.dialogs.recover import offer_recovery

        self.ctx.worker.stop_checkpoints()  # never into the damaged file, nor holding it open
        self.ctx.worker.wait()
        self.ctx.worker.submit(backups.release_connection)
        self.ctx.worker.wait()
        backups.release_connection()
        if offer_recovery(self.ctx.data, integrity.damage_message(self.problem or "")):
            request_restart()
            return True
        return False
