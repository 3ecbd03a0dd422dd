"""月度统计 (county): each township's figures for a month — as computed here from the rows it sent,
and whether it has reported that month — and the county total."""
from __future__ import annotations

from typing import Any

import datetime as dt

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTableWidget, QVBoxLayout, QWidget

from zhongxin_desktop.services.countywork import county
from zhongxin_desktop.ui.context import AppContext
from zhongxin_desktop.ui.pages.table_util import FillTable

FIGURES = [("registered", "登记"), ("accepted", "受理"), ("succeeded", "调解成功"), ("terminated", "调解终止"),
           ("written_agreements", "书面协议"), ("oral_agreements", "口头协议"), ("agreement_amount", "协议金额（元）"),
           ("overdue", "超期"), ("committees", "调委会"), ("mediators", "调解员")]


def recent_months(today: dt.date, n: int = 12) -> list[str]:
    months, first = [], today.replace(day=1)
    for _ in range(n):
        months.append(first.strftime("%Y-%m"))
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return months


class CountyStatsPanel(QWidget):
    def __init__(self, ctx: AppContext, fill: FillTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self._fill = ctx, fill
        self.stats: dict[str, Any] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("月份")))
        self.month = QComboBox()
        self.month.addItems(recent_months(dt.date.today()))
        self.month.currentIndexChanged.connect(self.load)
        bar.addWidget(self.month)
        bar.addStretch()
        layout.addLayout(bar)
        headers = [self.tr("乡镇"), *[self.tr(label) for _, label in FIGURES], self.tr("本月报送")]
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table)

    def load(self) -> None:
        actor, month = self.ctx.actor, self.month.currentText()
        self.ctx.worker.submit(lambda: county.monthly_stats(actor, month), self.show_stats)

    def show_stats(self, stats: dict[str, Any]) -> None:
        self.stats = stats
        rows = [[t["name"], *[t["held"][k] for k, _ in FIGURES], "已报送" if t["reported"] else "未报送"]
                for t in stats["townships"]]
        rows.append([self.tr("全县合计"), *[stats["county"][k] for k, _ in FIGURES], ""])
        self._fill(self.table, rows, [None if not r[-1] or r[-1] == "已报送" else "#c62828" for r in rows])
