"""设置 › 基本设置 (Perm.SETTINGS): one field per typed option of services/settings.py."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QFileDialog, QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QScrollArea, QSpinBox, QVBoxLayout, QWidget,
)

from zhongxin_desktop.services import settings
from zhongxin_desktop.ui.context import AppContext
from zhongxin_desktop.ui.pages.settings_parts import MessageLine, error_text

HIDDEN = {"pdf_font_file"}  # set by the documents area's own page


def _to_text(value: object) -> str:
    if isinstance(value, list):
        return "、".join(map(str, value))
    if isinstance(value, dict):
        return "，".join(f"{k}={v}" for k, v in value.items())
    return str(value)


def _parse_mapping(text: str) -> dict[str, Any]:
    result = {}
    for part in text.replace("，", ",").replace("、", ",").split(","):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        try:
            result[key.strip()] = int(value) if sep else -1
        except ValueError:
            result[key.strip()] = -1  # refused with a message by settings.change
    return result


class GeneralTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        outer = QVBoxLayout(self)
        body = QWidget()
        form = QFormLayout(body)
        self.fields: dict[str, QSpinBox | QLineEdit] = {}
        for key, option in settings.OPTIONS.items():
            if key in HIDDEN:
                continue
            field: QSpinBox | QLineEdit
            if isinstance(option.default, int) and not isinstance(option.default, bool):
                field = number = QSpinBox()
                number.setRange(settings.MINIMUMS.get(key, 0), settings.MAXIMUMS.get(key, 100000))
            else:
                field = QLineEdit()
            field.setObjectName(f"setting_{key}")
            self.fields[key] = field
            if key == "backup_second_dir":
                row = QHBoxLayout()
                row.addWidget(field)
                browse = QPushButton(self.tr("选择…"))
                browse.clicked.connect(self._browse)
                row.addWidget(browse)
                form.addRow(self.tr(option.label), row)
            else:
                form.addRow(self.tr(option.label), field)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        outer.addWidget(scroll)
        self.save_button = QPushButton(self.tr("保存设置"))
        self.save_button.clicked.connect(self.save)
        outer.addWidget(self.save_button)
        self.message = MessageLine()
        outer.addWidget(self.message)
        self.loaded: dict[str, Any] = {}

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择第二备份目录（如U盘）"))
        field = self.fields["backup_second_dir"]
        if folder and isinstance(field, QLineEdit):  # a folder's field is a line of text
            field.setText(folder)

    def refresh(self) -> None:
        keys = list(self.fields)
        self.ctx.worker.submit(lambda: {k: settings.get(k) for k in keys}, self._show,
                               lambda exc, _tb: self.message.error(error_text(exc)))

    def _show(self, values: dict[str, Any]) -> None:
        self.loaded = values
        for key, value in values.items():
            field = self.fields[key]
            if isinstance(field, QSpinBox):
                field.setValue(int(value))
            else:
                field.setText(_to_text(value))

    def value_of(self, key: str) -> int | str | dict[str, Any]:
        field = self.fields[key]
        if isinstance(field, QSpinBox):
            return field.value()
        text = field.text().strip()
        if isinstance(settings.OPTIONS[key].default, dict):
            return _parse_mapping(text)
        return text

    def save(self) -> None:
        changes = {k: self.value_of(k) for k in self.fields if _to_text(self.value_of(k)) != _to_text(self.loaded.get(k))}
        if not changes:
            self.message.ok(self.tr("没有修改"))
            return
        actor = self.ctx.actor

        def done(saved: dict[str, Any]) -> None:
            self.message.ok(self.tr("已保存：") + "、".join(settings.OPTIONS[k].label for k in saved))
            lock = getattr(self.window(), "idle_lock", None)
            if lock is not None and "idle_lock_minutes" in saved:
                lock.set_minutes(saved["idle_lock_minutes"])
            self.refresh()
            self.ctx.bus.changed.emit("settings")

        self.ctx.worker.submit(lambda: settings.change_many(actor, changes), done, lambda exc, _tb: self.message.error(error_text(exc)))
