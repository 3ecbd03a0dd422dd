"""While the GUI runs, Python's cyclic garbage collector runs on the GUI thread only, never in the
middle of a database worker's job, where freeing a window's wrappers raced the GUI thread that was
walking the same windows (ui/gc_policy)."""
from __future__ import annotations

import gc
import threading
import weakref


def test_garbage_is_collected_on_the_gui_thread_not_during_a_worker_job(qtbot):
    from PySide6.QtWidgets import QLabel, QWidget

    from zhongxin_desktop.ui.gc_policy import GuiThreadCollector

    collections: list[str] = []

    def seen(phase: str, _info: dict) -> None:
        if phase == "start":
            collections.append(threading.current_thread().name)

    collector = GuiThreadCollector()  # the policy as ui/app.run_gui installs it
    gc.callbacks.append(seen)
    try:
        window = QWidget()
        QLabel("待回收", window)
        window.keep = window  # a cycle: only the cyclic collector can free it
        gone = weakref.ref(window)
        del window

        results: list[object] = []

        def job() -> None:  # as a service job: builds its result, enough objects to cross every threshold
            results.append([[[] for _ in range(10)] for _ in range(50_000)])

        worker = threading.Thread(target=job, name="DbWorker")
        worker.start()
        worker.join()
        assert "DbWorker" not in collections and gone() is not None
        qtbot.waitUntil(lambda: gone() is None, timeout=5000)  # freed by the GUI thread's check
        assert set(collections) == {"MainThread"}
        results.clear()
    finally:
        gc.callbacks.remove(seen)
        collector.uninstall()
        collector.deleteLater()
