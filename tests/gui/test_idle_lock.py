from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout

from conftest import PASSWORD
from zhongxin_desktop.store.models import AuditEvent
from zhongxin_desktop.ui import idle_lock
from zhongxin_desktop.ui.main_window import MainWindow


def _window(qtbot, actor, app_ctx):
    ctx = app_ctx(actor)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, ctx


def test_idle_lock_covers_and_unlocks_without_losing_work(qtbot, township, app_ctx):
    window, ctx = _window(qtbot, township, app_ctx)
    # open work: a non-modal dialog with typed text
    dialog = QDialog(window)
    edit = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(edit)
    dialog.show()
    edit.insert("张三的调解记录")  # QTest types ASCII only
    lock = idle_lock.install(window, ctx, minutes=0.002)  # ~120 ms without input
    with qtbot.waitSignal(lock.locked, timeout=5000):
        pass
    assert lock.is_locked
    covered = {c.parent() for c in lock.covers}
    assert window in covered and dialog in covered
    assert all(c.isVisible() and c.geometry() == c.parent().rect() for c in lock.covers)
    # typing goes nowhere while locked
    qtbot.keyClicks(edit, "XYZ")
    assert edit.text() == "张三的调解记录"
    prompt = lock.prompt.password
    qtbot.keyClicks(prompt, "wrong-password-1")
    qtbot.keyClick(prompt, Qt.Key_Return)
    qtbot.waitUntil(lambda: "不正确" in lock.prompt.error.text(), timeout=5000)
    assert lock.is_locked
    prompt.clear()
    qtbot.keyClicks(prompt, PASSWORD)
    with qtbot.waitSignal(lock.unlocked, timeout=5000):
        qtbot.mouseClick(lock.prompt.button, Qt.LeftButton)
    assert not lock.is_locked and dialog.isVisible() and edit.text() == "张三的调解记录"
    ctx.worker.wait()
    outcomes = [e.outcome for e in AuditEvent.select().where(AuditEvent.action == "sign_in")
                .order_by(AuditEvent.seq.desc()).limit(2)]
    assert outcomes == ["ok", "failed"]
    lock.uninstall()


def test_activity_postpones_the_lock(qtbot, township, app_ctx):
    """Mouse and keys restart the countdown. Checked on the countdown itself (remaining time back
    near the full interval after each poke), not on how fast the machine delivers timers."""
    window, ctx = _window(qtbot, township, app_ctx)
    lock = idle_lock.install(window, ctx, minutes=0.03)  # 1800 ms
    interval = lock.timer.interval()
    for i in range(3):
        qtbot.waitUntil(lambda: 0 < lock.timer.remainingTime() < interval - 600, timeout=5000)
        qtbot.mouseMove(window, window.rect().center() + type(window.rect().center())(i + 1, 0))
        qtbot.keyClick(window.nav, Qt.Key_Shift)  # a key that starts no work: the countdown is what is measured
        assert lock.timer.remainingTime() > interval - 600  # restarted by the activity
        assert not lock.is_locked
    with qtbot.waitSignal(lock.locked, timeout=10000):  # no more activity: it locks
        pass
    lock.uninstall()


def test_lock_over_a_modal_dialog_puts_the_prompt_on_it(qtbot, township, app_ctx):
    window, ctx = _window(qtbot, township, app_ctx)
    lock = idle_lock.install(window, ctx, minutes=0)  # off: locked by hand below
    dialog = QDialog(window)
    edit = QLineEdit("未保存的内容", dialog)
    QVBoxLayout(dialog).addWidget(edit)
    seen = {}

    def while_modal():
        lock.lock()
        seen["prompt_parent"] = lock.prompt.parent()
        qtbot.keyClicks(lock.prompt.password, PASSWORD)
        qtbot.keyClick(lock.prompt.password, Qt.Key_Return)
        qtbot.waitUntil(lambda: not lock.is_locked, timeout=5000)
        seen["text"] = edit.text()
        dialog.accept()

    QTimer.singleShot(50, while_modal)
    assert dialog.exec() == QDialog.Accepted  # the modal dialog survived the lock
    assert seen["prompt_parent"] is dialog and seen["text"] == "未保存的内容"
    ctx.worker.wait()
    lock.uninstall()


