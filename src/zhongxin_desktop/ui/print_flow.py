"""Preview → print/save for any document KIND: rendered on the database worker (a 50-page
dossier never freezes the window; it reports progress and can be cancelled), shown in the
preview, and every print or save recorded in the case timeline and the audit log."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressDialog, QWidget

from zhongxin_desktop.documents import printing
from zhongxin_desktop.ui import ops
from zhongxin_desktop.ui.context import AppContext
from zhongxin_desktop.ui.worker import Progress
from zhongxin_desktop.ui.dialogs.print_preview import PrintPreviewDialog


def open_preview(parent: QWidget, ctx: AppContext, kind: str, case_id: str, *, version: int | None = None,
                 message: QLabel | None = None, on_recorded: Callable[[Any], None] | None = None,
                 signing: bool = False) -> None:
    """``signing``: the agreement's 签署本 for the parties (no 草稿 mark, with the code); printing
    or saving it makes the version ready for 登记签署."""
    actor = ctx.actor
    progress_dialog = None
    if kind == "dossier":
        progress_dialog = QProgressDialog(parent.tr("正在生成卷宗…"), parent.tr("取消"), 0, 3, parent)
        progress_dialog.setWindowModality(Qt.WindowModality.WindowModal)
        progress_dialog.setMinimumDuration(300)

    def show(printed: printing.Printed) -> None:
        if progress_dialog is not None:
            progress_dialog.close()

        def record(target: str) -> None:
            ops.run(ctx, lambda: printing.record_print(actor, case_id, printed, target), on_recorded,
                    message=message, changed="case", ok_text=parent.tr("已打印，已记入案件记录"))

        try:
            preview = PrintPreviewDialog(printed.pdf, printed.title, record, f"{printed.title}.pdf", parent,
                                         copies=printed.copies)
        except RuntimeError as exc:  # no page renderer on this PC: say so instead of crashing
            if message is not None:
                message.setText(str(exc))
            return
        setattr(parent, "preview_dialog", preview)  # on any widget: kept while open, found there by tests
        preview.open()

    def progress(done: int, total: int, text: str) -> None:
        if progress_dialog is not None:
            progress_dialog.setMaximum(total)
            progress_dialog.setValue(done)
            progress_dialog.setLabelText(text)

    def render(job_progress: Progress | None = None) -> printing.Printed:
        return printing.preview(actor, kind, case_id, version=version, progress=job_progress, signing=signing)

    if progress_dialog is None:
        ops.run(ctx, render, show, message=message)
        return
    handle = ops.run(ctx, render, show, message=message, on_progress=progress)

    def cancel() -> None:
        if handle is not None:
            handle.cancelled = True

    progress_dialog.canceled.connect(cancel)
