"""ui/app.start: the window's first build and paint go without the application-wide event filters
(the keyboard and wheel rules, the idle lock); both are back once the first page's jobs have run."""
import time
from contextlib import contextmanager

from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QPlainTextEdit, QTableWidget, QVBoxLayout

from zhongxin_desktop.services import settings
from zhongxin_desktop.store.connection import close_database
from zhongxin_desktop.ui import app as app_module
from zhongxin_desktop.ui import input_policy
from zhongxin_desktop.ui.dialogs import login

from tests.conftest import PASSWORD


def _signed_in_by_code(monkeypatch):
    def answer(dialog):
        dialog.ui.passwordEdit.setText(PASSWORD)
        dialog.try_sign_in()
        return dialog.result()

    monkeypatch.setattr(login.LoginDialog, "exec", answer)


def _slow_first_page(monkeypatch, seconds: float = 2.0):
    """The 工作台's figures take ``seconds``, as from a county server far away."""
    from zhongxin_desktop.services.figures import dashboard

    real_build = dashboard.build

    def slow_build(*args, **kwargs):
        time.sleep(seconds)
        return real_build(*args, **kwargs)

    monkeypatch.setattr(dashboard, "build", slow_build)


def _policy_installed(app) -> bool:
    """Whether the policy sees events: a text box polished now has Tab leave it."""
    probe = QPlainTextEdit()
    probe.ensurePolished()
    try:
        return probe.tabChangesFocus()
    finally:
        probe.deleteLater()


@contextmanager
def _started(qtbot, data_dir):
    """The app's start with its sign-in answered by code; quit as the app does afterwards."""
    app = QApplication.instance()
    window = app_module.start(data_dir, user="admin")
    assert window is not None
    qtbot.addWidget(window)
    try:
        yield window
    finally:
        window.ctx.worker.wait(30000)
        if window.idle_lock is not None:
            window.idle_lock.uninstall()
        window.close()
        app_module.shut_down(window)
        input_policy.resume(app)


def test_the_rules_and_the_idle_lock_are_back_once_the_first_page_has_its_figures(qtbot, township, data_dir,
                                                                                      monkeypatch):
    settings.change(township, "idle_lock_minutes", 5)
    close_database()  # as a fresh start finds it
    _signed_in_by_code(monkeypatch)
    calls = []
    original = app_module.after_sign_in

    def counted(window, ctx):
        calls.append(window)
        original(window, ctx)

    monkeypatch.setattr(app_module, "after_sign_in", counted)
    with _started(qtbot, data_dir) as window:
        # widgets made while the rules are off get them when the rules come back
        box, table, choice = QPlainTextEdit(window), QTableWidget(3, 3, window), QComboBox(window)
        for w in (box, table, choice):
            w.ensurePolished()
        assert not box.tabChangesFocus() and window.idle_lock is None  # paused while the window is built
        page = window.pages["dashboard"]
        qtbot.waitUntil(lambda: getattr(page, "data", None) is not None, timeout=10000)
        qtbot.waitUntil(lambda: window.idle_lock is not None, timeout=10000)
        assert calls == [window]
        assert window.idle_lock.minutes == 5 and window.idle_lock.timer.isActive()
        assert _policy_installed(QApplication.instance())
        assert box.tabChangesFocus() and not table.tabKeyNavigation()
        assert choice.focusPolicy() != choice.focusPolicy().WheelFocus
        qtbot.wait(app_module.SETTLE_AT_LATEST_MS + 100)  # the fallback timer finds it done
        assert calls == [window]


def test_a_slow_first_page_does_not_keep_the_rules_off(qtbot, township, data_dir, monkeypatch):
    close_database()
    _signed_in_by_code(monkeypatch)
    _slow_first_page(monkeypatch)
    with _started(qtbot, data_dir) as window:
        qtbot.waitUntil(lambda: window.idle_lock is not None, timeout=app_module.SETTLE_AT_LATEST_MS + 1000)
        assert getattr(window.pages["dashboard"], "data", None) is None  # still reading
        assert _policy_installed(QApplication.instance())


def test_a_dialog_opened_at_once_has_the_rules_before_the_first_page_is_read(qtbot, township, data_dir, monkeypatch):
    """A keyboard user's Ctrl+N right after the window shows: Tab must leave the dialog's text box."""
    close_database()
    _signed_in_by_code(monkeypatch)
    _slow_first_page(monkeypatch, seconds=6.0)
    monkeypatch.setattr(app_module, "SETTLE_AT_LATEST_MS", 10_000)  # neither the page nor the time limit
    with _started(qtbot, data_dir) as window:
        qtbot.waitUntil(window.isActiveWindow, timeout=5000)
        assert not _policy_installed(QApplication.instance())  # still paused, the page still reading
        dialog = QDialog(window)
        facts = QPlainTextEdit(dialog)
        QVBoxLayout(dialog).addWidget(facts)
        dialog.show()
        dialog.activateWindow()
        facts.setFocus()
        qtbot.waitUntil(facts.tabChangesFocus, timeout=2000)
        assert getattr(window.pages["dashboard"], "data", None) is None
        dialog.close()
