"""核验协议: paste or scan (a scanner gun types the text) the QR code's text; the answer says
whether it matches the stored agreement and whether it has been superseded."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from zhongxin_desktop.services.settlement import verification
from zhongxin_desktop.ui import ops
from zhongxin_desktop.ui.context import AppContext
from zhongxin_desktop.ui.screen_fit import fit_to_screen

COLORS = {"match": "#2e7d32", "superseded": "#ef6c00"}


class VerifyDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.verdict: verification.Verdict | None = None
        self.setWindowTitle(self.tr("核验协议书二维码"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("用扫码枪扫描协议书右上角的二维码，或粘贴二维码中的文字：")))
        self.text = QLineEdit()
        self.text.returnPressed.connect(self.check)
        layout.addWidget(self.text)
        self.check_button = QPushButton(self.tr("核验"))
        self.check_button.clicked.connect(self.check)
        layout.addWidget(self.check_button)
        self.result_label = QLabel("")
        self.result_label.setWordWrap(True)
        self.result_label.setStyleSheet("font-size: 12pt;")
        layout.addWidget(self.result_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_to_screen(self, 560, 220)

    def check(self) -> None:
        text, actor = self.text.text(), self.ctx.actor
        ops.run(self.ctx, lambda: verification.verify(actor, text), self._show, message=self.result_label)

    def _show(self, verdict: verification.Verdict) -> None:
        self.verdict = verdict
        self.result_label.setStyleSheet(f"font-size: 12pt; color: {COLORS.get(verdict.outcome, '#c62828')};")
        self.result_label.setText(verdict.message)
