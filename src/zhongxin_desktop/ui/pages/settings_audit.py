"""设置 › 审计日志 (Perm.AUDIT): entries filtered by user, action, outcome and dates; chain check."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from zhongxin_desktop.domain.dates import cn_stamp
from zhongxin_desktop.services.safety import audit_log
from zhongxin_desktop.services.audit import VerifyResult
from zhongxin_desktop.ui.context import AppContext
from zhongxin_desktop.ui.pages.settings_parts import MessageLine, error_text, fill_table, make_table
from zhongxin_desktop.ui.qdates import day_of

LIMIT = 1000


def _date_edit(days_back: int) -> QDateEdit:
    edit = QDateEdit(QDate.currentDate().addDays(-days_back))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy年M月d日")
    return edit


class AuditTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.user = QComboBox()
        self.user.addItem(self.tr("全部用户"), None)
        self.action = QLineEdit()
        self.action.setPlaceholderText(self.tr("操作，如 sign_in、reveal、case_"))
        self.outcome = QComboBox()
        for label, value in ((self.tr("全部结果"), None), (self.tr("成功"), "ok"), (self.tr("拒绝"), "denied"),
                             (self.tr("失败"), "failed")):
            self.outcome.addItem(label, value)
        self.use_dates = QCheckBox(self.tr("日期"))
        self.since = _date_edit(30)
        self.until = _date_edit(0)
        self.search_button = QPushButton(self.tr("查询"))
        self.search_button.clicked.connect(self.refresh)
        self.action.returnPressed.connect(self.refresh)
        self.verify_button = QPushButton(self.tr("校验日志链"))
        self.verify_button.clicked.connect(self.verify)
        for w in (QLabel(self.tr("用户")), self.user, self.action, self.outcome, self.use_dates, self.since,
                  QLabel("—"), self.until, self.search_button, self.verify_button):
            filters.addWidget(w)
        filters.addStretch(1)
        layout.addLayout(filters)
        self.table = make_table([self.tr("序号"), self.tr("时间"), self.tr("用户"), self.tr("操作"), self.tr("对象"),
                                 self.tr("结果"), self.tr("详情")])
        layout.addWidget(self.table)
        self.message = MessageLine()
        layout.addWidget(self.message)
        self._users_loaded = False

    def filters(self) -> dict[str, Any]:
        f = {"username": self.user.currentData(), "action": self.action.text().strip() or None,
             "outcome": self.outcome.currentData(), "limit": LIMIT}
        if self.use_dates.isChecked():
            f["since"] = day_of(self.since.date())
            f["until"] = day_of(self.until.date())
        return f

    def refresh(self) -> None:
        actor, f = self.ctx.actor, self.filters()
        load_users = not self._users_loaded

        def load() -> tuple[list[dict[str, Any]], list[str] | None]:
            rows = [audit_log.entry_dict(e) for e in audit_log.entries(actor, **f)]
            return rows, (audit_log.usernames(actor) if load_users else None)

        self.ctx.worker.submit(load, self._show, lambda exc, _tb: self.message.error(error_text(exc)))

    def _show(self, result: tuple[list[dict[str, Any]], list[str] | None]) -> None:
        rows, names = result
        if names is not None:
            self._users_loaded = True
            for name in names:
                self.user.addItem(name, name)
        fill_table(self.table, [
            (d["seq"], cn_stamp(d["at"], seconds=True), d["user"], d["action_label"],
             d["object_label"], d["outcome_label"], d["detail_text"][:200]) for d in rows
        ], keys=[d["seq"] for d in rows])
        more = self.tr("（只显示最近 %1 条，请用筛选条件缩小范围）").replace("%1", str(LIMIT)) if len(rows) >= LIMIT else ""
        self.message.ok(self.tr("共 %1 条").replace("%1", str(len(rows))) + more)

    def verify(self) -> None:
        data = self.ctx.data

        def done(result: VerifyResult) -> None:
            if result.ok:
                self.message.ok(self.tr("审计日志链完好（%1 条）").replace("%1", str(result.checked)))
            else:
                self.message.error(self.tr("审计日志链被破坏：") + result.reason)

        self.ctx.worker.submit(lambda: audit_log.verify_chain(data), done,
                               lambda exc, _tb: self.message.error(error_text(exc)))
