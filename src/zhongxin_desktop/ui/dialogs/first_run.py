"""First start on an empty data folder: set up this center, or try the demo township."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QVBoxLayout

from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.services import center, demo
from zhongxin_desktop.ui.forms import FirstRunForm, load_form
from zhongxin_desktop.ui.icons import app_icon
from zhongxin_desktop.ui.screen_fit import fit_to_screen

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


class FirstRunDialog(QDialog):
    def __init__(self, data: DataDir | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = data
        self.setWindowTitle(self.tr("首次设置 — 综治中心桌面端"))
        self.setWindowIcon(app_icon())
        self.ui = load_form("first_run", FirstRunForm, self)
        self.ui.kindCombo.addItem(self.tr("乡镇（街道）综治中心"), "township")
        self.ui.kindCombo.addItem(self.tr("县级综治中心"), "county")
        self.ui.kindCombo.currentIndexChanged.connect(self._kind_changed)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("创建本中心"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出"))
        self.demo_button = QPushButton(self.tr("使用演示数据试用"))
        self.buttons.addButton(self.demo_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self.create_center)
        self.buttons.rejected.connect(self.reject)
        self.demo_button.clicked.connect(self.create_demo)
        self.demo_button.setVisible(data is not None)  # the demo is built beside the folder's file
        layout = QVBoxLayout(self)
        layout.addWidget(self.ui)
        layout.addWidget(self.buttons)
        self.username = ""
        self.used_demo = False
        fit_to_screen(self, 520, 420)

    def _kind_changed(self) -> None:
        township = self.ui.kindCombo.currentData() == "township"
        self.ui.committeeEdit.setEnabled(township)

    def create_center(self) -> None:
        ui = self.ui
        if ui.passwordEdit.text() != ui.password2Edit.text():
            ui.errorLabel.setText(self.tr("确认密码：两次输入的密码不一致"))
            return
        try:
            center.init_center(kind=ui.kindCombo.currentData(), code=ui.codeEdit.text().strip(),
                               name=ui.nameEdit.text(), committee_short=ui.committeeEdit.text(),
                               admin_username=ui.adminEdit.text().strip(),
                               admin_display_name=ui.adminNameEdit.text().strip() or None,
                               admin_password=ui.passwordEdit.text())
        except DomainError as exc:
            ui.errorLabel.setText(str(exc))  # what was typed stays in the form
            return
        self.username = ui.adminEdit.text().strip()
        self.accept()

    def create_demo(self) -> None:
        assert self.data is not None  # the demo button shows only with a data folder
        demo.install_demo(self.data, cases=600)  # built aside and moved in: never half made
        self.username = "admin"
        self.used_demo = True
        self.accept()
