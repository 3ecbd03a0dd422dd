"""The 工作台's charts (QtCharts): by category and by source this month against last month, the
success rate of both months, and the share of grid matters settled inside the grid. A click on a
bar asks the case list for the matching cases (``on_filter`` gets the filters dict)."""
from __future__ import annotations

import math

import datetime as dt
from collections.abc import Callable

from PySide6.QtCharts import (
    QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QHorizontalBarSeries, QPieSeries, QValueAxis,
)
from PySide6.QtCore import QMargins, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QGridLayout, QWidget

from zhongxin_desktop.services.figures.statistics import MonthlyStatistics, next_month, parse_month

THIS_COLOR, LAST_COLOR = QColor("#1976d2"), QColor("#b0bec5")
SMALL = QFont()
SMALL.setPointSize(8)
RATE_HEADROOM = 1.2  # room above a 100 % bar for its label
# A category name at 8 pt needs this much plot height, or QtCharts silently drops every other
# name (at 1024×768 the plot is ~135 px: 6 names, not 8).
ROW_PX = 21
MAX_BARS, MIN_BARS = 8, 3
CaseFilter = dict[str, object]  # the case list's filters (ui/pages/cases: apply_filters)
Filter = Callable[[CaseFilter], None]


def _view(title: str) -> tuple[QChartView, QChart]:
    chart = QChart()
    chart.setTitle(title)
    chart.legend().setFont(SMALL)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(QMargins(4, 4, 4, 4))
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(220)
    return view, chart


def month_range(stats: MonthlyStatistics) -> tuple[dt.date, dt.date]:
    first = parse_month(stats.month)
    return first, next_month(first) - dt.timedelta(days=1)


def integer_ticks(axis: QValueAxis, top: int, most: int = 5) -> None:
    """Counts on an axis: whole numbers, each once (not 0 0 0 0 0 1), at most ``most`` steps."""
    step = max(1, math.ceil(top / most))
    axis.setRange(0, step * math.ceil(top / step))
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(step)


