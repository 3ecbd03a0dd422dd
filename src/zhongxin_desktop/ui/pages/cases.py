"""案件: the case list (the cases work replaces this with the lazy, searchable list)."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTableView, QVBoxLayout

from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.services import case_query
from zhongxin_desktop.ui.pages.base import Page

COLUMNS = ["案件编号", "状态", "类型", "当事人", "登记日期", "应结日期", "风险"]


class CaseTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[dict] = []

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index, role=Qt.DisplayRole):
        d = self.rows[index.row()]
        col = index.column()
        if role == Qt.DisplayRole:
            return [d["case_no"] or "（未受理）", d["status_label"], d["category"],
                    "、".join(p["name"] for p in d["parties"]), cn_date(d["registered_on"]), cn_date(d["due_on"]),
                    d["risk_level"]][col]
        if role == Qt.ForegroundRole and d["overdue"]:
            return QBrush(QColor("#c62828"))
        return None


class CasesPage(Page):
    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        title = QLabel(self.tr("案件"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        head.addWidget(title)
        head.addStretch()
        layout.addLayout(head)
        self.model = CaseTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectRows)
        layout.addWidget(self.view)

    def refresh(self) -> None:
        actor = self.ctx.actor
        self.ctx.worker.submit(
            lambda: [case_query.case_dict(c) for c in case_query.list_cases(actor, limit=200)], self.model.set_rows)
