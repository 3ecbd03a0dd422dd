"""Where a background job's failure goes when its caller did not take it: to the user. A refusal
(a DomainError: its text is written for the clerk) in a message box; anything unexpected in the
error report dialog, with its report copied to the log. Neither blocks the event loop, so the
other results keep arriving; failures that come while the report is open are added to it."""
from __future__ import annotations

import logging

from PySide6.QtWidgets import QApplication, QMessageBox

from zhongxin_desktop import APP_TITLE
from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.ui.error_report import ErrorReportDialog, format_report

log = logging.getLogger("zhongxin.crash")

_open: dict[str, object] = {}  # the report dialog on screen, and a refusal's box, to reuse


def report_failure(exc: BaseException, tb: str) -> None:
    app = QApplication.instance()
    parent = QApplication.activeWindow() if app is not None else None
    if isinstance(exc, DomainError):
        log.info("background job refused: %s", exc)
        box = QMessageBox(QMessageBox.Icon.Warning, APP_TITLE, str(exc), QMessageBox.StandardButton.Ok, parent)
        box.open()
        _open["refusal"] = box
        return
    report = format_report(type(exc), exc, exc.__traceback__) if exc.__traceback__ else f"{exc!r}\n{tb}"
    log.error("background operation failed\n%s", report)
    dialog = _open.get("report")
    if isinstance(dialog, ErrorReportDialog) and dialog.isVisible():
        dialog.add(report)
        return
    dialog = ErrorReportDialog(report, parent)
    _open["report"] = dialog
    dialog.open()
