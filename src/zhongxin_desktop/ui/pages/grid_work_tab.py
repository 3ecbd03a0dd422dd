"""走访记录 and 周研判: two lists with an add button each; 周研判 also lists the open meeting
decisions (办结所选任务) and prints the weekly briefing (生成周研判简报…)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QPushButton, QTableView, QVBoxLayout,
    QWidget,
)

from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.services.gridwork import grid_tasks, grid_visits
from zhongxin_desktop.services.gridwork.grid_briefing import week_of
from zhongxin_desktop.ui.pages.grid_host import GridHost
from zhongxin_desktop.ui.dialogs.grid_form import DialogHost, GridFormDialog
from zhongxin_desktop.ui.pages.list_pager import ListPager
from zhongxin_desktop.ui.row_table_model import CellsModel
from zhongxin_desktop.ui.dialogs.grid_event_dialogs import MeetingDialog, VisitDialog

if TYPE_CHECKING:
    from zhongxin_desktop.services.actor import Actor


class _ListTab(QWidget, DialogHost):
    columns: list[str] = []
    add_label = ""

    def __init__(self, page: GridHost) -> None:
        super().__init__(page)
        self.page = page
        self.ctx = page.ctx
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.add_button = QPushButton(self.tr(self.add_label))
        self.add_button.clicked.connect(self.add)
        self.add_button.setEnabled(self.ctx.actor.can(Perm.REGISTER))
        bar.addWidget(self.add_button)
        bar.addWidget(QLabel(self.tr("网格")))
        self.grid_filter = QComboBox()
        self.grid_filter.currentIndexChanged.connect(lambda _i: self._load(restart=True))
        bar.addWidget(self.grid_filter)
        bar.addStretch()
        self.count_label = QLabel()
        bar.addWidget(self.count_label)
        layout.addLayout(bar)
        self.model = CellsModel([self.tr(c) for c in self.columns], self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        layout.addWidget(self.table, 1)
        self.pager = ListPager(self)
        self.pager.moved.connect(lambda: self._load())
        layout.addWidget(self.pager)
        self._filling = False

    # each list says how it adds, reads and shows its rows (VisitsTab, MeetingsTab)
    def add(self) -> None:
        raise NotImplementedError

    def fetch(self, actor: Actor, grid_id: str | None, *, limit: int, offset: int) -> list[dict[str, Any]]:
        raise NotImplementedError

    def cells(self, d: dict[str, Any]) -> list[str]:
        raise NotImplementedError

    def refresh(self) -> None:
        if self.page.lookups is None:
            return
        self._filling = True
        current = self.grid_filter.currentData()
        self.grid_filter.clear()
        self.grid_filter.addItem(self.tr("全部"), None)
        for g in self.page.lookups["grids"]:
            self.grid_filter.addItem(g["name"], g["id"])
        self.grid_filter.setCurrentIndex(max(self.grid_filter.findData(current), 0))
        self._filling = False
        self._load(restart=True)

    def _load(self, restart: bool = False) -> None:
        if self._filling:
            return
        if restart:
            self.pager.restart()
        actor, gid = self.ctx.actor, self.grid_filter.currentData()
        limit, offset = self.pager.fetch_limit, self.pager.offset
        self.ctx.worker.submit(lambda: self.fetch(actor, gid, limit=limit, offset=offset), self._show,
                               self.page.failed)

    def _show(self, rows: list[dict[str, Any]]) -> None:
        rows = self.pager.page_of(rows)
        self.model.set_cells([self.cells(d) for d in rows])
        self.count_label.setText(self.pager.label.text())

    def _open(self, dialog: GridFormDialog, message: str) -> None:
        self.open_dialog(dialog, lambda _d: self.page.after_change(message))


class VisitsTab(_ListTab):
    columns = ["走访日期", "网格", "走访人", "类型", "户数", "走访情况"]
    add_label = "记录走访"

    def fetch(self, actor: Actor, grid_id: str | None, *, limit: int, offset: int) -> list[dict[str, Any]]:
        return grid_visits.list_visits(actor, grid_id=grid_id, limit=limit, offset=offset)

    def cells(self, d: dict[str, Any]) -> list[str]:
        return [cn_date(d["visited_on"]), d["grid_name"], d["worker_name"], d["kind_label"], str(d["households"]),
                d["notes"]]

    def add(self) -> None:
        if self.page.lookups:
            self._open(VisitDialog(self.ctx, self.page.lookups, self.grid_filter.currentData(), self),
                       self.tr("已记录走访"))


class MeetingsTab(_ListTab):
    columns = ["日期", "网格", "参会人员", "研判的风险", "研判结论与调度"]
    add_label = "记录周研判"
    TASK_COLUMNS = ["决定日期", "网格", "落实事项", "责任人", "完成期限", "状态"]

    def __init__(self, page: GridHost) -> None:
        super().__init__(page)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("周研判简报")))
        self.week = QComboBox()
        today = dt.date.today()
        for back in range(8):
            day = today - dt.timedelta(weeks=back)
            label = week_of(day)
            monday = day - dt.timedelta(days=day.weekday())
            self.week.addItem(self.tr("{0}年第{1}周（{2}起）").format(label[:4], int(label[6:]), f"{monday:%m月%d日}"),
                              label)
        bar.addWidget(self.week)
        self.briefing_button = QPushButton(self.tr("生成周研判简报…"))
        self.briefing_button.setToolTip(self.tr("A4简报：新增事件、红橙风险、逾期交办、走访、热点、重复当事人、上周决定落实"))
        self.briefing_button.setEnabled(self.ctx.actor.can(Perm.PRINT))
        self.briefing_button.clicked.connect(lambda: self.print_briefing())
        bar.addWidget(self.briefing_button)
        bar.addStretch()
        self.done_button = QPushButton(self.tr("办结所选任务"))
        self.done_button.clicked.connect(lambda: self.close_selected_task())
        bar.addWidget(self.done_button)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)  # the list tab's own layout
        layout.addLayout(bar)
        self.task_model = CellsModel([self.tr(c) for c in self.TASK_COLUMNS], self)
        self.tasks = QTableView()
        self.tasks.setModel(self.task_model)
        self.tasks.horizontalHeader().setStretchLastSection(True)
        self.tasks.verticalHeader().hide()
        self.tasks.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.tasks.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.tasks.setMaximumHeight(180)
        layout.addWidget(self.tasks)
        self.open_tasks: list[dict[str, Any]] = []

    def _load(self, restart: bool = False) -> None:
        super()._load(restart)
        if not self._filling:
            actor = self.ctx.actor
            self.ctx.worker.submit(lambda: grid_tasks.list_tasks(actor, open_only=True), self._show_tasks,
                                   self.page.failed)

    def _show_tasks(self, rows: list[dict[str, Any]]) -> None:
        self.open_tasks = rows
        self.task_model.set_cells(
            [[cn_date(t["decided_on"]), t["grid_name"], t["content"], t["owner"], cn_date(t["due_on"]),
              t["status_label"] + ("（逾期）" if t["overdue"] else "")] for t in rows],
            ["#c62828" if t["overdue"] else None for t in rows])
        self.done_button.setEnabled(bool(rows) and self.ctx.actor.can(Perm.EDIT))

    def close_selected_task(self, result: str | None = None) -> None:
        picked = self.tasks.selectionModel().selectedRows()
        if not picked:
            self.ctx.bus.status_message.emit(self.tr("请先在下方任务列表中选中一项"))
            return
        task = self.open_tasks[picked[0].row()]
        if result is None:
            result, ok = QInputDialog.getText(self, self.tr("办结任务"), self.tr("落实情况：") + task["content"])
            if not ok:
                return
        actor = self.ctx.actor
        self.ctx.worker.submit(lambda: grid_tasks.close_task(actor, task["id"], result),
                               lambda _t: self.page.after_change(self.tr("任务已办结")), self.page.failed)

    def print_briefing(self, path: str | Path | None = None) -> None:
        """生成周研判简报: the chosen week's A4 PDF (the tests pass ``path``)."""
        from zhongxin_desktop.documents.grid_briefing import export_briefing

        week = self.week.currentData()
        if path is None:
            start = str(self.ctx.data.exports / f"网格周研判简报-{week}.pdf")
            path, _ = QFileDialog.getSaveFileName(self, self.tr("保存周研判简报"), start, "PDF (*.pdf)")
            if not path:
                return
        path = Path(path if str(path).lower().endswith(".pdf") else f"{path}.pdf")
        actor = self.ctx.actor
        self.ctx.worker.submit(lambda: export_briefing(actor, week, path), lambda _b: self._briefed(path),
                               self.page.failed)

    def _briefed(self, path: Path) -> None:
        self.last_briefing = path
        self.ctx.bus.status_message.emit(self.tr("已生成周研判简报：{0}").format(path))

    def fetch(self, actor: Actor, grid_id: str | None, *, limit: int, offset: int) -> list[dict[str, Any]]:
        return grid_visits.list_meetings(actor, grid_id=grid_id, limit=limit, offset=offset)

    def cells(self, d: dict[str, Any]) -> list[str]:
        return [cn_date(d["held_on"]), d["grid_name"], d["attendees"], d["risks"], d["decisions"]]

    def add(self) -> None:
        if not self.page.lookups:
            return
        actor = self.ctx.actor
        self.ctx.worker.submit(
            lambda: grid_visits.open_risks(actor),
            lambda risks: self._open(MeetingDialog(self.ctx, self.page.loaded_lookups(), risks, self), self.tr("已记录研判会")),
            self.page.failed)
