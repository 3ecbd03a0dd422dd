"""调解: cases being mediated, their sessions, recording a session, printing the records."""
from __future__ import annotations

from typing import Any, TYPE_CHECKING

from PySide6.QtWidgets import QPushButton, QSplitter, QVBoxLayout
from PySide6.QtCore import Qt

from zhongxin_desktop.domain.dates import cn_date, cn_datetime
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.services.settlement import mediation, mediation_lists
from zhongxin_desktop.ui import ops
from zhongxin_desktop.ui.cells import cell_text
from zhongxin_desktop.ui.dialogs.session_dialog import SessionDialog
from zhongxin_desktop.ui.pages.base import Page
from zhongxin_desktop.ui.pages.page_parts import heading, message_label
from zhongxin_desktop.ui.pages.table_util import fill, make_table, selected_id
from zhongxin_desktop.ui.print_flow import open_preview

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from zhongxin_desktop.services.actor import Actor
    from zhongxin_desktop.ui.context import AppContext

CASE_COLUMNS = ["案件编号", "状态", "类型", "当事人", "应结日期", "调解次数"]
SESSION_COLUMNS = ["时间", "地点", "事由", "主持调解员", "结果"]
SESSIONS_COLUMN = CASE_COLUMNS.index("调解次数")


def load(actor: Actor) -> dict[str, Any]:
    board = mediation_lists.mediation_board(actor)
    rows = [(c["id"], [c["case_no"] or "（未受理）", c["status_label"], c["category"], c["parties"],
                       cn_date(c["due_on"]), c["sessions"]], "#c62828" if c["overdue"] else None)
            for c in board["cases"]]
    return {"cases": rows, "people": board["people"]}


def load_sessions(actor: Actor, case_id: str) -> list[tuple[str, list[object], str | None]]:
    return [(s["id"], [cn_datetime(s["held_at"]), s["place"], s["matter"], s["host"],
                       mediation.RESULT_LABELS.get(s["result"], s["result"])], None)
            for s in mediation.session_rows(actor, case_id)]


class MediationPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.people: list[tuple[str, str]] = []
        self.dialog: SessionDialog | None = None
        layout = QVBoxLayout(self)
        head = heading(self.tr("调解"))
        self.add_button = QPushButton(self.tr("记录调解…"))
        self.add_button.clicked.connect(self.add_session)
        self.print_record = QPushButton(self.tr("打印调解记录"))
        self.print_record.clicked.connect(lambda: self._print("record"))
        self.print_notice = QPushButton(self.tr("打印权利义务告知书"))
        self.print_notice.clicked.connect(lambda: self._print("notice"))
        self.print_registration = QPushButton(self.tr("打印受理登记表"))
        self.print_registration.clicked.connect(lambda: self._print("registration"))
        self.open_button = QPushButton(self.tr("打开案件"))
        self.open_button.clicked.connect(self._open_case)
        for b in (self.add_button, self.print_registration, self.print_notice, self.print_record, self.open_button):
            head.addWidget(b)
        layout.addLayout(head)
        split = QSplitter(Qt.Orientation.Vertical)
        self.cases = make_table([self.tr(c) for c in CASE_COLUMNS],
                                self.tr("没有调解中的案件。案件受理后在案件详情里点“开始调解”。"))
        self.cases.itemSelectionChanged.connect(self._case_selected)
        split.addWidget(self.cases)
        self.sessions = make_table([self.tr(c) for c in SESSION_COLUMNS],
                                   self.tr("选中上面的案件，这里列出它的调解记录；点“记录调解…”添加。"))
        split.addWidget(self.sessions)
        layout.addWidget(split, 1)
        self.message = message_label()
        layout.addWidget(self.message)
        self._update_buttons()

    def refresh(self) -> None:
        actor = self.ctx.actor
        ops.run(self.ctx, lambda: load(actor), self._fill)

    def _fill(self, data: dict[str, Any]) -> None:
        self.people = data["people"]
        fill(self.cases, data["cases"])  # keeps the selected case and announces the selection

    def _case_selected(self) -> None:
        self._update_buttons()
        self._load_sessions()

    def _update_buttons(self) -> None:
        """Every action here is on the selected case: none is offered before one is chosen."""
        rows = self.cases.selectionModel().selectedRows()
        chosen = bool(rows)
        held = chosen and int(cell_text(self.cases, rows[0].row(), SESSIONS_COLUMN) or 0) > 0
        actor = self.ctx.actor
        self.add_button.setEnabled(chosen and actor.can(Perm.MEDIATE))
        for b in (self.print_registration, self.print_notice):
            b.setEnabled(chosen and actor.can(Perm.PRINT))
        self.print_record.setEnabled(held and actor.can(Perm.PRINT))
        self.print_record.setToolTip(self.tr("此案件尚无调解记录，先点“记录调解…”") if chosen and not held else "")
        self.open_button.setEnabled(chosen)

    def _load_sessions(self) -> None:
        case_id = selected_id(self.cases)
        if case_id is None:
            fill(self.sessions, [])
            return
        actor = self.ctx.actor
        ops.run(self.ctx, lambda: load_sessions(actor, case_id), lambda rows: fill(self.sessions, rows))

    def case_label(self) -> str:
        rows = self.cases.selectionModel().selectedRows()
        return cell_text(self.cases, rows[0].row(), 0) if rows else ""

    def add_session(self) -> None:
        case_id = selected_id(self.cases)
        if case_id is None:
            self.message.setText(self.tr("请先在上面的列表中选择一个案件。"))
            return
        actor = self.ctx.actor
        self.dialog = ops.open_form(
            self, lambda submit: SessionDialog(self.case_label(), self.people, submit, actor.user_id, self),
            lambda data: mediation.add_session(actor, case_id, data), self.tr("已记录调解"))

    def _print(self, kind: str) -> None:
        case_id = selected_id(self.cases)
        if case_id is None:
            self.message.setText(self.tr("请先在上面的列表中选择一个案件。"))
            return
        open_preview(self, self.ctx, kind, case_id, message=self.message)

    def _open_case(self) -> None:
        case_id = selected_id(self.cases)
        if case_id:
            self.ctx.bus.open_case.emit(case_id)
