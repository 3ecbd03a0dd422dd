"""司法确认: record that both parties jointly applied to a court (within 30 days of the day the
agreement took effect)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from zhongxin_desktop.ui.dialogs.form_dialog import FormDialog


class ConfirmationDialog(FormDialog):
    def __init__(self, number: str, submit: Callable[[dt.date, str], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.submit_fn = submit
        self.setWindowTitle(self.tr("登记司法确认申请 — ") + number)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("双方当事人可自协议生效之日起30日内共同向人民法院申请司法确认。")))
        form = QFormLayout()
        self.court = QLineEdit()
        self.court.setPlaceholderText(self.tr("如：某某县人民法院某某人民法庭"))
        form.addRow(self.tr("人民法院"), self.court)
        self.applied_on = QDateEdit(QDate.currentDate())
        self.applied_on.setCalendarPopup(True)
        self.applied_on.setDisplayFormat("yyyy年M月d日")
        form.addRow(self.tr("申请日期"), self.applied_on)
        layout.addLayout(form)
        self.finish(layout, self.save)

    def save(self) -> None:
        self.message.setText("")
        self.buttons.setEnabled(False)
        d = self.applied_on.date()
        self.submit_fn(dt.date(d.year(), d.month(), d.day()), self.court.text())
