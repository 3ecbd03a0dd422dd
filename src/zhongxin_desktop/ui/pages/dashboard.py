"""工作台: this month against last month, and what needs doing today."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QMouseEvent
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout,
    QWidget,
)

from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.services.figures import dashboard
from zhongxin_desktop.services.figures.statistics import share_text
from zhongxin_desktop.ui.context import AppContext
from zhongxin_desktop.ui.pages.base import Page
from zhongxin_desktop.ui.pages.dashboard_charts import DashboardCharts
from zhongxin_desktop.ui.pages.page_parts import title_label

RED = QColor("#c62828")


class FigureCard(QFrame):
    clicked = Signal()  # a click on a figure opens the cases behind it

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("figureCard")
        layout = QVBoxLayout(self)
        self.title = QLabel(title)
        self.title.setStyleSheet("color: #555;")
        self.value = QLabel("—")
        self.value.setStyleSheet("font-size: 22pt; font-weight: bold;")
        self.delta = QLabel("")
        self.delta.setStyleSheet("color: #777;")
        for w in (self.title, self.value, self.delta):
            layout.addWidget(w)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.clicked.emit()
        super().mousePressEvent(event)

    def set(self, value: str, delta: str = "", alert: bool = False) -> None:
        self.value.setText(value)
        self.value.setStyleSheet(f"font-size: 22pt; font-weight: bold; color: {'#c62828' if alert else '#222'};")
        self.delta.setText(delta)


def _delta(now: int, before: int) -> str:
    diff = now - before
    sign = "+" if diff > 0 else ""
    return f"上月 {before}（{sign}{diff}）"


class DashboardPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        outer = QVBoxLayout(self)
        head = QHBoxLayout()
        self.heading = title_label(self.tr("工作台"))
        head.addWidget(self.heading)
        head.addStretch()
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.clicked.connect(self.refresh)
        head.addWidget(self.refresh_button)
        outer.addLayout(head)
        # stays while the last automatic backup failed and none has succeeded since
        self.backup_warning = QLabel("")
        self.backup_warning.setObjectName("backupWarning")
        self.backup_warning.setWordWrap(True)
        self.backup_warning.setStyleSheet("QLabel#backupWarning { color: #c62828; background: #fdecea; "
                                          "border: 1px solid #c62828; padding: 6px; font-weight: bold; }")
        self.backup_warning.hide()
        outer.addWidget(self.backup_warning)
        self.checklist = QGroupBox(self.tr("开始使用前的准备（完成后此栏自动隐藏）"))
        self.checklist.setObjectName("setupChecklist")
        self.checklist_text = QLabel("")
        self.checklist_text.setTextFormat(Qt.TextFormat.RichText)
        QVBoxLayout(self.checklist).addWidget(self.checklist_text)
        self.checklist.setVisible(False)
        outer.addWidget(self.checklist)
        cards = QGridLayout()
        self.cards = {
            "registered": FigureCard(self.tr("本月登记")),
            "accepted": FigureCard(self.tr("本月受理")),
            "succeeded": FigureCard(self.tr("本月调解成功")),
            "rate": FigureCard(self.tr("本月调解成功率")),
            "open": FigureCard(self.tr("在办案件")),
            "overdue": FigureCard(self.tr("逾期未结")),
            "grid": FigureCard(self.tr("本月网格内化解率")),
        }
        for i, card in enumerate(self.cards.values()):
            cards.addWidget(card, 0, i)
        outer.addLayout(cards)
        self.cards["open"].clicked.connect(lambda: self.ctx.bus.show_cases.emit({"open": True}))
        self.cards["overdue"].clicked.connect(lambda: self.ctx.bus.show_cases.emit({"overdue": True}))
        self.cards["registered"].clicked.connect(self._show_month_cases)
        self.cards["accepted"].clicked.connect(self._show_month_cases)
        self.charts = DashboardCharts(self.ctx.bus.show_cases.emit)
        outer.addWidget(self.charts, 1)
        lists = QGridLayout()
        self.overdue_list = self._list_box(lists, 0, 0, self.tr("逾期案件（红色）"))
        self.due_list = self._list_box(lists, 0, 1, self.tr("3日内到期"))
        self.followup_list = self._list_box(lists, 1, 0, self.tr("待回访"))
        self.confirm_list = self._list_box(lists, 1, 1, self.tr("司法确认期限将满（30日）"))
        self.reply_list = self._list_box(lists, 2, 0, self.tr("逾期未回复（交办待反馈、来件待回复）"))
        self.repeat_list = self._list_box(lists, 2, 1, self.tr("多次涉案的当事人（同一身份证号，或同名同电话）"))
        outer.addLayout(lists, 1)
        self.data: dashboard.Dashboard | None = None
        self.repeats: list[dict[str, Any]] | None = None  # filled in after the figures (services.figures.dashboard)
        self.repeat_list.addItem(self.tr("正在查找……"))

    def _show_month_cases(self) -> None:
        today = self.data.today if self.data else None
        if today is not None:
            self.ctx.bus.show_cases.emit({"date_from": today.replace(day=1), "date_to": today})

    def _list_box(self, grid: QGridLayout, row: int, col: int, title: str, span: int = 1) -> QListWidget:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        lw = QListWidget()
        lw.itemActivated.connect(lambda item: self.ctx.bus.open_case.emit(item.data(Qt.ItemDataRole.UserRole)))
        layout.addWidget(lw)
        grid.addWidget(box, row, col, 1, span)
        return lw

    def refresh(self) -> None:
        actor, data = self.ctx.actor, self.ctx.data
        self.ctx.worker.submit(lambda: dashboard.build(actor, data=data), self._show)
        # the slowest list comes after the figures, so the window is in use before it lands
        self.ctx.worker.submit(lambda: dashboard.repeat_people(actor), self._show_repeats)

    def _show(self, d: dashboard.Dashboard) -> None:
        self.data = d
        tm, lm = d.this_month, d.last_month
        self.heading.setText(self.tr("工作台 — ") + cn_date(d.today))
        self.backup_warning.setText(d.backup_warning or "")
        self.backup_warning.setVisible(bool(d.backup_warning))
        # for a new center only: once cases are being registered the center is in use, and the
        # exchange page itself says what a missing county key stops
        steps = dict((what, done) for what, done, _ in d.setup)
        self.checklist.setVisible(not all(steps.values()) and not steps.get("第一件案件", True))
        self.checklist_text.setText("<br>".join(
            f"<span style='color:#2e7d32'>✔ {what}</span>" if done else f"<b>○ {what}</b>：{hint}"
            for what, done, hint in d.setup))
        self.cards["registered"].set(str(tm.registered), _delta(tm.registered, lm.registered))
        self.cards["accepted"].set(str(tm.accepted), _delta(tm.accepted, lm.accepted))
        self.cards["succeeded"].set(str(tm.succeeded), _delta(tm.succeeded, lm.succeeded))
        self.cards["rate"].set(f"{tm.success_rate:.0%}", f"上月 {lm.success_rate:.0%}")
        self.cards["open"].set(str(d.open_cases))
        self.cards["overdue"].set(str(d.overdue_count), "", alert=bool(d.overdue_count))
        if d.stats_this is not None and d.stats_last is not None:
            self.cards["grid"].set(share_text(d.stats_this.grid_handled_share),
                                   f"上月 {share_text(d.stats_last.grid_handled_share)}")
            self.charts.show_stats(d.stats_this, d.stats_last)
        self._fill(self.overdue_list, [(c.id, f"{c.case_no or '未编号'}　{c.category}　应结 {cn_date(c.due_on)}"
                                        + (f"　原因：{c.overdue_reason}" if c.overdue_reason else "　未填写逾期原因"))
                                       for c in d.overdue], red=True)
        self._fill(self.due_list, [(c.id, f"{c.case_no or '未编号'}　{c.category}　应结 {cn_date(c.due_on)}")
                                   for c in d.due_soon])
        self._fill(self.followup_list, [(c.id, f"{c.case_no or '未编号'}　{c.category}　结案 {cn_date(c.closed_on)}")
                                        for c in d.followups_due])
        self._fill(self.confirm_list, [(a.case_id, f"{a.number}　生效 {cn_date(a.signed_on)}　截止 {cn_date(end)}")
                                       for a, end in d.confirmation_windows])
        self._fill(self.reply_list, [(r["case_id"], f"{r['case_no']}　{r['direction_label']}　{r['other_side']}"
                                      + (f"（{r['reference']}）" if r["reference"] else "")
                                      + f"　回复期限 {cn_date(r['reply_due'])}　已逾期{r['days_overdue']}天")
                                     for r in d.overdue_replies], red=True)

    def _show_repeats(self, people: list[dict[str, Any]]) -> None:
        self.repeats = people
        self._fill(self.repeat_list, [(p["cases"][-1]["case_id"], self._repeat_text(p)) for p in people])

    def _repeat_text(self, p: dict[str, Any]) -> str:
        cases = "；".join(f"{c['case_no'] or '未编号'} {c['status_label']} {cn_date(c['registered_on'])}"
                          for c in p["cases"])
        return self.tr("{name}（{number}）{n}件：{cases}").format(
            name=p["name"], number=p["id_number"] or p["phone"], n=len(p["cases"]), cases=cases)

    def _fill(self, widget: QListWidget, rows: list[tuple[str, str]], red: bool = False) -> None:
        widget.clear()
        for case_id, text in rows:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, case_id)
            if red:
                item.setForeground(QBrush(RED))
            widget.addItem(item)
        if not rows:
            item = QListWidgetItem(self.tr("（无）"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            widget.addItem(item)
