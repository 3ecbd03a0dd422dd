"""Helpers for tests (import: from helpers import run_cli)."""
from __future__ import annotations

import os
import socket

import pytest

from zhongxin_desktop.paths import DataDir


def run_cli(*args: str, data: DataDir, user: str | None = None, password: str | None = None,
            input_text: str | None = None):
    """Run the real `zhongxin` command in a subprocess."""
    import subprocess
    import sys

    env = dict(os.environ)
    env["ZHONGXIN_DATA_DIR"] = str(data.root)
    env.pop("ZHONGXIN_USER", None)
    env.pop("ZHONGXIN_PASSWORD", None)
    if user:
        env["ZHONGXIN_USER"] = user
    if password:
        env["ZHONGXIN_PASSWORD"] = password
    return subprocess.run([sys.executable, "-m", "zhongxin_desktop", *args], capture_output=True, text=True,
                          env=env, input=input_text, timeout=300)






def window_type(widget, text: str) -> None:
    """Type ASCII as the window system delivers it: to the widget's QWindow, through the
    application's event filters, to whatever has focus (not straight into ``widget``)."""
    from PySide6.QtTest import QTest

    handle = widget.window().windowHandle()
    for ch in text:
        QTest.keyClick(handle, ch)


def window_key(widget, key, modifier=None) -> None:
    """One key (Qt.Key_Tab, Qt.Key_Return …) delivered to ``widget``'s window, as a keyboard does."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.keyClick(widget.window().windowHandle(), key, modifier or Qt.NoModifier)


def window_click(widget) -> None:
    """A left click at the centre of ``widget``, delivered to its QWindow as a mouse does."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window = widget.window()
    pos = widget.mapTo(window, widget.rect().center())
    QTest.mouseClick(window.windowHandle(), Qt.LeftButton, Qt.NoModifier, pos)


def answer_confirmation(qtbot, owner, button_text: str, must_mention: str = "") -> str:
    """Press ``button_text`` in the question ``owner`` opened before an irreversible step
    (ui/confirm.ask); returns the question's text."""
    from PySide6.QtCore import Qt

    qtbot.waitUntil(lambda: getattr(owner, "confirm_box", None) is not None, timeout=5000)
    box = owner.confirm_box
    text = box.text()
    assert must_mention in text
    [button] = [b for b in box.buttons() if b.text() == button_text]
    qtbot.mouseClick(button, Qt.LeftButton)
    return text


def open_case_form(qtbot, ctx, parent=None):
    """The registration form, shown, active and ready for input (its choices loaded)."""
    from zhongxin_desktop.ui.dialogs.case_form import CaseFormDialog

    form = CaseFormDialog(ctx, parent)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(lambda: form.save_button.isEnabled(), timeout=10000)
    return form


def need(ok: bool, what: str, hint: str) -> None:
    """A test that needs a tool from scripts/bootstrap: in CI (CI set) its absence is a failure,
    elsewhere a skip that names it."""
    if not ok:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs {what} ({hint})")
        pytest.skip(f"not available: {what}")


def free_port() -> int:
    """A port on 127.0.0.1 nobody listens on (yet): for a server a test starts, or one it must miss."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
