"""The bottom of every data-entry dialog: the refusal shown in red, Save and Cancel. Save hands
the input to a callback that runs the service; the dialog closes only when the service accepted."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout


class FormDialog(QDialog):
    message: QLabel
    buttons: QDialogButtonBox

    def finish(self, layout: QVBoxLayout, on_save: Callable[[], None]) -> None:
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        layout.addWidget(self.message)
        self.message.hide()  # no blank gap above the buttons until there is something to say
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        # Our own texts, not Qt's: they stay Chinese even where Qt's translation is missing.
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(on_save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def refused(self, text: str) -> None:
        """The service said no: show why, keep everything typed, allow another try."""
        self.buttons.setEnabled(True)
        self.message.setText(text)
        self.message.show()
