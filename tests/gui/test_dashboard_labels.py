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


def _visible_axis_labels(chart, view) -> int:
    """Category names QtCharts actually draws left of the plot (it drops every other name when
    they would overlap)."""
    plot = chart.plotArea()
    return sum(1 for it in view.scene().items() if type(it) is QGraphicsItem and it.isVisible()
               and it.sceneBoundingRect().right() <= plot.left() + 1 and 8 < it.sceneBoundingRect().height() < 30 and it.sceneBoundingRect().width() > 4
               and plot.top() - 10 <= it.sceneBoundingRect().center().y() <= plot.bottom() + 10)


def test_every_bar_has_its_name_at_1024_px(qtbot, demo_db, app_ctx):
    window = MainWindow(app_ctx(demo_db))
    qtbot.addWidget(window)
    window.resize(1024 - 16, 768 - 40 - 39)
    window.show()
    page = window.pages["dashboard"]
    qtbot.waitUntil(lambda: page.data is not None, timeout=10000)
    charts = page.charts
    for key, chart, view in (("category", charts.category_chart, charts.category_view),
                             ("source", charts.source_chart, charts.source_view)):
        qtbot.waitUntil(lambda: _visible_axis_labels(chart, view) == len(charts.bar_filters[key]), timeout=5000)
        assert len(charts.bar_filters[key]) >= 5, key  # the biggest ones are all still there
    # a taller window has room for more names again
    window.resize(1280, 900)
    qtbot.waitUntil(lambda: len(charts.bar_filters["category"]) == min(8, len(
        [c for c, n in page.data.stats_this.by_category.items() if n or page.data.stats_last.by_category.get(c)])),
        timeout=5000)
    assert _visible_axis_labels(charts.category_chart, charts.category_view) == len(charts.bar_filters["category"])
    window.ctx.worker.wait()


def test_an_empty_center_sees_what_to_set_up_first(qtbot, township, make_user, app_ctx):
    from zhongxin_desktop.domain.roles import Role
    from zhongxin_desktop.ui.pages.dashboard import DashboardPage

    page = DashboardPage(app_ctx(township))
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.data is not None, timeout=10000)
    assert page.checklist.isVisible()
    text = page.checklist_text.text()
    for step in ("村（社区）和网格", "调解员账号", "县级中心的公钥", "第一件案件"):
        assert f"○ {step}" in text
    make_user(Role.MEDIATOR, "tiaojie1")
    page.data = None
    page.refresh()
    qtbot.waitUntil(lambda: page.data is not None, timeout=10000)
    assert "✔ 调解员账号" in page.checklist_text.text()


def test_a_center_in_use_sees_no_checklist(qtbot, demo_db, app_ctx):
    from zhongxin_desktop.services.figures import dashboard
    from zhongxin_desktop.ui.pages.dashboard import DashboardPage

    steps = dict((what, done) for what, done, _ in dashboard._setup_steps())
    assert steps["第一件案件"] and steps["调解员账号"] and steps["村（社区）和网格"]
    page = DashboardPage(app_ctx(demo_db))
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.data is not None, timeout=10000)
    assert not page.checklist.isVisible()


def test_count_axes_label_whole_numbers_once(qapp):
    from PySide6.QtCharts import QValueAxis

    from zhongxin_desktop.ui.pages.dashboard_charts import integer_ticks

    for top, expected in ((0, [0, 1]), (1, [0, 1]), (3, [0, 1, 2, 3]), (7, [0, 2, 4, 6, 8]), (23, list(range(0, 26, 5)))):
        axis = QValueAxis()
        integer_ticks(axis, max(top, 1) if top == 0 else top)
        ticks = [axis.min() + i * axis.tickInterval() for i in range(int((axis.max() - axis.min()) / axis.tickInterval()) + 1)]
        assert ticks == expected, top
