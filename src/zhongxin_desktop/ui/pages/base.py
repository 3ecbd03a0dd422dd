from __future__ import annotations

from PySide6.QtWidgets import QWidget

from zhongxin_desktop.ui.context import AppContext


class Page(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx

    def refresh(self) -> None:
        """Reload what the page shows; called when it is shown and when data changed."""
