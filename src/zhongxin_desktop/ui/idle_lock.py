"""The idle screen lock (issue 6): after N minutes without keyboard or mouse input every open
window is covered, and the signed-in user's password uncovers them.

Nothing is closed or hidden: a dialog in ``exec()`` would end if hidden. Instead each visible
window gets an opaque cover widget on top of its contents (so personal data is not on screen),
keyboard input and shortcuts are swallowed unless they go to the password prompt, and the
prompt sits on the window that can take input (the active modal dialog, else the main window).
Typed text and open dialogs stay as they were.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

ACTIVITY_EVENTS = {QEvent.KeyPress, QEvent.MouseButtonPress, QEvent.MouseMove, QEvent.Wheel,
                   QEvent.TouchBegin, QEvent.TabletPress}
BLOCKED_WHEN_LOCKED = {QEvent.KeyPress, QEvent.KeyRelease, QEvent.ShortcutOverride, QEvent.Shortcut,
                       QEvent.MouseButtonPress, QEvent.MouseButtonRelease, QEvent.MouseButtonDblClick,
                       QEvent.Wheel}


class LockCover(QWidget):
    """An opaque sheet over one window; the one with ``prompt`` asks for the password."""

    unlock_requested = Signal(str)

    def __init__(self, parent: QWidget, username: str | None):
        super().__init__(parent)
        self.setObjectName("idleLockCover")
        self.setAttribute(Qt.WA_StyledBackground, True)
        self.setStyleSheet("#idleLockCover { background: #37474f; } QLabel { color: white; }")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = QLabel(self.tr("屏幕已锁定") if username else self.tr("屏幕已锁定，请在前台窗口输入密码"))
        title.setAlignment(Qt.AlignCenter)
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(title)
        self.password: QLineEdit | None = None
        self.error = QLabel("")
        self.error.setAlignment(Qt.AlignCenter)
        self.error.setStyleSheet("color: #ffcdd2;")
        if username:
            hint = QLabel(self.tr("长时间未操作。打开的窗口和填写的内容都已保留。\n请输入 %1 的密码解锁").replace(
                "%1", username))
            hint.setAlignment(Qt.AlignCenter)
            layout.addWidget(hint)
            row = QHBoxLayout()
            row.addStretch(1)
            self.password = QLineEdit()
            self.password.setObjectName("unlockPassword")
            self.password.setEchoMode(QLineEdit.Password)
            self.password.setFixedWidth(220)
            self.password.setPlaceholderText(self.tr("密码"))
            self.password.returnPressed.connect(self._submit)
            self.button = QPushButton(self.tr("解锁"))
            self.button.setObjectName("unlockButton")
            self.button.clicked.connect(self._submit)
            row.addWidget(self.password)
            row.addWidget(self.button)
            row.addStretch(1)
            layout.addLayout(row)
            layout.addWidget(self.error)
        layout.addStretch(2)
        self.setGeometry(parent.rect())
        parent.installEventFilter(self)
        self.show()
        self.raise_()

    def _submit(self) -> None:
        if self.password is not None:
            self.unlock_requested.emit(self.password.text())

    def eventFilter(self, watched, event) -> bool:  # follow the window's size
        if watched is self.parent() and event.type() == QEvent.Resize:
            self.setGeometry(self.parent().rect())
            self.raise_()
        return False


class IdleLock(QObject):
    """Installed on the QApplication. ``check_password(password, on_result)`` verifies (on the
    database worker) and calls ``on_result(ok, message)`` on the GUI thread."""

    locked = Signal()
    unlocked = Signal()

    def __init__(self, main_window: QWidget, username: str, minutes: float,
                 check_password: Callable[[str, Callable[[bool, str], None]], None], parent=None):
        super().__init__(parent or main_window)
        self.main_window = main_window
        self.username = username
        self.check_password = check_password
        self.covers: list[LockCover] = []
        self.prompt: LockCover | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.set_minutes(minutes)
        QApplication.instance().installEventFilter(self)

    def set_minutes(self, minutes: float) -> None:
        """0 turns the lock off."""
        self.minutes = minutes
        if minutes and minutes > 0:
            self.timer.start(max(1, int(minutes * 60_000)))
        else:
            self.timer.stop()

    @property
    def is_locked(self) -> bool:
        return bool(self.covers)

    def uninstall(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        etype = event.type()
        if self.covers:
            if etype in BLOCKED_WHEN_LOCKED and not self._inside_prompt(watched):
                return True  # nothing reaches the covered windows, no shortcut fires
            return False
        if etype in ACTIVITY_EVENTS and self.timer.isActive():
            self.timer.start()  # restart the countdown
        return False

    def _inside_prompt(self, obj) -> bool:
        return isinstance(obj, QWidget) and self.prompt is not None and (
            obj is self.prompt or self.prompt.isAncestorOf(obj))

    def lock(self) -> None:
        if self.covers:
            return
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()
        front = QApplication.activeModalWidget() or self.main_window
        windows = [w for w in QApplication.topLevelWidgets()
                   if w.isVisible() and w.windowType() not in (Qt.Popup, Qt.ToolTip, Qt.SplashScreen)]
        if front not in windows:
            windows.append(front)
        for window in windows:
            cover = LockCover(window, self.username if window is front else None)
            self.covers.append(cover)
            if window is front:
                self.prompt = cover
                cover.unlock_requested.connect(self._try_unlock)
        if self.prompt and self.prompt.password is not None:
            self.prompt.window().activateWindow()
            self.prompt.password.setFocus()
        self.locked.emit()

    def _try_unlock(self, password: str) -> None:
        prompt = self.prompt
        if prompt is None:
            return
        prompt.button.setEnabled(False)

        def done(ok: bool, message: str) -> None:
            if self.prompt is not prompt:
                return
            prompt.button.setEnabled(True)
            if ok:
                self.unlock()
            else:
                prompt.error.setText(message or self.tr("密码不正确"))
                prompt.password.selectAll()
                prompt.password.setFocus()

        self.check_password(password, done)

    def unlock(self) -> None:
        for cover in self.covers:
            cover.parent().removeEventFilter(cover)
            cover.hide()
            cover.deleteLater()
        self.covers.clear()
        self.prompt = None
        self.set_minutes(self.minutes)
        self.unlocked.emit()


def install(window: QWidget, ctx, minutes: float) -> IdleLock:
    """The lock for the main window of ``ctx``'s signed-in user; the password is checked by the
    users service on the database worker (audited, with the usual lock-out)."""
    from zhongxin_desktop.services import users

    def check(password: str, on_result: Callable[[bool, str], None]) -> None:
        ctx.worker.submit(lambda: users.sign_in(ctx.actor.username, password),
                          on_done=lambda _actor: on_result(True, ""),
                          on_error=lambda exc, _tb: on_result(False, str(exc)))

    lock = IdleLock(window, ctx.actor.username, minutes, check)
    lock.locked.connect(lambda: ctx.worker.submit(lambda: users.record_screen_lock(ctx.actor)))
    return lock
