"""走访记录 and 周研判: two lists with an add button each."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.services import grid_visits
from zhongxin_desktop.ui.dialogs.grid_form import DialogHost
from zhongxin_desktop.ui.pages.list_pager import ListPager
from zhongxin_desktop.ui.row_table_model import CellsModel
from zhongxin_desktop.ui.dialogs.grid_event_dialogs import MeetingDialog, VisitDialog


class _ListTab(QWidget, DialogHost):
    columns: list[str] = []
    add_label = ""

    def __init__(self, page):
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
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QTableView.SelectRows)
        layout.addWidget(self.table, 1)
        self.pager = ListPager(self)
        self.pager.moved.connect(lambda: self._load())
        layout.addWidget(self.pager)
        self._filling = False

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

    def _show(self, rows: list[dict]) -> None:
        rows = self.pager.page_of(rows)
        self.model.set_cells([self.cells(d) for d in rows])
        self.count_label.setText(self.pager.label.text())

    def _open(self, dialog, message: str) -> None:
        self.open_dialog(dialog, lambda _d: self.page.after_change(message))


class VisitsTab(_ListTab):
    columns = ["走访日期", "网格", "走访人", "类型", "户数", "走访情况"]
    add_label = "记录走访"

    def fetch(self, actor, grid_id, **page):
        return grid_visits.list_visits(actor, grid_id=grid_id, **page)

    def cells(self, d: dict) -> list[str]:
        return [cn_date(d["visited_on"]), d["grid_name"], d["worker_name"], d["kind_label"], str(d["households"]),
                d["notes"]]

    def add(self) -> None:
        if self.page.lookups:
            self._open(VisitDialog(self.ctx, self.page.lookups, self.grid_filter.currentData(), self),
                       self.tr("已记录走访"))


class MeetingsTab(_ListTab):
    columns = ["日期", "网格", "参会人员", "研判的风险", "研判结论与调度"]
    add_label = "记录周研判"

    def fetch(self, actor, grid_id, **page):
        return grid_visits.list_meetings(actor, grid_id=grid_id, **page)

    def cells(self, d: dict) -> list[str]:
        return [cn_date(d["held_on"]), d["grid_name"], d["attendees"], d["risks"], d["decisions"]]

    def add(self) -> None:
        if not self.page.lookups:
            return
        actor = self.ctx.actor
        self.ctx.worker.submit(
            lambda: grid_visits.open_risks(actor),
            lambda risks: self._open(MeetingDialog(self.ctx, self.page.lookups, risks, self), self.tr("已记录研判会")),
            self.page.failed)
