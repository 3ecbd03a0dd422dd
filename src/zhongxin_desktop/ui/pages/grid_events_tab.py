"""网格事件: the list with filters and risk colours; 记录事件 / 网格内办结 / 上报中心."""
from __future__ import annotations

from typing import Any, TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.domain.vocab import RISK_COLORS
from zhongxin_desktop.services.gridwork import grid_events
from zhongxin_desktop.ui.pages.grid_host import GridHost
from zhongxin_desktop.ui.dialogs.grid_form import DialogHost, GridFormDialog, optional_date_edit, optional_date_of
from zhongxin_desktop.ui.dialogs.grid_event_dialogs import EscalateDialog, EventDialog, HandleDialog
from zhongxin_desktop.ui.pages.list_pager import ListPager
from zhongxin_desktop.ui.row_table_model import RowTableModel

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex, QPersistentModelIndex

COLUMNS = ["上报日期", "网格", "类型", "风险", "状态", "上报人", "事件描述", "处理结果 / 案件结果"]
STATUS_FILTERS = [("全部状态", None), ("未了结", "unresolved"), ("待处理", "open"), ("已上报中心", "escalated"),
                  ("已办结", "closed")]


def outcome_text(d: dict[str, Any]) -> str:
    """What came of the event: the grid's result, the closed case's outcome, or where the case
    it became stands now (a case has no number until it is accepted)."""
    if d["result"] or d["case_outcome"]:
        text: str = d["result"] or d["case_outcome"]
        return text
    if not d["case_id"]:
        return ""
    if not d["case_no"]:
        return f"已转为案件（待受理，{cn_date(d['case_registered_on'])}登记）"
    return f"案件{d['case_no']}：{d['case_status_label']}"


class EventModel(RowTableModel):
    columns = COLUMNS

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        d = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return [cn_date(d["reported_on"]), d["grid_name"], d["event_type"], d["risk_level"], d["status_label"],
                    f"{d['reporter_name']}（{d['reporter_role']}）", d["description"], outcome_text(d)][col]
        if role == Qt.ItemDataRole.BackgroundRole and col == 3 and d["risk_level"] in RISK_COLORS:
            return QBrush(QColor(RISK_COLORS[d["risk_level"]]))
        if role == Qt.ItemDataRole.ForegroundRole and col == 3 and d["risk_level"] in RISK_COLORS:
            return QBrush(QColor("#ffffff" if d["risk_level"] != "黄" else "#222222"))
        if role == Qt.ItemDataRole.ToolTipRole and col in (6, 7):
            return d["description"] if col == 6 else outcome_text(d)
        return None


