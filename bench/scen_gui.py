"""GUI scenarios in child processes on the offscreen platform: cold start to an interactive
main window, and the case list opened and scrolled to its end."""
from __future__ import annotations

import time
from pathlib import Path

from bench.harness import SqlTrace


def _wait(app, done, timeout: float = 120.0) -> None:
    end = time.monotonic() + timeout
    while not done():
        app.processEvents()
        if time.monotonic() > end:
            raise TimeoutError("the window did not become ready in time")
        time.sleep(0.0005)


def _worker_idle(ctx) -> bool:
    return not ctx.worker._jobs  # every submitted job has delivered its result to the GUI thread


def startup_bare(t0: float) -> dict:
    """The baseline: a bare PySide6 QMainWindow with a label, shown."""
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication([])
    window = QMainWindow()
    window.setCentralWidget(QLabel("综治中心"))
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    return {"seconds": time.monotonic() - t0}


def _timed(owner, name: str, key: str, phases: dict) -> None:
    fn = getattr(owner, name)

    def wrapper(*args, **kwargs):
        start = time.monotonic()
        try:
            return fn(*args, **kwargs)
        finally:
            phases[key] = phases.get(key, 0.0) + time.monotonic() - start

    setattr(owner, name, wrapper)


def startup_app(t0: float, folder: str, password: str) -> dict:
    """The real start-up path (ui.app.start): database checks, sign-in, main window, until the
    dashboard shows its figures. The sign-in dialog is answered by code instead of a person."""
    from zhongxin_desktop.paths import DataDir
    from zhongxin_desktop.services import users
    from zhongxin_desktop.store import connection
    from zhongxin_desktop.ui import app as ui_app
    from zhongxin_desktop.ui import main_window
    from zhongxin_desktop.ui.dialogs import login

    phases = {"interpreter and imports": time.monotonic() - t0}
    _timed(connection, "open_database", "open database (checks, migrations)", phases)
    _timed(users, "sign_in", "sign-in (password hash)", phases)
    _timed(main_window.MainWindow, "__init__", "build main window", phases)

    def answer(dialog) -> int:
        dialog.ui.passwordEdit.setText(password)
        dialog.try_sign_in()
        return dialog.result()

    login.LoginDialog.exec = answer
    app = ui_app.make_application()
    window = ui_app.start(DataDir(Path(folder)), user="admin")
    if window is None:
        raise RuntimeError("start-up returned no window")
    page = window.pages.get("dashboard")
    shown = time.monotonic()
    _wait(app, lambda: _worker_idle(window.ctx) and getattr(page, "data", True) is not None)
    ready = time.monotonic()
    phases["dashboard figures after show"] = ready - shown
    return {"seconds": ready - t0, "phases": phases}


def case_list(folder: str, repeat: int) -> dict:
    """Open the case list page and scroll to the end, ``repeat`` times on fresh pages."""
    from PySide6.QtCore import QModelIndex
    from PySide6.QtWidgets import QTableView

    from zhongxin_desktop.paths import DataDir
    from zhongxin_desktop.store.db import database
    from zhongxin_desktop.ui.app import make_application
    from zhongxin_desktop.ui.context import AppContext, Bus
    from zhongxin_desktop.ui.pages import PAGES
    from zhongxin_desktop.ui.worker import DbWorker

    from bench.scen_store import open_store

    app = make_application()
    actor, _ = open_store(folder)
    ctx = AppContext(actor=actor, data=DataDir(Path(folder)), worker=DbWorker(), bus=Bus())
    trace = SqlTrace()
    trace.attach_all(database.obj)  # the worker thread opens its own connection
    page_cls = dict((k, c) for k, _t, c in PAGES)["cases"]
    opened, scrolled, rows = [], [], 0
    for _ in range(repeat + 1):  # the first round warms caches and is not counted
        page = page_cls(ctx)
        page.resize(1100, 700)
        page.show()
        view = page.findChild(QTableView)
        model = view.model()
        trace.start()
        t0 = time.perf_counter()
        page.refresh()
        _wait(app, lambda: model.rowCount() > 0 and _worker_idle(ctx))
        t1 = time.perf_counter()
        trace.stop()
        trace.start()
        while True:
            while model.canFetchMore(QModelIndex()):
                model.fetchMore(QModelIndex())
            _wait(app, lambda: _worker_idle(ctx))
            if not model.canFetchMore(QModelIndex()):
                break
        view.scrollToBottom()
        app.processEvents()
        t2 = time.perf_counter()
        trace.stop()
        opened.append(t1 - t0)
        scrolled.append(t2 - t1)
        rows = model.rowCount()
        page.close()
        page.deleteLater()
        app.processEvents()
    runs = trace.runs[2:]
    return {"open": opened[1:], "scroll": scrolled[1:], "rows": rows, "open_runs": runs[0::2],
            "scroll_runs": runs[1::2]}
