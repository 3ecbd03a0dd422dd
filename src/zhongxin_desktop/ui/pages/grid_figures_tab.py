"""统计图表: a month's grid figures as a table, each grid worker's visits against the rhythm to
date, and two QtCharts charts — events per grid (found, settled in the grid, escalated), and the
selected grid's weekly visits against the rhythm. 导出Excel writes the same figures."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QLineSeries, QStackedBarSeries, QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from zhongxin_desktop.ui.pages.grid_host import GridHost
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.services.gridwork.grid_figures import GridFigures, GridRow, grid_figures, month_bounds
from zhongxin_desktop.services.figures.statistics import share_text

COLUMNS = ["网格", "发现事件", "网格内化解", "网格内化解率", "上报中心", "上报结果", "未了结风险", "日常走访/应走访",
           "重点走访/应走访", "研判会/应开"]
WORKER_COLUMNS = ["网格", "网格员", "职务", "日常走访/应走访", "重点走访/应走访"]
BEHIND = "#fdecea"  # a worker behind the rhythm to date


def recent_months(today: dt.date, n: int = 12) -> list[str]:
    out, y, m = [], today.year, today.month
    for _ in range(n):
        out.append(f"{y:04d}-{m:02d}")  # the data; shown as 2026年11月
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out


def _short(g: GridRow) -> str:
    """青山村第1网格 → 青山村1: the chart's axis has room for a few characters only."""
    return g.name.replace("网格", "").replace("第", "") or g.code


def _chart_view(title: str) -> tuple[QChartView, QChart]:
    chart = QChart()
    chart.setTitle(title)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(240)
    return view, chart


def figure_table(columns: list[str], parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(columns), parent)
    table.setHorizontalHeaderLabels([parent.tr(c) for c in columns])
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    # The style draws header labels bold; measure them bold too, or long labels are cut off.
    bold = table.horizontalHeader().font()
    bold.setBold(True)
    table.horizontalHeader().setFont(bold)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    return table


