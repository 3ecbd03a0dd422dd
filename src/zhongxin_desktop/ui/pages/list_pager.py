"""上一页 / 下一页 under a list that reads one page of rows at a time: the list asks its service for
one row more than a page, so it knows whether a next page exists without counting the table."""
from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

PAGE_SIZE = 500


Row = TypeVar("Row")


class ListPager(QWidget):
    moved = Signal()  # the page changed: load it

    def __init__(self, parent: QWidget | None = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.page_size = page_size
        self.offset = 0
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.prev_button = QPushButton(self.tr("上一页"))
        self.next_button = QPushButton(self.tr("下一页"))
        self.label = QLabel()
        row.addStretch()
        for w in (self.prev_button, self.label, self.next_button):
            row.addWidget(w)
        row.addStretch()
        self.prev_button.clicked.connect(lambda: self._move(-1))
        self.next_button.clicked.connect(lambda: self._move(1))
        self.show_rows(0, False)

    @property
    def fetch_limit(self) -> int:
        return self.page_size + 1

    def restart(self) -> None:
        """A filter changed: back to the first page."""
        self.offset = 0

    def page_of(self, rows: list[Row]) -> list[Row]:
        """The rows to show from what was fetched (``fetch_limit`` at most); updates the buttons."""
        more = len(rows) > self.page_size
        rows = rows[:self.page_size]
        self.show_rows(len(rows), more)
        return rows

    def show_rows(self, shown: int, more: bool) -> None:
        if shown:
            self.label.setText(self.tr("第 {0}–{1} 条").format(self.offset + 1, self.offset + shown))
        else:
            self.label.setText(self.tr("无记录") if not self.offset else self.tr("本页无记录"))
        self.prev_button.setEnabled(self.offset > 0)
        self.next_button.setEnabled(more)

    def _move(self, step: int) -> None:
        self.offset = max(self.offset + step * self.page_size, 0)
        self.moved.emit()
