"""Recovery in the app, on real widgets: the start on an emptied database offers the backup
instead of the first-run setup, an interrupted restore is settled and told, the demo of the first
run is built aside, a failed automatic backup stays on the 工作台, and the write-ahead log is
copied into the database file when the app is idle and when a command closes."""
from __future__ import annotations

import errno
import json
import os
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from helpers import run_cli
from test_faults import _assert_check_passes, _case_ids, _copy_template, _kill, _lines_until, _spawn
from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.services.safety import backups
from zhongxin_desktop.services import users
from zhongxin_desktop.store.connection import close_database, open_database
from zhongxin_desktop.ui import app as app_module
from zhongxin_desktop.ui.dialogs.login import LoginDialog
from zhongxin_desktop.ui.dialogs.recover import RecoverDialog

ADMIN = {"user": "admin", "password": "Demo2026!"}


@pytest.fixture
def folder(demo_template, tmp_path) -> DataDir:
    return _copy_template(demo_template, tmp_path / "data")


def _answer_modals(answers: dict) -> tuple[list[str], QTimer]:
    """Answer each modal dialog the app opens, by its class: ``answers[cls](dialog)``. Returns
    the names of the dialogs answered, and the timer (keep it until the app's call returns)."""
    seen: list[str] = []
    handled: set[int] = set()

    def look():
        dialog = QApplication.activeModalWidget()
        if dialog is None or id(dialog) in handled:
            return
        for cls, answer in answers.items():
            if isinstance(dialog, cls):
                handled.add(id(dialog))
                seen.append(cls.__name__)
                answer(dialog)
                return

    timer = QTimer()
    timer.timeout.connect(look)
    timer.start(20)
    return seen, timer


def _no_first_run(monkeypatch):
    from zhongxin_desktop.ui.dialogs import first_run

    def refuse(*_a, **_k):
        raise AssertionError("the first-run setup must not be offered on a folder that was in use")

    monkeypatch.setattr(first_run.FirstRunDialog, "__init__", refuse)


def test_an_emptied_database_at_start_offers_the_newest_backup_not_the_first_run(qtbot, folder, monkeypatch):
    open_database(folder)
    backups.create_backup(users.sign_in("admin", "Demo2026!"), folder)
    close_database()
    cases = _case_ids(folder)
    os.truncate(folder.database, 0)
    _no_first_run(monkeypatch)

    def restore(dialog: RecoverDialog):
        assert dialog.windowTitle() == "数据库文件丢失或为空"
        assert any("空文件（0 字节）" in label.text() for label in dialog.findChildren(type(dialog.error)))
        assert dialog.restore_button is not None and dialog.backup is not None
        qtbot.keyClicks(dialog.username, "admin")
        qtbot.keyClicks(dialog.password, "wrong-password")
        qtbot.mouseClick(dialog.restore_button, Qt.LeftButton)
        assert "以备份中的账户为准" in dialog.error.text()  # nothing changed, the dialog stays
        assert folder.database.stat().st_size == 0
        dialog.password.clear()
        qtbot.keyClicks(dialog.password, "Demo2026!")
        qtbot.mouseClick(dialog.restore_button, Qt.LeftButton)

    seen, timer = _answer_modals({RecoverDialog: restore, LoginDialog: lambda d: d.reject()})
    assert app_module.start(folder) is None
    timer.stop()  # restored, then the sign-in was declined
    assert seen == ["RecoverDialog", "LoginDialog"]
    close_database()
    assert _case_ids(folder) == cases
    [kept] = folder.backups.glob("corrupt-*/zhongxin.sqlite")
    assert kept.stat().st_size == 0
    _assert_check_passes(folder)


def test_the_recovery_dialog_names_the_emptied_file_and_declining_changes_nothing(qtbot, folder, monkeypatch):
    open_database(folder)
    backups.create_backup(users.sign_in("admin", "Demo2026!"), folder)
    close_database()
    folder.database.unlink()
    _no_first_run(monkeypatch)
    texts: list[str] = []

    def decline(dialog: RecoverDialog):
        texts.extend(label.text() for label in dialog.findChildren(type(dialog.error)))
        dialog.reject()

    _seen, timer = _answer_modals({RecoverDialog: decline})
    assert app_module.start(folder) is None
    timer.stop()
    assert any("不存在" in t and "不是新的中心" in t for t in texts), texts
    assert any("最近的完好备份" in t for t in texts)
    assert not folder.database.exists()


def test_a_restore_killed_after_the_swap_is_settled_and_told_at_the_app_start(qtbot, folder, monkeypatch):
    r = run_cli("backup", "create", data=folder, **ADMIN)
    assert r.returncode == 0, r.stderr
    cases = _case_ids(folder)
    proc = _spawn("restore-after-swap", folder)
    _lines_until(proc, lambda lines: lines[-1] == "swapped")
    _kill(proc)
    told: list[str] = []
    monkeypatch.setattr(app_module.QMessageBox, "information", lambda _p, _t, text: told.append(text))
    _seen, timer = _answer_modals({LoginDialog: lambda d: d.reject()})
    assert app_module.start(folder) is None
    timer.stop()
    close_database()
    assert told and "恢复已完成" in told[0]
    assert not (folder.root / "zhongxin.sqlite-restore").exists()
    assert _case_ids(folder) == cases
    _assert_check_passes(folder)