class EventsTab(QWidget, DialogHost):
    def __init__(self, page: GridHost) -> None:
        super().__init__(page)
        self.page = page
        self.ctx = page.ctx
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.grid_filter = QComboBox()
        self.type_filter = QComboBox()
        self.status_filter = QComboBox()
        for label, value in STATUS_FILTERS:
            self.status_filter.addItem(self.tr(label), value)
        self.risk_filter = QComboBox()
        for label, box in ((self.tr("网格"), self.grid_filter), (self.tr("类型"), self.type_filter),
                           (self.tr("状态"), self.status_filter), (self.tr("风险"), self.risk_filter)):
            filters.addWidget(QLabel(label))
            filters.addWidget(box)
            box.currentIndexChanged.connect(self._filter_changed)
        self.since = optional_date_edit(None, self.tr("不限"))
        self.until = optional_date_edit(None, self.tr("不限"))
        for label, edit in ((self.tr("上报日期从"), self.since), (self.tr("至"), self.until)):
            filters.addWidget(QLabel(label))
            filters.addWidget(edit)
            edit.dateChanged.connect(lambda _d: self._filter_changed())
        filters.addStretch()
        self.count_label = QLabel()
        filters.addWidget(self.count_label)
        layout.addLayout(filters)
        actions = QHBoxLayout()
        self.add_button = QPushButton(self.tr("记录事件"))
        self.edit_button = QPushButton(self.tr("修改事件"))
        self.edit_button.setToolTip(self.tr("更正待处理事件的记录（上报中心或办结后不能再改）"))
        self.handle_button = QPushButton(self.tr("网格内办结"))
        self.escalate_button = QPushButton(self.tr("上报中心"))
        self.open_case_button = QPushButton(self.tr("打开案件"))
        for b in (self.add_button, self.edit_button, self.handle_button, self.escalate_button, self.open_case_button):
            actions.addWidget(b)
        actions.addStretch()
        layout.addLayout(actions)
        self.model = EventModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.setWordWrap(False)
        layout.addWidget(self.view, 1)
        self.pager = ListPager(self)
        self.pager.moved.connect(lambda: self.refresh(fill=False, keep_page=True))
        layout.addWidget(self.pager)
        self.add_button.clicked.connect(self.record_event)
        self.edit_button.clicked.connect(self.edit_selected)
        self.handle_button.clicked.connect(self.handle_selected)
        self.escalate_button.clicked.connect(self.escalate_selected)
        self.open_case_button.clicked.connect(self.open_selected_case)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._filling = False
        self._update_buttons()

    def _fill_filters(self) -> None:
        lookups = self.page.loaded_lookups()
        self._filling = True
        for box, items in ((self.grid_filter, [(g["name"], g["id"]) for g in lookups["grids"]]),
                           (self.type_filter, [(t, t) for t in lookups["event_types"]]),
                           (self.risk_filter, [(lv, lv) for lv in lookups["risk_levels"]])):
            current = box.currentData()
            box.clear()
            box.addItem(self.tr("全部"), None)
            for label, value in items:
                box.addItem(label, value)
            index = box.findData(current)
            box.setCurrentIndex(max(index, 0))
        self._filling = False

    def _filter_changed(self) -> None:
        if not self._filling:
            self.refresh(fill=False)

    def refresh(self, fill: bool = True, keep_page: bool = False) -> None:
        if self.page.lookups is None:
            return
        if fill:
            self._fill_filters()
        if not keep_page:
            self.pager.restart()
        actor = self.ctx.actor
        kw = dict(grid_id=self.grid_filter.currentData(), event_type=self.type_filter.currentData(),
                  status=self.status_filter.currentData(), risk_level=self.risk_filter.currentData(),
                  since=optional_date_of(self.since), until=optional_date_of(self.until),
                  limit=self.pager.fetch_limit, offset=self.pager.offset)
        self.ctx.worker.submit(lambda: grid_events.list_events(actor, **kw), self._show, self.page.failed)

    def _show(self, rows: list[dict[str, Any]]) -> None:
        rows = self.pager.page_of(rows)
        self.model.set_rows(rows)
        for col in range(6):
            self.view.resizeColumnToContents(col)
        self.view.setColumnWidth(6, 340)
        self.count_label.setText(self.pager.label.text())
        self._update_buttons()

    def selected(self) -> dict[str, Any] | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def select_event(self, event_id: str) -> bool:
        for i, d in enumerate(self.model.rows):
            if d["id"] == event_id:
                self.view.selectRow(i)
                return True
        return False

    def _update_buttons(self) -> None:
        """Offer only what the role may do (the services check again) and what the event allows."""
        d = self.selected()
        is_open = bool(d and d["status"] == "open")
        actor = self.ctx.actor
        self.add_button.setEnabled(actor.can(Perm.REGISTER))
        self.edit_button.setEnabled(is_open and actor.can(Perm.EDIT))
        self.handle_button.setEnabled(is_open and actor.can(Perm.EDIT))
        self.escalate_button.setEnabled(is_open and actor.can(Perm.REGISTER))
        self.open_case_button.setEnabled(bool(d and d["case_id"]))

    def record_event(self) -> None:
        if self.page.lookups is None:
            return
        self.open_dialog(EventDialog(self.ctx, self.page.lookups, self.grid_filter.currentData(), self),
                   lambda d: self.page.after_change(self.tr("已记录网格事件")))

    def edit_selected(self) -> None:
        d = self.selected()
        if d and self.page.lookups is not None:
            self.open_dialog(EventDialog(self.ctx, self.page.lookups, parent=self, event=d),
                             lambda _d: self.page.after_change(self.tr("已修改网格事件")))

    def handle_selected(self) -> None:
        d = self.selected()
        if d:
            self.open_dialog(HandleDialog(self.ctx, d, self), lambda _d: self.page.after_change(self.tr("事件已在网格内办结")))

    def escalate_selected(self) -> None:
        d = self.selected()
        if d:
            self.open_dialog(EscalateDialog(self.ctx, d, self.page.loaded_lookups(), self), self._escalated)

    def _escalated(self, dialog: GridFormDialog) -> None:
        self.page.after_change(self.tr("已上报中心并登记为案件"))
        self.ctx.bus.changed.emit("case")
        self.ctx.bus.open_case.emit(dialog.outcome.id)

    def open_selected_case(self) -> None:
        d = self.selected()
        if d and d["case_id"]:
            self.ctx.bus.open_case.emit(d["case_id"])
