"""The GUI's database worker: results arrive in the GUI thread, and ``pending`` counts a job until
its result (and any job its handler chained) has landed, so tests wait for that, not for a time."""
from PySide6.QtCore import QThread

from zhongxin_desktop.ui.worker import DbWorker


def test_pending_counts_until_the_chained_result_lands(qtbot):
    worker = DbWorker()
    landed: list[tuple[str, bool]] = []
    gui = QThread.currentThread()

    def second(value):
        landed.append((value, QThread.currentThread() is gui))

    def first(value):
        landed.append((value, QThread.currentThread() is gui))
        worker.submit(lambda: "second", second)

    worker.submit(lambda: "first", first)
    assert worker.pending() == 1
    qtbot.waitUntil(lambda: not worker.pending(), timeout=10000)
    assert landed == [("first", True), ("second", True)]


def test_a_failed_job_is_no_longer_pending(qtbot):
    worker = DbWorker()
    errors: list[str] = []

    def boom():
        raise ValueError("坏了")

    worker.submit(boom, on_error=lambda exc, tb: errors.append(str(exc)))
    qtbot.waitUntil(lambda: not worker.pending(), timeout=10000)
    assert errors == ["坏了"]