def test_the_lock_opens_with_keys_and_clicks_delivered_to_the_window(qtbot, township, app_ctx):
    """A real keyboard and mouse reach the QWindow first, then the application's event filter:
    the password typed there must reach the field and Enter or 解锁 must open the lock, while a
    half-filled registration form behind the cover keeps what was typed and takes none of it."""
    from helpers import open_case_form, window_click, window_key, window_type

    window, ctx = _window(qtbot, township, app_ctx)
    form = open_case_form(qtbot, ctx, window)
    name = form.party_editors[0].name
    name.setFocus()
    window_type(name, "Zhang")
    assert name.text() == "Zhang"  # window-level typing reaches a focused field when unlocked
    lock = idle_lock.install(window, ctx, minutes=0.002)
    with qtbot.waitSignal(lock.locked, timeout=5000):
        pass
    assert lock.prompt.parent() is form or lock.prompt.parent() is window
    assert all(c.password is not None for c in lock.covers)  # every cover can be opened
    prompt = lock.prompt
    prompt.window().activateWindow()
    qtbot.waitUntil(lambda: prompt.password.hasFocus(), timeout=5000)
    window_type(prompt.password, "wrong-pass")
    assert prompt.password.text() == "wrong-pass" and name.text() == "Zhang"
    window_key(prompt.password, Qt.Key_Return)
    qtbot.waitUntil(lambda: "不正确" in prompt.error.text(), timeout=5000)
    assert lock.is_locked
    prompt.password.clear()
    window_type(prompt.password, PASSWORD)
    with qtbot.waitSignal(lock.unlocked, timeout=5000):
        window_click(prompt.button)
    assert not lock.is_locked and form.isVisible() and name.text() == "Zhang"
    ctx.worker.wait()
    lock.uninstall()
    form.discard()


def test_keys_to_a_covered_window_and_its_shortcuts_do_nothing(qtbot, township, app_ctx):
    from helpers import window_key, window_type

    from PySide6.QtWidgets import QApplication

    window, ctx = _window(qtbot, township, app_ctx)
    page_before = window.stack.currentIndex()
    lock = idle_lock.install(window, ctx, minutes=0)
    lock.lock()
    qtbot.waitUntil(lock.prompt.password.hasFocus, timeout=5000)
    shown_before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
    window_key(window, Qt.Key_2, Qt.ControlModifier)  # 案件 page: must not switch under the cover
    window_key(window, Qt.Key_N, Qt.ControlModifier)  # 登记案件: must not open under the cover
    window_type(window, "abc")
    qtbot.wait(50)
    assert window.stack.currentIndex() == page_before
    assert {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()} <= shown_before  # no new window
    assert lock.prompt.password.text() == "abc"  # the keys went to the password field instead
    lock.unlock()
    window_key(window, Qt.Key_2, Qt.ControlModifier)  # unlocked, the shortcut works again
    assert window.stack.currentIndex() != page_before
    lock.uninstall()


def test_closing_the_window_of_the_prompt_leaves_a_password_field(qtbot, township, app_ctx):
    window, ctx = _window(qtbot, township, app_ctx)
    lock = idle_lock.install(window, ctx, minutes=0)
    dialog = QDialog(window)
    QVBoxLayout(dialog).addWidget(QLineEdit("未保存", dialog))
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    lock.lock()
    dialog.deleteLater()  # the dialog's own code ends it while the screen is locked
    qtbot.waitUntil(lambda: len(lock.covers) == 1, timeout=5000)
    remaining = lock.covers[0]
    assert remaining.parent() is window and lock.prompt is remaining
    assert remaining.password.isVisible()
    qtbot.keyClicks(remaining.password, PASSWORD)
    with qtbot.waitSignal(lock.unlocked, timeout=5000):
        qtbot.keyClick(remaining.password, Qt.Key_Return)
    ctx.worker.wait()
    lock.uninstall()
