"""重点人员 / 困难家庭: the watch registers, overdue visits first and in red, with 列入名册 and
记录走访. Only users who may edit see them (services.gridwork.grid_watch); ID numbers and phones are
masked here."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QSpinBox,
    QTableView, QVBoxLayout, QWidget,
)

from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.domain.grid_input import WATCH_KINDS, WatchInput, WatchVisitInput
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.services.gridwork import grid_watch
from zhongxin_desktop.ui.pages.grid_host import GridHost
from zhongxin_desktop.ui.dialogs.grid_form import DialogHost, GridFormDialog, combo, date_edit, date_of
from zhongxin_desktop.ui.row_table_model import CellsModel

if TYPE_CHECKING:
    from zhongxin_desktop.ui.context import AppContext

COLUMNS = ["网格", "姓名", "关注原因 / 困难情况", "责任网格员", "走访周期", "上次走访", "状态", "电话", "帮扶情况"]
OVERDUE = "#c62828"


class WatchDialog(GridFormDialog):
    """列入名册: a person under watch or a family in difficulty."""

    def __init__(self, ctx: AppContext, lookups: dict[str, Any], kind: str, grid_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("列入{0}名册").format(kind), parent)
        self.kind = kind
        self.lookups = lookups
        self.grid = combo([(f"{g['name']}（{g['code']}）", g["id"]) for g in lookups["grids"]], grid_id)
        self.name = QLineEdit()
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(self.tr("列为重点人员的原因") if kind == "重点人员"
                                       else self.tr("家庭的困难，如：因病致贫、独居老人无人照料"))
        self.worker = QComboBox()
        self.worker.setEditable(True)
        self.every = QSpinBox()
        self.every.setRange(1, 366)
        self.every.setValue(7 if kind == "重点人员" else 30)
        self.every.setSuffix(self.tr(" 天一次"))
        self.since = date_edit()
        self.id_number = QLineEdit()
        self.phone = QLineEdit()
        self.address = QLineEdit()
        self.help_given = QLineEdit()
        rows = [(self.tr("网格"), self.grid), (self.tr("姓名") if kind == "重点人员" else self.tr("户主"), self.name),
                (self.tr("关注原因") if kind == "重点人员" else self.tr("困难情况"), self.reason),
                (self.tr("责任网格员"), self.worker), (self.tr("走访周期"), self.every), (self.tr("列入日期"), self.since),
                (self.tr("身份证号"), self.id_number), (self.tr("联系电话"), self.phone), (self.tr("住址"), self.address)]
        if kind == "困难家庭":
            rows.append((self.tr("已给予的帮扶"), self.help_given))
        for label, w in rows:
            self.form.addRow(label, w)
        self.grid.currentIndexChanged.connect(self._fill_workers)
        self._fill_workers()
        self.finish_layout(self.job)

    def _fill_workers(self) -> None:
        self.worker.clear()
        self.worker.addItems(self.lookups["workers"].get(self.grid.currentData(), []))

    def job(self) -> Callable[[], Any]:
        data = WatchInput(self.kind, self.grid.currentData() or "", self.name.text(), self.reason.toPlainText(),
                          self.worker.currentText(), self.every.value(), date_of(self.since), self.id_number.text(),
                          self.phone.text(), self.address.text(), self.help_given.text())
        actor = self.ctx.actor
        return lambda: grid_watch.save_person(actor, data)


class WatchVisitDialog(GridFormDialog):
    def __init__(self, ctx: AppContext, person: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("记录走访：{0}").format(person["name"]), parent)
        self.person = person
        info = QLabel(f"{person['grid_name']}　{person['name']}　{person['reason']}")
        info.setWordWrap(True)
        self.visited_on = date_edit()
        self.visitor = QLineEdit(person["worker_name"])
        self.notes = QLineEdit()
        self.help_given = QLineEdit()
        rows = [(self.tr("对象"), info), (self.tr("走访日期"), self.visited_on), (self.tr("走访人"), self.visitor),
                (self.tr("走访情况"), self.notes)]
        if person["kind"] == "困难家庭":
            rows.append((self.tr("本次帮扶"), self.help_given))
        for label, w in rows:
            self.form.addRow(label, w)
        self.finish_layout(self.job)

    def job(self) -> Callable[[], Any]:
        data = WatchVisitInput(date_of(self.visited_on), self.visitor.text(), self.notes.text(), self.help_given.text())
        actor, pid = self.ctx.actor, self.person["id"]
        return lambda: grid_watch.record_visit(actor, pid, data)


class WatchTab(QWidget, DialogHost):
    def __init__(self, page: GridHost) -> None:
        super().__init__(page)
        self.page = page
        self.ctx = page.ctx
        self.rows: list[dict[str, Any]] = []
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.kind = QComboBox()
        for k in WATCH_KINDS:
            self.kind.addItem(self.tr(k), k)
        self.grid_filter = QComboBox()
        self.overdue_only = QCheckBox(self.tr("只看逾期未走访"))
        self.add_button = QPushButton(self.tr("列入名册"))
        self.visit_button = QPushButton(self.tr("记录走访"))
        for w in (QLabel(self.tr("名册")), self.kind, QLabel(self.tr("网格")), self.grid_filter, self.overdue_only,
                  self.add_button, self.visit_button):
            bar.addWidget(w)
        bar.addStretch()
        self.count_label = QLabel()
        bar.addWidget(self.count_label)
        layout.addLayout(bar)
        self.model = CellsModel([self.tr(c) for c in COLUMNS], self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        layout.addWidget(self.table, 1)
        self.allowed = self.ctx.actor.can(Perm.EDIT)
        if not self.allowed:
            self.count_label.setText(self.tr("重点人员、困难家庭名册仅对有修改权限的工作人员开放"))
        self.add_button.setEnabled(self.allowed and self.ctx.actor.can(Perm.REGISTER))
        self.visit_button.setEnabled(False)
        self.kind.currentIndexChanged.connect(lambda _i: self._load())
        self.grid_filter.currentIndexChanged.connect(lambda _i: self._load())
        self.overdue_only.toggled.connect(lambda _b: self._load())
        self.add_button.clicked.connect(self.add)
        self.visit_button.clicked.connect(self.visit_selected)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._filling = False

    def refresh(self) -> None:
        if self.page.lookups is None or not self.allowed:
            return
        self._filling = True
        current = self.grid_filter.currentData()
        self.grid_filter.clear()
        self.grid_filter.addItem(self.tr("全部"), None)
        for g in self.page.lookups["grids"]:
            self.grid_filter.addItem(g["name"], g["id"])
        self.grid_filter.setCurrentIndex(max(self.grid_filter.findData(current), 0))
        self._filling = False
        self._load()

    def _load(self) -> None:
        if self._filling or not self.allowed:
            return
        actor, kind, gid, overdue = (self.ctx.actor, self.kind.currentData(), self.grid_filter.currentData(),
                                     self.overdue_only.isChecked())
        self.ctx.worker.submit(lambda: grid_watch.list_people(actor, kind, grid_id=gid, overdue_only=overdue),
                               self._show, self.page.failed)

    def _show(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        cells, colours = [], []
        for d in rows:
            state = (self.tr("逾期{0}天未走访").format(d["days_overdue"]) if d["overdue"]
                     else self.tr("应于{0}前走访").format(cn_date(d["next_due"])))
            cells.append([d["grid_name"], d["name"], d["reason"], d["worker_name"],
                          self.tr("每{0}天").format(d["visit_every_days"]),
                          cn_date(d["last_visit"]) if d["last_visit"] else self.tr("未走访"), state, d["phone"],
                          d["help_given"].replace("\n", "；")])
            colours.append(OVERDUE if d["overdue"] else None)
        self.model.set_cells(cells, colours)
        for col in range(len(COLUMNS) - 1):  # dates and states read whole; the help record takes the rest
            self.table.resizeColumnToContents(col)
        self.table.setColumnWidth(2, min(self.table.columnWidth(2), 260))
        late = sum(d["overdue"] for d in rows)
        self.count_label.setText(self.tr("共 {0} 人（户），逾期未走访 {1}").format(len(rows), late))
        self._update_buttons()

    def selected(self) -> dict[str, Any] | None:
        picked = self.table.selectionModel().selectedRows()
        return self.rows[picked[0].row()] if picked else None

    def _update_buttons(self) -> None:
        self.visit_button.setEnabled(self.selected() is not None and self.ctx.actor.can(Perm.REGISTER))

    def add(self) -> None:
        if self.page.lookups:
            self.open_dialog(WatchDialog(self.ctx, self.page.lookups, self.kind.currentData(),
                                         self.grid_filter.currentData(), self),
                             lambda _d: self.page.after_change(self.tr("已列入名册")))

    def visit_selected(self) -> None:
        d = self.selected()
        if d:
            self.open_dialog(WatchVisitDialog(self.ctx, d, self), lambda _d: self.page.after_change(self.tr("已记录走访")))
