"""The idle screen lock: after N minutes without keyboard or mouse input every open
window is covered, and the signed-in user's password uncovers them.

Nothing is closed or hidden: a dialog in ``exec()`` would end if hidden. Instead each visible
window gets an opaque cover widget on top of its contents (so personal data is not on screen),
keyboard input and shortcuts are swallowed unless they go to a password prompt, and the
focus goes to the prompt of the window that can take input (the active modal dialog, else the
main window). Typed text and open dialogs stay as they were.

Real input from the window system reaches the application filter twice: first addressed to the
``QWindow`` (the platform window), which then hands it to the widget with focus or under the
mouse. The filter lets the ``QWindow`` step through and decides at the widget step; swallowing it
at the ``QWindow`` would keep every keystroke from the password field (widget-level tests do not
see that step). Every cover carries its own password field, so closing one window never leaves a
cover nobody can open, and the window system's close button does nothing while locked.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import (
    QApplication, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

if TYPE_CHECKING:
    from zhongxin_desktop.ui.context import AppContext

ACTIVITY_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
                   QEvent.Type.TouchBegin, QEvent.Type.TabletPress}
BLOCKED_WHEN_LOCKED = {QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride, QEvent.Type.Shortcut,
                       QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
                       QEvent.Type.Wheel}


class LockCover(QWidget):
    """An opaque sheet over one window, with the password field that opens every cover."""

    unlock_requested = Signal(str)

    def __init__(self, parent: QWidget, username: str):
        super().__init__(parent)
        self.covered = parent  # the window under this sheet
        self.setObjectName("idleLockCover")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#idleLockCover { background: #37474f; } QLabel { color: white; }")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = QLabel(self.tr("屏幕已锁定"))
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(title)
        self.error = QLabel("")
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error.setStyleSheet("color: #ffcdd2;")
        hint = QLabel(self.tr("长时间未操作。打开的窗口和填写的内容都已保留。\n请输入 %1 的密码解锁").replace(
            "%1", username))
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(hint)
        row = QHBoxLayout()
        row.addStretch(1)
        self.password = QLineEdit()
        self.password.setObjectName("unlockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
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
        self.unlock_requested.emit(self.password.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # follow the window's size
        if watched is self.parent() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.covered.rect())
            self.raise_()
        return False


class IdleLock(QObject):
    """Installed on the QApplication. ``check_password(password, on_result)`` verifies (on the
    database worker) and calls ``on_result(ok, message)`` on the GUI thread."""

    locked = Signal()
    unlocked = Signal()

    def __init__(self, main_window: QWidget, username: str, minutes: float,
                 check_password: Callable[[str, Callable[[bool, str], None]], None], parent: QWidget | None = None) -> None:
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
        app = QApplication.instance()
        assert app is not None  # the lock is installed in a running application
        app.installEventFilter(self)

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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        etype = event.type()
        if self.covers:
            if isinstance(watched, QWindow):
                return False  # the platform window passes input on to a widget: decided there
            if etype in BLOCKED_WHEN_LOCKED and not self._inside_a_cover(watched):
                return True  # nothing reaches the covered windows, no shortcut fires
            if etype == QEvent.Type.Close and event.spontaneous() and self._is_covered(watched):
                event.ignore()  # the title bar's × would throw away what the lock keeps
                return True
            return False
        if etype in ACTIVITY_EVENTS and self.timer.isActive():
            self.timer.start()  # restart the countdown
        return False

    def _inside_a_cover(self, obj: QObject) -> bool:
        return isinstance(obj, QWidget) and any(
            obj is cover or cover.isAncestorOf(obj) for cover in self.covers)

    def _is_covered(self, obj: QObject) -> bool:
        return any(obj is cover.parent() for cover in self.covers)

    def lock(self) -> None:
        if self.covers:
            return
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()
        front = QApplication.activeModalWidget() or self.main_window
        windows = [w for w in QApplication.topLevelWidgets()
                   if w.isVisible() and w.windowType() not in (Qt.WindowType.Popup, Qt.WindowType.ToolTip, Qt.WindowType.SplashScreen)]
        if front not in windows:
            windows.append(front)
        for window in windows:
            cover = LockCover(window, self.username)
            self.covers.append(cover)
            cover.unlock_requested.connect(lambda text, c=cover: self._try_unlock(c, text))
            # a window destroyed while locked (a dialog ended by its own code) takes its cover along
            cover.destroyed.connect(lambda _=None, c=cover: self._forget(c))
            if window is front:
                self.prompt = cover
        assert self.prompt is not None  # the front window is always among the covered ones
        self.prompt.window().activateWindow()
        self.prompt.password.setFocus()
        self.locked.emit()

    def _forget(self, cover: LockCover) -> None:
        if cover in self.covers:
            self.covers.remove(cover)
        if self.prompt is cover:
            self.prompt = self.covers[-1] if self.covers else None
            if self.prompt is not None:
                self.prompt.window().activateWindow()
                self.prompt.password.setFocus()

    def _try_unlock(self, cover: LockCover, password: str) -> None:
        if cover not in self.covers:
            return
        self.prompt = cover
        cover.button.setEnabled(False)

        def done(ok: bool, message: str) -> None:
            if cover not in self.covers:
                return
            cover.button.setEnabled(True)
            if ok:
                self.unlock()
            else:
                cover.error.setText(message or self.tr("密码不正确"))
                cover.password.selectAll()
                cover.password.setFocus()

        self.check_password(password, done)

    def unlock(self) -> None:
        for cover in list(self.covers):
            cover.destroyed.disconnect()
            cover.covered.removeEventFilter(cover)
            cover.hide()
            cover.deleteLater()
        self.covers.clear()
        self.prompt = None
        self.set_minutes(self.minutes)
        self.unlocked.emit()


def install(window: QWidget, ctx: AppContext, minutes: float) -> IdleLock:
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
