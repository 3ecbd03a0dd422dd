"""新建交办件: the county hands a case to one of its townships."""
from __future__ import annotations

from typing import Any

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget,
)


class ReferralDialog(QDialog):
    def __init__(self, townships: list[dict[str, Any]], categories: list[str], risk_levels: list[str],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("新建交办件"))
        form = QFormLayout()
        self.township = QComboBox()
        for t in townships:
            self.township.addItem(f"{t['name']}（{t['code']}）", t["code"])
        self.category = QComboBox()
        self.category.addItems(categories)
        self.risk = QComboBox()
        self.risk.addItems(risk_levels)
        self.risk.setCurrentText("黄")
        self.facts = QPlainTextEdit()
        self.facts.setPlaceholderText(self.tr("纠纷简要情况"))
        self.instructions = QPlainTextEdit()
        self.instructions.setPlaceholderText(self.tr("交办要求，如：请于期限内调处并回报结果"))
        self.due = QDateEdit(QDate.currentDate().addDays(15))
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy年M月d日")
        self.parties = QLineEdit()
        self.parties.setPlaceholderText(self.tr("当事人姓名，多个用顿号或逗号分隔"))
        form.addRow(self.tr("乡镇"), self.township)
        form.addRow(self.tr("纠纷类型"), self.category)
        form.addRow(self.tr("风险等级"), self.risk)
        form.addRow(self.tr("纠纷简要情况"), self.facts)
        form.addRow(self.tr("交办要求"), self.instructions)
        form.addRow(self.tr("办结期限"), self.due)
        form.addRow(self.tr("当事人"), self.parties)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("创建"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> tuple[str, dict[str, Any]]:
        names = [n.strip() for n in self.parties.text().replace("，", "、").replace(",", "、").split("、") if n.strip()]
        due = self.due.date()
        return self.township.currentData(), {
            "category": self.category.currentText(), "risk_level": self.risk.currentText(),
            "facts": self.facts.toPlainText(), "instructions": self.instructions.toPlainText(),
            "due_on": dt.date(due.year(), due.month(), due.day()).isoformat(),
            "parties": [{"name": n, "role": "当事人"} for n in names],
        }
