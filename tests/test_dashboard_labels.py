"""The 工作台 at 1024 px: every value printed on a chart reads in full."""
from __future__ import annotations

import dataclasses

from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem

from zhongxin_desktop.ui.main_window import MainWindow
from zhongxin_desktop.ui.pages.dashboard_charts import SMALL, THIS_COLOR


def _bar_labels(view, texts: list[str]):
    """(bar rect, label rect) for each bar: QtCharts does not expose its label items, so a label
    is the item centred on a bar whose width is that of the expected text."""
    scene = view.scene()
    bars = sorted((it.sceneBoundingRect() for it in scene.items() if isinstance(it, QGraphicsRectItem)
                   and it.brush().color() == THIS_COLOR and it.rect().height() > 8), key=lambda r: r.x())
    metrics = QFontMetricsF(SMALL)
    pairs = []
    for bar, text in zip(bars, texts):
        width = metrics.horizontalAdvance(text)
        [label] = [r for r in (it.sceneBoundingRect() for it in scene.items() if type(it) is QGraphicsItem)
                   if abs(r.center().x() - bar.center().x()) < 1.5 and width <= r.width() <= width + 4 and r.height() < 30]
        pairs.append((bar, label))
    assert len(pairs) == len(texts) == len(bars)
    return pairs


def test_success_rate_labels_read_in_full_at_1024_px(qtbot, demo_db, app_ctx):
    window = MainWindow(app_ctx(demo_db))
    qtbot.addWidget(window)
    window.resize(1024 - 16, 768 - 40 - 39)
    window.show()
    page = window.pages["dashboard"]
    qtbot.waitUntil(lambda: page.data is not None, timeout=10000)
    this = dataclasses.replace(page.data.stats_this, succeeded=17, terminated=2)  # 89.5 %
    last = dataclasses.replace(page.data.stats_last, succeeded=3, terminated=0)  # 100 %
    page.charts.show_stats(this, last)
    qtbot.wait(50)
    chart, view = page.charts.rate_chart, page.charts.rate_view
    ink = page.charts.rate_chart.series()[0].barSets()[0].labelColor()
    for bar, label in _bar_labels(view, ["100%", "89.5%"]):
        on_the_bar = bar.contains(label)  # light ink on the bar's colour
        beside_it = not bar.intersects(label) and ink.lightness() < 100  # dark ink on the white plot
        assert on_the_bar or beside_it, (bar, label)
        assert chart.plotArea().contains(label), (chart.plotArea(), label)
    window.ctx.worker.wait()
