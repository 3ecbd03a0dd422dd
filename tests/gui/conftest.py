"""The GUI tests: real widgets driven through pytest-qt on Qt's offscreen platform, and the app's
windows run in child processes (a real X session, the smoke start, a print queue). Every test here
is marked `gui`; `scripts/run-tests -m "not gui"` runs everything else without starting Qt."""
from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _garbage_freed_on_the_gui_thread(qapp):
    """As in the app (ui/gc_policy): a window a test left behind in a reference cycle must not be
    freed by a collection that happens to run on a database worker thread."""
    from zhongxin_desktop.ui.gc_policy import GuiThreadCollector

    collector = GuiThreadCollector(qapp)
    yield
    collector.uninstall()
    collector.deleteLater()


@pytest.fixture
def app_ctx(qtbot, data_dir):
    """An AppContext for pages and windows; the actor is set by the test's database fixture."""
    from zhongxin_desktop.ui.context import AppContext, Bus
    from zhongxin_desktop.ui.worker import DbWorker

    contexts = []

    def make(actor):
        ctx = AppContext(actor=actor, data=data_dir, worker=DbWorker(), bus=Bus())
        contexts.append(ctx)
        return ctx

    yield make
    for ctx in contexts:
        ctx.worker.wait(30000)


@pytest.fixture(scope="session", autouse=True)
def _qt_speaks_chinese(qapp):
    """Qt's standard buttons in Chinese and the app's keyboard and wheel rules for every GUI test, as
    in the app (ui/app.make_application)."""
    from zhongxin_desktop.ui import input_policy
    from zhongxin_desktop.ui.translations import install_qt_chinese

    install_qt_chinese(qapp)
    input_policy.install(qapp)


@pytest.fixture(autouse=True)
def _no_dialog_left_open(qapp):
    """A dialog a test leaves open (a warning it only read, a question it did not answer) would
    be the next test's active modal window, and where the app puts the idle lock's prompt depends
    on that: hide each one the test left, so every test starts with no window of another."""
    yield
    from PySide6.QtWidgets import QApplication, QDialog

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.hide()
