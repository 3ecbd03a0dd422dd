"""Read-only default tabs for the case detail view (sessions, agreements, follow-ups, attachments)."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from zhongxin_desktop.services.casework import case_query
from zhongxin_desktop.ui.context import AppContext
from zhongxin_desktop.ui.empty_hint import set_empty_hint


class ListTab(QWidget):
    kind = ""
    headers: list[str] = []
    empty = ""  # shown while the case has none of these
    changed = Signal(str)  # something was recorded from this tab: the case page shows it everywhere

    def __init__(self, ctx: AppContext, case_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.case_id = ctx, case_id
        self.table = QTableWidget(0, len(self.headers))
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in self.headers])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        set_empty_hint(self.table, self.tr(self.empty))
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        self.reload()

    def reload(self) -> None:
        actor, case_id, kind = self.ctx.actor, self.case_id, self.kind
        self.ctx.worker.submit(lambda: case_query.related_rows(actor, case_id, kind), self._show)

    def _show(self, rows: list[list[str]]) -> None:
        self.table.clearSelection()  # a reloaded list starts with nothing chosen
        self.table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(str(value)))


class SessionsTab(ListTab):
    kind = "sessions"
    headers = ["时间", "地点", "事由", "主持调解员", "结果", "说明"]
    empty = "尚无调解记录。点下面的“记录调解…”。"


class AgreementsTab(ListTab):
    kind = "agreements"
    headers = ["编号", "形式", "版本", "状态", "生效日期", "金额（元）"]
    empty = "尚无协议。调解达成一致后点下面的“新建协议…”。"


class FollowUpsTab(ListTab):
    kind = "followups"
    headers = ["回访日期", "方式", "是否履行", "满意度", "回访人", "情况"]
    empty = "尚无回访记录。履行后点下面的“记录回访…”。"


class AttachmentsTab(ListTab):
    kind = "attachments"
    headers = ["名称", "类别", "文件", "大小（字节）", "添加人"]
    empty = "尚无附件。签字后的协议扫描件在“协议书”标签里用“附加扫描件…”添加。"
