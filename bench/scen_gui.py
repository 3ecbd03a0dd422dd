"""GUI scenarios in child processes on the offscreen platform: cold start to an interactive
main window, and the case list opened and scrolled to its end."""
from __future__ import annotations

import time
from pathlib import Path

# Nothing else at the top: both start-up children (the app's and the bare window's) import this
# module inside their timed start, so whatever it imports would be added to both.

# PySide6 6.12.0 on Python 3.11 drops references it does not own on Python-side Signal.emit()
# (measured: sys.getrefcount(True) falls by one per emit; None and False fall too; the process
# aborts with "bool_dealloc"/"none_dealloc" after a few hundred DbWorker jobs). Main pins PySide6
# below 6.12; the spare references keep a child that runs many jobs alive should a 6.12.0 venv be
# used, and RESULTS.md reports what the installed version does (signal_refcount below).
SPARE_REFS: list[object] = []


def _spare_refs() -> None:
    import PySide6

    if PySide6.__version__ == "6.12.0" and not SPARE_REFS:
        SPARE_REFS.extend([True, False, None] * 1_000_000)


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

    dialog_ready: list[float] = []

    def answer(dialog) -> int:
        dialog_ready.append(time.monotonic() - t0)  # where a clerk starts typing the password
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
    # interactive: the window is up and the 工作台 shows its figures and to-do lists; the list of
    # people in several cases comes after (services.figures.dashboard.repeat_people), timed apart
    _wait(app, lambda: getattr(page, "data", True) is not None)
    ready = time.monotonic()
    phases["dashboard figures after show"] = ready - shown
    _wait(app, lambda: _worker_idle(window.ctx) and getattr(page, "repeats", True) is not None)
    complete = time.monotonic() - ready
    # Not timed: the rest of a session and the quit. The full database check a start skips runs
    # after the window shows, on its own thread; a session that ends before it finishes leaves no
    # clean-close marker, so (as a clerk's session does) let it finish, then quit as the app does.
    watch = getattr(window, "integrity_watch", None)
    _wait(app, lambda: watch is None or not watch.running, timeout=600)
    checked_in_background = time.monotonic() - ready if watch is not None else 0.0
    ui_app.shut_down(window)
    return {"seconds": ready - t0, "phases": phases, "background_check_s": checked_in_background,
            "rest_of_dashboard_s": complete, "dialog_s": dialog_ready[0]}


def _list_view(page, table_cls):
    """The case table of the page (the page also holds the detail panel's smaller tables)."""
    views = page.findChildren(table_cls)
    own = getattr(page, "model", None)
    for view in views:
        model = view.model()
        if own is not None and (model is own or getattr(model, "sourceModel", lambda: None)() is own):
            return view, model
    return views[0], views[0].model()


def case_list(folder: str, scroll: bool, scroll_cap: float = 60.0) -> dict:
    """Open the case list page once in this process (the first open of a session) and, if
    ``scroll``, fetch until the end as a view scrolled to the bottom does, stopping after
    ``scroll_cap`` seconds."""
    from PySide6.QtCore import QModelIndex
    from PySide6.QtWidgets import QTableView

    from zhongxin_desktop.paths import DataDir
    from zhongxin_desktop.store.db import database
    from zhongxin_desktop.ui.app import make_application
    from zhongxin_desktop.ui.context import AppContext, Bus
    from zhongxin_desktop.ui.pages import PAGES
    from zhongxin_desktop.ui.worker import DbWorker

    from bench.harness import SqlTrace
    from bench.scen_store import open_store

    _spare_refs()
    app = make_application()
    actor, _ = open_store(folder)
    ctx = AppContext(actor=actor, data=DataDir(Path(folder)), worker=DbWorker(), bus=Bus())
    trace = SqlTrace()
    trace.attach_all(database.obj)  # the worker thread opens its own connection
    page = dict((k, c) for k, _t, c in PAGES)["cases"](ctx)
    page.resize(1100, 700)
    page.show()
    view, model = _list_view(page, QTableView)
    trace.start()
    t0 = time.perf_counter()
    page.refresh()
    _wait(app, lambda: model.rowCount() > 0 and _worker_idle(ctx))
    opened = time.perf_counter() - t0
    trace.stop()
    out = {"open": opened, "open_run": trace.runs[-1], "rows": model.rowCount()}
    if scroll:
        capped = False
        trace.start()
        t1 = time.perf_counter()
        while model.canFetchMore(QModelIndex()) or not _worker_idle(ctx):
            if model.canFetchMore(QModelIndex()):
                model.fetchMore(QModelIndex())  # what the view asks for as it reaches the end
            app.processEvents()
            if time.perf_counter() - t1 > scroll_cap:
                capped = True
                break
        view.scrollToBottom()
        app.processEvents()
        out.update(scroll=time.perf_counter() - t1, capped=capped, rows=model.rowCount())
        trace.stop()
        out["scroll_run"] = trace.runs[-1]
    ctx.worker.wait(30000)
    return out


def signal_refcount(emits: int = 200) -> dict:
    """How many references to True the installed PySide6 loses over ``emits`` Python-side emits
    (0 when it is free of the 6.12.0 bug described above)."""
    import sys

    import PySide6
    from PySide6.QtCore import QCoreApplication, QObject, Signal

    class Sender(QObject):
        fired = Signal(object)

    app = QCoreApplication.instance() or QCoreApplication([])
    sender = Sender()
    sender.fired.connect(lambda value: None)
    before = sys.getrefcount(True)
    for _ in range(emits):
        sender.fired.emit(5)
    lost = before - sys.getrefcount(True)
    del app
    return {"version": PySide6.__version__, "emits": emits, "lost": lost}
