"""Pieces every page of this area has: a heading row and a message line under the content."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel


def title_label(title: str) -> QLabel:
    label = QLabel(title)
    label.setStyleSheet("font-size: 16pt; font-weight: bold;")
    return label


def heading(title: str) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(title_label(title))
    row.addStretch()
    return row


def message_label() -> QLabel:
    label = QLabel("")
    label.setWordWrap(True)
    return label
