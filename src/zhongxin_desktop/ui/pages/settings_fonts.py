"""设置 › 打印字体: which fonts the printed documents use, choosing another TrueType file, and a
check of any text (a rare name) before it is printed on a legal document."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from zhongxin_desktop.documents import fonts
from zhongxin_desktop.documents.fonts import FontDescription
from zhongxin_desktop.services import settings
from zhongxin_desktop.ui import ops
from zhongxin_desktop.ui.context import AppContext

if TYPE_CHECKING:
    from zhongxin_desktop.services.actor import Actor


def choose(actor: Actor, path: str) -> FontDescription:
    if path:
        fonts.check_font_file(path)
    settings.change(actor, "pdf_font_file", path)
    return fonts.describe()


class FontsTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.info: FontDescription | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("文书使用宋体类 TrueType 字体并嵌入PDF。生僻字由备用字体补字；"
                                        "任何字体都没有的字会拒绝打印，绝不打印成空白方块。")))
        form = QFormLayout()
        self.main = QLabel("")
        self.main.setWordWrap(True)
        form.addRow(self.tr("正文字体"), self.main)
        self.fallbacks = QLabel("")
        self.fallbacks.setWordWrap(True)
        form.addRow(self.tr("补字字体"), self.fallbacks)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("留空：自动查找（resources/fonts → 系统宋体）"))
        browse = QPushButton(self.tr("选择…"))
        browse.clicked.connect(self.browse)
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.clicked.connect(self.save)
        for w in (self.path, browse, self.save_button):
            row.addWidget(w)
        form.addRow(self.tr("字体文件"), row)
        row = QHBoxLayout()
        self.sample = QLineEdit()
        self.sample.setPlaceholderText(self.tr("输入要核对的姓名或文字，如含生僻字的姓名"))
        check = QPushButton(self.tr("核对"))
        check.clicked.connect(self.check_sample)
        row.addWidget(self.sample)
        row.addWidget(check)
        form.addRow(self.tr("核对文字"), row)
        self.sample_result = QLabel("")
        self.sample_result.setWordWrap(True)
        form.addRow("", self.sample_result)
        layout.addLayout(form)
        layout.addStretch()
        self.message = QLabel("")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

    def refresh(self) -> None:
        ops.run(self.ctx, lambda: (settings.get("pdf_font_file"), fonts.describe()), self._show, message=self.message)

    def _show(self, result: tuple[str | None, FontDescription]) -> None:
        chosen, info = result
        self.path.setText(chosen or "")
        self._show_info(info)

    def _show_info(self, info: FontDescription) -> None:
        self.info = info
        self.main.setText(info["main"])
        self.fallbacks.setText("\n".join(info["fallbacks"]) or self.tr("（无）"))
        if info.get("sample"):
            self.sample_result.setText(info["sample"])

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择打印字体"), "", self.tr("TrueType 字体 (*.ttf *.ttc)"))
        if path:
            self.path.setText(path)

    def save(self) -> None:
        actor, path = self.ctx.actor, self.path.text().strip()
        ops.run(self.ctx, lambda: choose(actor, path), self._show_info, message=self.message,
                ok_text=self.tr("已保存打印字体设置"))

    def check_sample(self) -> None:
        text = self.sample.text()
        ops.run(self.ctx, lambda: fonts.describe(text), self._show_info, message=self.message)
