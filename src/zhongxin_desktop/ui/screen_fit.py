"""Windows open inside the screen they are on. Township PCs still have 1024×768 screens, and a
window larger than the screen hides its own buttons (Windows does not shrink it)."""
from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FRAME = QSize(16, 39)  # a Windows 10 frame at 100 %: borders across, title bar and border down


def available_size(widget: QWidget | None = None) -> QSize:
    """The screen's area without the taskbar."""
    screen = (widget.screen() if widget is not None else None) or QGuiApplication.primaryScreen()
    return screen.availableGeometry().size()


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize to ``width``×``height``, or less where the screen is smaller."""
    room = available_size(window) - FRAME
    window.resize(min(width, room.width()), min(height, room.height()))
