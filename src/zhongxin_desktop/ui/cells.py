"""Reading what a QTableWidget's cell holds: a cell nobody filled has no item (Qt returns None)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget


def cell_text(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text() if item is not None else ""


def cell_data(table: QTableWidget, row: int, column: int, role: int = Qt.ItemDataRole.UserRole) -> object:
    item = table.item(row, column)
    return item.data(role) if item is not None else None
