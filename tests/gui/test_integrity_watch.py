"""After a start that trusted the clean-close marker: the full database check runs once the
window shows (ui/integrity_watch.py, wired by ui/app.after_sign_in) and damage is told."""
import pytest
from page_damage import btree_pages, overwrite_pages_keeping_size_and_mtime
from PySide6.QtWidgets import QLabel

from zhongxin_desktop.services.safety import backups
from zhongxin_desktop.services import demo, settings, users
from zhongxin_desktop.store import clean_close, connection
from zhongxin_desktop.store.connection import close_database, open_database
from zhongxin_desktop.store.db import CorruptDatabase
from zhongxin_desktop.ui import app as app_module
from zhongxin_desktop.ui.main_window import MainWindow


def start_trusting_the_marker(qtbot, data_dir, app_ctx):
    """What ui/app.start does after the sign-in dialog."""
    open_database(data_dir, trust_clean_close=True)
    assert connection.needs_check()
    ctx = app_ctx(users.sign_in("admin", demo.DEMO_PASSWORD))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    app_module.after_sign_in(window, ctx)
    return window, ctx


def test_damage_found_in_the_background_is_told_and_saving_stops(qtbot, demo_db, data_dir, app_ctx, monkeypatch):
    close_database()
    overwrite_pages_keeping_size_and_mtime(data_dir.database, btree_pages(data_dir.database, sampled=False)[:5])
    window, ctx = start_trusting_the_marker(qtbot, data_dir, app_ctx)
    watch = window.integrity_watch
    qtbot.waitUntil(lambda: watch.box is not None and watch.box.isVisible(), timeout=30000)
    assert "数据库文件已损坏" in watch.box.text() and "停止保存" in watch.box.text()
    assert watch.box.windowTitle() == "数据库已损坏"
    assert any(label.text() == "数据库已损坏：只读" for label in window.statusBar().findChildren(QLabel))
    with pytest.raises(Exception, match="readonly"):
        settings.put("report_due_day", 22)  # this thread's connection
    refused = []
    ctx.worker.submit(lambda: settings.put("report_due_day", 23), None, lambda exc, _tb: refused.append(exc))
    qtbot.waitUntil(lambda: bool(refused), timeout=10000)
    assert "readonly" in str(refused[0])  # the worker's connection too

    offered = []
    import zhongxin_desktop.ui.dialogs.recover as recover

    monkeypatch.setattr(recover, "offer_recovery", lambda data, problem: offered.append(problem) or False)
    watch.recover_button.click()  # 从备份恢复…, then the user cancels the recovery dialog
    assert offered and "已损坏" in offered[0]
    window.idle_lock.uninstall()
    app_module.shut_down(window)
    assert not clean_close.marker_path(data_dir.database).exists()  # never vouched for
    with pytest.raises(CorruptDatabase):
        open_database(data_dir, trust_clean_close=True)


def test_a_whole_file_checked_in_the_background_is_vouched_for_at_quit(qtbot, demo_db, data_dir, app_ctx):
    backups.create_backup(demo_db, data_dir)  # today's backup exists: the daily one is not made
    close_database()
    window, _ctx = start_trusting_the_marker(qtbot, data_dir, app_ctx)
    qtbot.waitUntil(lambda: not connection.needs_check(), timeout=30000)
    assert window.integrity_watch.box is None
    window.idle_lock.uninstall()
    app_module.shut_down(window)
    assert clean_close.marker_path(data_dir.database).exists()


def test_the_daily_backup_check_stands_for_the_background_check(qtbot, demo_db, data_dir, app_ctx, monkeypatch):
    close_database()
    checks = []
    from zhongxin_desktop.services.safety import integrity

    real = integrity.check_open_database
    monkeypatch.setattr(integrity, "check_open_database", lambda *a, **k: checks.append(1) or real(*a, **k))
    window, ctx = start_trusting_the_marker(qtbot, data_dir, app_ctx)
    messages = []
    ctx.bus.status_message.connect(messages.append)
    qtbot.waitUntil(lambda: bool(messages), timeout=30000)
    assert "已自动备份" in messages[0]
    assert not connection.needs_check() and not checks  # the backup's integrity_check covered the file
    window.idle_lock.uninstall()
    app_module.shut_down(window)
    assert clean_close.marker_path(data_dir.database).exists()


def test_a_restore_from_the_settings_first_stops_the_background_check(qtbot, demo_db, data_dir, app_ctx,
                                                                        monkeypatch):
    """The check reads the old file on a connection of its own: on Windows a file another
    connection holds open cannot be replaced, so the restore must not start while it reads."""
    import threading

    from zhongxin_desktop.domain.errors import DomainError
    from zhongxin_desktop.services.safety import integrity
    from zhongxin_desktop.store.db import CheckCancelled

    backups.create_backup(demo_db, data_dir)  # today's backup exists: the check starts at once
    close_database()
    reading, stopped = threading.Event(), threading.Event()

    def slow_check(data, cancel=None):  # a big file: still reading when the clerk restores
        reading.set()
        cancel.wait(20)
        stopped.set()
        raise CheckCancelled()

    monkeypatch.setattr(integrity, "check_open_database", slow_check)
    window, ctx = start_trusting_the_marker(qtbot, data_dir, app_ctx)
    qtbot.waitUntil(reading.is_set, timeout=30000)
    seen = []

    def fake_restore(*_a, **_k):
        seen.append(stopped.is_set())
        raise DomainError("测试：不真的恢复")

    monkeypatch.setattr(backups, "restore_backup", fake_restore)
    page = window.show_page("settings")
    page.show_tab("backups")
    tab = page.tab_by_key["backups"]
    tab.refresh()
    qtbot.waitUntil(lambda: tab.table.rowCount() > 0, timeout=10000)
    tab.table.selectRow(0)
    monkeypatch.setattr(tab, "confirm_restore", lambda name: True)
    tab.restore_selected()
    qtbot.waitUntil(lambda: bool(seen), timeout=30000)
    assert seen == [True]  # the check had stopped before the file was touched
    window.idle_lock.uninstall()
    app_module.shut_down(window)
