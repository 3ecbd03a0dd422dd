"""协议书 editor: written or oral; numbered clauses; performance, deadline, amount, copies;
mediator and recorder chosen from the center's people. In correction mode it also asks the
reason. The dialog stays open with the refusal shown until the service accepts the input."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QPlainTextEdit, QSpinBox, QVBoxLayout, QWidget,
)

from zhongxin_desktop.services.settlement.agreements import AgreementInput
from zhongxin_desktop.ui.dialogs.form_dialog import FormDialog
from zhongxin_desktop.ui.screen_fit import fit_to_screen
from zhongxin_desktop.ui.searchable import make_searchable

CLAUSE_HINT = "每行一条协议条款，打印时自动编号（一、二、三……）"


class AgreementEditorDialog(FormDialog):
    def __init__(self, case_label: str, people: list[str], submit: Callable[[AgreementInput, str], None],
                 initial: AgreementInput | None = None, correction: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.submit_fn, self.correction = submit, correction
        self.setWindowTitle(self.tr("更正协议（生成新版本）") if correction else self.tr("协议书"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("案件：") + case_label))
        form = QFormLayout()
        self.kind = QComboBox()
        self.kind.addItem(self.tr("书面协议（人民调解协议书）"), "written")
        self.kind.addItem(self.tr("口头协议（口头协议登记表）"), "oral")
        form.addRow(self.tr("协议形式"), self.kind)
        self.facts = QPlainTextEdit()
        self.facts.setPlaceholderText(self.tr("纠纷的主要事实、争议事项及各方责任"))
        form.addRow(self.tr("纠纷主要事实、争议事项"), self.facts)
        self.clauses = QPlainTextEdit()
        self.clauses.setPlaceholderText(self.tr(CLAUSE_HINT))
        form.addRow(self.tr("协议内容（每行一条）"), self.clauses)
        self.performance = QLineEdit()
        self.performance.setPlaceholderText(self.tr("如：协议签订之日起十日内一次性现金支付"))
        form.addRow(self.tr("履行方式、时限"), self.performance)
        row = QHBoxLayout()
        self.has_deadline = QCheckBox(self.tr("履行期限"))
        self.perform_by = QDateEdit(QDate.currentDate().addDays(10))
        self.perform_by.setCalendarPopup(True)
        self.perform_by.setDisplayFormat("yyyy年M月d日")
        self.perform_by.setEnabled(False)
        self.has_deadline.toggled.connect(self.perform_by.setEnabled)
        row.addWidget(self.has_deadline)
        row.addWidget(self.perform_by)
        row.addStretch()
        form.addRow(self.tr("履行期限"), row)
        self.amount = QDoubleSpinBox()
        self.amount.setRange(0, 999_999_999)
        self.amount.setDecimals(2)
        self.amount.setSuffix(self.tr(" 元"))
        form.addRow(self.tr("协议金额"), self.amount)
        self.copies = QSpinBox()
        self.copies.setRange(0, 20)
        self.copies.setSpecialValueText(self.tr("自动（当事人数+1）"))
        form.addRow(self.tr("份数"), self.copies)
        self.mediator = QComboBox()
        self.recorder = QComboBox()
        self.recorder.addItem("")
        for name in people:
            self.mediator.addItem(name)
            self.recorder.addItem(name)
        make_searchable(self.mediator)
        make_searchable(self.recorder)
        form.addRow(self.tr("人民调解员"), self.mediator)
        form.addRow(self.tr("记录人"), self.recorder)
        self.reason = QLineEdit()
        if correction:
            self.reason.setPlaceholderText(self.tr("写明更正了什么、为什么更正"))
            form.addRow(self.tr("更正理由"), self.reason)
        layout.addLayout(form)
        self.finish(layout, self.save)
        if initial:
            self.set_input(initial)
        fit_to_screen(self, 640, 640)

    def set_input(self, data: AgreementInput) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(data.kind)))
        self.facts.setPlainText(data.facts)
        self.clauses.setPlainText("\n".join(data.clauses))
        self.performance.setText(data.performance)
        self.has_deadline.setChecked(data.perform_by is not None)
        if data.perform_by:
            self.perform_by.setDate(QDate(data.perform_by.year, data.perform_by.month, data.perform_by.day))
        self.amount.setValue(float(data.amount or 0))
        self.copies.setValue(int(data.copies or 0))
        for combo, name in ((self.mediator, data.mediator_name), (self.recorder, data.recorder_name)):
            if name and combo.findText(name) < 0:
                combo.addItem(name)
            if name:
                combo.setCurrentText(name)

    def get_input(self) -> AgreementInput:
        d = self.perform_by.date()
        return AgreementInput(
            kind=self.kind.currentData(), facts=self.facts.toPlainText(),
            clauses=[line.strip() for line in self.clauses.toPlainText().splitlines() if line.strip()],
            performance=self.performance.text(),
            perform_by=dt.date(d.year(), d.month(), d.day()) if self.has_deadline.isChecked() else None,
            amount=f"{self.amount.value():.2f}", copies=self.copies.value() or None,
            mediator_name=self.mediator.currentText(), recorder_name=self.recorder.currentText())

    def save(self) -> None:
        self.message.setText("")
        self.buttons.setEnabled(False)
        self.submit_fn(self.get_input(), self.reason.text())
