"""Dialogs of the grid's work: record an event, settle it in the grid, escalate it to the center,
record a visit, record the weekly analysis meeting."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QHeaderView, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QSpinBox, QTableWidget,
    QTableWidgetItem,
)

from zhongxin_desktop.domain.case_input import PartyInput
from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.domain.errors import FieldError, ValidationError
from zhongxin_desktop.domain.grid_input import (
    REPORTER_ROLES, VISIT_KINDS, EventInput, MeetingInput, TaskInput, VisitInput,
)
from zhongxin_desktop.domain.sheet_parsing import parse_date
from zhongxin_desktop.services.gridwork import grid_events, grid_visits
from zhongxin_desktop.ui.cells import cell_text
from zhongxin_desktop.ui.dialogs.grid_form import GridFormDialog, combo, date_edit, date_of
from zhongxin_desktop.ui.screen_fit import fit_to_screen

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from zhongxin_desktop.ui.context import AppContext


def _grid_combo(lookups: dict[str, Any], current: str | None = None, township: bool = False) -> QComboBox:
    items = [(f"{g['name']}（{g['code']}）", g["id"]) for g in lookups["grids"]]
    if township:
        items.insert(0, ("全镇（不限网格）", None))
    return combo(items, current)


def _keep(box: QComboBox, label: str, value: object) -> None:
    """Select ``value``, adding it when the list no longer offers it."""
    if box.findData(value) < 0:
        box.addItem(label, value)
    box.setCurrentIndex(box.findData(value))


def _text(box: QPlainTextEdit) -> str:
    return box.toPlainText().strip()


def _tenlink_combo(widget: QWidget, lookups: dict[str, Any], current: str = "") -> QComboBox:
    box = combo([(widget.tr("（按事件类型自动归类）"), "")] + [(c, c) for c in lookups.get("tenlinks", [])])
    if current:
        _keep(box, current, current)
    return box


def _fill_people(box: QComboBox, lookups: dict[str, Any], grid_id: str | None) -> None:
    """The grid's workers and household heads, to pick from (a name may still be typed)."""
    typed = box.currentText()
    box.clear()
    box.addItems(lookups["people"].get(grid_id, []))
    if typed:
        box.setEditText(typed)


def _guess_role(role: QComboBox, lookups: dict[str, Any], grid_id: str | None, name: str) -> None:
    """A household head picked from the list reports (or visits) as 联户长: the case source, and
    the counting of the heads' work, follow."""
    heads = lookups.get("heads", {}).get(grid_id, [])
    workers = lookups["workers"].get(grid_id, [])
    if name in heads and name not in workers:
        role.setCurrentIndex(role.findData("联户长"))
    elif name in workers:
        role.setCurrentIndex(role.findData("网格员"))