class FiguresTab(QWidget):
    def __init__(self, page: GridHost) -> None:
        super().__init__(page)
        self.page = page
        self.ctx = page.ctx
        self.figures: GridFigures | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("月份")))
        self.month = QComboBox()
        for month in recent_months(dt.date.today()):
            self.month.addItem(f"{int(month[:4])}年{int(month[5:])}月", month)
        self.month.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(self.month)
        self.note = QLabel()
        self.note.setStyleSheet("color: #555;")
        self.note.setWordWrap(True)
        bar.addWidget(self.note, 1)
        self.export_button = QPushButton(self.tr("导出Excel…"))
        self.export_button.setEnabled(self.ctx.actor.can(Perm.PRINT))
        self.export_button.clicked.connect(lambda: self.export())
        bar.addWidget(self.export_button)
        layout.addLayout(bar)
        split = QSplitter(Qt.Orientation.Vertical)
        self.table = figure_table(COLUMNS, self)
        self.table.itemSelectionChanged.connect(self._draw_weekly)
        split.addWidget(self.table)
        self.workers = figure_table(WORKER_COLUMNS, self)
        split.addWidget(self.workers)
        charts = QWidget()
        row = QHBoxLayout(charts)
        row.setContentsMargins(0, 0, 0, 0)
        self.events_view, self.events_chart = _chart_view(self.tr("各网格事件：发现、网格内办结、上报中心"))
        self.weekly_view, self.weekly_chart = _chart_view(self.tr("每周走访与应走访"))
        row.addWidget(self.events_view, 3)
        row.addWidget(self.weekly_view, 2)
        split.addWidget(charts)
        split.setSizes([240, 160, 300])
        layout.addWidget(split, 1)

    def refresh(self) -> None:
        first, nxt = month_bounds(self.month.currentData())
        actor = self.ctx.actor
        self.ctx.worker.submit(lambda: grid_figures(actor, first, nxt), self._show, self.page.failed)

    def rows(self) -> list[GridRow]:
        return [*self.figures.grids, self.figures.township] if self.figures else []

    def _show(self, figures: GridFigures) -> None:
        self.figures = figures
        r = figures.rhythm
        self.note.setText(self.tr(f"应走访按每名网格员每周日常{r.routine_per_week}次、重点{r.focused_per_week}次，"
                                  f"每个网格每周研判{r.meetings_per_week}次计（可在设置中修改）；"
                                  f"本月未过完的，只算到今天（{r.weeks:.1f}周）。"
                                  f"网格内化解率 = 网格内化解 ÷（网格内化解 + 上报中心），与月报表一致"))
        rows = self.rows()
        self.table.setRowCount(len(rows))
        for i, g in enumerate(rows):
            outcomes = "、".join(f"{k}{v}" for k, v in g.escalation_outcomes.items())
            risks = "、".join(f"{k}{v}" for k, v in sorted(g.open_risks.items())) or "0"
            cells = [g.name, g.events_found, g.handled_in_grid, share_text(g.handled_share), g.escalated, outcomes, risks,
                     f"{g.routine_visits}/{g.expected_routine:.0f}", f"{g.focused_visits}/{g.expected_focused:.0f}",
                     f"{g.meetings}/{g.expected_meetings:.0f}"]
            for c, value in enumerate(cells):
                item = QTableWidgetItem(str(value))
                if g.grid_id is None:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(i, c, item)
        self._show_workers(figures)
        self._draw_events()
        self.table.selectRow(len(rows) - 1)  # the township row: its weekly chart
        self._draw_weekly()

    def _show_workers(self, figures: GridFigures) -> None:
        self.workers.setRowCount(len(figures.workers))
        for i, w in enumerate(figures.workers):
            cells = [w.grid_name, w.name, w.duty or self.tr("（非在册网格员）"),
                     f"{w.routine_visits}/{w.expected_routine:.0f}", f"{w.focused_visits}/{w.expected_focused:.0f}"]
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if w.behind:
                    item.setBackground(QBrush(QColor(BEHIND)))
                    item.setToolTip(self.tr("走访次数少于到今天为止的应走访次数"))
                self.workers.setItem(i, c, item)

    def export(self, path: str | Path | None = None) -> None:
        """导出Excel: the month's figures as on screen (the tests pass ``path``)."""
        from zhongxin_desktop.reports.grid_xlsx import export_grid_figures

        month = self.month.currentData()
        if path is None:
            start = str(self.ctx.data.exports / f"网格工作统计-{month}.xlsx")
            path, _ = QFileDialog.getSaveFileName(self, self.tr("保存为"), start, self.tr("Excel 文件 (*.xlsx)"))
            if not path:
                return
        path = Path(path if str(path).lower().endswith(".xlsx") else f"{path}.xlsx")
        first, nxt = month_bounds(month)
        actor = self.ctx.actor
        self.ctx.worker.submit(lambda: export_grid_figures(actor, first, nxt, path), lambda _f: self._exported(path),
                               self.page.failed)

    def _exported(self, path: Path) -> None:
        self.last_export = path
        self.ctx.bus.status_message.emit(self.tr("已保存 {0}").format(path))

    def _draw_events(self) -> None:
        chart = self.events_chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        assert self.figures is not None  # drawn by _show, once the figures are in
        grids = self.figures.grids
        series = QBarSeries()
        for label, attr, colour in (("发现事件", "events_found", "#1976d2"), ("网格内办结", "handled_in_grid", "#388e3c"),
                                    ("上报中心", "escalated", "#f57c00")):
            bars = QBarSet(self.tr(label))
            bars.setColor(QColor(colour))
            bars.append([float(getattr(g, attr)) for g in grids])
            series.append(bars)
        chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append([_short(g) for g in grids])
        x.setLabelsAngle(-90)
        small = x.labelsFont()
        small.setPointSizeF(max(small.pointSizeF() - 1, 7))
        x.setLabelsFont(small)
        y = QValueAxis()
        y.setLabelFormat("%d")
        y.setRange(0, max([g.events_found for g in grids] + [1]))
        y.applyNiceNumbers()
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)

    def _draw_weekly(self) -> None:
        rows = self.rows()
        selected = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or not selected:
            return
        g = rows[selected[0].row()]
        assert self.figures is not None  # the rows are the figures' grids
        r = self.figures.rhythm
        chart = self.weekly_chart
        chart.setTitle(self.tr(f"{g.name}：每周走访与应走访"))
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        stacked = QStackedBarSeries()
        for label, key, colour in (("日常走访", "routine", "#64b5f6"), ("重点走访", "focused", "#1565c0")):
            bars = QBarSet(self.tr(label))
            bars.setColor(QColor(colour))
            bars.append([float(w[key]) for w in g.weekly])
            stacked.append(bars)
        expected = QLineSeries()
        expected.setName(self.tr("每周应走访"))
        expected.setColor(QColor("#d32f2f"))
        per_week = (r.routine_per_week + r.focused_per_week) * g.workers
        for i, _w in enumerate(g.weekly):
            expected.append(float(i), float(per_week))
        chart.addSeries(stacked)
        chart.addSeries(expected)
        x = QBarCategoryAxis()
        x.append([w["week"][5:] for w in g.weekly])
        y = QValueAxis()
        y.setLabelFormat("%d")
        top = max([w["routine"] + w["focused"] for w in g.weekly] + [per_week, 1])
        y.setRange(0, top * 1.1)
        y.applyNiceNumbers()
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        for s in (stacked, expected):
            s.attachAxis(x)
            s.attachAxis(y)
