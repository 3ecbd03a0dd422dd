"""Starting the GUI: data folder, database checks, first-run set-up, sign-in, main window."""
from __future__ import annotations

import gc
import logging
import os
import sys
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from zhongxin_desktop import APP_NAME, APP_TITLE, __version__
from zhongxin_desktop.logging_setup import setup_logging
from zhongxin_desktop.paths import DataDir, resolve_data_dir
from zhongxin_desktop.services.database import CorruptDatabase, StoreError
from zhongxin_desktop.ui.restart import RESTART_CODE

if TYPE_CHECKING:
    from zhongxin_desktop.services.safety.backups import CreateResult
    from zhongxin_desktop.ui.context import AppContext
    from zhongxin_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)



def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:  # none yet (a QCoreApplication alone is never made by this program)
        QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv or [sys.argv[0]])
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    app.setApplicationDisplayName(APP_TITLE)
    from zhongxin_desktop.ui import input_policy
    from zhongxin_desktop.ui.icons import app_icon
    from zhongxin_desktop.ui.translations import install_qt_chinese

    app.setWindowIcon(app_icon())
    install_qt_chinese(app)
    input_policy.install(app)
    return app


def start(data: DataDir, *, user: str | None = None, first_run: str = "ask",
          database: str | None = None) -> MainWindow | None:
    """Open the database and sign in. Returns the main window, or None when the user quit.
    ``database``: a county's server store (store/engine.py), else the data folder's file."""
    from zhongxin_desktop.services.safety import backups
    from zhongxin_desktop.services import center, demo
    from zhongxin_desktop.services.database import open_store
    from zhongxin_desktop.ui.context import AppContext, Bus
    from zhongxin_desktop.ui.dialogs.login import LoginDialog
    from zhongxin_desktop.ui.main_window import MainWindow
    from zhongxin_desktop.ui.worker import DbWorker

    setup_logging(data.logs)
    try:
        # a file closed cleanly after a full check opens without reading every page again:
        # after_sign_in checks it in the background
        open_store(data, database, trust_clean_close=True)
    except CorruptDatabase as exc:  # never written to unless the user chooses a backup
        from zhongxin_desktop.ui.dialogs.recover import offer_recovery

        if not offer_recovery(data, str(exc)):
            return None
    except StoreError as exc:
        QMessageBox.critical(None, APP_TITLE, str(exc))
        return None
    username = user or os.environ.get("ZHONGXIN_USER", "")
    hint = ""
    restored = backups.finish_interrupted_restore(data)  # the app holds the folder lock
    if restored:
        QMessageBox.information(None, APP_TITLE, restored)
    if not center.is_initialised():
        if first_run == "demo":
            demo.install_demo(data, cases=600)
            username = username or "admin"
        else:
            from zhongxin_desktop.ui.dialogs.first_run import FirstRunDialog

            dialog = FirstRunDialog(data)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            username = dialog.username
    local = center.local_center()
    if local.code == demo.DEMO_CODE:
        hint = demo.demo_credentials()
    from zhongxin_desktop.ui import preload

    # the first page's data layer is imported on a side thread while the dialog waits for the
    # password and then for its hash
    login = LoginDialog(local.name, hint=hint, username=username, while_waiting=preload.start)
    if login.exec() != QDialog.DialogCode.Accepted or login.actor is None:
        return None
    actor = login.actor
    from zhongxin_desktop.services import users

    if users.must_change_password(actor):
        from zhongxin_desktop.ui.dialogs.change_password import ChangePasswordDialog

        if ChangePasswordDialog(actor, login.ui.passwordEdit.text()).exec() != QDialog.DialogCode.Accepted:
            return None
    ctx = AppContext(actor=actor, data=data, worker=DbWorker(), bus=Bus())
    from zhongxin_desktop.ui import input_policy

    # The window's first build and paint and the first page's figures go without the two
    # application-wide event filters (the keyboard and wheel rules, the idle lock): PySide would
    # build a Python type for the class of every event and widget passing them, a tenth of the
    # start. _Settle brings both back.
    app = cast(QApplication, QApplication.instance())  # the sign-in dialog above needed one
    input_policy.pause(app)
    window = MainWindow(ctx)
    window.show()
    _Settle(app, window, ctx).arm()
    return window


SETTLE_AT_LATEST_MS = 600


def _after_first_page() -> None:
    """A job that does nothing: it ends after the first page's own jobs."""


class _Settle:
    """The keyboard and wheel rules back on, then after_sign_in: once, on the first of the first
    page's jobs ending (the worker runs its jobs in order; about a fifth of a second after the
    window shows), SETTLE_AT_LATEST_MS however slow the database, or the focus moving to another
    window (a dialog opened by a quick Ctrl+N needs the rules at once)."""

    def __init__(self, app: QApplication, window: MainWindow, ctx: AppContext):
        self.app, self.window, self.ctx, self.done = app, window, ctx, False

    def arm(self) -> None:
        self.ctx.worker.submit(_after_first_page, lambda _none: self())
        QTimer.singleShot(SETTLE_AT_LATEST_MS, self.window, self)
        self.app.focusObjectChanged.connect(self.focus_moved)

    def focus_moved(self, focused: object) -> None:
        if isinstance(focused, QWidget) and focused.window() is not self.window:
            self()

    def __call__(self) -> None:
        if self.done:
            return
        self.done = True
        from zhongxin_desktop.ui import input_policy

        self.app.focusObjectChanged.disconnect(self.focus_moved)
        input_policy.resume(self.app)
        if self.window.isVisible():  # not a window closed in its first moments, being shut down
            after_sign_in(self.window, self.ctx)


