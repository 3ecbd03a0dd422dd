"""Qt Designer forms (forms/*.ui), built in one place. A view holds its form: ``self.ui``.

A form is built from its compiled Python (ui/compiled_forms, made by scripts/compile-forms with
pyside6-uic) rather than read with QUiLoader at run time: the loader's first use costs about 60 ms,
and the sign-in dialog is on every start's path. tests/test_compiled_forms.py builds each form both
ways and compares them, so a .ui edited without recompiling fails."""
from __future__ import annotations

import importlib

from PySide6.QtWidgets import QWidget


def load_form(name: str, parent: QWidget | None = None) -> QWidget:
    """The form's root widget, its named children reachable as attributes (as QUiLoader gives)."""
    module = importlib.import_module(f"zhongxin_desktop.ui.compiled_forms.{name}_form")
    [ui_class] = [v for k, v in vars(module).items() if k.startswith("Ui_") and isinstance(v, type)]
    widget = QWidget(parent)
    ui = ui_class()
    ui.setupUi(widget)
    for attr, child in vars(ui).items():
        setattr(widget, attr, child)
    return widget
