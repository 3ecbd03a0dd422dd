"""添加材料: file a paper with a case (身份证明, 资格证明, 授权委托书, 证据材料 …), which the 卷宗
then files in the template's order and the 司法确认申请书 counts under 附."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from zhongxin_desktop.services.casework.attachments import CASE_KINDS, KIND_LABELS
from zhongxin_desktop.ui.dialogs.form_dialog import FormDialog


class AttachmentDialog(FormDialog):
    def __init__(self, submit: Callable[[str, str, str], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.submit_fn = submit
        self.setWindowTitle(self.tr("添加案件材料"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("扫描件或照片（PDF、JPG、PNG，不超过50MB）。签字协议扫描件请在“协议书”页附加。")))
        form = QFormLayout()
        self.kind = QComboBox()
        for kind in CASE_KINDS:
            self.kind.addItem(self.tr(KIND_LABELS[kind]), kind)
        form.addRow(self.tr("类别"), self.kind)
        self.title = QLineEdit()
        self.title.setMaxLength(100)
        self.title.setPlaceholderText(self.tr("可不填，默认为类别名称；如：李某授权委托书"))
        form.addRow(self.tr("名称"), self.title)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("选择文件"))
        browse = QPushButton(self.tr("选择…"))
        browse.clicked.connect(self.choose_file)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow(self.tr("文件"), row)
        layout.addLayout(form)
        self.finish(layout, self.save)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择材料文件"), "",
                                              self.tr("扫描件 (*.pdf *.jpg *.jpeg *.png)"))
        if path:
            self.path.setText(path)

    def save(self) -> None:
        if not self.path.text().strip():
            self.refused(self.tr("文件：请先点“选择…”选一个 PDF、JPG 或 PNG 文件。"))
            return
        self.message.setText("")
        self.buttons.setEnabled(False)
        self.submit_fn(self.kind.currentData(), self.title.text().strip(), self.path.text().strip())
