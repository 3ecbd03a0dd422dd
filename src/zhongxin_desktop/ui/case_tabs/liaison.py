"""来件与交办 in the case detail view: the orders that came with the case (12345, 110, court, 信访 …)
and the transfers it was sent out on, each with the other side's number, the reply deadline and
the reply; 登记回复… records the reply sent back to the platform that sent the case."""
from __future__ import annotations

from typing import Any

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDateEdit, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.services.casework import liaison
from zhongxin_desktop.ui import ops
from zhongxin_desktop.ui.context import AppContext
from zhongxin_desktop.ui.dialogs.form_dialog import FormDialog
from zhongxin_desktop.ui.empty_hint import set_empty_hint
from zhongxin_desktop.ui.qdates import day_of

HEADERS = ["类别", "对方单位", "来源单号/文号", "收发日期", "回复期限", "回复情况", "回复内容"]
LATE = "#c62828"


def row_values(t: dict[str, Any]) -> list[str]:
    if t["reply_on"]:
        state = f"{cn_date(t['reply_on'])}已回复"
    elif t["late"]:
        state = f"已逾期{t['days_overdue']}天未回复"
    else:
        state = "待回复"
    return [t["direction_label"], t["other_side"], t["reference"] or "—", cn_date(t["sent_on"]),
            cn_date(t["reply_due"]), state, t["reply"] or ""]


class ReplyDialog(FormDialog):
    """登记回复: what was answered to the sender, and on which day."""

    def __init__(self, heading: str, earliest: dt.date, submit: Callable[[str, dt.date], None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.submit_fn = submit
        self.setWindowTitle(self.tr("登记回复 — ") + heading)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(self.tr("如：已电话回复诉求人，纠纷已调解成功"))
        self.text.setFixedHeight(90)
        form.addRow(self.tr("回复内容＊"), self.text)
        self.on = QDateEdit(QDate.currentDate())
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("yyyy年M月d日")
        self.on.setMinimumDate(QDate(earliest.year, earliest.month, earliest.day))
        self.on.setMaximumDate(QDate.currentDate())
        form.addRow(self.tr("回复日期"), self.on)
        layout.addLayout(form)
        self.finish(layout, self.save)

    def save(self) -> None:
        self.message.setText("")
        self.buttons.setEnabled(False)
        self.submit_fn(self.text.toPlainText(), day_of(self.on.date()))


class LiaisonTab(QWidget):
    case_label = ""  # the case's number, set by the case page (as on the documents tabs)
    def __init__(self, ctx: AppContext, case_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.case_id = ctx, case_id
        self.rows: list[dict[str, Any]] = []
        self.reply_dialog: ReplyDialog | None = None
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in HEADERS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        set_empty_hint(self.table, self.tr("此案件没有来件工单，也未交办。12345、110、法院、信访等来件在登记时填写来件编号和期限。"))
        self.table.itemSelectionChanged.connect(self._update_button)
        layout.addWidget(self.table)
        bar = QHBoxLayout()
        self.reply_button = QPushButton(self.tr("登记回复…"))
        self.reply_button.setToolTip(self.tr("记录已向来件单位（12345、110、法院、信访等）回复的内容"))
        self.reply_button.clicked.connect(self.open_reply)
        bar.addWidget(self.reply_button)
        bar.addStretch()
        layout.addLayout(bar)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self._update_button()
        self.reload()

    def reload(self) -> None:
        actor, case_id = self.ctx.actor, self.case_id
        self.ctx.worker.submit(lambda: liaison.case_transfers(actor, case_id), self._show)

    def _show(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.table.clearSelection()
        self.table.setRowCount(len(rows))
        for r, t in enumerate(rows):
            for c, value in enumerate(row_values(t)):
                item = QTableWidgetItem(self.tr(value) if c in (0, 5) else value)
                if c == 5 and t["late"]:
                    item.setForeground(QBrush(QColor(LATE)))
                self.table.setItem(r, c, item)
        self._update_button()

    def selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def _update_button(self) -> None:
        t = self.selected()
        # a department's feedback on a transfer out is recorded by the 交办反馈 step of the case
        self.reply_button.setEnabled(bool(t and t["direction"] == "in" and not t["reply_on"]))

    def open_reply(self) -> None:
        t = self.selected()
        if t is None:
            self.message.setText(self.tr("请先选择一条来件。"))
            return
        actor = self.ctx.actor
        heading = f"{t['other_side']} {t['reference']}".strip()

        dialog: ReplyDialog  # made below, before anything can be submitted

        def submit(text: str, on: dt.date) -> None:
            ops.run(self.ctx, lambda: liaison.record_reply(actor, t["id"], text, on=on), saved,
                    on_refused=dialog.refused)

        def saved(_row: object) -> None:
            dialog.accept()
            self.message.setText(self.tr("已登记回复：{h}").format(h=heading))
            self.ctx.bus.changed.emit("case")
            self.reload()

        dialog = self.reply_dialog = ReplyDialog(heading, t["sent_on"], submit, self)
        self.reply_dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.reply_dialog.open()
