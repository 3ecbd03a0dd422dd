"""A grey sentence in the middle of an empty table ("尚无交办记录。…"), so a clerk can tell an
empty list from one still loading or broken, and learns where such rows come from."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QAbstractItemView

_HINT_PROPERTY = "emptyHint"


class _HintPainter(QObject):
    def __init__(self, view: QAbstractItemView):
        super().__init__(view)
        self.view = view

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.view.model() is not None and self.view.model().rowCount() == 0:
            text = empty_hint(self.view)
            if text:
                painter = QPainter(self.view.viewport())
                painter.setPen(QColor("#808080"))
                rect = self.view.viewport().rect().adjusted(24, 24, -24, -24)
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)
                painter.end()
        return False


def set_empty_hint(view: QAbstractItemView, text: str) -> None:
    """Show ``text`` while ``view`` has no rows (set again to change it; "" hides it)."""
    if view.property(_HINT_PROPERTY) is None:
        view.viewport().installEventFilter(_HintPainter(view))
    view.setProperty(_HINT_PROPERTY, text)
    view.viewport().update()


def empty_hint(view: QAbstractItemView) -> str:
    return view.property(_HINT_PROPERTY) or ""
