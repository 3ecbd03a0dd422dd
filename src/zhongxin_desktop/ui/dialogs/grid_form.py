"""A form dialog whose Save runs a service call on the database worker. A refusal (validation,
permission) shows in red inside the dialog, which stays open with what the clerk typed; on
success the dialog closes with ``outcome`` set to what the service returned."""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QFormLayout, QVBoxLayout, QWidget,
)

from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.ui.context import AppContext
from zhongxin_desktop.ui.dialogs.form_dialog import FormDialog

log = logging.getLogger(__name__)


class GridFormDialog(FormDialog):
    """The grid dialogs: the fields go in ``form``; the subclass hands ``finish_layout`` its job
    builder, which reads the fields and returns the call to run on the worker (raising
    DomainError to refuse before anything runs)."""

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.outcome: Any = None
        self.warnings: list[str] = []
        self.body = QVBoxLayout(self)
        self.form = QFormLayout()
        self.body.addLayout(self.form)

    def finish_layout(self, job: Callable[[], Callable[[], Any]]) -> None:
        self._job = job
        self.finish(self.body, self.submit)
        self.error = self.message  # the name the grid tests read it by

    def submit(self) -> None:
        try:
            job = self._job()
        except DomainError as exc:
            self.show_error(str(exc))
            return
        self.buttons.setEnabled(False)
        self.ctx.worker.submit(job, self._succeeded, self._failed)

    def _succeeded(self, result: Any) -> None:
        if isinstance(result, tuple) and len(result) == 2 and isinstance(result[1], list):
            result, self.warnings = result  # (row, guideline warnings)
        self.outcome = result
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, exc: BaseException, tb: str) -> None:
        if isinstance(exc, DomainError):
            self.show_error(str(exc))
        else:
            log.error("grid dialog failed: %s\n%s", exc, tb)
            self.show_error(self.tr("保存失败（程序错误，已写入日志）：") + str(exc))

    def show_error(self, text: str) -> None:
        """A validation refusal lists its problems with "；": one per line here."""
        self.refused(text.replace("；", "\n"))


def combo(items: list[tuple[str, Any]], current: Any = None) -> QComboBox:
    """A combo box of (label, data) pairs."""
    box = QComboBox()
    for label, data in items:
        box.addItem(label, data)
    if current is not None:
        index = box.findData(current)
        if index >= 0:
            box.setCurrentIndex(index)
    return box


def date_edit(day: dt.date | None = None) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy年M月d日")
    day = day or dt.date.today()
    edit.setDate(QDate(day.year, day.month, day.day))
    edit.setMaximumDate(QDate.currentDate())
    return edit


NOT_RECORDED = QDate(2000, 1, 1)


def optional_date_edit(day: dt.date | None, blank: str) -> QDateEdit:
    """A date that may be left unrecorded: its lowest value reads ``blank`` and means none."""
    edit = date_edit(day)
    edit.setMinimumDate(NOT_RECORDED)
    edit.setSpecialValueText(blank)
    if day is None:
        edit.setDate(NOT_RECORDED)
    return edit


def optional_date_of(edit: QDateEdit) -> dt.date | None:
    return None if edit.date() == NOT_RECORDED else date_of(edit)


def date_of(edit: QDateEdit) -> dt.date:
    q = edit.date()
    return dt.date(q.year(), q.month(), q.day())


class DialogHost:
    """Mixed into a QWidget: opens one form dialog at a time without blocking (window-modal) and
    calls back once it saved. A bound slot, not a lambda holding the dialog, so no reference
    cycle outlives the widgets; the previous dialog is released when the next one opens."""

    dialog: GridFormDialog | None = None

    def open_dialog(self, dialog: GridFormDialog, on_saved: Callable[[GridFormDialog], None]) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog, self._on_saved = dialog, on_saved
        dialog.accepted.connect(self._dialog_saved)
        dialog.open()

    def _dialog_saved(self) -> None:
        assert self.dialog is not None  # the signal comes from the dialog kept here
        self._on_saved(self.dialog)
