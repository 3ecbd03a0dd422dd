"""`zhongxin --smoke-test`: start the real GUI headless and quit by itself (installer CI).

It opens the data folder's database (migrating it, as a normal start does), signs in as
``--user``/ZHONGXIN_USER (default admin) with ZHONGXIN_PASSWORD — no login dialog, which would
wait for a click — shows the main window, visits every page of the navigation, waits for their
database jobs, prints one line and exits 0 (with ZHONGXIN_SMOKE_SCREENSHOT=FILE.png it
also saves a picture of the window first). Anything that goes wrong exits non-zero instead of
opening a dialog nobody can close: an uncaught exception 1, a page that never finishes 3.
"""
from __future__ import annotations

import os
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from zhongxin_desktop.paths import DataDir

TIMEOUT_MS = 60_000


def run(app: QApplication, data: DataDir, user: str | None, database: str | None = None) -> int:
    from zhongxin_desktop.domain.errors import DomainError
    from zhongxin_desktop.logging_setup import setup_logging
    from zhongxin_desktop.services import center, users
    from zhongxin_desktop.services.database import StoreError, close_database, open_store
    from zhongxin_desktop.ui.context import AppContext, Bus
    from zhongxin_desktop.ui.main_window import MainWindow
    from zhongxin_desktop.ui.worker import DbWorker

    failures: list[str] = []

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:  # no error dialog: record, stop the event loop, exit 1
        failures.append("".join(traceback.format_exception(exc_type, exc, tb)))
        app.exit(1)

    sys.excepthook = hook
    setup_logging(data.logs)
    try:
        open_store(data, database)
        if not center.is_initialised():
            raise DomainError(f"数据目录 {data.root} 中没有中心：请先运行“zhongxin demo”或“zhongxin init”")
        actor = users.sign_in(user or os.environ.get("ZHONGXIN_USER") or "admin",
                              os.environ.get("ZHONGXIN_PASSWORD", ""))
    except (DomainError, StoreError) as exc:
        print(f"smoke-test 失败 / failed: {exc}", file=sys.stderr)
        close_database()
        return 1
    ctx = AppContext(actor=actor, data=data, worker=DbWorker(), bus=Bus())
    window = MainWindow(ctx)
    window.show()
    visited: list[str] = []

    def visit_pages() -> None:
        for key in window.pages:
            window.show_page(key)
            app.processEvents()
            if not ctx.worker.wait(TIMEOUT_MS):
                failures.append(f"page {key}: database job did not finish")
                app.exit(3)
                return
            app.processEvents()
            visited.append(key)
        shot = os.environ.get("ZHONGXIN_SMOKE_SCREENSHOT")
        if shot:  # CI keeps a picture: Chinese text as boxes means a font is missing
            window.show_page(next(iter(window.pages)))
            app.processEvents()
            ctx.worker.wait(TIMEOUT_MS)
            app.processEvents()
            window.grab().save(shot)
        window.close()
        app.exit(0)

    QTimer.singleShot(0, visit_pages)
    def time_out() -> None:
        failures.append("timeout")
        app.exit(3)

    QTimer.singleShot(TIMEOUT_MS * 2, time_out)
    code = app.exec()
    close_database()
    if failures:
        print("smoke-test 失败 / failed:\n" + "\n".join(failures), file=sys.stderr)
        return code or 1
    print(f"smoke-test ok: {window.windowTitle()}; {len(visited)} pages: {', '.join(visited)}")
    return code
