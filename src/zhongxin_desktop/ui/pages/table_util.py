"""A read-only table filled from rows of values, remembering an id per row."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from zhongxin_desktop.ui.cells import cell_data
from zhongxin_desktop.ui.empty_hint import set_empty_hint


def make_table(columns: list[str], empty: str = "") -> QTableWidget:
    """``empty``: the sentence shown while the table has no rows."""
    t = QTableWidget(0, len(columns))
    t.setHorizontalHeaderLabels(columns)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.horizontalHeader().setStretchLastSection(True)
    t.verticalHeader().setVisible(False)
    if empty:
        set_empty_hint(t, empty)
    return t


# fills a table: (table, rows of cell values, a text colour per row or None)
FillTable = Callable[[QTableWidget, list[list[object]], list[str | None] | None], None]


def fill(table: QTableWidget, rows: list[tuple[str, list[object], str | None]]) -> None:
    """rows: (id, values, colour or None). The selected row stays selected by its id, not by its
    position (after a reload the same position may be another case); gone, nothing is selected.
    ``itemSelectionChanged`` is emitted once afterwards, so buttons that act on the selected row
    are enabled again from what the new rows allow."""
    keep = selected_id(table)
    was_blocked = table.blockSignals(True)
    try:
        table.clearSelection()
        table.setRowCount(len(rows))
        for r, (row_id, values, color) in enumerate(rows):
            for c, v in enumerate(values):
                item = QTableWidgetItem("" if v is None else str(v))
                item.setData(Qt.ItemDataRole.UserRole, row_id)
                if color:
                    item.setForeground(QBrush(QColor(color)))
                table.setItem(r, c, item)
        if keep is not None:
            select_id(table, keep)
    finally:
        table.blockSignals(was_blocked)
    fit_columns(table)
    table.itemSelectionChanged.emit()


def fit_columns(table: QTableWidget) -> None:
    """Columns as wide as their contents, the last one still filling the rest of the table
    (resizeColumnsToContents alone leaves a blank strip on the right)."""
    table.resizeColumnsToContents()
    header = table.horizontalHeader()
    if header.stretchLastSection():
        header.setStretchLastSection(False)
        header.setStretchLastSection(True)


def selected_id(table: QTableWidget) -> str | None:
    rows = table.selectionModel().selectedRows()
    if not rows:
        return None
    item = table.item(rows[0].row(), 0)
    return item.data(Qt.ItemDataRole.UserRole) if item else None


def select_id(table: QTableWidget, row_id: str) -> None:
    for r in range(table.rowCount()):
        if cell_data(table, r, 0) == row_id:
            table.selectRow(r)
            return
