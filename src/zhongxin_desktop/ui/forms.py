"""Qt Designer forms (forms/*.ui), built in one place. A view holds its form: ``self.ui``.

A form is built from its compiled Python (ui/compiled_forms, made by scripts/compile-forms with
pyside6-uic) rather than read with QUiLoader at run time: the loader's first use costs about 60 ms,
and the sign-in dialog is on every start's path. tests/gui/test_compiled_forms.py builds each form both
ways and compares them, so a .ui edited without recompiling fails."""
from __future__ import annotations

import importlib
from typing import TypeVar, cast

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget


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
    """The form ``forms/<name>.ui``, its named children reachable as attributes (as QUiLoader
    gives them); ``shape`` says which widgets it names (tests/gui/test_forms.py checks the two agree)."""
    module = importlib.import_module(f"zhongxin_desktop.ui.compiled_forms.{name}_form")
    [ui_class] = [v for k, v in vars(module).items() if k.startswith("Ui_") and isinstance(v, type)]
    widget = QWidget(parent)
    ui = ui_class()
    ui.setupUi(widget)
    for attr, child in vars(ui).items():
        setattr(widget, attr, child)
    return cast(Form, widget)