def test_the_first_run_demo_is_built_aside_and_moved_in(qtbot, data_dir):
    from zhongxin_desktop.services import center
    from zhongxin_desktop.ui.dialogs.first_run import FirstRunDialog

    open_database(data_dir)  # as the app does before it asks: an empty file
    try:
        dialog = FirstRunDialog(data_dir)
        qtbot.addWidget(dialog)
        seen_files: list[str] = []
        from zhongxin_desktop.services import demo

        real = demo.create_demo

        def watching(**kw):  # while it builds, the database file itself holds no center
            seen_files.extend(p.name for p in data_dir.root.glob(".partial-*demo.sqlite"))
            con = sqlite3.connect(f"file:{data_dir.database}?mode=ro", uri=True)
            assert not con.execute("SELECT name FROM sqlite_master WHERE name = 'center'").fetchone() or \
                not con.execute("SELECT 1 FROM center").fetchone()
            con.close()
            return real(**{**kw, "cases": 30})

        demo.create_demo = watching
        try:
            qtbot.mouseClick(dialog.demo_button, Qt.LeftButton)
        finally:
            demo.create_demo = real
        assert dialog.result() == QDialog.Accepted and dialog.username == "admin"
        assert seen_files
        assert center.local_center().code == demo.DEMO_CODE
        assert not list(data_dir.root.glob(".partial-*"))
    finally:
        close_database()
    assert len(_case_ids(data_dir)) == 30


# --- a failed automatic backup ---------------------------------------------------------------------

def test_a_failed_automatic_backup_stays_on_the_dashboard_until_a_backup_succeeds(qtbot, demo_db, app_ctx,
                                                                                   monkeypatch):
    from zhongxin_desktop.store import backup as store_backup
    from zhongxin_desktop.ui.main_window import MainWindow

    ctx = app_ctx(demo_db)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    page = window.pages["dashboard"]
    real_copy = store_backup.copy_database

    def full_disk(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_backup, "copy_database", full_disk)
    app_module.after_sign_in(window, ctx)
    qtbot.waitUntil(lambda: not page.backup_warning.isHidden() and "磁盘空间不足" in page.backup_warning.text(),
                    timeout=10000)
    assert "自动备份失败" in page.backup_warning.text() and "磁盘空间不足" in page.backup_warning.text()
    qtbot.wait(200)
    page.refresh()  # not an 8-second message: still there at every refresh
    ctx.worker.wait()
    qtbot.wait(100)
    assert not page.backup_warning.isHidden()
    monkeypatch.setattr(store_backup, "copy_database", real_copy)
    backups.create_backup(demo_db, ctx.data)
    page.refresh()
    qtbot.waitUntil(lambda: page.backup_warning.isHidden(), timeout=10000)
    window.idle_lock.uninstall()
    window.integrity_watch.stop()
    ctx.worker.stop_checkpoints()


# --- the write-ahead log ---------------------------------------------------------------------------

def _wal(data: DataDir) -> Path:
    return Path(f"{data.database}-wal")


def test_saves_through_the_worker_reach_the_database_file_when_idle(folder):
    import time

    proc = _spawn("worker-saves", folder)
    saved = set(_lines_until(proc, lambda lines: len(lines) == 5))
    wal_after_saves = _wal(folder).stat().st_size
    deadline = time.monotonic() + 30
    while _wal(folder).stat().st_size and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _wal(folder).stat().st_size == 0, "the idle worker never checkpointed"
    _kill(proc)  # the app dies, and then the -wal is lost
    assert wal_after_saves > 0  # the saves were in the log first
    _wal(folder).unlink(missing_ok=True)
    Path(f"{folder.database}-shm").unlink(missing_ok=True)
    assert saved <= _case_ids(folder)
    _assert_check_passes(folder)


def test_a_command_checkpoints_at_close_even_while_another_program_reads(folder, tmp_path):
    reader = _spawn("reader", folder)
    _lines_until(reader, lambda lines: lines[-1] == "reading")
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"category": "邻里", "source": "来访", "facts": "关门前写回的纠纷",
                                "parties": [{"name": "张三"}, {"name": "李四", "role": "被申请人"}]},
                               ensure_ascii=False), encoding="utf-8")
    r = run_cli("cases", "add", "--json", str(path), data=folder, **ADMIN)
    assert r.returncode == 0, r.stderr
    [added] = json.loads(r.stdout)
    _kill(reader)  # the other program dies holding the file: nothing checkpoints after this
    _wal(folder).unlink(missing_ok=True)
    Path(f"{folder.database}-shm").unlink(missing_ok=True)
    assert added["id"] in _case_ids(folder)
    _assert_check_passes(folder)
