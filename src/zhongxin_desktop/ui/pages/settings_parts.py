"""Small pieces the tabs of the settings page share: a read-only table and a message line."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QWidget


def make_table(headers: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setAlternatingRowColors(True)
    return table


# How a settings form saves: submit(its values, done() once saved, failed(exc, tb) when refused)
Submit = Callable[[dict[str, Any], Callable[[], None], Callable[[BaseException, str], None]], None]


def fill_table(table: QTableWidget, rows: Sequence[Sequence[object]], keys: Sequence[object] | None = None) -> None:
    """Rows of display values; ``keys`` (one per row) ride along as the first cell's data."""
    table.setRowCount(0)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            if c == 0 and keys is not None:
                item.setData(Qt.ItemDataRole.UserRole, keys[r])
            table.setItem(r, c, item)


def selected_key(table: QTableWidget) -> str | None:
    rows = table.selectionModel().selectedRows()
    if not rows:
        return None
    item = table.item(rows[0].row(), 0)
    key = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
    return key if isinstance(key, str) else None  # the tables asked have text keys (names, ids, paths)


def enable_on_selection(table: QTableWidget, buttons: Sequence[QWidget]) -> Callable[[], None]:
    """Keep ``buttons`` (which act on the selected row) disabled while no row is selected;
    returns the update, for the caller to run after refilling the table."""
    def update() -> None:
        chosen = bool(table.selectionModel().selectedRows())
        for b in buttons:
            b.setEnabled(chosen)

    table.itemSelectionChanged.connect(update)
    update()
    return update


class MessageLine(QLabel):
    """One line under a tab: what happened, in green, or what was refused and why, in red."""

    def __init__(self) -> None:
        super().__init__("")
        self.setWordWrap(True)
        self.setObjectName("messageLine")

    def ok(self, text: str) -> None:
        self.setStyleSheet("color: #2e7d32;")
        self.setText(text)

    def error(self, text: str) -> None:
        self.setStyleSheet("color: #c62828;")
        self.setText(text)


def error_text(exc: BaseException) -> str:
    """A refusal's own message; anything unexpected says so (details are in the log)."""
    from zhongxin_desktop.domain.errors import DomainError
    from zhongxin_desktop.services.database import StoreError, disk_full_message

    if isinstance(exc, (DomainError, StoreError)):
        return str(exc)
    return disk_full_message(exc) or f"操作失败：{exc}"