def after_sign_in(window: MainWindow, ctx: AppContext) -> None:
    """The idle lock; the daily backup (then the audit retention) on the database worker; then
    the full database check the start skipped, unless the backup's own check covered it."""
    from zhongxin_desktop.services.safety import audit_log, backups, integrity
    from zhongxin_desktop.services import leftovers, settings
    from zhongxin_desktop.services.database import is_server
    from zhongxin_desktop.ui import idle_lock
    from zhongxin_desktop.ui.integrity_watch import IntegrityWatch

    window.idle_lock = idle_lock.install(window, ctx, float(settings.get("idle_lock_minutes") or 0))
    watch = window.integrity_watch = IntegrityWatch(window, ctx)
    if is_server():  # the server's own checks and pg_dump keep it (services/safety/server_backups.py)
        return

    def daily() -> CreateResult | None:
        leftovers.sweep(ctx.data)  # a killed import's decrypted bundle must not outlive it
        made = backups.auto_daily(ctx.data)
        if made is not None:  # its copy passed integrity_check: the file is whole
            integrity.vouch_from_backup()
        audit_log.prune_expired(ctx.data)
        return made

    def done(made: CreateResult | None) -> None:
        if made is not None:
            ctx.bus.status_message.emit(window.tr("已自动备份：") + made.manifest.name
                                        + "".join("；" + w for w in made.warnings))
            ctx.bus.changed.emit("backup")  # a warning of an earlier failure goes
        watch.start()

    def failed(exc: BaseException, _tb: str) -> None:
        log.error("automatic backup failed: %s", exc)
        ctx.bus.status_message.emit(window.tr("自动备份失败：") + str(exc))
        ctx.bus.changed.emit("backup")  # the 工作台 shows it until a backup succeeds
        watch.start()

    ctx.worker.submit(daily, done, failed)


def shut_down(window: MainWindow) -> None:
    """Quitting (or signing in again): stop the background check, let the worker finish, close
    the database on the worker's thread and then this one, so the last close can leave the
    clean-close marker that spares the next start the full check."""
    from zhongxin_desktop.services.database import close_database

    watch = getattr(window, "integrity_watch", None)
    if watch is not None:
        watch.stop()
    window.ctx.worker.stop_checkpoints()  # close_database checkpoints on each thread itself
    window.ctx.worker.wait(30000)
    window.ctx.worker.submit(close_database)
    window.ctx.worker.wait(30000)
    # PySide drops a pool thread's Python thread state after each job, and with it peewee's
    # thread-local connection, which its own statement cache keeps alive in a reference cycle:
    # collected now, those connections close, so the one below can be the last and leave the marker.
    gc.collect()
    close_database()


def run_gui(data_dir: str | None = None, user: str | None = None, first_run: str = "ask",
            smoke_test: bool = False, database: str | None = None) -> int:
    from zhongxin_desktop.ui.error_report import install_excepthook
    from zhongxin_desktop.ui.single_instance import SingleInstance
    from zhongxin_desktop.ui.single_instance_win import hold_app_mutex

    hold_app_mutex()  # Windows: the installer waits while the app runs (AppMutex)
    app = make_application()
    from zhongxin_desktop.ui.gc_policy import GuiThreadCollector

    GuiThreadCollector(app)  # cyclic garbage (closed windows among it) is freed on this thread only
    data = DataDir(resolve_data_dir(data_dir))
    from zhongxin_desktop.services.database import database_url

    try:  # --database, the environment, or the address the county keeps in its data folder
        url = database_url(database, data)
    except StoreError as exc:
        QMessageBox.critical(None, APP_TITLE, str(exc))
        return 1
    if smoke_test:  # installer CI: open the main window headless, quit by itself
        from zhongxin_desktop.ui import smoke

        return smoke.run(app, data, user, url)
    install_excepthook()
    instance = SingleInstance(data)
    if not instance.claim():
        if instance.ask_first_to_raise():
            return 0  # the running window comes forward
        QMessageBox.warning(None, APP_TITLE, app.tr(
            "数据目录 %1 正被%2使用。同一数据目录同时只能由一个程序打开，请先关闭另一个窗口。")
            .replace("%1", str(data.root)).replace("%2", instance.holder()))
        return 1
    try:
        while True:
            window = start(data, user=user, first_run=first_run, database=url)
            if window is None:
                return 0
            instance.window = window
            code = app.exec()
            shut_down(window)
            if code != RESTART_CODE:  # a restore asks to sign in again on the restored data
                return code
            if window.idle_lock is not None:
                window.idle_lock.uninstall()
            window.close()
            window.deleteLater()
    finally:
        instance.release()
