"""回访: follow-up visits due after agreements took effect, and the visits done."""
from __future__ import annotations

from typing import Any, TYPE_CHECKING

import datetime as dt

from PySide6.QtWidgets import QGroupBox, QPushButton, QVBoxLayout

from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.services.settlement import followups
from zhongxin_desktop.ui import ops
from zhongxin_desktop.ui.cells import cell_text
from zhongxin_desktop.ui.dialogs.followup_dialog import FollowUpDialog
from zhongxin_desktop.ui.pages.base import Page
from zhongxin_desktop.ui.pages.page_parts import heading, message_label
from zhongxin_desktop.ui.pages.table_util import fill, make_table, selected_id
from zhongxin_desktop.ui.print_flow import open_preview

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from zhongxin_desktop.services.actor import Actor
    from zhongxin_desktop.ui.context import AppContext

DUE_COLUMNS = ["案件编号", "协议编号", "生效日期", "应回访日期"]
DONE_COLUMNS = ["案件编号", "回访日期", "方式", "已履行", "满意度", "回访人"]


def load(actor: Actor) -> dict[str, Any]:
    today = dt.date.today()
    due = [(c.id, [c.case_no, a.number, cn_date(a.signed_on), cn_date(when)], "#c62828" if when < today else None)
           for c, a, when in followups.due(actor)]
    done = [(c.id, [c.case_no, cn_date(f.visited_on), f.method, "是" if f.performed else "否",
                         f.satisfaction, f.visitor], None) for c, f in followups.done(actor)]
    return {"due": due, "done": done}


class FollowUpsPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.dialog: FollowUpDialog | None = None
        layout = QVBoxLayout(self)
        head = heading(self.tr("回访"))
        self.record_button = QPushButton(self.tr("记录回访…"))
        self.record_button.clicked.connect(self.record_visit)
        self.print_button = QPushButton(self.tr("打印回访记录"))
        self.print_button.clicked.connect(self.print_followup)
        head.addWidget(self.record_button)
        head.addWidget(self.print_button)
        layout.addLayout(head)
        box = QGroupBox(self.tr("待回访（红色：已过应回访日期）"))
        QVBoxLayout(box).addWidget(due := make_table([self.tr(c) for c in DUE_COLUMNS],
                                                             self.tr("目前没有待回访的案件。")))
        self.due = due
        layout.addWidget(box, 1)
        box = QGroupBox(self.tr("已回访"))
        QVBoxLayout(box).addWidget(done := make_table([self.tr(c) for c in DONE_COLUMNS],
                                                              self.tr("尚无回访记录。")))
        self.done = done
        layout.addWidget(box, 1)
        self.message = message_label()
        layout.addWidget(self.message)
        self.due.itemSelectionChanged.connect(self._update_buttons)
        self.done.itemSelectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def _update_buttons(self) -> None:
        """记录回访 acts on a case of 待回访, 打印回访记录 on a row of 已回访."""
        actor = self.ctx.actor
        self.record_button.setEnabled(selected_id(self.due) is not None and actor.can(Perm.MEDIATE))
        self.print_button.setEnabled(selected_id(self.done) is not None and actor.can(Perm.PRINT))

    def refresh(self) -> None:
        actor = self.ctx.actor
        ops.run(self.ctx, lambda: load(actor), self._fill)

    def _fill(self, data: dict[str, Any]) -> None:
        fill(self.due, data["due"])
        fill(self.done, data["done"])

    def record_visit(self) -> None:
        case_id = selected_id(self.due)
        if case_id is None:
            self.message.setText(self.tr("请先在“待回访”中选择一个案件。"))
            return
        label = cell_text(self.due, self.due.selectionModel().selectedRows()[0].row(), 0)
        actor = self.ctx.actor
        self.dialog = ops.open_form(
            self, lambda submit: FollowUpDialog(label, actor.display_name, submit, self),
            lambda data: followups.record(actor, case_id, data), self.tr("已记录回访"))

    def print_followup(self) -> None:
        case_id = selected_id(self.done)
        if case_id is None:
            self.message.setText(self.tr("请先在“已回访”中选择一条记录。"))
            return
        open_preview(self, self.ctx, "followup", case_id, message=self.message)
