"""联户长工作: a month's 联户长 visits and reports, per 联户长, unit, grid or township, and the
total by 十联 category (services.gridwork.tenlink_figures)."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QTableWidgetItem, QVBoxLayout, QWidget

from zhongxin_desktop.services.gridwork.grid_figures import month_bounds
from zhongxin_desktop.services.gridwork.tenlink_figures import LEVELS, TenlinkFigures, tenlink_figures
from zhongxin_desktop.ui.pages.base import Page
from zhongxin_desktop.ui.pages.grid_figures_tab import figure_table, recent_months

COLUMNS = ["网格", "入户走访", "走访户数", "上报问题", "发现纠纷", "发现隐患", "网格内化解", "上报中心"]


class TenlinkTab(QWidget):
    owner_code: str | None = None  # at a county: one township's rows only

    def __init__(self, page: Page, level: str = "head") -> None:
        super().__init__(page)
        self.page = page
        self.ctx = page.ctx
        self.figures: TenlinkFigures | None = None
        self.last_error = ""
        layout = QVBoxLayout(self)
        bar = self.bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("月份")))
        self.month = QComboBox()
        for month in recent_months(dt.date.today()):
            self.month.addItem(f"{int(month[:4])}年{int(month[5:])}月", month)
        bar.addWidget(self.month)
        bar.addWidget(QLabel(self.tr("统计到")))
        self.level = QComboBox()
        for key, label in LEVELS.items():
            self.level.addItem(self.tr(label), key)
        self.level.setCurrentIndex(self.level.findData(level))
        bar.addWidget(self.level)
        bar.addStretch()
        layout.addLayout(bar)
        for box in (self.month, self.level):
            box.currentIndexChanged.connect(lambda _i: self.refresh())
        split = QSplitter(Qt.Orientation.Vertical)
        self.table = figure_table([LEVELS["head"], *COLUMNS], self)
        self.categories = figure_table(["十联类别", "入户走访", "上报问题"], self)
        split.addWidget(self.table)
        split.addWidget(self.categories)
        split.setSizes([380, 260])
        layout.addWidget(split, 1)

    def refresh(self) -> None:
        first, nxt = month_bounds(self.month.currentData())
        actor, level, owner = self.ctx.actor, self.level.currentData(), self.owner_code
        self.ctx.worker.submit(lambda: tenlink_figures(actor, first, nxt, level=level, owner_code=owner), self._show,
                               getattr(self.page, "failed", self._failed))

    def _failed(self, exc: BaseException, tb: str) -> None:
        self.last_error = str(exc)
        self.ctx.bus.status_message.emit(self.tr("统计未完成：") + str(exc))

    def _show(self, figures: TenlinkFigures) -> None:
        self.figures = figures
        self.table.setHorizontalHeaderItem(0, QTableWidgetItem(self.tr(LEVELS[figures.level])))
        rows = [*figures.rows, figures.total]
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            cells = [r.name, r.grid, r.visits, r.households_visited, r.reports, r.disputes, r.hazards,
                     r.handled_in_grid, r.escalated]
            for c, value in enumerate(cells):
                item = QTableWidgetItem(str(value))
                if r is figures.total:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(i, c, item)
        self.categories.setRowCount(len(figures.categories))
        for i, category in enumerate(figures.categories):
            for col, value in enumerate([category, figures.total.visits_by_category.get(category, 0),
                                         figures.total.reports_by_category.get(category, 0)]):
                self.categories.setItem(i, col, QTableWidgetItem(str(value)))
