from __future__ import annotations

from PySide6.QtGui import QIcon

from zhongxin_desktop.paths import resource_path


def app_icon() -> QIcon:
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        icon.addFile(str(resource_path("icons", f"app-{size}.png")))
    return icon
