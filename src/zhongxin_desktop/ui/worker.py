"""One database worker thread (Anki's taskman): operations run there, one at a time, and their
results come back to the GUI thread by signal. The GUI never blocks on a long job.

The thread lives as long as its worker and keeps its own database connection open between jobs
(opening one costs more than a short query). A job's failure goes to the caller's ``on_error``;
without one, to ``failures.report_failure``, which shows it to the user: nothing is only logged."""
from __future__ import annotations

import logging
import queue
import threading
import traceback
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

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


class _Job:
    def __init__(self, fn: Callable[..., Any], with_progress: bool):
        self.fn = fn
        self.signals = _Signals()  # made on the GUI thread: its signals are delivered there
        self.progress = Progress(self.signals) if with_progress else None

    def run(self) -> None:
        try:
            result = self.fn(self.progress) if self.progress else self.fn()
        except BaseException as exc:  # handed to the GUI thread, which decides how to show it
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            self.signals.done.emit(result)


class _JobThread:
    """One long-lived thread running jobs in the order given. It ends when its worker is garbage
    collected (its connection, thread-local, closes with it)."""

    def __init__(self, name: str):
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._busy = 0
        self._idle = threading.Condition()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._started = False

    def start(self, job: _Job) -> None:
        with self._idle:
            self._busy += 1
        self._queue.put(job)
        if not self._started:
            self._started = True
            self._thread.start()

    def _loop(self) -> None:
        while (job := self._queue.get()) is not None:
            try:
                job.run()
            finally:
                del job
                with self._idle:
                    self._busy -= 1
                    self._idle.notify_all()

    def wait(self, msecs: int) -> bool:
        """True once every job given has run (its result may still be on its way to the GUI)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._busy == 0, msecs / 1000)

    def stop(self) -> None:
        self._queue.put(None)


IDLE_CHECKPOINT_MS = 2000  # after the last job of a burst: a deleted -wal then loses seconds of work


class DbWorker(QObject):
    """``checkpoint_when_idle``: once no job has run for IDLE_CHECKPOINT_MS, the write-ahead log
    is copied into the database file on this thread (services/safety/integrity.checkpoint_idle)."""

    def __init__(self, parent: QObject | None = None, checkpoint_when_idle: bool = True):
        super().__init__(parent)
        self.pool = _JobThread(type(self).__name__)  # one writer: no "database is locked" races
        weakref.finalize(self, self.pool.stop)
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

        def finished(*_: object) -> None:
            self._jobs.discard(job)
            if self._checkpointing and not self._jobs:
                self._idle.start()

        if on_done:
            job.signals.done.connect(on_done)
        job.signals.done.connect(finished)
        job.signals.failed.connect(on_error or _report_failure)
        job.signals.failed.connect(finished)
        if on_progress:
            job.signals.progress.connect(on_progress)
        self._idle.stop()  # a burst goes on
        self.pool.start(job)
        return job.progress

    def _checkpoint(self) -> None:
        if self._jobs or not self._checkpointing:
            return
        from zhongxin_desktop.services.safety import integrity

        session = integrity.current_session()  # not another file opened meanwhile (a restore)
        job = _Job(lambda: integrity.checkpoint_idle(session), with_progress=False)
        job.signals.failed.connect(_log_failure)
        self.pool.start(job)  # not through submit: it must not start the idle timer again

    def stop_checkpoints(self) -> None:
        """No more idle checkpoints (quitting, or the database is about to be closed everywhere)."""
        self._checkpointing = False
        self._idle.stop()

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.wait(msecs)

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
    """Only for the worker's own upkeep (the idle checkpoint), which no user asked for."""
    log.error("background operation failed: %s\n%s", exc, tb)


def _report_failure(exc: BaseException, tb: str) -> None:
    if isinstance(exc, CancelledError):  # the user asked for it
        return
    from zhongxin_desktop.ui.failures import report_failure

    report_failure(exc, tb)