class EventDialog(GridFormDialog):
    """记录事件: what a grid worker or household head reported; given ``event`` (a row of
    grid_events.list_events), 修改事件: the same form, filled, correcting that event."""

    def __init__(self, ctx: AppContext, lookups: dict[str, Any], grid_id: str | None = None, parent: QWidget | None = None, *, event: dict[str, Any] | None = None) -> None:
        super().__init__(ctx, self.tr("修改网格事件") if event else self.tr("记录网格事件"), parent)
        self.lookups = lookups
        self.grid_event = event
        self.grid = _grid_combo(lookups, event["grid_id"] if event else grid_id)
        if event:  # a retired grid, a type or level no longer offered: kept, not swapped for the first
            _keep(self.grid, f"{event['grid_name']}（{event['grid_code']}）", event["grid_id"])
        self.reported_on = date_edit(event["reported_on"] if event else None)
        self.reporter = QComboBox()
        self.reporter.setEditable(True)
        self.role = combo([(r, r) for r in REPORTER_ROLES], event["reporter_role"] if event else None)
        self.event_type = combo([(t, t) for t in lookups["event_types"]], event["event_type"] if event else None)
        self.risk = combo([(f"{lv}（{lookups['risk_meaning'].get(lv, '')}）", lv) for lv in lookups["risk_levels"]],
                          event["risk_level"] if event else "黄")
        if event:
            _keep(self.event_type, event["event_type"], event["event_type"])
            _keep(self.risk, event["risk_level"], event["risk_level"])
        self.tenlink = _tenlink_combo(self, lookups, event["tenlink"] if event else "")
        self.description = QPlainTextEdit(event["description"] if event else "")
        self.description.setPlaceholderText(self.tr("发现的情况：涉及谁、在哪里、因为什么、目前状态"))
        for label, w in ((self.tr("网格"), self.grid), (self.tr("上报日期"), self.reported_on),
                         (self.tr("上报人"), self.reporter), (self.tr("上报人身份"), self.role),
                         (self.tr("事件类型"), self.event_type), (self.tr("十联类别"), self.tenlink),
                         (self.tr("风险等级"), self.risk), (self.tr("事件描述"), self.description)):
            self.form.addRow(label, w)
        self.settled = QCheckBox(self.tr("当场办结（办小事）"))
        self.result_text = QLineEdit()
        self.result_text.setPlaceholderText(self.tr("处理结果，如：网格员现场调处，双方和解"))
        self.result_text.setEnabled(False)
        self.settled.toggled.connect(self.result_text.setEnabled)
        if not event:  # a new event may be settled as it is recorded, in one step
            self.form.addRow(self.settled, self.result_text)
        self.grid.currentIndexChanged.connect(self._fill_reporters)
        self._fill_reporters()
        if event:
            self.reporter.setEditText(event["reporter_name"])
        self.reporter.currentTextChanged.connect(self._guess_role)  # the saved role stands until the name changes
        self.finish_layout(self.job)
        fit_to_screen(self, 520, 440)

    def _fill_reporters(self) -> None:
        _fill_people(self.reporter, self.lookups, self.grid.currentData())

    def _guess_role(self, name: str) -> None:
        _guess_role(self.role, self.lookups, self.grid.currentData(), name)

    def job(self) -> Callable[[], Any]:
        data = EventInput(self.grid.currentData() or "", date_of(self.reported_on), self.reporter.currentText(),
                          self.event_type.currentData(), _text(self.description), self.risk.currentData(),
                          self.role.currentData(), self.tenlink.currentData())
        actor = self.ctx.actor
        if self.grid_event:
            event_id = self.grid_event["id"]
            return lambda: grid_events.update_event(actor, event_id, data)
        if self.settled.isChecked():
            result = self.result_text.text()
            return lambda: grid_events.settle_on_the_spot(actor, data, result)
        return lambda: grid_events.record_event(actor, data)


class HandleDialog(GridFormDialog):
    """网格内办结 (办小事): the result, and the event is closed."""

    def __init__(self, ctx: AppContext, event: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("网格内办结"), parent)
        self.grid_event = event
        info = QLabel(f"{event['grid_name']}　{cn_date(event['reported_on'])}　{event['event_type']}\n"
                      f"{event['description']}")
        info.setWordWrap(True)
        self.form.addRow(self.tr("事件"), info)
        self.handled_on = date_edit()
        self.result_text = QPlainTextEdit()
        self.result_text.setPlaceholderText(self.tr("如：网格员现场调处，双方和解"))
        self.form.addRow(self.tr("办结日期"), self.handled_on)
        self.form.addRow(self.tr("处理结果"), self.result_text)
        self.finish_layout(self.job)

    def job(self) -> Callable[[], Any]:
        actor, eid, result, on = self.ctx.actor, self.grid_event["id"], _text(self.result_text), date_of(self.handled_on)
        return lambda: grid_events.handle_event(actor, eid, result, on=on)


