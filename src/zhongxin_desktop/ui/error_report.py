"""An uncaught exception: log it, show a copyable report, keep the windows (and what the
clerk typed) open."""
from __future__ import annotations

from typing import TYPE_CHECKING

import logging
import platform
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

from zhongxin_desktop import __version__
from zhongxin_desktop.ui.screen_fit import fit_to_screen

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

log = logging.getLogger("zhongxin.crash")


class ErrorReportDialog(QDialog):
    def __init__(self, report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("程序出错"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("程序遇到意外错误。您正在填写的内容仍然保留在窗口中，请先保存工作。\n"
                                        "以下报告已写入日志，可复制后发给技术支持：")))
        self.text = QPlainTextEdit(report)
        self.text.setReadOnly(True)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton(self.tr("复制报告"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QApplication.clipboard().setText(self.text.toPlainText()))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_to_screen(self, 640, 420)

    def add(self, report: str) -> None:
        """Another failure while this one is open: one dialog with both, not a pile of them."""
        self.text.appendPlainText("\n" + report)


def format_report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    return (f"综治中心桌面端 {__version__} / Python {platform.python_version()} / {platform.platform()}\n\n"
            + "".join(traceback.format_exception(exc_type, exc, tb)))


def install_excepthook() -> None:
    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        report = format_report(exc_type, exc, tb)
        log.error("uncaught exception\n%s", report)
        app = QApplication.instance()
        if app is None or getattr(app, "_showing_error", False):
            sys.__excepthook__(exc_type, exc, tb)
            return
        setattr(app, "_showing_error", True)  # one report at a time: a failure inside it is logged only
        try:
            ErrorReportDialog(report, QApplication.activeWindow()).exec()
        finally:
            setattr(app, "_showing_error", False)

    sys.excepthook = hook
