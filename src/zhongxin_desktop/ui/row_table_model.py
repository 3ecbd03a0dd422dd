"""A read-only table model over a list of dicts (rows from a service): subclasses name the
columns and implement ``data``. One place for the boilerplate every list page needs."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

if TYPE_CHECKING:
    from PySide6.QtCore import QPersistentModelIndex
    from PySide6.QtWidgets import QWidget


class RowTableModel(QAbstractTableModel):
    columns: list[str] = []

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section]
        return None


class CellsModel(RowTableModel):
    """Rows already turned into display text, each with an optional text colour. A view over
    this model costs no per-cell Qt calls when it is filled (QTableWidget.setItem does)."""

    def __init__(self, columns: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = columns

    def set_cells(self, rows: list[list[str]], colours: list[str | None] | None = None) -> None:
        colours = colours or [None] * len(rows)
        self.set_rows([{"cells": cells, "colour": colour} for cells, colour in zip(rows, colours)])

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row["cells"][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            text = row["cells"][index.column()]
            return text if len(text) > 20 else None
        if role == Qt.ItemDataRole.ForegroundRole and row["colour"]:
            return QBrush(QColor(row["colour"]))
        return None