class EscalateDialog(GridFormDialog):
    """上报中心 (报大事): one click registers the case; the parties are optional here and are
    completed at 受理 (a placeholder party is registered when none is named)."""

    def __init__(self, ctx: AppContext, event: dict[str, Any], lookups: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("上报中心（登记为案件）"), parent)
        self.grid_event = event
        source = "联户长报告" if event["reporter_role"] == "联户长" else "网格员上报"
        info = QLabel(f"{event['grid_name']}　{event['reporter_role']} {event['reporter_name']}　"
                      f"{cn_date(event['reported_on'])}　风险：{event['risk_level']}\n{event['description']}\n"
                      + self.tr("案件来源：") + source)
        info.setWordWrap(True)
        self.form.addRow(self.tr("事件"), info)
        self.category = combo([(c, c) for c in lookups["categories"]], "其他")
        self.form.addRow(self.tr("纠纷类型"), self.category)
        self.parties = QTableWidget(2, 3)
        self.parties.setHorizontalHeaderLabels([self.tr("身份"), self.tr("姓名"), self.tr("电话")])
        self.parties.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for r, role in enumerate(("申请人", "被申请人")):
            self.parties.setCellWidget(r, 0, combo([(x, x) for x in ("申请人", "被申请人", "当事人")], role))
            self.parties.setItem(r, 1, QTableWidgetItem(""))
            self.parties.setItem(r, 2, QTableWidgetItem(""))
        self.form.addRow(self.tr("当事人（可留空，受理时补全）"), self.parties)
        self.finish_layout(self.job)
        self.buttons.button(self.buttons.StandardButton.Save).setText(self.tr("上报并登记"))
        fit_to_screen(self, 560, 420)

    def party_inputs(self) -> list[PartyInput]:
        out = []
        for r in range(self.parties.rowCount()):
            name = cell_text(self.parties, r, 1).strip()
            phone = cell_text(self.parties, r, 2).strip()
            role = self.parties.cellWidget(r, 0)
            assert isinstance(role, QComboBox)  # every row's first cell is the role's combo box
            if name:
                out.append(PartyInput(name=name, role=role.currentData(), phone=phone))
            elif phone:
                raise ValidationError(f"第{r + 1}行当事人：填写了电话但没有姓名，请补上姓名或清空电话")
        return out

    def job(self) -> Callable[[], Any]:
        parties = self.party_inputs()
        actor, eid, category = self.ctx.actor, self.grid_event["id"], self.category.currentData()
        return lambda: grid_events.escalate_event(actor, eid, category=category, parties=parties or None)


class VisitDialog(GridFormDialog):
    def __init__(self, ctx: AppContext, lookups: dict[str, Any], grid_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("记录走访"), parent)
        self.lookups = lookups
        self.grid = _grid_combo(lookups, grid_id)
        self.worker = QComboBox()
        self.worker.setEditable(True)
        self.visited_on = date_edit()
        self.kind = combo([(label, key) for key, label in VISIT_KINDS.items()])
        self.households = QSpinBox()
        self.households.setRange(1, 500)
        self.households.setValue(5)
        self.notes = QLineEdit()
        self.role = combo([(r, r) for r in REPORTER_ROLES])
        self.role.setToolTip(self.tr("联户长的入户走访计入其联户和十联统计"))
        self.tenlink = _tenlink_combo(self, lookups)
        self.tenlink.setItemText(0, self.tr("（未分类）"))
        for label, w in ((self.tr("网格"), self.grid), (self.tr("走访人"), self.worker),
                         (self.tr("走访人身份"), self.role), (self.tr("走访日期"), self.visited_on),
                         (self.tr("走访类型"), self.kind), (self.tr("走访户数"), self.households),
                         (self.tr("十联类别"), self.tenlink), (self.tr("走访情况"), self.notes)):
            self.form.addRow(label, w)
        self.grid.currentIndexChanged.connect(self._fill_workers)
        self._fill_workers()
        self.worker.currentTextChanged.connect(
            lambda name: _guess_role(self.role, self.lookups, self.grid.currentData(), name))
        self.finish_layout(self.job)

    def _fill_workers(self) -> None:
        self.worker.clear()
        _fill_people(self.worker, self.lookups, self.grid.currentData())

    def job(self) -> Callable[[], Any]:
        data = VisitInput(self.grid.currentData() or "", self.worker.currentText(), date_of(self.visited_on),
                          self.kind.currentData(), self.households.value(), self.notes.text(),
                          self.role.currentData(), None, self.tenlink.currentData())
        actor = self.ctx.actor
        return lambda: grid_visits.record_visit(actor, data)


