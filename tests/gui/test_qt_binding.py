"""The Qt binding itself must be sound: PySide6 6.12.0 on Python 3.11 lost a reference to None on
every void call and the GUI aborted after a few thousand calls (see pyproject.toml)."""
import sys

from PySide6.QtWidgets import QLabel


def test_void_qt_calls_keep_none_alive(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("调解")
    assert sys.getrefcount(None) - before > -100


def test_signal_emits_keep_true_alive(qtbot):
    """6.12.0 also lost a reference to True on every Python-side Signal.emit(); the database
    worker emits once per job, so the GUI aborted after a few hundred jobs."""
    from PySide6.QtCore import QObject, Signal

    class Emitter(QObject):
        fired = Signal(bool)

    emitter = Emitter()
    received = []
    emitter.fired.connect(received.append)
    before = sys.getrefcount(True)
    for _ in range(500):
        emitter.fired.emit(True)
    assert len(received) == 500
    received.clear()
    assert sys.getrefcount(True) - before > -50
