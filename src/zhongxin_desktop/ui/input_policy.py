"""How keyboard and mouse behave in every window, set once on the QApplication.

- The mouse wheel changes a dropdown, spin box or date only while that field has the focus;
  otherwise the wheel scrolls the form around it. A clerk scrolling a long form must never
  switch 自然人 to 法人 or change a count unseen.
- Tab leaves multi-line text boxes and tables instead of typing a tab character or walking the
  cells: a form is filled with the keyboard alone (Ctrl+Tab still types a tab in a text box;
  arrow keys still move between cells).
"""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QAbstractScrollArea, QAbstractSpinBox, QApplication, QComboBox, QPlainTextEdit, QTextEdit, QWidget,
)

_WHEEL_GUARDED = (QComboBox, QAbstractSpinBox)


class InputPolicy(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        etype = event.type()
        if etype == QEvent.Type.Polish and isinstance(watched, QWidget):
            _settle(watched)
        elif etype == QEvent.Type.Wheel and isinstance(watched, _WHEEL_GUARDED) and not watched.hasFocus():
            area = _scroll_area_around(watched)
            if area is not None:  # the form scrolls as if the pointer were over its background
                QApplication.sendEvent(area.viewport(), event)
                return True
            event.ignore()  # ignored + filtered: QApplication offers it to the parents
            return True
        return False


def _scroll_area_around(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            return parent
        if parent.isWindow():
            return None
        parent = parent.parentWidget()
    return None


def _settle(widget: QWidget) -> None:
    if isinstance(widget, _WHEEL_GUARDED):
        if widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:  # the wheel must not take the focus either
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
        widget.setTabChangesFocus(True)
    elif isinstance(widget, QAbstractItemView):
        widget.setTabKeyNavigation(False)


_installed: InputPolicy | None = None  # not app.findChild: that wraps each of the application's own children


def _policy_of(app: QApplication) -> InputPolicy | None:
    policy = _installed
    return policy if policy is not None and shiboken6.isValid(policy) and policy.parent() is app else None


def install(app: QApplication) -> InputPolicy:
    """Once per QApplication; a second call returns the first policy."""
    global _installed
    policy = _policy_of(app)
    if policy is None:
        policy = _installed = InputPolicy(app)
        app.installEventFilter(policy)
    return policy


def pause(app: QApplication) -> None:
    """Stop watching events until ``resume``: while a window is built and painted the first time,
    every event passing this Python filter makes PySide build the Python types of the event's
    class and of the widget it is for, most of them never used again."""
    policy = _policy_of(app)
    if policy is not None:
        app.removeEventFilter(policy)


def resume(app: QApplication) -> InputPolicy:
    """Watch again, and give the widgets made while paused the rules their polish would have given
    them (installing a filter twice keeps one)."""
    policy = install(app)
    app.installEventFilter(policy)
    for widget in QApplication.allWidgets():
        _settle(widget)
    return policy
