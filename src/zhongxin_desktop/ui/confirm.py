"""Asking before a step that cannot be undone (受理, 登记签署, 锁定): the question names what
will happen, the button names the step. Asynchronous (``open``, not ``exec``): no nested event
loop, and the idle lock can cover the question like any other window."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def ask(parent: QWidget, title: str, consequence: str, step: str, on_yes: Callable[[], object]) -> QMessageBox:
    """Shows the question; ``on_yes`` runs only when the clerk presses ``step``. The box is kept
    as ``parent.confirm_box`` while open."""
    box = QMessageBox(QMessageBox.Icon.Question, title, consequence, parent=parent)
    yes = box.addButton(step, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QCoreApplication.translate("confirm", "取消"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes)

    def answered(_result: int) -> None:
        setattr(parent, "confirm_box", None)
        if box.clickedButton() is yes:
            on_yes()

    box.finished.connect(answered)
    setattr(parent, "confirm_box", box)  # on any widget: found there while open (tests, a second ask)
    box.open()
    return box


def ask_before_discarding(parent: QWidget, discard: Callable[[], None]) -> QMessageBox:
    """The question before typed work is thrown away (Esc, 取消, ×); “继续填写” is the default, so a
    stray Enter keeps the work. ``discard`` runs only on “放弃并关闭”."""
    tr = QCoreApplication.translate
    box = QMessageBox(QMessageBox.Icon.Question, tr("confirm", "放弃填写的内容？"),
                      tr("confirm", "表中填写的内容尚未保存，关闭后将丢失。"), parent=parent)
    drop = box.addButton(tr("confirm", "放弃并关闭"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(tr("confirm", "继续填写"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.finished.connect(lambda _result: discard() if box.clickedButton() is drop else None)
    box.open()
    return box
