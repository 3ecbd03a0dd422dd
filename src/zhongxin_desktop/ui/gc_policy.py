"""Python's cyclic garbage collector runs on whichever thread happens to allocate when a threshold
is crossed. On the database worker that could be the moment a closed window or dialog, kept alive
only by a reference cycle (a lambda connected to its own signal), is freed: its widgets would be
destroyed off the GUI thread, which crashes Qt. So while the GUI runs, automatic collection is off
and this collects on the GUI thread instead, a generation at a time once its threshold is crossed
(checked twice a second, as the thresholds would have triggered it)."""
from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_MS = 500


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.was_enabled = gc.isenabled()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(CHECK_MS)

    def check(self) -> None:
        young, middle, old = gc.get_count()
        if young > self.thresholds[0]:
            gc.collect(0)
            if middle > self.thresholds[1]:
                gc.collect(1)
                if old > self.thresholds[2]:
                    gc.collect(2)

    def uninstall(self) -> None:
        """Back to Python's own collection, after a full collection here on the GUI thread."""
        self.timer.stop()
        gc.collect()
        if self.was_enabled:
            gc.enable()
