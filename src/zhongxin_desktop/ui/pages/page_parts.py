"""Pieces every page of this area has: a heading row and a message line under the content."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel


def heading(title: str) -> QHBoxLayout:
    row = QHBoxLayout()
    label = QLabel(title)
    label.setStyleSheet("font-size: 16pt; font-weight: bold;")
    row.addWidget(label)
    row.addStretch()
    return row


def message_label() -> QLabel:
    label = QLabel("")
    label.setWordWrap(True)
    return label
