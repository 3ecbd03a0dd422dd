"""Qt Designer forms (forms/*.ui), loaded in one place. A view holds its form: ``self.ui``."""
from __future__ import annotations

from PySide6.QtCore import QFile, QIODevice
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QWidget

from zhongxin_desktop.paths import resource_path


def load_form(name: str, parent: QWidget | None = None) -> QWidget:
    path = resource_path(f"{name}.ui", kind="forms")
    file = QFile(str(path))
    if not file.open(QIODevice.ReadOnly):
        raise FileNotFoundError(f"无法打开界面文件 {path}")
    try:
        widget = QUiLoader().load(file, parent)
    finally:
        file.close()
    if widget is None:
        raise RuntimeError(f"界面文件 {path} 无法加载")
    return widget
