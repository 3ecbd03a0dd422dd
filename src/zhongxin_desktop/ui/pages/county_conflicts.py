"""数据冲突: at the county, the township rows that came with a version it held but other content;
the two versions side by side field by field, and the decision (keep one, with a reason)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton, QSplitter, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from zhongxin_desktop.domain.dates import cn_stamp
from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.services.countywork import county_conflicts
from zhongxin_desktop.ui.context import AppContext
from zhongxin_desktop.ui.empty_hint import set_empty_hint
from zhongxin_desktop.ui.pages.table_util import fit_columns
from zhongxin_desktop.ui.pages.table_util import FillTable

HEADERS = ["乡镇", "记录类型", "记录", "版本", "发现时间", "状态"]
DIFF_HEADERS = ["字段", "县级所存版本", "乡镇发来版本"]
DIFFERS = "#fff3e0"


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setStretchLastSection(True)
    return t


class CountyConflictsPanel(QWidget):
    def __init__(self, ctx: AppContext, fill: FillTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self._fill = ctx, fill
        self.rows: list[dict[str, Any]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        split = QSplitter(Qt.Orientation.Vertical)
        self.table = _table([self.tr(h) for h in HEADERS])
        set_empty_hint(self.table, self.tr("没有数据冲突。乡镇发来的记录与县级所存同一版本内容不同时，列在这里由县级裁定。"))
        split.addWidget(self.table)
        lower = QWidget()
        ll = QVBoxLayout(lower)
        ll.setContentsMargins(0, 0, 0, 0)
        self.caption = QLabel(self.tr("选择上面的一条冲突，查看两个版本的差异"))
        self.caption.setWordWrap(True)
        self.caption.setMinimumHeight(self.caption.fontMetrics().lineSpacing() * 3)
        ll.addWidget(self.caption)
        self.diff = _table([self.tr(h) for h in DIFF_HEADERS])
        self.diff.setWordWrap(True)
        ll.addWidget(self.diff, 1)
        bar = QHBoxLayout()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("裁定理由（必填，记入审计日志），如：已与乡镇电话核实"))
        self.keep_township = QPushButton(self.tr("保留乡镇版本"))
        self.keep_county = QPushButton(self.tr("保留县级版本"))
        bar.addWidget(QLabel(self.tr("裁定理由：")))
        bar.addWidget(self.reason, 1)
        bar.addWidget(self.keep_township)
        bar.addWidget(self.keep_county)
        ll.addLayout(bar)
        split.addWidget(lower)
        split.setSizes([200, 300])
        layout.addWidget(split)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.keep_township.clicked.connect(lambda: self.resolve("township"))
        self.keep_county.clicked.connect(lambda: self.resolve("county"))
        self._enable(None)

    def load(self) -> None:
        actor = self.ctx.actor
        self.ctx.worker.submit(lambda: county_conflicts.list_conflicts(actor), self.show_rows, self._error)

    def show_rows(self, rows: list[dict[str, Any]]) -> None:
        before = (self.selected() or {}).get("conflict_id")  # after a decision, the same conflict stays shown
        self.rows = rows
        self._fill(self.table, [[r["township"], r["table_label"], r["record"], f"第 {r['row_version']} 版",
                                 cn_stamp(r["found_at"]), r["status_label"]] for r in rows],
                   [("#c62828" if r["status"] == "open" else None) for r in rows])
        self.diff.setRowCount(0)
        self._enable(None)
        if rows:
            ids = [r["conflict_id"] for r in rows]
            self.table.clearSelection()  # else re-selecting the same row signals nothing and the diff stays empty
            self.table.selectRow(ids.index(before) if before in ids else 0)

    def selected(self) -> dict[str, Any] | None:
        picked = self.table.selectionModel().selectedRows()
        return self.rows[picked[0].row()] if picked and self.rows else None

    def _show_selected(self) -> None:
        row = self.selected()
        self._enable(row)
        if row is None:
            return
        text = self.tr("{town} 的{kind}“{record}”第 {v} 版：县级所存与乡镇发来的内容不同（第 {seq} 号数据包）。").format(
            town=row["township"], kind=row["table_label"], record=row["record"], v=row["row_version"],
            seq=row["bundle_sequence"])
        if row["keep"]:
            text += self.tr("\n已裁定：{keep}（{who}，{when}）。理由：{why}").format(
                keep=row["keep_label"], who=row["resolved_by"], when=cn_stamp(row["resolved_at"]), why=row["reason"])
        self.caption.setText(text)
        fields = row["fields"]
        self.diff.setRowCount(len(fields))
        bold = QFont()
        bold.setBold(True)
        for i, f in enumerate(fields):
            for c, value in enumerate((f["label"], f["county"], f["township"])):
                item = QTableWidgetItem(value)
                if f["differs"]:
                    item.setBackground(QBrush(QColor(DIFFERS)))
                    item.setFont(bold)
                self.diff.setItem(i, c, item)
        fit_columns(self.diff)
        self.diff.resizeRowsToContents()

    def _enable(self, row: dict[str, Any] | None) -> None:
        can = row is not None and row["status"] == "open" and self.ctx.actor.can(Perm.EXPORT)
        for w in (self.keep_township, self.keep_county, self.reason):
            w.setEnabled(can)

    def resolve(self, keep: str) -> None:
        row = self.selected()
        if row is None:
            return
        actor, ref, reason = self.ctx.actor, row["conflict_id"], self.reason.text()
        self.ctx.worker.submit(lambda: county_conflicts.resolve(actor, ref, keep, reason), self._resolved,
                               self._error)

    def _resolved(self, row: dict[str, Any]) -> None:
        self.reason.clear()
        self.ctx.bus.status_message.emit(self.tr("已裁定：{keep}，将随下一次回执下发给{town}").format(
            keep=row["keep_label"], town=row["township"]))
        self.load()

    def _error(self, exc: BaseException, tb: str = "") -> None:
        if isinstance(exc, DomainError):
            self.error_box = QMessageBox(QMessageBox.Icon.Warning, self.tr("未完成"), str(exc), QMessageBox.StandardButton.Ok, self)
            self.error_box.open()
        else:
            QMessageBox.critical(self, self.tr("出错"), f"{exc}\n\n{tb}")
