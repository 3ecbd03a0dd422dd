"""Qt Designer forms (forms/*.ui), loaded in one place. A view holds its form: ``self.ui``."""
from __future__ import annotations

from typing import TypeVar, cast

from PySide6.QtCore import QFile, QIODevice
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from zhongxin_desktop.paths import resource_path


class LoginForm(QWidget):
    """The widgets forms/login.ui names (the type of a loaded form; never made itself)."""
    centerLabel: QLabel
    usernameEdit: QLineEdit
    passwordEdit: QLineEdit
    errorLabel: QLabel
    hintLabel: QLabel


class FirstRunForm(QWidget):
    """The widgets forms/first_run.ui names (the type of a loaded form; never made itself)."""
    kindCombo: QComboBox
    nameEdit: QLineEdit
    codeEdit: QLineEdit
    committeeEdit: QLineEdit
    adminEdit: QLineEdit
    adminNameEdit: QLineEdit
    passwordEdit: QLineEdit
    password2Edit: QLineEdit
    errorLabel: QLabel


Form = TypeVar("Form", bound=QWidget)


def load_form(name: str, shape: type[Form], parent: QWidget | None = None) -> Form:
    """The form ``forms/<name>.ui``; ``shape`` says which widgets it names (tests/gui/test_forms.py
    checks the two agree)."""
    path = resource_path(f"{name}.ui", kind="forms")
    file = QFile(str(path))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(f"无法打开界面文件 {path}")
    try:
        widget = QUiLoader().load(file, parent)
    finally:
        file.close()
    if widget is None:
        raise RuntimeError(f"界面文件 {path} 无法加载")
    return cast(Form, widget)  # QUiLoader makes each named child an attribute of the form
