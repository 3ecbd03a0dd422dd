"""A read-only table model over a list of dicts (rows from a service): subclasses name the
columns and implement ``data``. One place for the boilerplate every list page needs."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor


class RowTableModel(QAbstractTableModel):
    columns: list[str] = []

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[dict] = []

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return len(self.columns)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return self.columns[section]
        return None


class CellsModel(RowTableModel):
    """Rows already turned into display text, each with an optional text colour. A view over
    this model costs no per-cell Qt calls when it is filled (QTableWidget.setItem does)."""

    def __init__(self, columns: list[str], parent=None):
        super().__init__(parent)
        self.columns = columns

    def set_cells(self, rows: list[list[str]], colours: list[str | None] | None = None) -> None:
        colours = colours or [None] * len(rows)
        self.set_rows([{"cells": cells, "colour": colour} for cells, colour in zip(rows, colours)])

    def data(self, index, role=Qt.DisplayRole):
        row = self.rows[index.row()]
        if role == Qt.DisplayRole:
            return row["cells"][index.column()]
        if role == Qt.ToolTipRole:
            text = row["cells"][index.column()]
            return text if len(text) > 20 else None
        if role == Qt.ForegroundRole and row["colour"]:
            return QBrush(QColor(row["colour"]))
        return None
