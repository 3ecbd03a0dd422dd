"""各乡镇案件: at the county, the cases of all townships with a township filter and search
(the same masked case rows as the township's list, plus the township)."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QTableWidget, QVBoxLayout, QWidget

from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.domain.workflow import STATUS_LABELS
from zhongxin_desktop.services.countywork import county
from zhongxin_desktop.ui.context import AppContext
from zhongxin_desktop.ui.pages.table_util import FillTable

HEADERS = ["乡镇", "案件编号", "状态", "类型", "当事人", "登记日期", "应结日期"]


class CountyCasesPanel(QWidget):
    def __init__(self, ctx: AppContext, fill: FillTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self._fill = ctx, fill
        self.rows: list[dict[str, Any]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.township = QComboBox()
        self.township.addItem(self.tr("全部乡镇"), None)
        self.status = QComboBox()
        self.status.addItem(self.tr("全部状态"), None)
        for status, label in STATUS_LABELS.items():
            self.status.addItem(label, status.value)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("编号、姓名、拼音首字母、电话或证件尾号、案情"))
        self.search.returnPressed.connect(self.load)
        go = QPushButton(self.tr("查询"))
        go.clicked.connect(self.load)
        for w in (self.township, self.status, self.search, go):
            bar.addWidget(w)
        layout.addLayout(bar)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in HEADERS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.cellDoubleClicked.connect(lambda row, _c: self.ctx.bus.open_case.emit(self.rows[row]["id"]))
        layout.addWidget(self.table)

    def set_townships(self, townships: list[dict[str, Any]]) -> None:
        current = self.township.currentData()
        self.township.blockSignals(True)
        while self.township.count() > 1:
            self.township.removeItem(1)
        for t in townships:
            self.township.addItem(f"{t['name']}（{t['code']}）", t["code"])
        index = self.township.findData(current)
        self.township.setCurrentIndex(max(index, 0))
        self.township.blockSignals(False)

    def load(self) -> None:
        actor = self.ctx.actor
        filters = {"township": self.township.currentData(), "status": self.status.currentData(),
                   "search": self.search.text().strip() or None, "limit": 500}
        self.ctx.worker.submit(lambda: county.case_rows(actor, **filters), self.show_rows)

    def show_rows(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self._fill(self.table, [[d["township"], d["case_no"] or "（未受理）", d["status_label"], d["category"],
                                 d["parties"], cn_date(d["registered_on"]),
                                 cn_date(d["due_on"])] for d in rows],
                   [("#c62828" if d["overdue"] else None) for d in rows])
