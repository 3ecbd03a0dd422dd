"""Possible duplicates before a case is saved: the clerk continues, cancels, or opens the
existing case."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.services.casework.duplicates import RECENT_DAYS, Duplicate
from zhongxin_desktop.ui.screen_fit import fit_to_screen


class DuplicateDialog(QDialog):
    CANCEL, CONTINUE, OPEN = 0, 1, 2

    def __init__(self, dups: list[Duplicate], parent: QWidget | None = None):
        super().__init__(parent)
        self.dups = dups
        self.choice = self.CANCEL
        self.chosen_case_id: str | None = None
        self.setWindowTitle(self.tr("可能重复登记"))
        fit_to_screen(self, 760, 320)
        layout = QVBoxLayout(self)
        text = QLabel(self.tr("以下案件的当事人与本次登记相同（在办，或近{d}天内登记）。请核对是否为同一纠纷：").format(
            d=RECENT_DAYS))
        text.setWordWrap(True)
        layout.addWidget(text)
        self.table = QTableWidget(len(dups), 6)
        self.table.setObjectName("duplicates")
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in ("案件编号", "状态", "登记日期", "纠纷类型",
                                                                   "当事人", "相同之处")])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        for r, d in enumerate(dups):
            for c, value in enumerate((d.case_no or "（未受理）", d.status_label, cn_date(d.registered_on), d.category,
                                       d.party_name, d.reason)):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.selectRow(0)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.open_button = QPushButton(self.tr("打开已有案件"))
        self.open_button.setObjectName("openExisting")
        self.continue_button = QPushButton(self.tr("不是同一纠纷，继续登记"))
        self.continue_button.setObjectName("continueRegistering")
        self.cancel_button = QPushButton(self.tr("返回修改"))
        self.cancel_button.setObjectName("cancelRegistering")
        self.cancel_button.setDefault(True)
        for b in (self.open_button, self.continue_button, self.cancel_button):
            row.addWidget(b)
        layout.addLayout(row)
        self.open_button.clicked.connect(lambda: self._choose(self.OPEN))
        self.continue_button.clicked.connect(lambda: self._choose(self.CONTINUE))
        self.cancel_button.clicked.connect(lambda: self._choose(self.CANCEL))

    def _choose(self, choice: int) -> None:
        self.choice = choice
        if choice == self.OPEN:
            row = max(self.table.currentRow(), 0)
            self.chosen_case_id = self.dups[row].case_id
        self.done(1 if choice != self.CANCEL else 0)