class DashboardCharts(QWidget):
    def __init__(self, on_filter: Filter, parent: QWidget | None = None):
        super().__init__(parent)
        self.on_filter = on_filter
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.category_view, self.category_chart = _view(self.tr("本月受理 · 按纠纷类型"))
        self.source_view, self.source_chart = _view(self.tr("本月受理 · 按来源"))
        self.rate_view, self.rate_chart = _view(self.tr("调解成功率 · 本月与上月"))
        self.grid_view, self.grid_chart = _view(self.tr("本月网格事件"))  # the legend says 化解/上报; fits at 1024 px
        layout.addWidget(self.category_view, 0, 0)
        layout.addWidget(self.source_view, 0, 1)
        layout.addWidget(self.rate_view, 0, 2)
        layout.addWidget(self.grid_view, 0, 3)
        for col, stretch in enumerate((3, 3, 2, 2)):
            layout.setColumnStretch(col, stretch)
        # (chart key, index) → filters, so tests and clicks share one table
        self.bar_filters: dict[str, list[CaseFilter]] = {}
        self.bar_sets: dict[str, tuple[QBarSet, QBarSet]] = {}  # key → (last month, this month)
        self.rows_that_fit = {"category": MAX_BARS, "source": MAX_BARS}
        self.shown: tuple[MonthlyStatistics, MonthlyStatistics] | None = None
        self.category_chart.plotAreaChanged.connect(lambda area: self._plot_resized("category", area))
        self.source_chart.plotAreaChanged.connect(lambda area: self._plot_resized("source", area))

    def _plot_resized(self, key: str, area: QRectF) -> None:
        """Show as many of the biggest bars as have room for their names."""
        fit = max(MIN_BARS, min(MAX_BARS, int(area.height() // ROW_PX)))
        if fit != self.rows_that_fit[key]:
            self.rows_that_fit[key] = fit
            if self.shown:  # not from inside QtCharts' own layout pass; dropped if the charts go first
                QTimer.singleShot(0, self, lambda: self._show_again(key))

    def _show_again(self, key: str) -> None:
        """Only the chart whose room changed is drawn again (all four took about 12 ms)."""
        if self.shown:
            (self._categories if key == "category" else self._sources)(*self.shown)

    def show_stats(self, this: MonthlyStatistics, last: MonthlyStatistics) -> None:
        self.shown = (this, last)
        self._categories(this, last)
        self._sources(this, last)
        self._rate(this, last)
        self._grid(this)

    def _categories(self, this: MonthlyStatistics, last: MonthlyStatistics) -> None:
        cats = [c for c, n in sorted(this.by_category.items(), key=lambda kv: -kv[1]) if n or last.by_category.get(c)]
        self._top_bars("category", self.category_chart, cats, this, this.by_category, last.by_category)

    def _sources(self, this: MonthlyStatistics, last: MonthlyStatistics) -> None:
        sources = [s for s, n in sorted(this.by_source.items(), key=lambda kv: -kv[1])]
        sources += [s for s in last.by_source if s not in sources]
        self._top_bars("source", self.source_chart, sources, this, this.by_source, last.by_source)

    def _top_bars(self, key: str, chart: QChart, labels: list[str], this: MonthlyStatistics,
                  now: dict[str, int], before: dict[str, int]) -> None:
        """The biggest bars that fit; a click lists the month's cases of that ``key`` (category, source)."""
        first, last_day = month_range(this)
        shown = labels[:self.rows_that_fit[key]]
        self._bars(key, chart, shown, now, before, [{key: v, "date_from": first, "date_to": last_day} for v in shown])

    def _bars(self, key: str, chart: QChart, labels: list[str], now: dict[str, int], before: dict[str, int],
              filters: list[CaseFilter]) -> None:
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        series = QHorizontalBarSeries()
        last_set, this_set = QBarSet(self.tr("上月")), QBarSet(self.tr("本月"))
        last_set.setColor(LAST_COLOR)
        this_set.setColor(THIS_COLOR)
        rows = list(reversed(labels))  # the biggest at the top
        for label in rows:
            last_set.append(before.get(label, 0))
            this_set.append(now.get(label, 0))
        series.append(last_set)
        series.append(this_set)
        chart.addSeries(series)
        cat_axis = QBarCategoryAxis()
        cat_axis.append(rows or [self.tr("（无）")])
        cat_axis.setLabelsFont(SMALL)
        cat_axis.setTruncateLabels(False)  # 道路交通事故 must read in full, not "..."
        value_axis = QValueAxis()
        value_axis.setLabelFormat("%d")
        value_axis.setLabelsFont(SMALL)
        integer_ticks(value_axis, max([1, *now.values(), *before.values()]))
        chart.addAxis(cat_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(value_axis, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(cat_axis)
        series.attachAxis(value_axis)
        self.bar_filters[key] = list(reversed(filters))
        self.bar_sets[key] = (last_set, this_set)
        this_set.clicked.connect(lambda index, k=key: self.click(k, index))
        last_set.clicked.connect(lambda index, k=key: self.click(k, index))

    def click(self, key: str, index: int) -> None:
        filters = self.bar_filters.get(key, [])
        if 0 <= index < len(filters):
            self.on_filter(filters[index])

    def _rate(self, this: MonthlyStatistics, last: MonthlyStatistics) -> None:
        chart = self.rate_chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        bars = QBarSet(self.tr("调解成功率（%）"))
        bars.setColor(THIS_COLOR)
        bars.append([round(last.success_rate * 100, 1), round(this.success_rate * 100, 1)])
        series = QBarSeries()
        series.append(bars)
        # "89.5%" is wider than a bar at 1024 px: the value goes above its bar in dark ink, with
        # headroom over 100 % for it, and the value axis (its ticks would only repeat the
        # numbers, and its labels take the width the bars need) is not drawn.
        bars.setLabelFont(SMALL)
        bars.setLabelColor(QColor("#222222"))
        series.setLabelsVisible(True)
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value%")
        chart.addSeries(series)
        axis = QBarCategoryAxis()
        axis.append([self.tr("上月"), self.tr("本月")])
        value_axis = QValueAxis()
        value_axis.setRange(0, 100 * RATE_HEADROOM)
        value_axis.setVisible(False)
        axis.setLabelsFont(SMALL)
        chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(value_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis)
        series.attachAxis(value_axis)
        chart.legend().hide()

    def _grid(self, this: MonthlyStatistics) -> None:
        chart = self.grid_chart
        chart.removeAllSeries()
        series = QPieSeries()
        # The counts go in the legend (a label on or beside a slice is clipped in a narrow chart);
        # the share is on the 网格内化解率 card.
        handled = series.append(self.tr("化解 {0}").format(this.grid_handled), this.grid_handled)
        escalated = series.append(self.tr("上报 {0}").format(this.grid_escalated), this.grid_escalated)
        handled.setColor(QColor("#43a047"))
        escalated.setColor(QColor("#fb8c00"))
        series.setPieSize(0.7)
        chart.addSeries(series)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.legend().show()
