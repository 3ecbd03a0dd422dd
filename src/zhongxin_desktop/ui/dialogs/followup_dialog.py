"""回访记录: one follow-up visit."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QFormLayout, QLineEdit, QPlainTextEdit,
    QVBoxLayout, QWidget,
)

from zhongxin_desktop.services.settlement.followups import METHODS, SATISFACTION, FollowUpInput

from zhongxin_desktop.ui.dialogs.form_dialog import FormDialog


class FollowUpDialog(FormDialog):
    def __init__(self, case_label: str, visitor: str, submit: Callable[[FollowUpInput], None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.submit_fn = submit
        self.setWindowTitle(self.tr("记录回访 — ") + case_label)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.visited_on = QDateEdit(QDate.currentDate())
        self.visited_on.setCalendarPopup(True)
        self.visited_on.setDisplayFormat("yyyy年M月d日")
        form.addRow(self.tr("回访时间"), self.visited_on)
        self.method = QComboBox()
        self.method.addItems(METHODS)
        form.addRow(self.tr("回访方式"), self.method)
        self.reason = QLineEdit(self.tr("协议履行情况回访"))
        form.addRow(self.tr("回访事由"), self.reason)
        self.performed = QCheckBox(self.tr("协议已履行"))
        self.performed.setChecked(True)
        form.addRow("", self.performed)
        self.satisfaction = QComboBox()
        self.satisfaction.addItems(SATISFACTION)
        form.addRow(self.tr("满意度"), self.satisfaction)
        self.lawsuit = QCheckBox(self.tr("当事人已起诉"))
        form.addRow("", self.lawsuit)
        self.signs = QLineEdit()
        form.addRow(self.tr("激化迹象"), self.signs)
        self.measures = QPlainTextEdit()
        self.measures.setMaximumHeight(80)
        form.addRow(self.tr("采取措施"), self.measures)
        self.visitor = QLineEdit(visitor)
        form.addRow(self.tr("回访人"), self.visitor)
        layout.addLayout(form)
        self.finish(layout, self.save)

    def save(self) -> None:
        self.message.setText("")
        self.buttons.setEnabled(False)
        self.submit_fn(self.get_input())

    def get_input(self) -> FollowUpInput:
        d = self.visited_on.date()
        return FollowUpInput(visited_on=dt.date(d.year(), d.month(), d.day()), method=self.method.currentText(),
                             reason=self.reason.text(), performed=self.performed.isChecked(),
                             satisfaction=self.satisfaction.currentText(), lawsuit=self.lawsuit.isChecked(),
                             escalation_signs=self.signs.text(), measures=self.measures.toPlainText(),
                             visitor=self.visitor.text())
