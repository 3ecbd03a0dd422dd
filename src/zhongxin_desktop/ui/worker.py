"""One database worker thread (Anki's lesson): operations run there, one at a time, and their
results come back to the GUI thread by signal. The GUI never blocks on a long job."""
from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

log = logging.getLogger(__name__)


class CancelledError(Exception):
    pass


class Progress:
    """Handed to an operation: report progress, and check whether the user cancelled."""

    def __init__(self, signals: "_Signals"):
        self._signals = signals
        self.cancelled = False

    def __call__(self, done: int, total: int, text: str = "") -> None:
        if self.cancelled:
            raise CancelledError()
        self._signals.progress.emit(done, total, text)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object, str)
    progress = Signal(int, int, str)


class _Job(QRunnable):
    def __init__(self, fn: Callable[..., Any], with_progress: bool):
        super().__init__()
        self.fn = fn
        self.signals = _Signals()
        self.progress = Progress(self.signals) if with_progress else None
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn(self.progress) if self.progress else self.fn()
        except BaseException as exc:  # handed to the GUI thread, which decides how to show it
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            self.signals.done.emit(result)


IDLE_CHECKPOINT_MS = 2000  # after the last job of a burst: a deleted -wal then loses seconds of work


class DbWorker(QObject):
    """``checkpoint_when_idle``: once no job has run for IDLE_CHECKPOINT_MS, the write-ahead log
    is copied into the database file on this thread (services/integrity.checkpoint_idle)."""

    def __init__(self, parent: QObject | None = None, checkpoint_when_idle: bool = True):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # one writer: no "database is locked" races
        self._jobs: set[_Job] = set()
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(IDLE_CHECKPOINT_MS)
        self._idle.timeout.connect(self._checkpoint)
        self._checkpointing = checkpoint_when_idle

    def submit(self, fn: Callable[..., Any], on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException, str], None] | None = None,
               on_progress: Callable[[int, int, str], None] | None = None) -> Progress | None:
        job = _Job(fn, with_progress=on_progress is not None)
        self._jobs.add(job)

        def finished(_=None):
            self._jobs.discard(job)
            if self._checkpointing and not self._jobs:
                self._idle.start()

        if on_done:
            job.signals.done.connect(on_done)
        job.signals.done.connect(finished)
        job.signals.failed.connect(on_error or _log_failure)
        job.signals.failed.connect(finished)
        if on_progress:
            job.signals.progress.connect(on_progress)
        self._idle.stop()  # a burst goes on
        self.pool.start(job)
        return job.progress

    def _checkpoint(self) -> None:
        if self._jobs or not self._checkpointing:
            return
        from zhongxin_desktop.services import integrity

        session = integrity.current_session()  # not another file opened meanwhile (a restore)
        job = _Job(lambda: integrity.checkpoint_idle(session), with_progress=False)
        job.signals.failed.connect(_log_failure)
        self.pool.start(job)  # not through submit: it must not start the idle timer again

    def stop_checkpoints(self) -> None:
        """No more idle checkpoints (quitting, or the database is about to be closed everywhere)."""
        self._checkpointing = False
        self._idle.stop()

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)

    def pending(self) -> int:
        """Jobs whose result has not reached the GUI thread yet (a job submitted by another's
        on_done counts before that one is done): 0 means everything asked for has landed."""
        return len(self._jobs)


class SideWorker(DbWorker):
    """A second thread for a long read-only job that opens its own read-only connection (the
    full database check after start-up) and never touches the shared database: run on DbWorker,
    it would hold up every save and page load queued behind it for as long as it reads the file.
    Jobs get ``cancel``, an Event they must watch; ``stop()`` sets it and waits."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent, checkpoint_when_idle=False)  # it has no connection of the app's
        self.cancel = threading.Event()

    def stop(self, msecs: int = 30000) -> bool:
        self.cancel.set()
        return self.wait(msecs)


def _log_failure(exc: BaseException, tb: str) -> None:
    log.error("background operation failed: %s\n%s", exc, tb)
