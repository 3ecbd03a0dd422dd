"""Asking before a step that cannot be undone (受理, 登记签署, 锁定): the question names what
will happen, the button names the step. Asynchronous (``open``, not ``exec``): no nested event
loop, and the idle lock can cover the question like any other window."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def ask(parent: QWidget, title: str, consequence: str, step: str, on_yes: Callable[[], None]) -> QMessageBox:
    """Shows the question; ``on_yes`` runs only when the clerk presses ``step``. The box is kept
    as ``parent.confirm_box`` while open."""
    box = QMessageBox(QMessageBox.Question, title, consequence, parent=parent)
    yes = box.addButton(step, QMessageBox.AcceptRole)
    box.addButton(QCoreApplication.translate("confirm", "取消"), QMessageBox.RejectRole)
    box.setDefaultButton(yes)

    def answered(_result: int) -> None:
        parent.confirm_box = None
        if box.clickedButton() is yes:
            on_yes()

    box.finished.connect(answered)
    parent.confirm_box = box
    box.open()
    return box