class MeetingDialog(GridFormDialog):
    """周研判调度: tick the open risks discussed, write the decisions."""

    def __init__(self, ctx: AppContext, lookups: dict[str, Any], risks: list[dict[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("记录周研判调度会"), parent)
        self.grid = _grid_combo(lookups, None, township=True)
        self.held_on = date_edit()
        self.attendees = QLineEdit()
        self.risk_list = QListWidget()
        for e in risks:
            item = QListWidgetItem(f"【{e['risk_level']}】{e['grid_name']} {cn_date(e['reported_on'])} "
                                   f"{e['event_type']}：{e['description'][:40]}（{e['status_label']}）")
            item.setData(Qt.ItemDataRole.UserRole, e["id"])
            item.setData(Qt.ItemDataRole.UserRole + 1, e["grid_id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if e["risk_level"] in ("红", "橙") else Qt.CheckState.Unchecked)
            self.risk_list.addItem(item)
        self.other_risks = QPlainTextEdit()
        self.other_risks.setMaximumHeight(60)
        self.decisions = QPlainTextEdit()
        self.tasks = QTableWidget(3, 3)
        self.tasks.setHorizontalHeaderLabels([self.tr("落实事项"), self.tr("责任人"), self.tr("完成期限（如2026-12-11）")])
        self.tasks.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tasks.setToolTip(self.tr("每项决定写明责任人和期限；未办结的逐周带入周研判简报"))
        for label, w in ((self.tr("网格"), self.grid), (self.tr("日期"), self.held_on),
                         (self.tr("参会人员"), self.attendees), (self.tr("研判的未了结风险"), self.risk_list),
                         (self.tr("其他风险情况"), self.other_risks), (self.tr("研判结论与调度"), self.decisions),
                         (self.tr("落实任务"), self.tasks)):
            self.form.addRow(label, w)
        self.grid.currentIndexChanged.connect(self._show_grid_risks)
        self.finish_layout(self.job)
        fit_to_screen(self, 640, 680)

    def _show_grid_risks(self) -> None:
        """A grid's meeting goes through that grid's risks; the township's through all."""
        grid_id = self.grid.currentData()
        for i in range(self.risk_list.count()):
            item = self.risk_list.item(i)
            hidden = grid_id is not None and item.data(Qt.ItemDataRole.UserRole + 1) != grid_id
            item.setHidden(hidden)
            if hidden:
                item.setCheckState(Qt.CheckState.Unchecked)

    def checked_ids(self) -> list[str]:
        return [self.risk_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.risk_list.count())
                if self.risk_list.item(i).checkState() == Qt.CheckState.Checked]

    def task_inputs(self) -> list[TaskInput]:
        """The filled rows of the tasks table; a deadline that is no date refuses the save."""
        out = []
        for r in range(self.tasks.rowCount()):
            cells = [cell_text(self.tasks, r, c).strip() for c in range(3)]
            if not any(cells):
                continue
            due, reason = parse_date(cells[2]) if cells[2] else (None, None)
            if reason:
                raise ValidationError(FieldError("完成期限", f"第{r + 1}项：{reason}"))
            out.append(TaskInput(cells[0], cells[1], due))
        return out

    def job(self) -> Callable[[], Any]:
        data = MeetingInput(date_of(self.held_on), self.grid.currentData(), self.attendees.text(),
                            _text(self.other_risks), _text(self.decisions), self.checked_ids(), self.task_inputs())
        actor = self.ctx.actor
        return lambda: grid_visits.record_meeting(actor, data)
