"""A long job (bundle export or import, ledger or report export, backup) on the database worker
with a progress window: the window never freezes, the job can be cancelled where that is safe,
and however it ends the clerk is told — done, cancelled, refused (the service's reason) or
failed (a plain sentence; the traceback goes to the log, never on screen).

The job is ``fn(progress)``; a service that reports progress calls ``progress(done, total,
text)``, which raises CancelledError once 取消 was pressed (between steps that leave nothing
half-done: a file not yet written, a bundle not yet applied)."""
from __future__ import annotations

import errno
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.ui.context import AppContext
from zhongxin_desktop.ui.worker import CancelledError, Progress

log = logging.getLogger(__name__)
SHOW_AFTER_MS = 300  # a job done sooner shows no window at all


def _tr(text: str) -> str:
    return QCoreApplication.translate("long_job", text)


# what the system says when a file cannot be read or written, in the clerk's words
_OS_REASONS = {
    errno.ENOSPC: "磁盘或U盘已满", errno.EFBIG: "文件太大，磁盘或U盘放不下", errno.EACCES: "没有权限读写这个位置",
    errno.EPERM: "没有权限读写这个位置", errno.EROFS: "磁盘或U盘是只读的（可能有写保护开关）",
    errno.ENOENT: "找不到这个文件或文件夹", errno.ENOTDIR: "所选位置不是文件夹", errno.EISDIR: "所选位置是文件夹，不是文件",
    errno.EIO: "读写磁盘或U盘时出错（U盘可能已拔出或损坏）", errno.ENODEV: "磁盘或U盘已不在（可能已拔出）",
    errno.EEXIST: "这个位置已有同名的文件", errno.EBUSY: "文件正被其他程序使用",
}


def _in_words(exc: BaseException) -> str:
    """A failure as the clerk can read it: the system's English error text and codes stay in the log."""
    if isinstance(exc, OSError):
        reason = _tr(_OS_REASONS.get(exc.errno or 0, "读写文件时出错"))
        return f"{reason}（{exc.filename}）" if exc.filename else reason
    return _tr("程序内部错误")


def start(owner: QWidget, ctx: AppContext, title: str, label: str, fn: Callable[[Any], Any],
          on_done: Callable[[Any], None], *, cancellable: bool = True, on_cancelled: Callable[[], None] | None = None,
          on_failed: Callable[[str], None] | None = None) -> Progress | None:
    """Run ``fn`` with a progress window owned by ``owner`` (kept as ``owner.job_dialog``; a
    failure's message box as ``owner.failure_box``). ``on_failed(text)`` runs after a refusal or
    failure (re-enable buttons, show the text in place); ``on_cancelled`` after a cancel."""
    dialog = QProgressDialog(label, _tr("取消"), 0, 0, owner)  # 0..0: busy until told
    if not cancellable:
        dialog.setCancelButton(None)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    setattr(owner, "job_dialog", dialog)  # on any widget: found there while it runs

    def progress(done: int, total: int, text: str) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))
        if text:
            dialog.setLabelText(text)

    def finished(result: Any) -> None:
        dialog.close()
        on_done(result)

    def failed(exc: BaseException, tb: str) -> None:
        dialog.close()
        if isinstance(exc, CancelledError):
            ctx.bus.status_message.emit(_tr("已取消：") + title)
            if on_cancelled is not None:
                on_cancelled()
            return
        if isinstance(exc, DomainError):
            text = str(exc)
        else:
            log.error("%s failed: %s\n%s", title, exc, tb)
            text = _tr("{t}未能完成：{e}\n请检查磁盘空间、U盘或文件位置后重试；详细情况已记入日志，"
                       "如反复出现，请联系管理员。").format(t=title, e=_in_words(exc))
        ctx.bus.status_message.emit(text.splitlines()[0])
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, owner)
        setattr(owner, "failure_box", box)
        box.open()
        if on_failed is not None:
            on_failed(text)

    handle = ctx.worker.submit(fn, finished, failed, progress)
    if cancellable:
        def cancel() -> None:
            if handle is not None:
                handle.cancelled = True
            dialog.setLabelText(_tr("正在取消…"))

        dialog.canceled.connect(cancel)
    return handle
