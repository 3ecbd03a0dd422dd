"""调解记录: one mediation session."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateTimeEdit, QFormLayout, QLineEdit, QPlainTextEdit,
    QVBoxLayout, QWidget,
)

from zhongxin_desktop.services.settlement.mediation import RESULT_LABELS, SessionInput

from zhongxin_desktop.ui.dialogs.form_dialog import FormDialog
from zhongxin_desktop.ui.screen_fit import fit_to_screen
from zhongxin_desktop.ui.searchable import make_searchable
from zhongxin_desktop.ui.qdates import moment_of


class SessionDialog(FormDialog):
    def __init__(self, case_label: str, people: list[tuple[str, str]], submit: Callable[[SessionInput], None],
                 me: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.submit_fn = submit
        self.setWindowTitle(self.tr("记录调解 — ") + case_label)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.held_at = QDateTimeEdit(QDateTime.currentDateTime())
        self.held_at.setCalendarPopup(True)
        self.held_at.setDisplayFormat("yyyy年M月d日 HH:mm")
        form.addRow(self.tr("时间"), self.held_at)
        self.place = QLineEdit(self.tr("综治中心调解室"))
        form.addRow(self.tr("地点"), self.place)
        self.matter = QLineEdit()
        form.addRow(self.tr("事由"), self.matter)
        self.host, self.recorder = QComboBox(), QComboBox()
        self.recorder.addItem("", None)
        for user_id, name in people:
            self.host.addItem(name, user_id)
            self.recorder.addItem(name, user_id)
        if me:
            self.host.setCurrentIndex(max(0, self.host.findData(me)))
        make_searchable(self.host)
        make_searchable(self.recorder)
        form.addRow(self.tr("主持调解员"), self.host)
        self.others = QLineEdit()
        form.addRow(self.tr("其他调解员"), self.others)
        form.addRow(self.tr("记录人"), self.recorder)
        self.participants = QLineEdit()
        form.addRow(self.tr("参加人"), self.participants)
        self.notified = QCheckBox(self.tr("已告知当事人权利义务"))
        self.notified.setChecked(True)
        form.addRow("", self.notified)
        self.statements = QPlainTextEdit()
        form.addRow(self.tr("当事人陈述"), self.statements)
        self.facts = QPlainTextEdit()
        form.addRow(self.tr("查明事实"), self.facts)
        self.result_choice = QComboBox()
        for key, label in RESULT_LABELS.items():
            self.result_choice.addItem(label, key)
        self.result_choice.setCurrentIndex(self.result_choice.findData("continue"))
        form.addRow(self.tr("调解结果"), self.result_choice)
        self.reason = QLineEdit()
        form.addRow(self.tr("原因（调解不成时必填）"), self.reason)
        layout.addLayout(form)
        self.finish(layout, self.save)
        fit_to_screen(self, 600, 640)

    def save(self) -> None:
        self.message.setText("")
        self.buttons.setEnabled(False)
        self.submit_fn(self.get_input())

    def get_input(self) -> SessionInput:
        at = moment_of(self.held_at.dateTime())
        return SessionInput(held_at=at.replace(second=0, microsecond=0) if isinstance(at, dt.datetime) else at,
                            place=self.place.text(), matter=self.matter.text(), host_id=self.host.currentData(),
                            recorder_id=self.recorder.currentData(), other_mediators=self.others.text(),
                            participants=self.participants.text(), rights_notified=self.notified.isChecked(),
                            statements=self.statements.toPlainText(), facts_verified=self.facts.toPlainText(),
                            result=self.result_choice.currentData(), result_reason=self.reason.text())
